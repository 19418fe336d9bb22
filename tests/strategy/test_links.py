"""The chain recommendation → strategy section, shown from both ends (``strategy/links.py``):
the recommendation page lists the sections it was taken into, the section page the
recommendations taken into it; each side hidden from who may not see it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import resolve, reverse
from django.utils import timezone, translation

from dialogues.enums import RecommendationStatus, Visibility
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
