"""The chain recommendation → strategy section, shown from both ends (``strategy/links.py``):
the recommendation page lists the sections it was taken into, the section page the
recommendations taken into it; each side hidden from who may not see it."""

import re
import threading
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import resolve, reverse
from django.utils import timezone, translation

from dialogues.enums import RecommendationStatus, Visibility
from dialogues.models import Recommendation
from network.pages import blocks
from strategy.enums import SectionStatus
from strategy.links import recommendations_of_section, sections_of_recommendation
from strategy.models import Section
from tests.factories import OrganisationPersonFactory
from tests.factories.dialogues import DialogueEventFactory, RecommendationFactory
from tests.factories.strategy import StrategyFactory, make_section

pytestmark = pytest.mark.django_db


def _en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _recommendation_page(recommendation) -> str:
    return _en("dialogues:recommendation", pk=recommendation.pk)


def _section_page(section) -> str:
    return _en("strategy:section", slug=section.slug)


def _block_request(rf, url: str, user):
    """A request as a block gets it: with the URL's resolver match and the reader."""
    request = rf.get(url)
    with translation.override("en"):
        request.resolver_match = resolve(request.path)
    request.user = user
    return request


def _validate_and_publish(section: Section) -> None:
    Section.objects.filter(pk=section.pk).update(status=SectionStatus.VALIDATED)
    strategy = section.strategy
    strategy.published_at = timezone.now()
    strategy.save()


@pytest.fixture
def chain(db):
    """A public recommendation taken into the section "Sécurité alimentaire" (a draft)."""
    recommendation = RecommendationFactory(
        text="Soutenir les banques de céréales des femmes",
        status=RecommendationStatus.TAKEN,
    )
    section = make_section(strategy=StrategyFactory(), title="Sécurité alimentaire")
    section.recommendations.add(recommendation)
    return recommendation, section


def test_blocks_are_registered_for_the_recommendation_and_section_pages():
    assert "strategy_sections" in blocks._registry["recommendation"]
    assert "recommendations" in blocks._registry["section"]


def test_recommendation_page_lists_the_section_it_was_taken_into(client, coordinator, chain):
    recommendation, section = chain
    client.force_login(coordinator)

    html = client.get(_recommendation_page(recommendation)).content.decode()

    assert f'<a href="{section.get_absolute_url()}">Sécurité alimentaire</a>' in html
    assert "In the strategy" in html


def test_section_page_lists_the_recommendation_taken_into_it(client, coordinator, chain):
    recommendation, section = chain
    client.force_login(coordinator)

    html = client.get(_section_page(section)).content.decode()

    url = recommendation.get_absolute_url()
    assert f'<a href="{url}">Soutenir les banques de céréales des femmes</a>' in html
    assert "Recommendations taken into this section" in html


def test_visitor_does_not_see_a_draft_section_on_the_recommendation_page(client, chain):
    recommendation, section = chain

    response = client.get(_recommendation_page(recommendation))

    assert response.status_code == 200
    assert "Sécurité alimentaire" not in response.content.decode()
    assert "In the strategy" not in response.content.decode()


def test_visitor_sees_a_validated_section_of_the_published_strategy(client, chain):
    recommendation, section = chain
    _validate_and_publish(section)

    html = client.get(_recommendation_page(recommendation)).content.decode()

    assert f'<a href="{section.get_absolute_url()}">Sécurité alimentaire</a>' in html


def test_section_page_hides_a_recommendation_whose_event_the_reader_may_not_see(client, chain):
    recommendation, section = chain
    recommendation.event.visibility = Visibility.RESTRICTED
    recommendation.event.save()
    _validate_and_publish(section)

    response = client.get(_section_page(section))

    assert response.status_code == 200
    assert "Soutenir les banques" not in response.content.decode()
    assert "Recommendations taken into this section" not in response.content.decode()


