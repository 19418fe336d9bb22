"""The dashboard's reporting block (``progress/blocks/dashboard.html``): how a member finds the
values page and learns which indicators their organisation may report on."""

import pytest

from members.enums import MembershipStatus
from network.progress.enums import Source
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.progress import IndicatorFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db

VALUES_LINK = 'href="/en/progress/values/"'
BLOCK = 'id="reporting-title"'


@pytest.fixture(autouse=True)
def _indicators_numbered_from_one():
    IndicatorFactory.reset_sequence(0)


def dashboard(client, user) -> str:
    client.force_login(user)
    return client.get("/en/dashboard/").content.decode()


def test_member_dashboard_links_the_values_page_and_lists_the_open_indicators(client):
    member = OrganisationPersonFactory().user
    opened = IndicatorFactory(name="Femmes médiatrices formées", members_may_report=True)
    IndicatorFactory(name="Rapports du réseau")
    IndicatorFactory(
        name="Organisations membres actives",
        source=Source.COMPUTED,
        computation="active_organisations",
    )

    html = dashboard(client, member)

    assert BLOCK in html
    assert VALUES_LINK in html
    assert "1.1 Femmes médiatrices formées" in html
    assert f'href="/en/progress/indicators/{opened.pk}/values/new/"' in html
    assert "Rapports du réseau" not in html
    assert "Organisations membres actives" not in html


def test_member_dashboard_says_when_no_indicator_is_open(client):
    member = OrganisationPersonFactory().user
    IndicatorFactory(name="Rapports du réseau")

    html = dashboard(client, member)

    assert VALUES_LINK in html
    assert "No indicator is open to member organisations yet." in html
    assert "Rapports du réseau" not in html


@pytest.mark.parametrize("roles", [["coordinator"], ["donor"], []])
def test_reporting_block_is_only_for_members(client, roles):
    IndicatorFactory(members_may_report=True)

    html = dashboard(client, UserFactory(roles=roles))

    assert BLOCK not in html


def test_person_of_a_suspended_organisation_gets_no_reporting_block(client):
    organisation = OrganisationFactory(status=MembershipStatus.SUSPENDED)
    person = OrganisationPersonFactory(organisation=organisation).user

    html = dashboard(client, person)

    assert BLOCK not in html
    assert VALUES_LINK not in html


@pytest.mark.parametrize("item_count", [1, 20])
def test_member_dashboard_query_count(client, django_assert_num_queries, item_count):
    member = OrganisationPersonFactory().user
    objective = ObjectiveFactory()
    IndicatorFactory.create_batch(item_count, objective=objective, members_may_report=True)
    client.force_login(member)

    # user, unread notifications, memberships, user's roles, is-member check,
    # open indicators
    with django_assert_num_queries(6):
        response = client.get("/en/dashboard/")

    assert response.status_code == 200
