"""Reads on the strategy that views and other parts reuse.

The outline here is the list twin of ``strategy.view_section`` in
``strategy/rules.py``: insiders see every section; visitors and donors see
the validated sections of a published strategy. Section numbers (1, 1.1,
2…) are computed over the whole document, whoever reads it, so that
"section 2.1" means the same thing to a donor and to a coordinator.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from network.accounts.enums import Role
from network.accounts.models import User
from network.accounts.selectors import users_with_role
from network.periods import day_after
from strategy.enums import SectionStatus
from strategy.models import Amendment, Comment, Revision, Section, Strategy


def strategy_current() -> Strategy | None:
    """The strategy document (the portal holds one), or ``None`` before it is created."""
    return Strategy.objects.order_by("pk").first()


def section_by_slug(*, slug: str, follower=None) -> Section | None:
    """The section of ``slug`` with its strategy, dimension and lead (one query).

    With ``follower`` (a logged-in user), the section also says, in the same
    query, whether they follow it (``section.followed``) and whether it has
    comments and amendments (``section.has_comments``,
    ``section.has_amendments``): the discussion panel then reads only what
    exists.
    """
    sections = Section.objects.select_related("strategy", "dimension", "lead")
    if follower is not None and follower.is_authenticated:
        follows = Section.followers.through.objects.filter(section=OuterRef("pk"), user=follower)
        sections = sections.annotate(
            followed=Exists(follows),
            has_comments=Exists(Comment.objects.filter(section=OuterRef("pk"))),
            has_amendments=Exists(Amendment.objects.filter(section=OuterRef("pk"))),
        )
    return sections.filter(slug=slug).first()


def section_numbers(rows: Iterable[tuple[int, int | None, int]]) -> dict[int, str]:
    """Numbers of sections from ``(pk, parent_id, order)`` rows: ``{pk: "2.1"}``.

    Siblings are numbered by ``(order, pk)``, as ``Section.Meta.ordering``.
    A section whose parent is not among ``rows``, or which sits in a loop of
    parents (possible only through the admin), is numbered as a top section
    after the others. Never recurses, whatever the depth.
    """
    rows = sorted(rows, key=lambda row: (row[2], row[0]))
    known = {pk for pk, _parent, _order in rows}
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent, _order in rows:
        children[parent if parent in known else None].append(pk)
    numbers: dict[int, str] = {}
    tops = list(children[None])
    top_count = 0

    def walk(start: int, number: str) -> None:
        numbers[start] = number
        stack = [(start, number)]
        while stack:
            pk, prefix = stack.pop()
            kids = [kid for kid in children.get(pk, []) if kid not in numbers]
            for position, kid in enumerate(kids, start=1):
                numbers[kid] = f"{prefix}.{position}"
            stack.extend((kid, numbers[kid]) for kid in reversed(kids))

    for pk in tops:
        top_count += 1
        walk(pk, str(top_count))
    for pk, _parent, _order in rows:  # loops of parents: not reachable from the top
        if pk not in numbers:
            top_count += 1
            walk(pk, str(top_count))
    return numbers


@dataclass
class OutlineNode:
    """A section in the document's outline, with its number and the nodes below it."""

    section: Section
    number: str
    children: list["OutlineNode"] = field(default_factory=list)
    #: The language the title is shown in (French when it falls back); set by the view.
    title_lang: str = ""


@dataclass
class Outline:
    nodes: list[OutlineNode]
    #: Sections per status over the whole document: ``(value, label, count)``, in review order.
    counts: list[tuple[str, str, int]]
    #: How many sections the reader sees.
    shown: int


def document_outline(*, strategy: Strategy, sees_drafts: bool) -> Outline:
    """The numbered, nested outline of ``strategy`` as ``sees_drafts`` (insiders) or not.

    Without ``sees_drafts``, only validated sections of a published
    strategy are in it (none of an unpublished one); a shown section whose
    parent is hidden moves up to the nearest shown ancestor's level, keeping
    its number. Bodies are not loaded. One query.
    """
    sections = list(Section.objects.filter(strategy=strategy).defer("body"))
    numbers = section_numbers((s.pk, s.parent_id, s.order) for s in sections)
    counts = Counter(section.status for section in sections)

    def shown(section: Section) -> bool:
        if sees_drafts:
            return True
        return strategy.published_at is not None and section.status == SectionStatus.VALIDATED

    nodes = [
        OutlineNode(section=section, number=numbers[section.pk])
        for section in sections
        if shown(section)
    ]
    # The tree follows the numbers (which never loop): under the nearest shown ancestor.
    by_number = {node.number: node for node in nodes}
    roots: list[OutlineNode] = []
    for node in nodes:
        parts = node.number.split(".")
        ancestors = (".".join(parts[:end]) for end in range(len(parts) - 1, 0, -1))
        parent = next((by_number[n] for n in ancestors if n in by_number), None)
        (parent.children if parent else roots).append(node)

    def key(node: OutlineNode) -> list[int]:
        return [int(part) for part in node.number.split(".")]

    for node in nodes:
        node.children.sort(key=key)
    roots.sort(key=key)
    return Outline(
        nodes=roots,
        counts=[
            (status.value, status.label, counts.get(status.value, 0)) for status in SectionStatus
        ],
        shown=len(nodes),
    )


