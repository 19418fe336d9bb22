"""The whole strategy as one document: its sections in order, numbered, each with the
revision its text comes from; and that document as a PDF (WeasyPrint).

The printable page and the PDF (``views_export.py``) are built by
``build_document`` for the strategy and reader that ``readable_strategy``
gives (``strategy_document`` does both); the document page may reuse it.
Who sees what follows ``strategy.view_section`` (``rules.py``, DESIGN.md
"Who sees what"): members, coordinators and administrators see every
section with its status; visitors and donors see the validated sections of
a published strategy, and nothing at all of an unpublished one.

Building the document renders the Markdown of every section (about 450 ms
for 150 sections, bench/RESULTS.md), so both are cached under
``document_stamp``, which costs two queries and is known before anything is
built: the printable page keeps its rendered document
``selectors.OUTLINE_CACHE_SECONDS``, the PDF is found again through
``document_pdf_for``.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db.models import OuterRef, QuerySet, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from modeltranslation.utils import get_translation_fields

from strategy.enums import SectionStatus
from strategy.models import SOURCE_LANGUAGE, Revision, Section, Strategy
from strategy.selectors import (
    OUTLINE_CACHE_SECONDS,
    outline_stamp,
    section_numbers,
    strategy_current,
)

#: The stylesheet of the printed page, also given to WeasyPrint for the PDF.
PRINT_STYLESHEET = "css/print.css"


@dataclass(frozen=True)
class RevisionInfo:
    """The revision a section's text is shown from: its number, language and time."""

    number: int
    language: str
    created_at: datetime.datetime


@dataclass
class NumberedSection:
    """A section in its place in the document.

    ``number`` is its place among all the sections ("1", "1.1", "2"…,
    ``selectors.section_numbers``), whoever reads, so that a number cited
    from the published strategy stays the same in the working copy;
    ``depth`` is 1 for a top-level section and ``heading_level`` the HTML
    heading it takes (2 to 6). ``revision`` is the newest revision in the
    document's language, or the newest French one when the section is not
    translated (``untranslated``); ``behind`` says the French text changed
    since the translation was made; ``body_in_source`` that only the title
    is translated, so the text is shown in French. ``children`` are the
    visible subsections.
    """

    section: Section
    number: str
    depth: int
    revision: RevisionInfo | None = None
    untranslated: bool = False
    behind: bool = False
    body_in_source: bool = False
    children: list["NumberedSection"] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "section-" + self.number.replace(".", "-")

    @property
    def heading_level(self) -> int:
        return min(self.depth + 1, 6)

    @property
    def title_language(self) -> str:
        """The language the title is shown in (for the ``lang`` attribute)."""
        return SOURCE_LANGUAGE if self.untranslated else ""

    @property
    def body_language(self) -> str:
        return SOURCE_LANGUAGE if self.untranslated or self.body_in_source else ""


@dataclass(frozen=True)
class StrategyDocument:
    """What the printable page and the PDF show, in ``language``.

    ``sections`` is every visible section in reading order (a flat list);
    ``toc`` the same sections as a tree (top-level ones with their
    ``children``). ``newest_revision_at`` is the time of the newest revision
    the document is made from (None when it has no section);
    ``working_copy`` is True when the reader sees sections not yet
    validated.
    """

    strategy: Strategy
    language: str
    sections: list[NumberedSection]
    toc: list[NumberedSection]
    newest_revision_at: datetime.datetime | None
    working_copy: bool
    made_at: datetime.datetime

    @property
    def title_language(self) -> str:
        """French when the title is not translated into the document's language, else ""."""
        return _fallback(self.strategy, "title", self.language)

    @property
    def introduction_language(self) -> str:
        return _fallback(self.strategy, "introduction", self.language)


def _fallback(obj, field_name: str, language: str) -> str:
    """``SOURCE_LANGUAGE`` when ``obj.<field_name>`` shows the French text in place of
    ``language`` (modeltranslation's fallback), else ""."""
    if language == SOURCE_LANGUAGE or getattr(obj, f"{field_name}_{language}", ""):
        return ""
    return SOURCE_LANGUAGE


def sees_drafts(user) -> bool:
    """Whether ``user`` sees sections whatever their status (``strategy.view_drafts``)."""
    return user.has_perm("strategy.view_drafts")


def sections_visible_to(*, user) -> QuerySet[Section]:
    """Sections ``user`` may see, as ``strategy.view_section`` decides for one section.

    Members, coordinators and administrators see every section; others the
    validated sections of a published strategy. Costs the user's role
    queries (none for a visitor).
    """
    if sees_drafts(user):
        return Section.objects.all()
    return Section.objects.filter(
        status=SectionStatus.VALIDATED, strategy__published_at__isnull=False
    )


