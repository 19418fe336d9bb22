"""Writes on the strategy: revisions that never overwrite each other, merges and
conflicts, review, comments, amendments, publication. Side effects in order."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy, pgettext_lazy

from network.accounts.enums import AuditAction
from network.accounts.services import audit_log_write
from network.notifications.services import (
    field_in_every_language,
    notify,
    text_in_every_language,
)
from network.pages.services import insert_with_unique_slug
from strategy import merge as merging
from strategy import selectors
from strategy.enums import GENDER_CHECKLIST, AmendmentStatus, SectionStatus
from strategy.models import SOURCE_LANGUAGE, Amendment, Comment, Revision, Section, Strategy

#: Words that ``strategy/<slug>/`` cannot be: other routes of the app use them.
RESERVED_SLUGS = frozenset(
    {"new", "print", "publish", "unpublish", "comments", "amendments", "revisions", "pdf"}
)


class StrategyError(Exception):
    """An action the rules refuse; ``code`` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class EditConflict(Exception):
    """Someone saved the same section and language since ``base``, in the same paragraphs.

    ``latest`` is their revision; the caller shows both texts and keeps the
    editor's own (nothing was saved).
    """

    latest: Revision
    title: str
    body: str


@dataclass(frozen=True)
class SaveResult:
    revision: Revision
    merged: bool  # True when the text was merged with a newer revision


def latest_revision(section: Section, language: str) -> Revision | None:
    return section.revisions.filter(language=language).order_by("-number").first()


def _store(section: Section, *, language: str, title: str, body: str, author, summary: str,
           base: Revision | None, source: Revision | None) -> Revision:  # fmt: skip
    """Write the next revision and the section's current text (the section row is locked)."""
    latest = latest_revision(section, language)
    revision = Revision.objects.create(
        section=section,
        language=language,
        number=(latest.number if latest else 0) + 1,
        title=title,
        body=body,
        summary=summary,
        author=author,
        base=base,
        source=source,
    )
    # Only the language's own columns: assigning ``section.title`` would write
    # to the *active* language's column (modeltranslation).
    setattr(section, f"title_{language}", title)
    setattr(section, f"body_{language}", body)
    section.save()
    return revision


@transaction.atomic
def section_save_revision(
    *,
    section: Section,
    language: str,
    title: str,
    body: str,
    author,
    base: Revision | None,
    summary: str = "",
    source: Revision | None = None,
) -> SaveResult:
    """Save an edit of ``section`` in ``language`` made from revision ``base``.

    The section row is locked, so saves of one section happen one at a
    time. If nobody saved since ``base``, the text becomes the next
    revision. If someone did and the two edits touch different paragraphs,
    they are merged (the result says so). If they touch the same
    paragraph, ``EditConflict`` is raised and nothing is saved: no save
    ever silently overwrites another (DESIGN.md, "Nothing lost").

    Side effects, in order: the revision; the section's current text; a
    ``strategy.section_changed`` notification to the section's followers.
    """
    section = Section.objects.select_for_update().get(pk=section.pk)
    latest = latest_revision(section, language)
    if latest is not None and base is not None and base.pk == latest.pk:
        if (title, body) == (latest.title, latest.body):
            return SaveResult(revision=latest, merged=False)  # nothing changed: no revision
    merged = False
    if latest is not None and (base is None or base.pk != latest.pk):
        base_title = base.title if base else ""
        base_body = base.body if base else ""
        if title != latest.title and base_title != latest.title and title != base_title:
            raise EditConflict(latest=latest, title=title, body=body)
        merged_body = merging.merge(base_body, latest.body, body)
        if merged_body is None:
            raise EditConflict(latest=latest, title=title, body=body)
        title = title if title != base_title else latest.title
        body, merged = merged_body, True
    try:
        with transaction.atomic():  # a savepoint: the transaction stays usable on failure
            revision = _store(
                section, language=language, title=title, body=body, author=author,
                summary=summary, base=latest if merged else base, source=source,
            )  # fmt: skip
    except IntegrityError as error:  # the row lock makes this a last line of defence
        raise EditConflict(
            latest=latest_revision(section, language), title=title, body=body
        ) from error
    _after_change(section, author)
    return SaveResult(revision=revision, merged=merged)