def test_member_sees_a_network_event_recommendation_on_the_section_page(client, chain):
    recommendation, section = chain
    recommendation.event.visibility = Visibility.NETWORK
    recommendation.event.save()
    client.force_login(OrganisationPersonFactory().user)

    html = client.get(_section_page(section)).content.decode()

    assert "Soutenir les banques de céréales des femmes" in html


def test_section_block_lists_only_what_the_reader_may_see_oldest_event_first(
    rf, coordinator, chain
):

    recommendation, section = chain
    earlier = DialogueEventFactory(starts_at=recommendation.event.starts_at.replace(year=2014))
    first = RecommendationFactory(event=earlier)
    hidden = RecommendationFactory(event=DialogueEventFactory(visibility=Visibility.RESTRICTED))
    section.recommendations.add(first, hidden)
    _validate_and_publish(section)
    url = _section_page(section)

    for_visitor = recommendations_of_section(_block_request(rf, url, AnonymousUser()))
    for_coordinator = recommendations_of_section(_block_request(rf, url, coordinator))

    assert for_visitor["recommendations"] == [first, recommendation]
    assert for_coordinator["recommendations"] == [first, recommendation, hidden]


@pytest.mark.parametrize("item_count", [1, 20])
def test_recommendation_block_costs_one_query_for_a_visitor(
    rf, django_assert_num_queries, item_count
):

    recommendation = RecommendationFactory()
    strategy = StrategyFactory()
    for n in range(item_count):
        make_section(strategy=strategy, title=f"Section {n}").recommendations.add(recommendation)
    Section.objects.update(status=SectionStatus.VALIDATED)
    strategy.published_at = timezone.now()
    strategy.save()
    request = _block_request(rf, _recommendation_page(recommendation), AnonymousUser())

    with django_assert_num_queries(1):
        context = sections_of_recommendation(request)

    assert len(context["sections"]) == item_count


@pytest.mark.parametrize("item_count", [1, 20])
def test_section_block_costs_one_query_for_a_visitor(rf, django_assert_num_queries, item_count):

    section = make_section(strategy=StrategyFactory())
    section.recommendations.add(*RecommendationFactory.create_batch(item_count))
    _validate_and_publish(section)
    request = _block_request(rf, _section_page(section), AnonymousUser())

    with django_assert_num_queries(1):
        context = recommendations_of_section(request)

    assert len(context["recommendations"]) == item_count


@pytest.mark.django_db
def test_coordinator_takes_a_recommendation_into_a_section(client, coordinator):
    from dialogues.models import Recommendation
    from strategy.services import section_create
    from tests.factories.dialogues import RecommendationFactory
    from tests.factories.strategy import StrategyFactory

    section = section_create(strategy=StrategyFactory(), title="Genre", body="x", author=None)
    made = RecommendationFactory(text_fr="Associer les femmes", text="Associer les femmes")
    client.force_login(coordinator)

    response = client.post(f"/fr/strategy/{section.slug}/recommendations/", {"take": made.pk})

    made = Recommendation.objects.get(pk=made.pk)
    assert response.status_code == 302
    assert made.status == "taken"
    assert list(section.recommendations.all()) == [made]
    page = client.get(f"/fr/dialogues/recommendations/{made.pk}/").content.decode()
    assert f'href="/fr/strategy/{section.slug}/"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["take", "release"])
def test_recommendation_ids_in_other_digits_change_nothing(client, coordinator, field):
    """``"²".isdigit()`` is true but ``int("²")`` fails: such an id used to answer 500."""
    from tests.factories.strategy import make_section

    section = make_section()
    client.force_login(coordinator)

    response = client.post(f"/fr/strategy/{section.slug}/recommendations/", {field: "²"})

    assert response.status_code == 302
    assert list(section.recommendations.all()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "donor"])