def _latest_revisions(*, strategy: Strategy, languages: set[str], validated_only: bool) -> dict:
    """``{(section_id, language): (number, created_at, source_number)}``: the newest revision
    revision of each section of ``strategy`` in each of ``languages``, in one query (bodies
    not read)."""
    newest = (
        Revision.objects.filter(section=OuterRef("section"), language=OuterRef("language"))
        .order_by("-number")
        .values("number")[:1]
    )
    rows = Revision.objects.filter(
        section__strategy=strategy, language__in=sorted(languages), number=Subquery(newest)
    )
    if validated_only:
        rows = rows.filter(section__status=SectionStatus.VALIDATED)
    return {
        (row["section_id"], row["language"]): row
        for row in rows.values("section_id", "language", "number", "created_at", "source__number")
    }


def readable_strategy(*, user) -> tuple[Strategy, bool] | None:
    """The current strategy and whether ``user`` reads its working copy (``sees_drafts``).

    Returns None when there is no strategy or ``user`` may not see it (a
    visitor or donor before it is published): the caller answers 404. One
    query, plus the user's role queries.
    """
    strategy = strategy_current()
    if strategy is None:
        return None
    working_copy = sees_drafts(user)
    if not working_copy and strategy.published_at is None:
        return None
    return strategy, working_copy


def strategy_document(*, user, language: str | None = None) -> StrategyDocument | None:
    """The strategy as ``user`` may read it, in ``language`` (default: the active one).

    ``readable_strategy`` then ``build_document``: None when there is no
    strategy or ``user`` may not see it (the caller answers 404). Three
    queries whatever the number of sections, plus the user's role queries.
    """
    found = readable_strategy(user=user)
    if found is None:
        return None
    strategy, working_copy = found
    return build_document(
        strategy=strategy,
        working_copy=working_copy,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )


def build_document(
    *,
    strategy: Strategy,
    working_copy: bool,
    language: str,
    made_at: datetime.datetime | None = None,
) -> StrategyDocument:
    """``strategy`` as a reader who sees its working copy or not reads it, in ``language``.

    ``working_copy`` comes from ``readable_strategy`` (never build a working
    copy for a reader it did not allow). Titles and texts are those of
    ``language``, French where a section is not translated
    (modeltranslation's fallback): call it inside
    ``translation.override(language)``. ``made_at`` (default: now) is the
    time printed on it. Two queries whatever the number of sections (the
    sections with their dimension, the newest revisions).
    """
    # Every section, shown or not: numbers do not depend on who reads.
    everything = list(strategy.sections.select_related("dimension"))
    numbers = section_numbers((s.pk, s.parent_id, s.order) for s in everything)
    revisions = _latest_revisions(
        strategy=strategy,
        languages={language, SOURCE_LANGUAGE},
        validated_only=not working_copy,
    )
    visible = sorted(
        (
            NumberedSection(
                section=section,
                number=numbers[section.pk],
                depth=numbers[section.pk].count(".") + 1,
            )
            for section in everything
            if working_copy or section.status == SectionStatus.VALIDATED
        ),
        key=lambda item: [int(part) for part in item.number.split(".")],
    )
    # The contents follow the numbers: a section goes under its nearest shown ancestor.
    by_number = {item.number: item for item in visible}
    toc: list[NumberedSection] = []
    for item in visible:
        _attach_revision(item, revisions, language)
        parts = item.number.split(".")
        ancestors = (".".join(parts[:end]) for end in range(len(parts) - 1, 0, -1))
        parent = next((by_number[n] for n in ancestors if n in by_number), None)
        (parent.children if parent else toc).append(item)
    times = [item.revision.created_at for item in visible if item.revision]
    return StrategyDocument(
        strategy=strategy,
        language=language,
        sections=visible,
        toc=toc,
        newest_revision_at=max(times) if times else None,
        working_copy=working_copy,
        made_at=made_at or timezone.now(),
    )


def document_stamp(
    *, strategy: Strategy, language: str, working_copy: bool, day: datetime.date
) -> str:
    """What the document of ``strategy`` depends on, as a short text for a cache key.

    ``selectors.outline_stamp`` (a section added or deleted, a status
    changed, a revision saved in any language, the strategy published or
    withdrawn; two queries), a hash of the strategy's title and introduction
    in every language (edited in the admin; read from ``strategy``, no
    query), ``language``, ``working_copy`` (insiders and outsiders never
    share an entry) and ``day``, the local day printed on the document
    ("Made on …"). Not seen: changes made only in the admin to a section
    (its order, parent or dimension) or to a dimension's name, and a new
    release's templates or translations; callers keep what they cache
    under it at most ``selectors.OUTLINE_CACHE_SECONDS``.
    """
    texts = [
        getattr(strategy, name) or ""
        for name in (*get_translation_fields("title"), *get_translation_fields("introduction"))
    ]
    text_hash = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
    reader = "working-copy" if working_copy else "validated"
    return f"{outline_stamp(strategy=strategy)}.{text_hash}.{language}.{reader}.{day.isoformat()}"


