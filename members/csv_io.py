"""CSV import and export of member organisations, for coordinators (DESIGN.md, members).

The export is plain comma-separated CSV (RFC 4180 quoting); the view adds a
UTF-8 byte order mark so that Excel reads accented letters right. Private
contact columns (``PRIVATE_FIELDS``) come only on request, and such an
export is written to the audit log.

The import reads UTF-8 (with or without the byte order mark) separated by
commas or semicolons (what Excel writes in a French locale). Every row is
checked by a Django form, so messages are Django's translated ones; if any
row is wrong nothing is saved, and every problem is reported with its line
number in the file (the header is line 1).
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from members.enums import MembershipStatus, OrganisationKind
from members.models import PRIVATE_FIELDS, PUBLIC_FIELDS, Organisation, StatusChange
from members.services import organisation_slug
from network.accounts.enums import AuditAction
from network.accounts.services import audit_log_write
from network.pages.models import Region, Theme

#: Largest file the import reads: 2 MB.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
#: The import reports at most this many problems (a wholly wrong file would list thousands).
MAX_REPORTED_ERRORS = 200
#: Languages of the translated ``description`` columns, French (the default) first.
DESCRIPTION_LANGUAGES = ("fr", "en", "bm")

#: Columns the import reads, in the documented order.
IMPORT_COLUMNS = (
    "name", "acronym", "kind", "regions", "themes",
    "description_fr", "description_en", "description_bm",
    "website", "founded_year", "public_email", "public_phone",
    "contact_name", "contact_email", "contact_phone", "listed",
)  # fmt: skip
#: Columns an import file must have; the others may be left out.
REQUIRED_COLUMNS = ("name", "description_fr")
#: Words accepted in the ``listed`` column (any case), and what they mean.
LISTED_WORDS = {"yes": True, "oui": True, "1": True, "no": False, "non": False, "0": False}
#: Slugs in ``regions``/``themes`` are separated by ``;`` (a comma is accepted too).
TAG_SEPARATOR = re.compile(r"[;,]")
#: First characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A value made only of these characters is a phone number or a number, not a formula.
NUMBER_LIKE = re.compile(r"[+\-]?[\d\s().\-/]*")


@dataclass(frozen=True)
class ImportProblem:
    """One problem of an import file.

    ``line`` is the line of the file where the row starts (the header is
    line 1), ``None`` for a problem of the whole file; ``column`` is the
    column name, ``""`` when the problem is not about one column;
    ``message`` is translated into the language active during the import.
    """

    line: int | None
    column: str
    message: str


@dataclass
class ImportResult:
    """What an import did: the organisations created, or the problems that stopped it.

    ``problems`` holds at most ``MAX_REPORTED_ERRORS`` entries;
    ``problem_count`` counts them all.
    """

    created: list[Organisation] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    problem_count: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, line: int | None, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_REPORTED_ERRORS:
            self.problems.append(ImportProblem(line, column, str(message)))


# --- Export -----------------------------------------------------------------


def export_columns(*, include_private: bool) -> list[str]:
    """The export's header: ``slug``, ``PUBLIC_FIELDS`` (description once per
    language), ``regions``, ``themes``, ``status``, ``listed``, then
    ``PRIVATE_FIELDS`` when ``include_private``."""
    columns = ["slug"]
    for name in PUBLIC_FIELDS:
        if name == "description":
            columns += [f"description_{code}" for code in DESCRIPTION_LANGUAGES]
        else:
            columns.append(name)
    columns += ["regions", "themes", "status", "listed"]
    if include_private:
        columns += list(PRIVATE_FIELDS)
    return columns


def _safe_cell(value: str) -> str:
    """``value``, with a leading ``'`` when a spreadsheet would run it as a formula.

    Organisation profiles are typed by applicants; a cell such as
    ``=HYPERLINK(...)`` must not run on a coordinator's computer (OWASP,
    "CSV Injection"). Phone numbers (``+223 70 00 00 00``) are left as
    they are.
    """
    if value.startswith(FORMULA_STARTS) and not NUMBER_LIKE.fullmatch(value):
        return "'" + value
    return value


def _export_value(organisation: Organisation, column: str) -> str:
    if column in ("regions", "themes"):
        return ";".join(tag.slug for tag in getattr(organisation, column).all())
    value = getattr(organisation, column)
    if column == "listed":
        return "yes" if value else "no"
    return _safe_cell("" if value is None else str(value))


def organisations_export(*, include_private: bool, exported_by=None) -> str:
    """Every organisation, whatever its status, as CSV text (header first, by name).

    3 queries (organisations, their regions, their themes). With
    ``include_private`` the contact person's name, email and phone are
    added, and one audit entry ``members.contacts_exported`` (actor
    ``exported_by``, ``{"count": rows}``) is written: no caller can export
    private contacts without it.

    Raises ``ValueError`` when ``include_private`` comes without ``exported_by``.
    """
    if include_private and exported_by is None:
        raise ValueError("Exporting private contacts needs exported_by, for the audit log.")
    columns = export_columns(include_private=include_private)
    organisations = Organisation.objects.order_by("name", "pk").prefetch_related(
        "regions", "themes"
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for organisation in organisations:
        writer.writerow([_export_value(organisation, column) for column in columns])
        count += 1
    if include_private:
        audit_log_write(
            actor=exported_by,
            action=AuditAction.CONTACTS_EXPORTED,
            data={"count": count},
        )
    return out.getvalue()


# --- Import -----------------------------------------------------------------


class OrganisationRowForm(forms.ModelForm):
    """One row of an import file. Data comes as strings, except ``regions``
    and ``themes`` (lists of slugs); ``kind`` and ``listed`` lower-cased."""

    kind = forms.TypedChoiceField(
        choices=OrganisationKind.choices, required=False, empty_value=OrganisationKind.NGO
    )
    regions = forms.MultipleChoiceField(required=False)
    themes = forms.MultipleChoiceField(required=False)
    website = forms.URLField(required=False, max_length=200, assume_scheme="https")
    listed = forms.TypedChoiceField(
        choices=[(word, word) for word in LISTED_WORDS],
        coerce=LISTED_WORDS.get,
        required=False,
        empty_value=False,
    )

    class Meta:
        model = Organisation
        fields = [name for name in IMPORT_COLUMNS if name not in ("regions", "themes")]

    def __init__(self, *args, region_slugs: list[str], theme_slugs: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = [(slug, slug) for slug in region_slugs]
        self.fields["themes"].choices = [(slug, slug) for slug in theme_slugs]
        self.fields["description_fr"].required = True


def _name_key(name: str) -> str:
    """Names compared for duplicates: case and repeated spaces ignored (``é`` ≠ ``e``)."""
    return " ".join(name.split()).casefold()


def _read_text(file, result: ImportResult) -> str | None:
    """The file's text without its byte order mark, or ``None`` after recording why not."""
    raw = file.read(MAX_IMPORT_BYTES + 1)
    if len(raw) > MAX_IMPORT_BYTES:
        result.add(None, "", _("The file is larger than 2 MB. Split it into several files."))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        result.add(
            line,
            "",
            _(
                "The file is not UTF-8 text. In your spreadsheet, save it as "
                "“CSV UTF-8 (comma delimited)”."
            ),
        )
        return None
    if not text.strip():
        result.add(None, "", _("The file is empty."))
        return None
    return text


