"""The results framework as tables to download (CSV and XLSX), as donors see it.

Two tables, built from exactly the reads the overview and indicator pages
use (``selectors.indicators_list``, ``selectors.periods_list`` and
``selectors.summaries``, which calls ``selectors.series_for``), so that an
export equals the pages:

- *values*: one row per indicator × reporting period, with the period's
  figure: the sum of the approved reported values (for a cumulative
  indicator, their running total), or the computed value from live data;
  never a draft, submitted or returned value. Next to it, what was entered
  for the period alone (the same figure unless the indicator is
  cumulative; nothing for a computed one, which nobody enters);
- *indicators*: one row per indicator, with its latest figure and where it
  stands against its target (``selectors.progress_status``).

Headers, choice labels and translated fields (indicator names, objective
titles, period names) are in the active language. Cells are typed: numbers
are ``Decimal``, dates ``datetime.date``, texts ``str``, no value ``None``;
each writer renders them its own way (``write_csv``, ``write_xlsx``). No
personal data: no person's name or email, no organisation that entered a
value, no evidence.

Text typed by coordinators (indicator names, definitions) could start like
a spreadsheet formula: every text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading ``'`` in both formats
(OWASP, "CSV Injection").
"""

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from network.progress import selectors
from network.progress.computed import COMPUTATIONS
from network.progress.enums import Direction, Source, Unit

#: A cell before rendering: number, date, text, or nothing.
Cell = Decimal | int | datetime.date | str | None

#: First characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Bounds of an XLSX column's width, in characters.
MIN_WIDTH, MAX_WIDTH = 8, 60

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Table:
    """A titled table: ``headers`` and ``rows`` of cells (``Cell``), one list per row."""

    title: str
    headers: list[str]
    rows: list[list[Cell]]


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def progress_tables(*, today: datetime.date | None = None) -> tuple[Table, Table]:
    """The *values* and *indicators* tables, in the active language.

    ``today`` (default: today in ``TIME_ZONE``) decides which periods have
    started, as on the pages. Queries: indicators, periods, one for every
    reported value, one per distinct computation among the indicators,
    whatever the number of indicators and periods.
    """
    indicators = list(selectors.indicators_list())
    periods = selectors.periods_list()
    summaries = selectors.summaries(indicators=indicators, periods=periods, today=today)
    values = Table(
        title=_("Values"),
        headers=[
            _("Objective"),
            _("Objective title"),
            _("Indicator code"),
            _("Indicator"),
            _("Unit"),
            _("Direction"),
            _("Source"),
            _("Baseline"),
            _("Baseline date"),
            _("Target"),
            _("Period"),
            _("First day"),
            _("Last day"),
            _("Value"),
            _("Entered for the period"),
            _("Women"),
            _("Men"),
        ],
        rows=[],
    )
    overview = Table(
        title=_("Indicators"),
        headers=[
            _("Indicator code"),
            _("Indicator"),
            _("Unit"),
            _("Definition"),
            _("How it is computed"),
            _("Baseline"),
            _("Target"),
            _("Latest value"),
            _("Latest period"),
            _("Latest status"),
        ],
        rows=[],
    )
    for indicator in indicators:
        summary = summaries[indicator.pk]
        described = [
            indicator.objective.number,
            indicator.objective.title,
            indicator.code,
            indicator.name,
            str(Unit(indicator.unit).label),
            str(Direction(indicator.direction).label),
            str(Source(indicator.source).label),
            indicator.baseline,
            indicator.baseline_date,
            indicator.target,
        ]
        for point in summary.points:
            measure = point.measure
            entered = point.entered if not indicator.is_computed else None
            values.rows.append(
                [
                    *described,
                    point.period.name,
                    point.period.starts_on,
                    point.period.ends_on,
                    measure.value if measure else None,
                    entered.value if entered else None,
                    measure.women if measure else None,
                    measure.men if measure else None,
                ]
            )
        computation = COMPUTATIONS.get(indicator.computation) if indicator.is_computed else None
        latest = summary.latest
        overview.rows.append(
            [
                indicator.code,
                indicator.name,
                str(Unit(indicator.unit).label),
                indicator.definition,
                str(computation.definition) if computation else None,
                indicator.baseline,
                indicator.target,
                latest.measure.value if latest else None,
                latest.period.name if latest else None,
                str(summary.status.label),
            ]
        )
    return values, overview


# --- CSV ----------------------------------------------------------------------


def plain_number(number: Decimal | int) -> str:
    """``number`` with a dot as decimal separator, no thousands separator, no trailing zeros.

    ``Decimal("1250.50")`` → ``"1250.5"``; ``Decimal("10.00")`` → ``"10"``.
    """
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def csv_cell(cell: Cell) -> str:
    """One cell as CSV text: numbers plain, dates ISO 8601, texts neutralised, nothing empty."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return neutralise(cell)
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return plain_number(cell)


def write_csv(table: Table) -> bytes:
    """``table`` as CSV in UTF-8 with a byte order mark (so that Excel reads ɛ, ɔ, ɲ, ŋ)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(header) for header in table.headers])
    for row in table.rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


# --- XLSX ---------------------------------------------------------------------


def xlsx_text(text: str) -> str:
    """``text`` without the control characters XML cannot hold (openpyxl refuses them).

    A definition pasted from Word keeps its manual line breaks as vertical
    tabs: they become line feeds; other such characters are dropped.
    """
    return ILLEGAL_CHARACTERS_RE.sub("", text.replace("\x0b", "\n"))


def xlsx_value(cell: Cell) -> int | float | datetime.date | str | None:
    """One cell as an XLSX value: numbers numeric (whole numbers as integers), texts neutralised
    and holding only characters a worksheet can (``xlsx_text``)."""
    if isinstance(cell, str):
        return neutralise(xlsx_text(cell)) or None
    if isinstance(cell, Decimal):
        return int(cell) if cell == cell.to_integral_value() else float(cell)
    return cell


def column_widths(table: Table) -> list[int]:
    """A width per column, in characters: its longest cell, between 8 and 60."""
    widths = [len(header) for header in table.headers]
    for row in table.rows:
        for index, cell in enumerate(row):
            if cell is None:
                continue
            shown = cell.isoformat() if isinstance(cell, datetime.date) else str(cell)
            widths[index] = max(widths[index], len(shown))
    return [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widths]


def write_xlsx(tables: Sequence[Table]) -> bytes:
    """``tables`` as an XLSX workbook, one sheet each (named by the table's title).

    Each sheet has a bold header row, frozen below it, and column widths
    from its content; numbers are numeric cells and dates are date cells
    shown as ISO 8601 (yyyy-mm-dd). Written with openpyxl's write-only
    (streaming) workbook into memory; openpyxl itself keeps each sheet's XML
    in a temporary file until the workbook is saved, then removes it.
    """
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        # Sheet names: at most 31 characters, none of []:*?/\ (our titles are plain words).
        sheet = workbook.create_sheet(title=table.title[:31])
        for index, width in enumerate(column_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        header = []
        for text in table.headers:
            cell = WriteOnlyCell(sheet, value=neutralise(text))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=xlsx_value(value))
                if isinstance(value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
