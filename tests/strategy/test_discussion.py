"""The discussion of a strategy section through the views: threaded comments, amendments
(accepted, rejected, reconciled with newer text), review with the gender checklist,
following, publication; the section page's discussion panel and its query count; the
permission matrix of every discussion route."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.urls import URLPattern, reverse
from django.utils import translation

from network.accounts.enums import AuditAction
from network.accounts.models import AuditLogEntry, User
from network.notifications.models import Delivery
from strategy import selectors, services
from strategy.enums import GENDER_CHECKLIST, AmendmentStatus, SectionStatus
from strategy.models import Amendment, Comment, Revision
from strategy.urls_discussion import urlpatterns as discussion_urlpatterns
from strategy.views_discussion import DISCUSSION_ERRORS, discussion_context
from tests.factories import OrganisationPersonFactory
from tests.factories.strategy import StrategyFactory, make_section

pytestmark = pytest.mark.django_db

BASE = "Paragraphe A.\n\nParagraphe B.\n\nParagraphe C."


@pytest.fixture
def member(db):
    return OrganisationPersonFactory().user


@pytest.fixture
def section(coordinator):
    return make_section(title="Sécurité alimentaire", body=BASE, author=coordinator)


def _url(name: str, **kwargs) -> str:
    return reverse(f"strategy:{name}", kwargs=kwargs)


def _save(section, body: str, author) -> Revision:
    """A coordinator's edit of the French text from its newest revision."""
    return services.section_save_revision(
        section=section, language="fr", title=section.title_fr, body=body, author=author,
        base=services.latest_revision(section, "fr"),
    ).revision  # fmt: skip


def _propose(section, member, body: str) -> Amendment:
    return services.amendment_propose(
        section=section, proposer=member, body=body, rationale="Plus clair."
    )


def _delivered(user, kind: str) -> bool:
    return Delivery.objects.filter(recipient=user, notification__kind=kind).exists()


# --- Comments ------------------------------------------------------------------


def test_comment_add_records_the_comment_with_its_quoted_passage(client, member, section):
    client.force_login(member)

    response = client.post(
        _url("comment_add", slug=section.slug),
        {"quote": "Paragraphe B.", "body": "Il faut citer les femmes rurales."},
    )

    comment = Comment.objects.get(section=section)
    assert response.status_code == 302
    assert response.url == f"{section.get_absolute_url()}#comment-{comment.pk}"
    assert (comment.author, comment.quote, comment.body, comment.parent) == (
        member,
        "Paragraphe B.",
        "Il faut citer les femmes rurales.",
        None,
    )


def test_reply_is_threaded_and_its_parent_author_is_notified(client, member, coordinator, section):
    thread = services.comment_add(section=section, author=member, body="Une question.")
    client.force_login(coordinator)

    response = client.post(
        _url("comment_add", slug=section.slug), {"parent": thread.pk, "body": "Une réponse."}
    )

    reply = Comment.objects.get(parent=thread)
    assert response.status_code == 302
    assert (reply.author, reply.body, reply.section) == (coordinator, "Une réponse.", section)
    assert _delivered(member, "strategy.comment_reply") is True
    assert _delivered(coordinator, "strategy.comment_reply") is False