def _delimiter(text: str) -> str:
    """``;`` or ``,``, read from the header line.

    Column names contain neither, so whichever the header line holds more
    of separates the columns. (``csv.Sniffer`` guesses from the data too,
    and ``kayes;mopti`` in a comma file can fool it.)
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if header.count(";") > header.count(",") else ","


def _rows(text: str, result: ImportResult):
    """Yield ``(line, cells)`` for each non-blank row; ``line`` is where the row starts.

    A quoted value may hold line breaks, so a row may span several lines
    of the file. Stops after recording a problem when the CSV is malformed.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            result.add(
                reader.line_num or line,
                "",
                _("This line cannot be read as CSV: check its quotation marks."),
            )
            return
        if any(cell.strip() for cell in cells):
            yield line, cells


def _check_header(line: int, cells: list[str], result: ImportResult) -> list[str] | None:
    """The normalised column names (``""`` for an unnamed column), or ``None`` after
    recording what is wrong with the header (on ``line``, 1 unless blank lines precede it)."""
    columns = [cell.strip().lower() for cell in cells]
    named = [column for column in columns if column]
    for column in sorted({c for c in named if c not in IMPORT_COLUMNS}):
        result.add(line, column, _("Unknown column. The columns are listed on the import page."))
    for column in sorted({c for c in named if named.count(c) > 1}):
        result.add(line, column, _("This column appears more than once."))
    for column in REQUIRED_COLUMNS:
        if column not in named:
            result.add(line, column, _("This column is missing; it is required."))
    return None if result.problem_count else columns


def _row_data(columns: list[str], cells: list[str]) -> tuple[dict, bool]:
    """Form data from one row, and whether a value sits under an unnamed column."""
    data, stray = {}, False
    for column, value in zip(columns, cells, strict=True):
        if not column:
            stray = stray or bool(value.strip())
        elif column in ("regions", "themes"):
            data[column] = [s.strip().lower() for s in TAG_SEPARATOR.split(value) if s.strip()]
        elif column in ("kind", "listed"):
            data[column] = value.strip().lower()
        else:
            data[column] = value.strip()
    return data, stray


