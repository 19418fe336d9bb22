"""Revisions that never overwrite each other, merges, conflicts, amendments, review."""

import threading

import pytest
from django.db import connection

from strategy import services
from strategy.enums import GENDER_CHECKLIST, SectionStatus
from strategy.models import Revision
from tests.factories import UserFactory
from tests.factories.strategy import StrategyFactory, make_section

pytestmark = pytest.mark.django_db

BASE = "Paragraphe A.\n\nParagraphe B.\n\nParagraphe C."


def _save(section, body, base, author=None, title=None):
    return services.section_save_revision(
        section=section, language="fr", title=title or section.title_fr, body=body,
        author=author, base=base,
    )  # fmt: skip


def test_edits_to_different_paragraphs_merge(coordinator):
    section = make_section(body=BASE, author=coordinator)
    base = services.latest_revision(section, "fr")
    _save(section, BASE.replace("Paragraphe A.", "Paragraphe A, revu."), base)

    result = _save(section, BASE.replace("Paragraphe C.", "Paragraphe C, précisé."), base)

    assert result.merged is True
    assert result.revision.body == "Paragraphe A, revu.\n\nParagraphe B.\n\nParagraphe C, précisé."
    assert Revision.objects.filter(section=section, language="fr").count() == 3


def test_edits_to_the_same_paragraph_conflict_and_keep_the_second_text(coordinator):
    section = make_section(body=BASE, author=coordinator)
    base = services.latest_revision(section, "fr")
    _save(section, BASE.replace("Paragraphe B.", "Version de Awa."), base)

    with pytest.raises(services.EditConflict) as conflict:
        _save(section, BASE.replace("Paragraphe B.", "Version de Binta."), base)

    assert conflict.value.body == BASE.replace("Paragraphe B.", "Version de Binta.")
    assert conflict.value.latest.body == BASE.replace("Paragraphe B.", "Version de Awa.")
    assert Revision.objects.filter(section=section, language="fr").count() == 2


def test_amendment_accepted_after_the_section_changed_is_reconciled(coordinator):
    section = make_section(body=BASE, author=coordinator)
    member = UserFactory()
    amendment = services.amendment_propose(
        section=section, proposer=member,
        body=BASE.replace("Paragraphe C.", "Paragraphe C, amendé."), rationale="Plus clair.",
    )  # fmt: skip
    _save(section, BASE.replace("Paragraphe A.", "Paragraphe A, mis à jour."),
          services.latest_revision(section, "fr"))  # fmt: skip

    decided = services.amendment_decide(amendment=amendment, decided_by=coordinator, accept=True)

    assert decided.revision.body == (
        "Paragraphe A, mis à jour.\n\nParagraphe B.\n\nParagraphe C, amendé."
    )


def test_amendment_over_a_changed_paragraph_needs_reconciling(coordinator):
    section = make_section(body=BASE, author=coordinator)
    amendment = services.amendment_propose(
        section=section, proposer=UserFactory(),
        body=BASE.replace("Paragraphe B.", "B selon l'amendement."), rationale="r",
    )  # fmt: skip
    _save(section, BASE.replace("Paragraphe B.", "B selon la coordination."),
          services.latest_revision(section, "fr"))  # fmt: skip

    with pytest.raises(services.EditConflict):
        services.amendment_decide(amendment=amendment, decided_by=coordinator, accept=True)
    reconciled = services.amendment_decide(
        amendment=amendment, decided_by=coordinator, accept=True,
        text=BASE.replace("Paragraphe B.", "B réconcilié."),
    )  # fmt: skip

    assert reconciled.revision.body == BASE.replace("Paragraphe B.", "B réconcilié.")
    assert reconciled.revision.number == 3


def test_validation_needs_the_whole_gender_checklist(coordinator):
    section = make_section(author=coordinator)
    services.section_set_status(section=section, status=SectionStatus.IN_REVIEW,
                                changed_by=coordinator)  # fmt: skip

    with pytest.raises(services.StrategyError) as refused:
        services.section_set_status(
            section=section,
            status=SectionStatus.VALIDATED,
            changed_by=coordinator,
            checklist={"women_consulted": True},
        )
    validated = services.section_set_status(
        section=section, status=SectionStatus.VALIDATED, changed_by=coordinator,
        checklist=dict.fromkeys(GENDER_CHECKLIST, True),
    )  # fmt: skip

    assert refused.value.code == "checklist"
    assert (validated.status, validated.status_changed_by) == ("validated", coordinator)


def test_translation_is_behind_until_it_follows_the_latest_french(coordinator):
    section = make_section(body=BASE, author=coordinator)
    french = services.latest_revision(section, "fr")
    services.section_save_revision(
        section=section, language="bm", title="Dumuni lakana", body="Baro.", author=coordinator,
        base=None, source=french,
    )  # fmt: skip
    before = services.translation_status(section)
    _save(section, BASE + "\n\nParagraphe D.", french)

    after = services.translation_status(section)

    assert (before["bm"]["behind"], before["en"]["behind"]) == (False, True)
    assert after["bm"]["behind"] is True