def _attach_revision(item: NumberedSection, revisions: dict, language: str) -> None:
    section = item.section
    source = revisions.get((section.pk, SOURCE_LANGUAGE))
    own = revisions.get((section.pk, language)) if language != SOURCE_LANGUAGE else source
    row = own or source
    if row is not None:
        item.revision = RevisionInfo(
            number=row["number"], language=row["language"], created_at=row["created_at"]
        )
    if language == SOURCE_LANGUAGE:
        return
    if own is None:
        item.untranslated = source is not None
        return
    item.behind = source is not None and (
        own["source__number"] is None or own["source__number"] < source["number"]
    )
    item.body_in_source = not getattr(section, f"body_{language}", "") and bool(
        getattr(section, f"body_{SOURCE_LANGUAGE}", "")
    )


# --- PDF --------------------------------------------------------------------


#: How long a rendered PDF is kept under the SHA-256 of its HTML, so any change to what it
#: shows (a revision, a status, the day it is made on) makes a new one.
PDF_CACHE_SECONDS = 60 * 60 * 24


def document_pdf(document: StrategyDocument) -> bytes:
    """Render ``document`` as a tagged PDF (WeasyPrint) in its language.

    Uses ``strategy/export/pdf.html`` and the print stylesheet; fonts come
    from the system (fontconfig: Debian's ``fonts-dejavu-core`` has the
    Bambara letters ɛ ɔ ɲ ŋ). Rendering takes seconds for a long strategy
    (about 7 s for 150 sections on one core), so the PDF is cached under
    the SHA-256 of its HTML: the same document is rendered once, and
    readers who see different sections get different entries. WeasyPrint
    is imported here, so a machine without Pango still serves every other
    page.
    """
    return _rendered_pdf(document)[1]


def document_pdf_for(
    *, strategy: Strategy, working_copy: bool, language: str, made_at: datetime.datetime
) -> bytes:
    """The PDF of ``strategy`` in ``language``, as ``build_document`` makes it, from the cache
    while ``document_stamp`` is the same.

    ``strategy`` and ``working_copy`` come from ``readable_strategy``;
    ``made_at`` is the time of the request (its local day is in the stamp
    and on the PDF). On a hit: the stamp's two queries and two cache reads
    (the stamp's entry names the PDF's entry, kept by ``document_pdf``
    under its HTML, so the bytes are stored once); nothing is built or
    rendered. Otherwise the document is built (two queries and its
    Markdown) and ``document_pdf`` renders it if that HTML is new. The
    stamp's entry lasts ``selectors.OUTLINE_CACHE_SECONDS``: what the
    stamp does not see (``document_stamp``) shows at the latest after that.
    """
    stamp = document_stamp(
        strategy=strategy,
        language=language,
        working_copy=working_copy,
        day=timezone.localdate(made_at),
    )
    stamp_key = "strategy:pdf-stamp:" + hashlib.sha256(stamp.encode()).hexdigest()
    pdf_key = cache.get(stamp_key)
    pdf = cache.get(pdf_key) if pdf_key is not None else None
    if pdf is not None:
        return pdf
    with translation.override(language):
        document = build_document(
            strategy=strategy, working_copy=working_copy, language=language, made_at=made_at
        )
    pdf_key, pdf = _rendered_pdf(document)
    cache.set(stamp_key, pdf_key, OUTLINE_CACHE_SECONDS)
    return pdf


def _rendered_pdf(document: StrategyDocument) -> tuple[str, bytes]:
    """``(cache key, PDF)`` of ``document``: from the cache when its HTML was rendered."""
    with translation.override(document.language):
        html = render_to_string("strategy/export/pdf.html", {"document": document})
    key = "strategy:pdf:" + hashlib.sha256(html.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return key, cached
    from PIL import ImageFile

    loads_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint

    # Importing WeasyPrint makes Pillow accept truncated images for the whole
    # process; the upload checks (logos, attachments) rely on the opposite.
    ImageFile.LOAD_TRUNCATED_IMAGES = loads_truncated

    # Nothing is fetched: the document holds no image or external resource
    # (DESIGN.md: no third-party assets), and links in a section are not followed.
    fetcher = weasyprint.URLFetcher(allowed_protocols=())
    with open(finders.find(PRINT_STYLESHEET), encoding="utf-8") as handle:
        stylesheet = weasyprint.CSS(string=handle.read(), url_fetcher=fetcher)
    pdf = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], pdf_tags=True
    )
    cache.set(key, pdf, PDF_CACHE_SECONDS)
    return key, pdf