def _validate(text: str, result: ImportResult) -> list[tuple[int, OrganisationRowForm]]:
    """Check every row; return the valid forms with their lines (meaningful only if
    no problem was recorded)."""
    rows = _rows(text, result)
    first = next(rows, None)
    if first is None:
        if result.ok:
            result.add(None, "", _("The file is empty."))
        return []
    columns = _check_header(*first, result)
    if columns is None:
        return []
    region_slugs = list(Region.objects.values_list("slug", flat=True))
    theme_slugs = list(Theme.objects.values_list("slug", flat=True))
    existing = {_name_key(name) for name in Organisation.objects.values_list("name", flat=True)}
    seen: dict[str, int] = {}
    forms_ok = []
    for line, cells in rows:
        if len(cells) != len(columns):
            result.add(
                line,
                "",
                _("This line has %(cells)d values but the header has %(columns)d columns.")
                % {"cells": len(cells), "columns": len(columns)},
            )
            continue
        data, stray = _row_data(columns, cells)
        problems = []
        if stray:
            problems.append(("", _("A value stands in a column that has no name in the header.")))
        form = OrganisationRowForm(data, region_slugs=region_slugs, theme_slugs=theme_slugs)
        valid = form.is_valid()
        for column, messages in form.errors.items():
            problems += [("" if column == "__all__" else column, message) for message in messages]
        key = _name_key(data.get("name", ""))
        if key and key in existing:
            problems.append(("name", _("An organisation with this name already exists.")))
        elif key and key in seen:
            problems.append(
                ("name", _("This name is already used on line %(line)d.") % {"line": seen[key]})
            )
        elif key:
            seen[key] = line
        # In the order of the file's columns, problems of the whole row first.
        problems.sort(key=lambda problem: columns.index(problem[0]) if problem[0] else -1)
        for column, message in problems:
            result.add(line, column, message)
        if not problems and valid:
            forms_ok.append((line, form))
    if result.ok and not forms_ok:
        result.add(None, "", _("The file has a header but no organisation."))
    return forms_ok


def organisations_import(*, file, imported_by) -> ImportResult:
    """Create the organisations of a CSV file (``file``: a binary file object).

    Checks the whole file first: size (``MAX_IMPORT_BYTES``), UTF-8, header
    (``IMPORT_COLUMNS``, ``REQUIRED_COLUMNS`` present, none unknown or
    repeated), then every row with ``OrganisationRowForm``, names repeated
    in the file or already used (case ignored). If anything is wrong,
    nothing is saved and the result lists the problems.

    Otherwise, in one transaction and in file order: each organisation
    (status active, slug from ``organisation_slug(name)``, its regions and
    themes); a ``StatusChange`` for each ("" → active, decided by
    ``imported_by``, reason "CSV import"); one audit entry
    ``members.imported`` (``{"count": n, "file": name}``).
    """
    result = ImportResult()
    text = _read_text(file, result)
    if text is None:
        return result
    rows = _validate(text, result)
    if not result.ok:
        return result
    try:
        with transaction.atomic():
            result.created = _create(rows, imported_by=imported_by)
            audit_log_write(
                actor=imported_by,
                action=AuditAction.ORGANISATIONS_IMPORTED,
                data={"count": len(result.created), "file": getattr(file, "name", "") or ""},
            )
    except IntegrityError:
        result.created = []
        result.add(
            None,
            "",
            _("Another change was saved at the same moment, so nothing was imported. Try again."),
        )
    return result


def _create(rows: list[tuple[int, OrganisationRowForm]], *, imported_by) -> list[Organisation]:
    regions = {region.slug: region for region in Region.objects.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    created, region_links, theme_links = [], [], []
    through_regions = Organisation.regions.through
    through_themes = Organisation.themes.through
    for _line, form in rows:
        organisation = form.save(commit=False)
        organisation.slug = organisation_slug(organisation.name)
        organisation.status = MembershipStatus.ACTIVE
        organisation.save()
        region_links += [
            through_regions(organisation=organisation, region=regions[slug])
            for slug in dict.fromkeys(form.cleaned_data.get("regions", []))
        ]
        theme_links += [
            through_themes(organisation=organisation, theme=themes[slug])
            for slug in dict.fromkeys(form.cleaned_data.get("themes", []))
        ]
        created.append(organisation)
    through_regions.objects.bulk_create(region_links)
    through_themes.objects.bulk_create(theme_links)
    StatusChange.objects.bulk_create(
        StatusChange(
            organisation=organisation,
            from_status="",
            to_status=MembershipStatus.ACTIVE,
            decided_by=imported_by,
            reason="CSV import",
        )
        for organisation in created
    )
    return created