def test_comment_without_text_keeps_the_quoted_passage(client, member, section):
    client.force_login(member)

    response = client.post(
        _url("comment_add", slug=section.slug).replace("/fr/", "/en/", 1),
        {"quote": "Paragraphe C.", "body": "  "},
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {"body": ["Write your comment."]}
    assert form["quote"].value() == "Paragraphe C."
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("digits", ["²", "¹", "߁", "1²"])
def test_reply_to_a_parent_id_in_other_digits_is_not_found(client, member, section, digits):
    """``"²".isdigit()`` is true but the query refuses it: such a parent used to answer 500."""
    client.force_login(member)

    response = client.post(
        _url("comment_add", slug=section.slug), {"parent": digits, "body": "Réponse"}
    )

    assert response.status_code == 404
    assert Comment.objects.count() == 0


def test_reply_to_a_thread_of_another_section_is_not_found(client, member, section):
    elsewhere = services.comment_add(
        section=make_section(strategy=section.strategy, title="Autre"), author=member, body="x"
    )
    client.force_login(member)

    response = client.post(
        _url("comment_add", slug=section.slug), {"parent": elsewhere.pk, "body": "Réponse"}
    )

    assert response.status_code == 404
    assert Comment.objects.count() == 1


def test_resolve_by_a_coordinator_marks_the_thread_and_reopen_clears_it(
    client, member, coordinator, section
):
    thread = services.comment_add(section=section, author=member, body="Une question.")
    client.force_login(coordinator)

    resolved = client.post(_url("comment_resolve", pk=thread.pk), {"action": "resolve"})
    thread.refresh_from_db()
    state_after_resolve = (thread.resolved_by, thread.resolved_at is not None)
    client.post(_url("comment_resolve", pk=thread.pk), {"action": "reopen"})
    thread.refresh_from_db()

    assert resolved.status_code == 302
    assert state_after_resolve == (coordinator, True)
    assert (thread.resolved_by, thread.resolved_at) == (None, None)


def test_resolve_is_refused_to_members_even_the_author(client, member, section):
    thread = services.comment_add(section=section, author=member, body="Une question.")
    client.force_login(member)

    response = client.post(_url("comment_resolve", pk=thread.pk), {"action": "resolve"})

    thread.refresh_from_db()
    assert (response.status_code, thread.resolved_at) == (404, None)


# --- Amendments ----------------------------------------------------------------


def test_amendment_form_starts_from_the_current_french_text(client, member, section):
    client.force_login(member)

    response = client.get(_url("amendment_add", slug=section.slug))

    assert response.status_code == 200
    assert response.context["form"]["proposed_body"].value() == BASE
    assert response.context["base"] == services.latest_revision(section, "fr")


def test_amendment_proposed_by_a_member_and_accepted_becomes_a_revision_and_tells_the_proposer(
    client, member, coordinator, section
):
    proposed = BASE.replace("Paragraphe C.", "Paragraphe C, avec les femmes.")
    base = services.latest_revision(section, "fr")
    client.force_login(member)
    sent = client.post(
        _url("amendment_add", slug=section.slug),
        {"proposed_body": proposed, "rationale": "Inclusion.", "base": base.pk},
    )
    amendment = Amendment.objects.get(section=section)
    client.force_login(coordinator)

    accepted = client.post(_url("amendment", pk=amendment.pk), {"decision": "accept"})

    amendment.refresh_from_db()
    section.refresh_from_db()
    assert (sent.status_code, sent.url) == (302, _url("amendment", pk=amendment.pk))
    assert (amendment.proposer, amendment.base, amendment.rationale) == (member, base, "Inclusion.")
    assert accepted.status_code == 302
    assert (amendment.status, amendment.decided_by) == (AmendmentStatus.ACCEPTED, coordinator)
    assert (amendment.revision.number, amendment.revision.body, amendment.revision.author) == (
        2,
        proposed,
        coordinator,
    )
    assert section.body_fr == proposed
    assert _delivered(member, "strategy.amendment_decided") is True


def test_amendment_sent_after_the_section_changed_is_not_recorded_and_the_text_is_kept(
    client, member, coordinator, section
):
    opened_from = services.latest_revision(section, "fr")
    _save(section, BASE.replace("Paragraphe A.", "Paragraphe A, revu."), coordinator)
    proposed = BASE.replace("Paragraphe C.", "Paragraphe C, amendé.")
    client.force_login(member)

    response = client.post(
        _url("amendment_add", slug=section.slug),
        {"proposed_body": proposed, "rationale": "Clarté.", "base": opened_from.pk},
    )

    assert response.status_code == 200
    assert response.context["moved"] is True
    assert response.context["base"].number == 2
    assert response.context["form"]["proposed_body"].value() == proposed
    assert f'name="base" value="{response.context["base"].pk}"' in response.content.decode()
    assert Amendment.objects.count() == 0


def test_incomplete_amendment_sent_after_the_section_changed_also_shows_the_new_text(
    client, member, coordinator, section
):
    opened_from = services.latest_revision(section, "fr")
    newer = _save(section, BASE.replace("Paragraphe A.", "Paragraphe A, revu."), coordinator)
    client.force_login(member)

    response = client.post(
        _url("amendment_add", slug=section.slug),
        {"proposed_body": BASE + "\n\nAjout.", "rationale": "", "base": opened_from.pk},
    )

    assert response.status_code == 200
    assert (response.context["moved"], response.context["base"]) == (True, newer)
    assert list(response.context["form"].errors) == ["rationale", "__all__"]
    assert Amendment.objects.count() == 0


def test_amendment_page_shows_a_word_diff_of_its_base_and_proposal(client, member, section):
    amendment = _propose(section, member, BASE.replace("Paragraphe B.", "Paragraphe bis."))
    client.force_login(member)

    response = client.get(_url("amendment", pk=amendment.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>" in html and "<ins>" in html
    assert "reject_form" not in response.context  # members do not decide


def test_rejecting_without_a_reason_is_refused_with_a_translated_message(
    client, member, coordinator, section
):
    amendment = _propose(section, member, BASE + "\n\nParagraphe D.")
    client.force_login(coordinator)

    response = client.post(
        _url("amendment", pk=amendment.pk).replace("/fr/", "/en/", 1),
        {"decision": "reject", "reason": "   "},
    )

    amendment.refresh_from_db()
    assert response.status_code == 200
    assert response.context["reject_form"].errors == {
        "reason": ["Give a reason for rejecting this amendment."]
    }
    assert amendment.status == AmendmentStatus.PROPOSED
    assert _delivered(member, "strategy.amendment_decided") is False


def test_rejecting_with_a_reason_records_it_and_tells_the_proposer(
    client, member, coordinator, section
):
    amendment = _propose(section, member, BASE + "\n\nParagraphe D.")
    client.force_login(coordinator)

    response = client.post(
        _url("amendment", pk=amendment.pk),
        {"decision": "reject", "reason": "Déjà couvert par la section 3."},
        follow=True,
    )

    amendment.refresh_from_db()
    assert (amendment.status, amendment.reason, amendment.revision) == (
        AmendmentStatus.REJECTED,
        "Déjà couvert par la section 3.",
        None,
    )
    assert "Déjà couvert par la section 3." in response.content.decode()
    assert _delivered(member, "strategy.amendment_decided") is True
    assert Revision.objects.filter(section=section).count() == 1


def test_deciding_twice_says_it_was_already_decided(client, member, coordinator, section):
    amendment = _propose(section, member, BASE + "\n\nParagraphe D.")
    services.amendment_decide(amendment=amendment, decided_by=coordinator, accept=False,
                              reason="Non.")  # fmt: skip
    client.force_login(coordinator)

    response = client.post(_url("amendment", pk=amendment.pk), {"decision": "accept"}, follow=True)

    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.REJECTED
    assert [str(m) for m in response.context["messages"]] == [str(DISCUSSION_ERRORS["decided"])]


# "An amendment accepted after the section changed is reconciled, not applied over the
# newer text" (issue 6), through the views: the automatic merge, then the reconcile page.


def test_amendment_accepted_after_the_section_changed_is_merged_not_applied_over_it(
    client, member, coordinator, section
):
    amendment = _propose(section, member, BASE.replace("Paragraphe C.", "Paragraphe C, amendé."))
    _save(section, BASE.replace("Paragraphe A.", "Paragraphe A, mis à jour."), coordinator)
    client.force_login(coordinator)

    response = client.post(
        _url("amendment", pk=amendment.pk).replace("/fr/", "/en/", 1),
        {"decision": "accept"},
        follow=True,
    )

    amendment.refresh_from_db()
    section.refresh_from_db()
    merged = "Paragraphe A, mis à jour.\n\nParagraphe B.\n\nParagraphe C, amendé."
    assert (amendment.status, amendment.revision.number) == (AmendmentStatus.ACCEPTED, 3)
    assert (amendment.revision.body, section.body_fr) == (merged, merged)
    assert [str(m) for m in response.context["messages"]] == [
        "The amendment has been accepted and merged with the changes made to the section "
        "since it was proposed: it is revision 3."
    ]
    assert _delivered(member, "strategy.amendment_decided") is True


def test_amendment_accepted_over_a_changed_paragraph_gets_the_reconcile_page(
    client, member, coordinator, section
):
    amendment = _propose(section, member, BASE.replace("Paragraphe B.", "B selon l'amendement."))
    newer = _save(section, BASE.replace("Paragraphe B.", "B selon la coordination."), coordinator)
    client.force_login(coordinator)

    conflict = client.post(_url("amendment", pk=amendment.pk), {"decision": "accept"})
    reconciled_text = BASE.replace("Paragraphe B.", "B réconcilié.")
    done = client.post(
        _url("amendment", pk=amendment.pk),
        {"decision": "reconcile", "text": reconciled_text, "latest": newer.pk},
    )

    amendment.refresh_from_db()
    section.refresh_from_db()
    assert conflict.status_code == 200
    assert [t.name for t in conflict.templates][0] == "strategy/discussion/reconcile.html"
    assert conflict.context["latest"] == newer
    assert conflict.context["form"]["text"].value() == amendment.proposed_body
    assert "B selon la coordination." in conflict.content.decode()
    assert done.status_code == 302
    assert (amendment.status, amendment.revision.number, amendment.revision.body) == (
        AmendmentStatus.ACCEPTED,
        3,
        reconciled_text,
    )
    assert section.body_fr == reconciled_text


def test_reconciling_after_yet_another_change_shows_it_and_keeps_the_reconciled_text(
    client, member, coordinator, section
):
    amendment = _propose(section, member, BASE.replace("Paragraphe B.", "B selon l'amendement."))
    seen = _save(section, BASE.replace("Paragraphe B.", "B selon la coordination."), coordinator)
    newest = _save(section, BASE.replace("Paragraphe B.", "B encore changé."), coordinator)
    client.force_login(coordinator)

    response = client.post(
        _url("amendment", pk=amendment.pk),
        {"decision": "reconcile", "text": "Mon texte réconcilié.", "latest": seen.pk},
    )

    amendment.refresh_from_db()
    assert response.status_code == 200
    assert response.context["latest"] == newest
    assert response.context["form"]["text"].value() == "Mon texte réconcilié."
    assert response.context["form"]["latest"].value() == newest.pk
    assert amendment.status == AmendmentStatus.PROPOSED
    assert Revision.objects.filter(section=section).count() == 3


# --- Review --------------------------------------------------------------------


def _review(client, section, status, ticked):
    return client.post(
        _url("review", slug=section.slug), {"status": status, "checklist": list(ticked)}
    )


def test_validation_with_an_incomplete_checklist_is_refused_and_the_ticks_are_kept(
    client, coordinator, section
):
    services.section_set_status(section=section, status=SectionStatus.IN_REVIEW,
                                changed_by=coordinator)  # fmt: skip
    client.force_login(coordinator)

    response = client.post(
        _url("review", slug=section.slug).replace("/fr/", "/en/", 1),
        {"status": SectionStatus.VALIDATED, "checklist": ["women_consulted"]},
    )

    section.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "checklist": ["The gender-sensitivity checklist must be complete to validate the section."]
    }
    assert response.context["form"]["checklist"].value() == ["women_consulted"]
    assert section.status == SectionStatus.IN_REVIEW
    assert section.checklist == {}


def test_validation_with_the_complete_checklist_records_who_and_when(client, coordinator, section):
    client.force_login(coordinator)

    to_review = _review(client, section, SectionStatus.IN_REVIEW, [])
    validated = _review(client, section, SectionStatus.VALIDATED, GENDER_CHECKLIST)

    section.refresh_from_db()
    assert (to_review.status_code, validated.status_code) == (302, 302)
    assert validated.url == f"{section.get_absolute_url()}#review"
    assert (section.status, section.status_changed_by) == (SectionStatus.VALIDATED, coordinator)
    assert section.status_changed_at is not None
    assert section.checklist == dict.fromkeys(GENDER_CHECKLIST, True)
    assert list(
        AuditLogEntry.objects.filter(action=AuditAction.SECTION_STATUS)
        .order_by("pk")
        .values_list("actor", "data__from", "data__to")
    ) == [
        (coordinator.pk, SectionStatus.DRAFT, SectionStatus.IN_REVIEW),
        (coordinator.pk, SectionStatus.IN_REVIEW, SectionStatus.VALIDATED),
    ]


def test_a_step_not_allowed_is_refused_with_its_message(client, coordinator, section):
    client.force_login(coordinator)

    response = _review(client, section, SectionStatus.VALIDATED, GENDER_CHECKLIST)

    section.refresh_from_db()
    assert response.context["form"].non_field_errors() == [str(DISCUSSION_ERRORS["transition"])]
    assert section.status == SectionStatus.DRAFT


def test_saving_the_checklist_alone_keeps_the_status(client, coordinator, section):
    client.force_login(coordinator)

    response = _review(client, section, SectionStatus.DRAFT, ["no_harm", "women_consulted"])

    section.refresh_from_db()
    assert response.status_code == 302
    assert section.status == SectionStatus.DRAFT
    # PostgreSQL's jsonb keeps no key order: compare sorted.
    assert sorted(key for key, ticked in section.checklist.items() if ticked) == [
        "no_harm",
        "women_consulted",
    ]
    assert section.status_changed_by is None


def test_panel_shows_who_changed_the_status_last(rf, coordinator, section):
    services.section_set_status(section=section, status=SectionStatus.IN_REVIEW,
                                changed_by=coordinator)  # fmt: skip
    section.refresh_from_db()
    request = rf.get("/")
    request.user = coordinator
    translation.activate("en")

    html = render_to_string(
        "strategy/discussion/panel.html", discussion_context(request, section), request=request
    )

    review = html.split('id="review"')[1]
    assert f"by {coordinator.display_name} on" in review


# --- Following and publication -------------------------------------------------


def test_follow_then_unfollow(client, member, section):
    client.force_login(member)

    followed = client.post(_url("follow", slug=section.slug), {"action": "follow"})
    following = list(section.followers.all())
    client.post(_url("follow", slug=section.slug), {"action": "unfollow"})

    assert followed.url == f"{section.get_absolute_url()}#follow"
    assert following == [member]
    assert list(section.followers.all()) == []


def test_a_section_without_discussion_reads_no_comment_or_amendment(
    client, member, coordinator, section, django_assert_num_queries
):
    client.force_login(coordinator)
    client.get(section.get_absolute_url())  # the numbers are counted once

    # user, roles, the section (with following, comments?, amendments?), membership check,
    # translation status, linked recommendations, unread notifications
    with django_assert_num_queries(7):
        empty = client.get(section.get_absolute_url()).content.decode()
    services.comment_add(section=section, author=member, body="Et les femmes rurales ?")
    commented = client.get(section.get_absolute_url()).content.decode()

    assert "Aucun commentaire sur cette section pour l'instant." in empty
    assert "Et les femmes rurales ?" in commented


def test_section_page_says_whether_the_reader_follows_it(client, member, coordinator, section):
    client.force_login(member)
    client.post(_url("follow", slug=section.slug), {"action": "follow"})

    as_follower = client.get(section.get_absolute_url()).content.decode()
    client.force_login(coordinator)
    as_other = client.get(section.get_absolute_url()).content.decode()

    assert 'value="unfollow"' in as_follower and 'value="follow"' not in as_follower
    assert 'value="follow"' in as_other and 'value="unfollow"' not in as_other


def test_followers_are_told_when_an_accepted_amendment_changes_the_section(
    client, member, coordinator, section
):
    follower = OrganisationPersonFactory().user
    client.force_login(follower)
    client.post(_url("follow", slug=section.slug), {"action": "follow"})
    amendment = _propose(section, member, BASE + "\n\nParagraphe D.")
    client.force_login(coordinator)

    client.post(_url("amendment", pk=amendment.pk), {"decision": "accept"})

    assert _delivered(follower, "strategy.section_changed") is True


def _validated(section, coordinator):
    services.section_set_status(section=section, status=SectionStatus.IN_REVIEW,
                                changed_by=coordinator)  # fmt: skip
    return services.section_set_status(
        section=section, status=SectionStatus.VALIDATED, changed_by=coordinator,
        checklist=dict.fromkeys(GENDER_CHECKLIST, True),
    )  # fmt: skip


def test_publish_makes_the_validated_sections_visible_to_visitors(client, coordinator):
    strategy = StrategyFactory()
    validated = _validated(
        make_section(strategy=strategy, title="Validée", author=coordinator), coordinator
    )
    draft = make_section(strategy=strategy, title="Brouillon", author=coordinator)
    before = client.get(validated.get_absolute_url())
    client.force_login(coordinator)

    response = client.post(_url("publish"))
    client.logout()
    after = client.get(validated.get_absolute_url())
    draft_after = client.get(draft.get_absolute_url())

    strategy.refresh_from_db()
    assert response.status_code == 302
    assert response.url == _url("document")
    assert (strategy.published_by, strategy.published_at is not None) == (coordinator, True)
    assert (before.status_code, before.url.startswith(reverse("account_login"))) == (302, True)
    assert after.status_code == 200
    assert "Validée" in after.content.decode()
    assert after.context["discussion_panel"] is False
    assert draft_after.status_code == 302  # still a draft: the visitor is asked to log in


def test_publish_goes_back_to_a_page_of_the_site_only(client, coordinator):
    StrategyFactory()
    client.force_login(coordinator)

    inside = client.post(_url("publish"), {"next": "/fr/strategy/"})
    outside = client.post(_url("publish"), {"next": "https://example.com/"})

    assert (inside.url, outside.url) == ("/fr/strategy/", _url("document"))


@pytest.mark.parametrize("target", ["abc", "[lien](javascript:alert(1))", "strategy:print", ""])
def test_publish_with_a_next_that_is_not_a_path_goes_to_the_document(client, coordinator, target):
    """``redirect()`` read such a ``next`` as a URL name: NoReverseMatch, a 500."""
    StrategyFactory()
    client.force_login(coordinator)

    published = client.post(_url("publish"), {"next": target})
    withdrawn = client.post(_url("unpublish"), {"next": target})

    assert (published.url, withdrawn.url) == (_url("document"), _url("document"))


# --- The panel on the section page ---------------------------------------------


def _discussed_section(member, coordinator, item_count: int):
    """A section with ``item_count`` threads (each with a reply, every other one resolved)
    and ``item_count`` amendments (some rejected), one accepted, and a status change."""
    section = make_section(title="Sécurité alimentaire", body=BASE, author=coordinator)
    for n in range(item_count):
        thread = services.comment_add(section=section, author=member, body=f"Commentaire {n}",
                                      quote="Paragraphe A.")  # fmt: skip
        services.comment_add(section=section, author=coordinator, body="Réponse", parent=thread)
        if n % 2:
            services.comment_resolve(comment=thread, resolved_by=coordinator)
        amendment = _propose(section, member, f"{BASE}\n\nAjout {n}.")
        if n % 3 == 1:
            services.amendment_decide(amendment=amendment, decided_by=coordinator, accept=False,
                                      reason="Non.")  # fmt: skip
    accepted = _propose(section, member, f"{BASE}\n\nAjout final.")
    services.amendment_decide(amendment=accepted, decided_by=coordinator, accept=True)
    services.section_set_status(section=section, status=SectionStatus.IN_REVIEW,
                                changed_by=coordinator)  # fmt: skip
    section.followers.add(member)
    return section


def _request(rf, user):
    request = rf.get("/")
    request.user = User.objects.get(pk=user.pk) if user else AnonymousUser()
    return request


def test_panel_threads_replies_and_folds_resolved_threads(rf, member, coordinator, section):
    open_thread = services.comment_add(section=section, author=member, body="Ouvert",
                                       quote="Paragraphe A.")  # fmt: skip
    services.comment_add(section=section, author=coordinator, body="Réponse", parent=open_thread)
    closed = services.comment_add(section=section, author=member, body="Fermé")
    services.comment_resolve(comment=closed, resolved_by=coordinator)
    request = _request(rf, member)

    context = discussion_context(request, section)
    html = render_to_string("strategy/discussion/panel.html", context, request=request)

    threads = context["discussion"]["threads"]
    assert [
        (t["comment"].body, [r.body for r in t["replies"]], t["resolved"]) for t in threads
    ] == [
        ("Ouvert", ["Réponse"], False),
        ("Fermé", [], True),
    ]
    assert f'<details class="thread resolved" id="comment-{closed.pk}">' in html
    assert f'<article class="thread" id="comment-{open_thread.pk}">' in html
    assert "<blockquote>" in html
    assert context["discussion"]["review"] is None  # members do not review
    assert context["discussion"]["can_propose"] is True


def test_panel_lists_amendments_with_their_outcome(rf, member, coordinator, section):
    accepted = _propose(section, member, BASE + "\n\nParagraphe D.")
    services.amendment_decide(amendment=accepted, decided_by=coordinator, accept=True)
    rejected = _propose(section, member, BASE + "\n\nParagraphe E.")
    services.amendment_decide(amendment=rejected, decided_by=coordinator, accept=False,
                              reason="Hors sujet.")  # fmt: skip
    request = _request(rf, coordinator)

    context = discussion_context(request, section)
    html = render_to_string("strategy/discussion/panel.html", context, request=request)

    assert [a.status for a in context["discussion"]["amendments"]] == [
        AmendmentStatus.REJECTED,
        AmendmentStatus.ACCEPTED,
    ]
    assert "Hors sujet." in html
    revision = Revision.objects.get(section=section, number=2)
    assert f"?from={revision.base_id}&amp;to={revision.pk}" in html
    assert context["discussion"]["review"] is not None
    assert context["discussion"]["can_propose"] is False  # coordinators edit, they do not propose


@pytest.mark.parametrize("who", ["visitor", "donor"])
def test_panel_is_for_insiders_only(rf, coordinator, donor, who):
    section = _validated(make_section(strategy=StrategyFactory(), author=coordinator), coordinator)
    services.strategy_publish(strategy=section.strategy, published_by=coordinator)
    request = _request(rf, donor if who == "donor" else None)

    assert request.user.has_perm("strategy.view_section", section) is True

    assert discussion_context(request, section) == {"discussion_panel": False}


@pytest.mark.parametrize("item_count", [1, 20])
def test_discussion_panel_query_count_is_fixed(
    rf, member, coordinator, item_count, django_assert_num_queries
):
    section = _discussed_section(member, coordinator, item_count)
    loaded = selectors.section_by_slug(slug=section.slug)  # as the section page loads it
    request = _request(rf, coordinator)

    # The coordinator's roles (their role answers the permissions before any
    # organisation lookup), the comments with their people, the amendments with
    # theirs, whether they follow the section, who last changed its status.
    with django_assert_num_queries(6):
        html = render_to_string(
            "strategy/discussion/panel.html", discussion_context(request, loaded)
        )

    assert html.count('class="thread') == item_count
    assert html.count('<tr id="amendment-') == item_count + 1


# --- Permission matrix ---------------------------------------------------------

ROLES = ["visitor", "member", "coordinator", "donor", "administrator"]
LOGIN = "login"
# (url name, case): expected answer for each role, in ROLES order. A denied object is 404;
# a visitor is sent to log in. Administrators are superusers: Django grants them every
# permission. POST routes are posted to (they refuse GET); 302 is the success redirect.
MATRIX = {
    ("comment_add", "draft"): [LOGIN, 302, 302, 404, 302],
    ("comment_add", "published"): [LOGIN, 302, 302, 404, 302],
    ("comment_add", "missing"): [LOGIN, 404, 404, 404, 404],
    ("comment_resolve", "draft"): [LOGIN, 404, 302, 404, 302],
    ("comment_resolve", "missing"): [LOGIN, 404, 404, 404, 404],
    ("amendment_add", "draft"): [LOGIN, 200, 404, 404, 200],
    ("amendment_add", "published"): [LOGIN, 200, 404, 404, 200],
    ("amendment", "draft"): [LOGIN, 200, 200, 404, 200],
    ("amendment", "published"): [LOGIN, 200, 200, 404, 200],
    ("amendment", "missing"): [LOGIN, 404, 404, 404, 404],
    ("review", "draft"): [LOGIN, 404, 302, 404, 302],
    ("review", "published"): [LOGIN, 404, 302, 404, 302],
    ("follow", "draft"): [LOGIN, 302, 302, 404, 302],
    ("follow", "published"): [LOGIN, 302, 302, 404, 302],
    ("publish", "draft"): [LOGIN, 404, 302, 404, 302],
    ("unpublish", "draft"): [LOGIN, 404, 302, 404, 302],
}
POSTED = {
    "comment_add": {"body": "Un commentaire."},
    "comment_resolve": {"action": "resolve"},
    "review": {"status": SectionStatus.IN_REVIEW, "checklist": list(GENDER_CHECKLIST)},
    "follow": {"action": "follow"},
    "publish": {},
    "unpublish": {},
}


def test_every_discussion_route_has_a_row():
    names = {p.name for p in discussion_urlpatterns if isinstance(p, URLPattern)}

    assert names == {name for name, _case in MATRIX}


@pytest.fixture
def world(coordinator, donor, administrator, member):
    strategy = StrategyFactory()
    draft = make_section(strategy=strategy, title="Brouillon", body=BASE, author=coordinator)
    published = make_section(strategy=strategy, title="Publiée", body=BASE, author=coordinator)
    services.section_set_status(section=published, status=SectionStatus.IN_REVIEW,
                                changed_by=coordinator)  # fmt: skip
    services.section_set_status(
        section=published, status=SectionStatus.VALIDATED, changed_by=coordinator,
        checklist=dict.fromkeys(GENDER_CHECKLIST, True),
    )  # fmt: skip
    services.strategy_publish(strategy=strategy, published_by=coordinator)
    cases = {}
    for case, section in (("draft", draft), ("published", published)):
        cases[case] = {
            "slug": {"slug": section.slug},
            "comment_resolve": {
                "pk": services.comment_add(section=section, author=member, body="Fil").pk
            },
            "amendment": {"pk": _propose(section, member, BASE + "\n\nAjout.").pk},
        }
    cases["missing"] = {
        "slug": {"slug": "nulle-part"},
        "comment_resolve": {"pk": 999_999},
        "amendment": {"pk": 999_999},
    }
    users = {
        "visitor": None,
        "member": member,
        "coordinator": coordinator,
        "donor": donor,
        "administrator": administrator,
    }
    return {"users": users, "cases": cases}


def _matrix_url(name: str, case: dict) -> str:
    if name in ("publish", "unpublish"):
        return _url(name)
    return _url(name, **case.get(name, case["slug"]))


@pytest.mark.parametrize(("name", "case"), sorted(MATRIX))
def test_discussion_permission_matrix(client, world, name, case):
    url = _matrix_url(name, world["cases"][case])
    login = reverse("account_login")
    answers = []

    for role in ROLES:
        client.logout()
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        if name in POSTED:
            response = client.post(url, POSTED[name])
        else:
            response = client.get(url)
        is_login = response.status_code == 302 and response.url.startswith(login)
        answers.append(LOGIN if is_login else response.status_code)

    assert answers == MATRIX[(name, case)]


def test_post_routes_refuse_get(client, coordinator, section):
    client.force_login(coordinator)

    statuses = [
        client.get(_url(name, slug=section.slug)).status_code
        for name in ("comment_add", "review", "follow")
    ]

    assert statuses == [405, 405, 405]


@pytest.mark.parametrize("item_count", [1, 20])
def test_section_page_with_its_discussion_query_count_is_fixed(
    client, member, coordinator, item_count, django_assert_num_queries
):
    section = _discussed_section(member, coordinator, item_count)
    client.force_login(coordinator)

    # 12 for the whole page, whatever the number of comments and amendments: the
    # panel's (see test_discussion_panel_query_count_is_fixed, less "following", which
    # comes with the section) and the section page's own (user, section,
    # numbers, the newest revision in each language, the recommendations taken in, inbox).
    with django_assert_num_queries(11):
        response = client.get(section.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="thread') == item_count
    assert html.count('<tr id="amendment-') == item_count + 1


@pytest.mark.django_db
def test_coordinator_withdraws_the_strategy_from_the_public(client, coordinator):
    from strategy.models import Strategy

    section = make_section(author=coordinator)
    client.force_login(coordinator)
    client.post("/fr/strategy/publish/")

    response = client.post("/fr/strategy/unpublish/", {"next": "/fr/strategy/"})

    assert response["Location"] == "/fr/strategy/"
    assert Strategy.objects.get(pk=section.strategy_id).published_at is None


# --- The panel's empty forms, kept in the cache ---------------------------------------


def _ticked(html: str) -> list[str]:
    """The checklist boxes ticked on the page, by value."""
    return sorted(
        re.findall(r'<input type="checkbox" name="checklist" value="(\w+)"[^>]*checked', html)
    )


def test_second_section_page_renders_no_form_widget_again(client, coordinator, section):
    from django.forms.boundfield import BoundField

    client.force_login(coordinator)
    first = client.get(section.get_absolute_url()).content.decode()
    calls = []
    original = BoundField.as_widget

    def counted(self, *args, **kwargs):
        calls.append(self.name)
        return original(self, *args, **kwargs)

    BoundField.as_widget = counted
    try:
        again = client.get(section.get_absolute_url()).content.decode()
    finally:
        BoundField.as_widget = original

    assert calls == []
    assert (
        again.count('name="checklist"') == first.count('name="checklist"') == len(GENDER_CHECKLIST)
    )
    assert 'name="body"' in again


def test_review_fields_follow_the_checklist_and_the_status(client, coordinator, section):
    client.force_login(coordinator)
    before = client.get(section.get_absolute_url()).content.decode()
    ticked = sorted(GENDER_CHECKLIST)[:2]

    services.section_set_status(
        section=section, status=SectionStatus.IN_REVIEW, changed_by=coordinator,
        checklist={key: key in ticked for key in GENDER_CHECKLIST},
    )  # fmt: skip
    after = client.get(section.get_absolute_url()).content.decode()

    validate = f'name="status" value="{SectionStatus.VALIDATED}"'
    assert (_ticked(before), _ticked(after)) == ([], ticked)
    assert validate not in before.split('id="review"', 1)[1]  # a draft cannot be validated
    assert validate in after.split('id="review"', 1)[1]


def test_the_kept_form_fields_are_in_the_readers_language(client, coordinator, section):
    client.force_login(coordinator)

    french = client.get(section.get_absolute_url()).content.decode()
    english = client.get(_en_url(section)).content.decode()

    assert (_label(french, "comment-body"), _label(english, "comment-body")) == (
        "Commentaire\u00a0:",
        "Comment:",
    )


def _en_url(section) -> str:
    with translation.override("en"):
        return section.get_absolute_url()


def _label(html: str, for_id: str) -> str:
    return re.search(rf'<label for="{for_id}">(.*?)</label>', html, re.S).group(1)