def _followers_who_may_see(section: Section) -> list:
    """Followers who may still see the section (one lost a role, another left)."""
    return [
        user for user in section.followers.all() if user.has_perm("strategy.view_section", section)
    ]


def _after_change(section: Section, author) -> None:
    """What a new text of a section sets off.

    A validated section whose text changed goes back to review: a text
    nobody reviewed must not reach the published strategy. Then the
    followers who may still see it are told.
    """
    if section.status == SectionStatus.VALIDATED:
        section.status = SectionStatus.IN_REVIEW
        section.status_changed_by = author
        section.status_changed_at = timezone.now()
        section.save(update_fields=["status", "status_changed_by", "status_changed_at"])
        audit_log_write(
            actor=author,
            action=AuditAction.SECTION_STATUS,
            subject_repr=str(section),
            data={"section": section.pk, "from": "validated", "to": "in_review", "why": "edited"},
        )
    notify(
        kind="strategy.section_changed",
        recipients=_followers_who_may_see(section),
        actor=author,
        target=section,
        data={"target": field_in_every_language(section, "title")},
    )


@transaction.atomic
def section_restore(
    *, section: Section, revision: Revision, author, seen_id: int | None = None
) -> Revision:
    """Make an old revision's text the newest one (history is never rewritten).

    ``seen_id`` is the newest revision the restorer saw; if a newer one was
    saved meanwhile, ``StrategyError("moved")`` is raised and nothing is
    restored (no silent overwrite). Side effects as ``section_save_revision``:
    the revision, the section's text, back to review if validated, followers told.
    """
    section = Section.objects.select_for_update().get(pk=section.pk)
    latest = latest_revision(section, revision.language)
    if seen_id is not None and latest is not None and latest.pk != seen_id:
        raise StrategyError("moved")
    restored = _store(
        section,
        language=revision.language,
        title=revision.title,
        body=revision.body,
        author=author,
        summary=str(gettext_lazy("Restored revision %(number)s") % {"number": revision.number}),
        base=latest,
        source=revision.source,
    )
    _after_change(section, author)
    return restored


@transaction.atomic
def section_create(
    *, strategy: Strategy, title: str, body: str, author, parent: Section | None = None,
    order: int = 0, dimension=None, lead=None,
) -> Section:  # fmt: skip
    """Create a section with its first French revision."""
    with translation.override(settings.LANGUAGE_CODE):
        section = Section(
            strategy=strategy, parent=parent, order=order, dimension=dimension, lead=lead,
            title=title, body=body,
        )  # fmt: skip
    insert_with_unique_slug(section, text=title, fallback="section", reserved=RESERVED_SLUGS)
    _store(
        section, language=SOURCE_LANGUAGE, title=title, body=body, author=author,
        summary="", base=None, source=None,
    )  # fmt: skip
    selectors.forget_section_numbers(strategy_id=section.strategy_id)
    return section


def translation_status(section: Section) -> dict[str, dict]:
    """Per language: the latest revision, the French revision it follows, and whether it is behind.

    ``{"en": {"revision": Revision|None, "behind": bool, "source": Revision|None}, ...}``
    for every language but French; a language never written is behind as
    soon as French exists. One query: the newest revision in each language,
    with the French revision it follows.
    """
    newest = (
        Revision.objects.filter(section=section, language=OuterRef("language"))
        .order_by("-number")
        .values("number")[:1]
    )
    latest = {
        revision.language: revision
        for revision in Revision.objects.filter(section=section, number=Subquery(newest))
        .select_related("source")
        .defer("body", "source__body")
    }
    source_latest = latest.get(SOURCE_LANGUAGE)
    result = {}
    for code, _name in settings.LANGUAGES:
        if code == SOURCE_LANGUAGE:
            continue
        revision = latest.get(code)
        followed = revision.source if revision else None
        behind = source_latest is not None and (
            followed is None or followed.number < source_latest.number
        )
        result[code] = {"revision": revision, "source": followed, "behind": behind}
    return result


# --- Review -----------------------------------------------------------------

TRANSITIONS = {
    SectionStatus.DRAFT: {SectionStatus.IN_REVIEW},
    SectionStatus.IN_REVIEW: {SectionStatus.DRAFT, SectionStatus.VALIDATED},
    SectionStatus.VALIDATED: {SectionStatus.IN_REVIEW, SectionStatus.DRAFT},
}