def test_only_coordinators_link_recommendations(client, role):
    from tests.factories import UserFactory
    from tests.factories.dialogues import RecommendationFactory
    from tests.factories.strategy import make_section

    section = make_section()
    made = RecommendationFactory()
    client.force_login(UserFactory(roles=[role] if role else []))

    response = client.post(f"/fr/strategy/{section.slug}/recommendations/", {"take": made.pk})

    assert response.status_code == 404
    assert section.recommendations.count() == 0


# --- The page of recommendations a coordinator may take in (``strategy/views_links.py``) ---


def _candidates_page(section, **query) -> str:
    url = _en("strategy:recommendations", slug=section.slug)
    return f"{url}?{urlencode(query)}" if query else url


def _listed(response) -> list[str]:
    """The texts of the recommendations offered, in page order."""
    return [recommendation.text_fr for recommendation in response.context["recommendations"]]


def test_section_page_links_coordinators_to_the_recommendations_to_take_in(
    client, coordinator, chain
):
    _recommendation, section = chain
    client.force_login(coordinator)

    html = client.get(_section_page(section)).content.decode()

    assert f'href="{_candidates_page(section)}"' in html
    assert 'name="take"' not in html  # no list of candidates on the section page itself


def test_members_see_no_link_to_take_recommendations_in(client, chain):
    _recommendation, section = chain
    person = OrganisationPersonFactory()
    client.force_login(person.user)

    html = client.get(_section_page(section)).content.decode()

    assert _candidates_page(section) not in html
    assert "Remove the link" not in html


def test_candidates_are_the_proposed_recommendations_latest_first(client, coordinator):
    section = make_section(strategy=StrategyFactory())
    older = RecommendationFactory(text="Former les médiatrices")
    newer = RecommendationFactory(text="Protéger les marchés")
    RecommendationFactory(text="Déjà prise", status=RecommendationStatus.TAKEN)
    RecommendationFactory(
        text="Déclinée", status=RecommendationStatus.DECLINED, decline_reason="Hors sujet"
    )
    client.force_login(coordinator)

    response = client.get(_candidates_page(section))

    assert response.status_code == 200
    assert _listed(response) == [newer.text, older.text]
    assert "2 proposed recommendations" in response.content.decode()


def test_candidates_are_found_by_their_text_in_any_language_or_their_event(client, coordinator):
    section = make_section(strategy=StrategyFactory())
    RecommendationFactory(text="Former les médiatrices", text_en="Train women mediators")
    RecommendationFactory(
        text="Protéger les marchés", event=DialogueEventFactory(title="Forum de Sévaré")
    )
    RecommendationFactory(text="Autre chose")
    client.force_login(coordinator)

    by_english = client.get(_candidates_page(section, q="MEDIATORS"))
    by_event = client.get(_candidates_page(section, q="sévaré"))
    nothing = client.get(_candidates_page(section, q="introuvable"))

    assert _listed(by_english) == ["Former les médiatrices"]
    assert _listed(by_event) == ["Protéger les marchés"]
    assert _listed(nothing) == []
    assert "No proposed recommendation matches these filters." in nothing.content.decode()


def test_candidates_are_filtered_by_the_level_of_their_event_and_a_wrong_level_is_ignored(
    client, coordinator
):
    section = make_section(strategy=StrategyFactory())
    RecommendationFactory(text="Du village", event=DialogueEventFactory(level="community"))
    RecommendationFactory(text="De Bamako", event=DialogueEventFactory(level="national"))
    client.force_login(coordinator)

    national = client.get(_candidates_page(section, level="national"))
    wrong = client.get(_candidates_page(section, level="<script>", q="village"))

    assert _listed(national) == ["De Bamako"]
    assert wrong.status_code == 200
    assert _listed(wrong) == ["Du village"]  # the search still works
    assert "<script>" not in wrong.content.decode().split("<main", 1)[1]