def outline_stamp(*, strategy: Strategy) -> str:
    """What the outline of ``strategy`` depends on, as a short text for a cache key.

    It changes when a section is added or deleted, a section's status
    changes, a revision is saved (titles follow the latest revision) or the
    strategy is published or withdrawn. Changes made only in the admin (the
    order, a parent) are not seen: the cache keeps an outline at most
    ``OUTLINE_CACHE_SECONDS``. Two queries (the latest revision by its index).
    """
    stamp = Section.objects.filter(strategy=strategy).aggregate(
        sections=Count("pk"), last_section=Max("pk"), last_status=Max("status_changed_at")
    )
    stamp["last_revision"] = (
        Revision.objects.filter(section__strategy=strategy)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    published = strategy.published_at.isoformat() if strategy.published_at else "-"
    last_status = stamp["last_status"].isoformat() if stamp["last_status"] else "-"
    return (
        f"{strategy.pk}.{published}.{stamp['sections']}.{stamp['last_section']}."
        f"{last_status}.{stamp['last_revision']}"
    )


#: Seconds a rendered outline is kept (``outline_stamp`` says when it is out of date).
OUTLINE_CACHE_SECONDS = 600


def _numbers_key(strategy_id: int) -> str:
    return f"strategy:numbers:{strategy_id}"


def section_number(section: Section) -> str:
    """The number of ``section`` in its document ("2.1").

    The numbers of every section of the document are kept in the cache;
    ``services.section_create`` forgets them (``forget_section_numbers``),
    and a section they do not know makes them be counted again. A section
    moved or deleted only in the admin shows its new numbering at the latest
    after ``OUTLINE_CACHE_SECONDS``. One query when counted, none otherwise.
    """
    key = _numbers_key(section.strategy_id)
    numbers = cache.get(key)
    if numbers is None or section.pk not in numbers:
        rows = Section.objects.filter(strategy_id=section.strategy_id).values_list(
            "pk", "parent_id", "order"
        )
        numbers = section_numbers(rows)
        cache.set(key, numbers, OUTLINE_CACHE_SECONDS)
    return numbers.get(section.pk, "")


def forget_section_numbers(*, strategy_id: int) -> None:
    """Drop the kept numbers of a document's sections (a section was added)."""
    cache.delete(_numbers_key(strategy_id))


def lead_choices() -> QuerySet[User]:
    """Who may lead a section: the active coordinators, by name."""
    return users_with_role(role=Role.COORDINATOR).order_by("display_name", "email")


def revisions_of(*, section: Section, language: str) -> QuerySet[Revision]:
    """The revisions of ``section`` in ``language``, newest first, with their authors."""
    return (
        Revision.objects.filter(section=section, language=language)
        .select_related("author")
        .order_by("-number")
    )


def revisions_by_ids(*, section: Section, ids: Iterable[int]) -> dict[int, Revision]:
    """Those of ``ids`` that are revisions of ``section``, by id, with authors (one query)."""
    revisions = Revision.objects.filter(section=section, pk__in=list(ids)).select_related("author")
    return {revision.pk: revision for revision in revisions}


def sections_validated_counts(*, last_days: Sequence[datetime.date]) -> list[int]:
    """Sections whose status is "validated" now and was set on or before each last day.

    Sections of the current strategy (``strategy_current``). A section's
    validation date is its last status change; a section sent back to
    review leaves every count. One query (none for no last day).
    """
    if not last_days:
        return []
    current = Strategy.objects.order_by("pk").values("pk")[:1]
    validated = Section.objects.filter(strategy__in=current, status=SectionStatus.VALIDATED)
    counts = validated.aggregate(
        **{
            f"validated_{i}": Count("pk", filter=Q(status_changed_at__lt=day_after(day)))
            for i, day in enumerate(last_days)
        }
    )
    return [counts[f"validated_{i}"] for i in range(len(last_days))]


def section_statuses() -> list[tuple[str, str]]:
    """A section's statuses in order: ``[(value, label), …]`` (``SectionStatus``)."""
    return list(SectionStatus.choices)


def sections_per_status() -> dict[str, int]:
    """How many sections of the current strategy are in each status (every status, 0 if none).

    One query.
    """
    counts = dict.fromkeys(SectionStatus.values, 0)
    current = Strategy.objects.order_by("pk").values("pk")[:1]
    rows = (
        Section.objects.filter(strategy__in=current)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts.update({row["status"]: row["count"] for row in rows})
    return counts