def test_translation_status_reads_each_languages_newest_revision_in_one_query(
    coordinator, django_assert_num_queries
):
    section = make_section(body=BASE, author=coordinator)
    first = services.latest_revision(section, "fr")
    second = _save(section, BASE + "\n\nParagraphe D.", first).revision
    third = _save(section, BASE + "\n\nParagraphe E.", second).revision
    for source, body in ((first, "Old English."), (third, "New English.")):
        services.section_save_revision(
            section=section, language="en", title="Food security", body=body,
            author=coordinator, base=services.latest_revision(section, "en"), source=source,
        )  # fmt: skip

    with django_assert_num_queries(1):
        status = services.translation_status(section)
        numbers = {code: (state["revision"] and state["revision"].number) for code, state in
                   status.items()}  # fmt: skip
        sources = {code: (state["source"] and state["source"].number) for code, state in
                   status.items()}  # fmt: skip

    assert numbers == {"en": 2, "bm": None}
    assert sources == {"en": 3, "bm": None}
    assert (status["en"]["behind"], status["bm"]["behind"]) == (False, True)


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_saves_lose_nothing():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are what is tested (PostgreSQL)")
    author = UserFactory()
    section = make_section(strategy=StrategyFactory(), body=BASE, author=author)
    base = services.latest_revision(section, "fr")
    barrier = threading.Barrier(20)
    outcomes = []
    lock = threading.Lock()

    def save(n):
        try:
            barrier.wait()
            body = BASE.replace("Paragraphe B.", f"Version {n}.")
            try:
                _save(section, body, base, author=author)
                outcome = "saved"
            except services.EditConflict:
                outcome = "conflict"
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    saved = outcomes.count("saved")
    assert len(outcomes) == 20
    assert saved == 1  # all edited the same paragraph from the same base: one wins, 19 conflict
    assert Revision.objects.filter(section=section, language="fr").count() == 1 + saved


def test_french_save_from_another_interface_language_leaves_translations_alone(coordinator):
    from django.utils import translation

    section = make_section(title="Genre", body=BASE, author=coordinator)
    french = services.latest_revision(section, "fr")
    services.section_save_revision(
        section=section, language="en", title="Gender", body="English text.",
        author=coordinator, base=None, source=french,
    )  # fmt: skip

    with translation.override("en"):
        _save(section, BASE + "\n\nNouveau.", french, author=coordinator, title="Genre")
    section.refresh_from_db()

    assert (section.title_en, section.body_en) == ("Gender", "English text.")
    assert section.body_fr == BASE + "\n\nNouveau."


def test_editing_a_validated_section_sends_it_back_to_review(coordinator):
    section = make_section(body=BASE, author=coordinator)
    for status in (SectionStatus.IN_REVIEW, SectionStatus.VALIDATED):
        services.section_set_status(
            section=section, status=status, changed_by=coordinator,
            checklist=dict.fromkeys(GENDER_CHECKLIST, True),
        )  # fmt: skip

    _save(section, BASE + "\n\nAjout.", services.latest_revision(section, "fr"), coordinator)

    section.refresh_from_db()
    assert section.status == SectionStatus.IN_REVIEW


def test_a_validated_section_cannot_lose_its_checklist(coordinator):
    section = make_section(body=BASE, author=coordinator)
    for status in (SectionStatus.IN_REVIEW, SectionStatus.VALIDATED):
        services.section_set_status(
            section=section, status=status, changed_by=coordinator,
            checklist=dict.fromkeys(GENDER_CHECKLIST, True),
        )  # fmt: skip

    with pytest.raises(services.StrategyError) as refused:
        services.section_set_status(
            section=section, status=SectionStatus.VALIDATED, changed_by=coordinator, checklist={}
        )

    section.refresh_from_db()
    assert refused.value.code == "checklist"
    assert section.checklist == dict.fromkeys(GENDER_CHECKLIST, True)


def test_saving_the_same_text_again_makes_no_revision(coordinator):
    section = make_section(body=BASE, author=coordinator)
    latest = services.latest_revision(section, "fr")

    result = _save(section, BASE, latest, coordinator)

    assert result.revision == latest
    assert Revision.objects.filter(section=section).count() == 1


def test_restore_refuses_when_a_newer_revision_was_saved(coordinator):
    section = make_section(body=BASE, author=coordinator)
    first = services.latest_revision(section, "fr")
    second = _save(section, BASE + "\n\nB2.", first, coordinator).revision
    _save(section, BASE + "\n\nB3.", second, coordinator)

    with pytest.raises(services.StrategyError) as refused:
        services.section_restore(section=section, revision=first, author=coordinator,
                                 seen_id=second.pk)  # fmt: skip

    assert refused.value.code == "moved"


def test_long_texts_are_compared_by_paragraph_in_bounded_time():
    import time

    from strategy.diffs import word_diff_html

    old = "\n\n".join(" ".join(f"w{n}x{k}" for k in range(60)) for n in range(200))
    new = old.replace("w5x0", "changé")
    started = time.monotonic()

    html = word_diff_html(old, new)

    assert "changé" in html
    assert time.monotonic() - started < 5