def test_candidates_page_says_when_nothing_waits_and_comes_in_pages_of_twenty(client, coordinator):
    section = make_section(strategy=StrategyFactory())
    client.force_login(coordinator)

    empty = client.get(_candidates_page(section)).content.decode()
    RecommendationFactory.create_batch(21)
    second = client.get(_candidates_page(section, page=2))

    assert "No recommendation is waiting to be taken into the strategy." in empty
    assert len(second.context["recommendations"]) == 1
    assert "Page 2 of 2" in second.content.decode()


def test_taking_a_candidate_goes_back_to_the_list_with_its_filters(client, coordinator):
    section = make_section(strategy=StrategyFactory())
    made = RecommendationFactory(text="Former les médiatrices")
    client.force_login(coordinator)
    back = _candidates_page(section, q="médiatrices")

    response = client.post(_candidates_page(section), {"take": made.pk, "next": back}, follow=True)

    made.refresh_from_db()
    assert made.status == RecommendationStatus.TAKEN
    assert list(section.recommendations.all()) == [made]
    assert response.redirect_chain[-1][0] == back
    assert "The recommendation is taken into this section." in response.content.decode()
    assert _listed(response) == []  # taken: no longer offered


@pytest.mark.parametrize(
    "next_url", ["https://example.com/", "//example.com/fr/", "/en/strategy/", ""]
)
def test_after_taking_a_candidate_any_other_next_goes_to_the_section(client, coordinator, next_url):
    section = make_section(strategy=StrategyFactory())
    made = RecommendationFactory()
    client.force_login(coordinator)

    response = client.post(_candidates_page(section), {"take": made.pk, "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == section.get_absolute_url()


def test_taking_a_recommendation_no_longer_proposed_is_refused_with_a_message(client, coordinator):
    section = make_section(strategy=StrategyFactory())
    declined = RecommendationFactory(
        status=RecommendationStatus.DECLINED, decline_reason="Hors sujet"
    )
    client.force_login(coordinator)

    response = client.post(_candidates_page(section), {"take": declined.pk}, follow=True)

    assert section.recommendations.count() == 0
    assert "Only a proposed recommendation can be taken into the strategy." in (
        response.content.decode()
    )


@pytest.mark.parametrize("role", ["member", "donor"])
def test_only_coordinators_see_the_recommendations_to_take_in(client, role):
    from tests.factories import UserFactory

    section = make_section(strategy=StrategyFactory())
    RecommendationFactory(text="Former les médiatrices")
    user = OrganisationPersonFactory().user if role == "member" else UserFactory(roles=[role])
    client.force_login(user)

    assert client.get(_candidates_page(section)).status_code == 404


@pytest.mark.parametrize("item_count", [1, 20])
def test_candidates_page_query_count_is_fixed(
    client, coordinator, django_assert_num_queries, item_count
):
    section = make_section(strategy=StrategyFactory())
    RecommendationFactory.create_batch(item_count)
    client.force_login(coordinator)

    # user, roles; the section; the count and the page of recommendations
    # with their events; unread notifications.
    with django_assert_num_queries(6):
        response = client.get(_candidates_page(section))

    assert len(response.context["recommendations"]) == item_count


def test_taking_the_last_candidate_of_the_last_page_goes_back_to_the_list(client, coordinator):
    """Found by the breaking session: ``next`` kept ``page=2``, a page that no longer exists
    once its only recommendation is taken (404)."""
    section = make_section(strategy=StrategyFactory())
    RecommendationFactory.create_batch(21)
    client.force_login(coordinator)
    listing = client.get(_candidates_page(section, page=2, q="Recommandation"))
    only = listing.context["recommendations"][0]
    form = re.search(r'name="take" value="\d+"><input type="hidden" name="next" value="([^"]*)"',
                     listing.content.decode())  # fmt: skip
    back = form.group(1)

    response = client.post(
        _candidates_page(section), {"take": only.pk, "next": back.replace("&amp;", "&")}
    )

    assert response["Location"] == _candidates_page(section, q="Recommandation")
    assert client.get(response["Location"]).status_code == 200


def test_a_recommendation_taken_meanwhile_is_linked_without_deciding_it_twice(coordinator):
    """Found by the breaking session: two coordinators taking the same recommendation at once;
    the second read it as proposed, then the decision refused it (500). The service reads it
    again under a lock: the second link is made, the decision recorded once."""
    from network.accounts.models import AuditLogEntry
    from strategy.services import section_take_recommendation

    first, second = make_section(strategy=StrategyFactory()), make_section()
    made = RecommendationFactory()
    stale = Recommendation.objects.get(pk=made.pk)  # read by the second coordinator
    section_take_recommendation(section=first, recommendation=made, taken_by=coordinator)
    decisions = AuditLogEntry.objects.count()

    section_take_recommendation(section=second, recommendation=stale, taken_by=coordinator)

    assert set(made.strategy_sections.all()) == {first, second}
    assert AuditLogEntry.objects.count() == decisions


def test_a_recommendation_declined_meanwhile_is_refused_with_a_message(client, coordinator):
    section = make_section(strategy=StrategyFactory())
    made = RecommendationFactory()
    client.force_login(coordinator)
    Recommendation.objects.filter(pk=made.pk).update(status="declined", decline_reason="Non")

    response = client.post(_candidates_page(section), {"take": made.pk}, follow=True)

    assert response.status_code == 200
    assert section.recommendations.count() == 0
    assert "Only a proposed recommendation can be taken into the strategy." in (
        response.content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_take_the_same_recommendation_at_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are what is tested (PostgreSQL)")
    from django.test import Client

    from tests.factories import UserFactory

    sections = [make_section(strategy=StrategyFactory()), make_section()]
    made = RecommendationFactory()
    coordinators = [UserFactory(roles=["coordinator"]) for _ in sections]
    barrier = threading.Barrier(len(sections))
    statuses = []

    def take(section, user):
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            statuses.append(client.post(_candidates_page(section), {"take": made.pk}).status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=take, args=pair)
        for pair in zip(sections, coordinators, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    made.refresh_from_db()
    assert statuses == [302, 302]
    assert made.status == RecommendationStatus.TAKEN
    assert set(made.strategy_sections.all()) == set(sections)


def test_removing_the_last_link_puts_the_recommendation_back_among_the_proposed(
    client, coordinator
):
    """Found by the fresh-user walkthrough: a recommendation unlinked from its only section
    stayed "taken into the strategy", in no section and offered nowhere."""
    from network.accounts.models import AuditLogEntry

    first, second = make_section(strategy=StrategyFactory()), make_section()
    made = RecommendationFactory(text="Former les médiatrices")
    client.force_login(coordinator)
    for section in (first, second):
        client.post(_candidates_page(section), {"take": made.pk})

    client.post(_candidates_page(first), {"release": made.pk})
    made.refresh_from_db()
    still_taken = made.status
    client.post(_candidates_page(second), {"release": made.pk})
    made.refresh_from_db()

    assert still_taken == RecommendationStatus.TAKEN  # still in the other section
    assert (made.status, made.decided_at) == (RecommendationStatus.PROPOSED, None)
    assert _listed(client.get(_candidates_page(first))) == ["Former les médiatrices"]
    assert AuditLogEntry.objects.filter(data__reopened=True).count() == 1


def test_candidates_are_found_by_every_word_of_the_search_in_any_order(client, coordinator):
    section = make_section(strategy=StrategyFactory())
    RecommendationFactory(
        text="Associer les femmes à la gestion des terres",
        event=DialogueEventFactory(title="Forum de Sévaré"),
    )
    RecommendationFactory(text="Associer les jeunes à la gestion des terres")
    client.force_login(coordinator)

    both = client.get(_candidates_page(section, q="terres  FEMMES"))
    across = client.get(_candidates_page(section, q="femmes Sévaré"))

    assert _listed(both) == ["Associer les femmes à la gestion des terres"]
    assert _listed(across) == ["Associer les femmes à la gestion des terres"]