def checklist_complete(section: Section) -> bool:
    return all(section.checklist.get(key) is True for key in GENDER_CHECKLIST)


@transaction.atomic
def section_set_status(*, section: Section, status: str, changed_by, checklist: dict | None = None):
    """Move a section through review (coordinators), with who and when.

    ``checklist`` (optional) updates the gender-sensitivity checklist first.
    Raises ``StrategyError("transition")`` for a step not allowed and
    ``StrategyError("checklist")`` when validating with the checklist
    incomplete. Side effects: the status; an audit entry; on entering
    review, a ``strategy.section_in_review`` notification to its followers.
    """
    section = Section.objects.select_for_update().get(pk=section.pk)
    if checklist is not None:
        section.checklist = {key: bool(checklist.get(key)) for key in GENDER_CHECKLIST}
    if status == SectionStatus.VALIDATED and not checklist_complete(section):
        raise StrategyError("checklist")  # also when it was validated already
    if status != section.status:
        if status not in TRANSITIONS[SectionStatus(section.status)]:
            raise StrategyError("transition")
        was = section.status
        section.status = status
        section.status_changed_by = changed_by
        section.status_changed_at = timezone.now()
        audit_log_write(
            actor=changed_by,
            action=AuditAction.SECTION_STATUS,
            subject_repr=str(section),
            data={"section": section.pk, "from": was, "to": status},
        )
        if status == SectionStatus.IN_REVIEW:
            notify(
                kind="strategy.section_in_review",
                recipients=_followers_who_may_see(section),
                actor=changed_by,
                target=section,
                data={"target": field_in_every_language(section, "title")},
            )
    section.save()
    return section


@transaction.atomic
def strategy_unpublish(*, strategy: Strategy, unpublished_by) -> Strategy:
    """Withdraw the strategy from visitors and donors (audited); members still see it."""
    strategy.published_at = None
    strategy.published_by = None
    strategy.save(update_fields=["published_at", "published_by"])
    audit_log_write(
        actor=unpublished_by,
        action=AuditAction.STRATEGY_UNPUBLISHED,
        subject_repr=str(strategy),
        data={"strategy": strategy.pk},
    )
    return strategy


@transaction.atomic
def strategy_publish(*, strategy: Strategy, published_by) -> Strategy:
    """Publish the strategy: visitors and donors see its validated sections (audited)."""
    strategy.published_at = timezone.now()
    strategy.published_by = published_by
    strategy.save(update_fields=["published_at", "published_by"])
    audit_log_write(
        actor=published_by,
        action=AuditAction.STRATEGY_PUBLISHED,
        subject_repr=str(strategy),
        data={"strategy": strategy.pk},
    )
    return strategy


# --- Comments ---------------------------------------------------------------


@transaction.atomic
def comment_add(
    *, section: Section, author, body: str, quote: str = "", parent: Comment | None = None
):
    """Comment on a section, or reply in a thread (the thread's author is told)."""
    comment = Comment.objects.create(
        section=section, author=author, body=body, quote=quote, parent=parent
    )
    if parent is not None and parent.author_id and parent.author_id != author.pk:
        notify(
            kind="strategy.comment_reply",
            recipients=[parent.author],
            actor=author,
            target=section,
            data={"target": field_in_every_language(section, "title")},
        )
    return comment


def comment_resolve(*, comment: Comment, resolved_by, resolved: bool = True) -> Comment:
    """Mark a thread resolved (or open again); a coordinator's action."""
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = resolved_by if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


# --- Amendments -------------------------------------------------------------


def amendment_propose(
    *, section: Section, proposer, body: str, rationale: str, base: Revision | None = None
) -> Amendment:
    """A member proposes new French text for a section, made from revision ``base``
    (the one they read; the newest French revision when not given)."""
    base = base or latest_revision(section, SOURCE_LANGUAGE)
    if base is None:
        raise StrategyError("no_text")
    return Amendment.objects.create(
        section=section, proposer=proposer, proposed_body=body, rationale=rationale, base=base
    )


@transaction.atomic
def amendment_decide(
    *,
    amendment: Amendment,
    decided_by,
    accept: bool,
    reason: str = "",
    text: str | None = None,
    seen: Revision | None = None,
) -> Amendment:
    """Accept (the text becomes a revision) or reject (with a reason) an amendment.

    Accepting when the section moved on since the amendment's base merges
    the proposal with the newer text; when they touch the same paragraph,
    ``EditConflict`` is raised and the coordinator reconciles: they call
    again with ``text``, the reconciled body, which is saved over the newest
    revision knowingly. Side effects: the revision (on acceptance); the
    amendment's decision; a ``strategy.amendment_decided`` notification to
    the proposer. With ``text``, ``seen`` is the revision the coordinator
    reconciled against: if a newer one was saved meanwhile, ``EditConflict``
    is raised again. Raises ``StrategyError("decided")`` or ``("reason")``.
    """
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.status != AmendmentStatus.PROPOSED:
        raise StrategyError("decided")
    section = amendment.section
    if accept:
        latest = latest_revision(section, SOURCE_LANGUAGE)
        if text is not None and seen is not None and seen.pk != latest.pk:
            raise EditConflict(latest=latest, title=latest.title, body=text)
        base = amendment.base if text is None else latest
        result = section_save_revision(
            section=section,
            language=SOURCE_LANGUAGE,
            title=latest.title,
            body=amendment.proposed_body if text is None else text,
            author=decided_by,
            base=base,
            summary=str(gettext_lazy("Amendment accepted")),
        )
        amendment.revision = result.revision
        amendment.status = AmendmentStatus.ACCEPTED
    else:
        if not reason.strip():
            raise StrategyError("reason")
        amendment.status = AmendmentStatus.REJECTED
        amendment.reason = reason.strip()
    amendment.decided_by = decided_by
    amendment.decided_at = timezone.now()
    amendment.save()
    if amendment.proposer_id:
        words = text_in_every_language(
            pgettext_lazy("amendment decision", "accepted")
            if accept
            else pgettext_lazy("amendment decision", "rejected")
        )
        notify(
            kind="strategy.amendment_decided",
            recipients=[amendment.proposer],
            actor=decided_by,
            target=section,
            data={"target": field_in_every_language(section, "title"), "decision": words},
        )
    return amendment


# --- Links with dialogues ----------------------------------------------------


@transaction.atomic
@transaction.atomic
def section_take_recommendation(*, section: Section, recommendation, taken_by) -> None:
    """Take a recommendation into a section: the link, and the recommendation's status.

    Side effects, in order: the section ↔ recommendation link; a proposed
    recommendation marked "taken into the strategy" (audited by the
    dialogues service). A recommendation already taken into the strategy
    (into another section) is linked too. Raises
    ``StrategyError("not_takeable")`` for a recommendation that was
    forwarded or declined. The recommendation's row is locked and read
    again first: two coordinators taking it at once both get their link,
    and it is decided once.
    """
    from dialogues.enums import RecommendationStatus
    from dialogues.models import Recommendation
    from dialogues.services import recommendation_decide

    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.status not in (RecommendationStatus.PROPOSED, RecommendationStatus.TAKEN):
        raise StrategyError("not_takeable")
    section.recommendations.add(recommendation)
    if recommendation.status == RecommendationStatus.PROPOSED:
        recommendation_decide(
            recommendation=recommendation,
            status=RecommendationStatus.TAKEN,
            decided_by=taken_by,
        )


@transaction.atomic
def section_release_recommendation(*, section: Section, recommendation, released_by) -> None:
    """Remove the link between ``section`` and ``recommendation``.

    A recommendation still taken into another section keeps its status; one
    left in no section goes back among the proposed ones
    (``dialogues.services.recommendation_reopen``, audited), so that it is
    neither counted as taken into the strategy nor lost to the coordinators.
    The recommendation's row is locked first (two coordinators at once).
    """
    from dialogues.enums import RecommendationStatus
    from dialogues.models import Recommendation
    from dialogues.services import recommendation_reopen

    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    section.recommendations.remove(recommendation)
    still_linked = recommendation.strategy_sections.exists()
    if not still_linked and recommendation.status == RecommendationStatus.TAKEN:
        recommendation_reopen(recommendation=recommendation, reopened_by=released_by)
