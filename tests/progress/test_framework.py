"""The coordinators' management of the results framework (``views_framework.py``) and the demo."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils import translation

from network.accounts.enums import AuditAction
from network.accounts.models import AuditLogEntry
from network.progress import demo, services
from network.progress.computed import COMPUTATIONS
from network.progress.enums import Source, Unit, ValueStatus
from network.progress.models import Indicator, IndicatorValue, Milestone, Objective, Period
from tests.factories import OrganisationPersonFactory, UserFactory
from tests.factories.progress import (
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    ObjectiveFactory,
    PeriodFactory,
)

pytestmark = pytest.mark.django_db

BASE = "/en/progress/framework/"
TWELVE_DIGITS = "Ensure that there are no more than 12 digits in total."
ONE_LINE = "Use a name on one line, without control characters."
NOT_A_CHOICE = "Select a valid choice. That choice is not one of the available choices."
TOO_LONG = "Ensure this value has at most 100 characters (it has 101)."


def _framework_audit():
    return AuditLogEntry.objects.filter(action__startswith="progress.")


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _indicator_data(**changes) -> dict:
    """What a coordinator types to add a reported indicator to objective 1."""
    data = {
        "objective": str(Objective.objects.get(number=1).pk),
        "number": "",
        "name_fr": "Organisations formées",
        "name_en": "Organisations trained",
        "name_bm": "",
        "definition_fr": "Organisations dont une personne a suivi la formation.",
        "definition_en": "",
        "definition_bm": "",
        "source": Source.REPORTED,
        "computation": "",
        "unit": Unit.NUMBER,
        "direction": "increase",
        "baseline": "0",
        "baseline_date": "2013-11-01",
        "target": "40",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def objective(db):
    return ObjectiveFactory(number=1)


# --- Who may come ---------------------------------------------------------------


def _urls() -> list[str]:
    """Every framework URL, with existing objects for those that name one."""
    indicator = IndicatorFactory()
    period = PeriodFactory()
    milestone = MilestoneFactory()
    return [
        BASE,
        f"{BASE}indicators/new/",
        f"{BASE}indicators/{indicator.pk}/edit/",
        f"{BASE}indicators/{indicator.pk}/delete/",
        f"{BASE}periods/new/",
        f"{BASE}periods/{period.pk}/edit/",
        f"{BASE}periods/{period.pk}/delete/",
        f"{BASE}milestones/new/",
        f"{BASE}milestones/{milestone.pk}/edit/",
        f"{BASE}milestones/{milestone.pk}/delete/",
    ]


def test_framework_urls_send_a_visitor_to_log_in(client):
    for url in _urls():
        response = client.get(url)

        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/accounts/login/?next=") or response[
            "Location"
        ].startswith("/accounts/login/?next="), url


@pytest.mark.parametrize("who", ["donor", "member", "no_role"])
def test_framework_urls_answer_404_to_others(client, who):
    if who == "member":
        user = OrganisationPersonFactory().user
    else:
        user = UserFactory(roles=["donor"] if who == "donor" else [])
    urls = _urls()
    client.force_login(user)

    statuses = {url: client.get(url).status_code for url in urls}
    posted = {url: client.post(url).status_code for url in urls}

    assert set(statuses.values()) == {404}
    assert set(posted.values()) == {404}
    assert Period.objects.count() == 1
    assert Milestone.objects.count() == 1
    assert Indicator.objects.count() == 1


def test_framework_urls_answer_404_for_a_missing_object(coordinator_client):
    urls = ["indicators/999/edit/", "indicators/999/delete/"]
    urls += ["periods/999/edit/", "periods/999/delete/"]
    urls += ["milestones/999/edit/", "milestones/999/delete/"]

    statuses = {url: coordinator_client.get(BASE + url).status_code for url in urls}

    assert set(statuses.values()) == {404}


def test_framework_page_opens_for_an_administrator(client, administrator):
    client.force_login(administrator)

    assert client.get(BASE).status_code == 200


# --- The framework page ---------------------------------------------------------


def test_framework_page_lists_objectives_indicators_periods_and_milestones(coordinator_client):
    ObjectiveFactory(number=2)
    indicator = IndicatorFactory(number=3, name="Formations", name_fr="Formations", public=True)
    used, free = PeriodFactory(), PeriodFactory()
    IndicatorValueFactory(indicator=indicator, period=used)
    milestone = MilestoneFactory(date=datetime.date(2014, 2, 20), title_en="Inception workshop")

    content = coordinator_client.get(BASE).content.decode()

    assert "<td>1.3</td>" in content
    assert "<td>Formations</td>" in content
    assert f'href="{BASE}indicators/{indicator.pk}/edit/"' in content
    assert f'href="{BASE}indicators/new/?objective=2"' in content
    assert f'href="{BASE}periods/{used.pk}/edit/"' in content
    assert f'href="{BASE}periods/{used.pk}/delete/"' not in content
    assert f'href="{BASE}periods/{free.pk}/delete/"' in content
    assert "<td>Inception workshop</td>" in content
    assert f'href="{BASE}milestones/{milestone.pk}/delete/"' in content
    assert "<td>20 February 2014</td>" in content


def test_framework_page_formats_targets_as_the_other_pages_do(coordinator_client):
    IndicatorFactory(target=Decimal("1500"))
    IndicatorFactory(target=Decimal("12.5"), unit=Unit.PERCENT)

    english = coordinator_client.get(BASE).content.decode()
    french = coordinator_client.get(BASE.replace("/en/", "/fr/")).content.decode()

    assert "<td>1,500</td>" in english
    assert "<td>12.50&nbsp;%</td>" in english
    assert "<td>1\xa0500</td>" in french
    assert "<td>12,50&nbsp;%</td>" in french


def test_framework_page_offers_to_delete_only_indicators_without_values(coordinator_client):
    used, unused = IndicatorFactory(), IndicatorFactory()
    IndicatorValueFactory(indicator=used)

    content = coordinator_client.get(BASE).content.decode()

    assert f'href="{BASE}indicators/{used.pk}/delete/"' not in content
    assert f'href="{BASE}indicators/{unused.pk}/delete/"' in content


def test_framework_page_escapes_hostile_text(coordinator_client):
    IndicatorFactory(name_fr="<script>alert(1)</script>", name_en="")

    content = coordinator_client.get(BASE).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_framework_page_empty_states(coordinator_client):
    content = coordinator_client.get(BASE).content.decode()

    assert "The objectives have not been entered yet" in content
    assert "No reporting period yet" in content
    assert "No milestone yet" in content


@pytest.mark.parametrize("item_count", [1, 20])
def test_framework_page_query_count(coordinator_client, django_assert_num_queries, item_count):
    for number in (1, 2):
        ObjectiveFactory(number=number)
    IndicatorFactory.create_batch(item_count)
    periods = [PeriodFactory() for _ in range(item_count)]
    IndicatorValueFactory(period=periods[0], indicator=Indicator.objects.first())
    MilestoneFactory.create_batch(item_count, objective=Objective.objects.get(number=2))

    # user, roles (permission); objectives, their indicators, those holding values;
    # periods (holding values); milestones with objectives; unread notifications
    with django_assert_num_queries(8):
        response = coordinator_client.get(BASE)

    assert len(response.context["objectives"][0].indicators.all()) == item_count


# --- Indicators -----------------------------------------------------------------


@pytest.mark.parametrize("objective_number", [1, 4])
def test_indicator_number_help_says_how_the_code_is_made_whatever_the_objective(
    coordinator_client, objective_number
):
    ObjectiveFactory(number=objective_number)

    content = coordinator_client.get(
        f"{BASE}indicators/new/", {"objective": objective_number}
    ).content.decode()

    assert (
        "The indicator&#x27;s code is the objective&#x27;s number, a dot, and this number. "
        "Leave it empty for the next free number."
    ) in content
    assert "(2.3)" not in content


def test_indicator_create_saves_audits_and_goes_back(coordinator_client, coordinator, objective):
    IndicatorFactory(objective=objective, number=4)

    response = coordinator_client.post(f"{BASE}indicators/new/", _indicator_data())

    assert response.status_code == 302
    assert response["Location"] == BASE
    indicator = Indicator.objects.get(name_fr="Organisations formées")
    assert (indicator.number, indicator.name_en, indicator.name_bm) == (
        5,
        "Organisations trained",
        "",
    )
    assert (indicator.target, indicator.source, indicator.computation) == (
        Decimal("40"), Source.REPORTED, "",
    )  # fmt: skip
    assert _messages(response) == ["Indicator 1.5 has been saved."]
    entry = AuditLogEntry.objects.get(action=AuditAction.INDICATOR_SAVED)
    assert (entry.actor, entry.data) == (coordinator, {"indicator": indicator.pk, "created": True})


def test_indicator_create_for_an_objective_proposes_its_next_number(coordinator_client):
    second = ObjectiveFactory(number=2)
    IndicatorFactory(objective=second, number=2)

    form = coordinator_client.get(f"{BASE}indicators/new/", {"objective": "2"}).context["form"]

    assert form.initial["objective"] == second.pk
    assert form.initial["number"] == 3


@pytest.mark.parametrize("asked", ["9", "abc", "1" * 30, "", "²", "1²", "߁"])
def test_indicator_create_ignores_an_unknown_objective(coordinator_client, objective, asked):
    response = coordinator_client.get(f"{BASE}indicators/new/", {"objective": asked})

    assert response.status_code == 200
    assert "objective" not in response.context["form"].initial


def test_indicator_create_shows_a_date_input_and_the_computations(coordinator_client, objective):
    PeriodFactory()

    content = coordinator_client.get(f"{BASE}indicators/new/").content.decode()

    assert 'type="date" name="baseline_date" value="2013-11-01"' in content
    assert "<dt>Share of women among participants</dt>" in content


def test_indicator_create_refuses_a_number_taken_in_the_objective(coordinator_client, objective):
    IndicatorFactory(objective=objective, number=2, name_fr="Existant")

    response = coordinator_client.post(f"{BASE}indicators/new/", _indicator_data(number="2"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "number": ["Indicator 1.2 exists already (Existant). Choose another number: 3 is free."]
    }
    assert 'value="Organisations formées"' in response.content.decode()
    assert Indicator.objects.count() == 1


def test_indicator_create_computed_takes_unit_and_breakdown_from_the_computation(
    coordinator_client, objective
):
    data = _indicator_data(
        source=Source.COMPUTED,
        computation="participants",
        unit=Unit.PERCENT,
        members_may_report="on",
        target="1500",
    )

    response = coordinator_client.post(f"{BASE}indicators/new/", data)

    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert (indicator.unit, indicator.disaggregated, indicator.members_may_report) == (
        Unit.NUMBER, True, False,
    )  # fmt: skip


def test_indicator_create_computed_needs_a_computation(coordinator_client, objective):
    response = coordinator_client.post(
        f"{BASE}indicators/new/", _indicator_data(source=Source.COMPUTED)
    )

    assert response.context["form"].errors == {
        "computation": ["Choose how the portal computes this indicator."]
    }


def test_indicator_create_reported_drops_a_chosen_computation(coordinator_client, objective):
    coordinator_client.post(f"{BASE}indicators/new/", _indicator_data(computation="participants"))

    assert Indicator.objects.get().computation == ""


def test_indicator_create_shows_the_service_error_on_its_field(coordinator_client, objective):
    data = _indicator_data(unit=Unit.PERCENT, disaggregated="on", target="50")

    response = coordinator_client.post(f"{BASE}indicators/new/", data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["disaggregated"]
    assert Indicator.objects.count() == 0
    assert _framework_audit().count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"baseline": "abc"}, "baseline", "Enter a number."),
        ({"target": "1234567890123"}, "target", TWELVE_DIGITS),
        ({"target": "1e20"}, "target", TWELVE_DIGITS),
        ({"target": "NaN"}, "target", "Enter a number."),
        ({"target": "-1"}, "target", "Ensure this value is greater than or equal to 0."),
        ({"target": "0.125"}, "target", "Ensure that there are no more than 2 decimal places."),
        ({"unit": Unit.PERCENT, "target": "120"}, "target", "A percentage lies between 0 and 100."),
        ({"name_fr": ""}, "name_fr", "This field is required."),
        ({"name_fr": "Deux\nlignes"}, "name_fr", ONE_LINE),
        ({"baseline_date": "2014-02-31"}, "baseline_date", "Enter a valid date."),
        ({"baseline_date": "99999-01-01"}, "baseline_date", "Enter a valid date."),
        ({"baseline_date": "1850-01-01"}, "baseline_date", "Give a date between 1990 and 2100."),
        ({"number": "0"}, "number", "Ensure this value is greater than or equal to 1."),
        ({"number": "9" * 30}, "number", "Ensure this value is less than or equal to 999."),
        ({"objective": "999"}, "objective", NOT_A_CHOICE),
        ({"source": "guessed"}, "source", "Select a valid choice. guessed is not one of the "
         "available choices."),
    ],
)  # fmt: skip
def test_indicator_create_bad_input_comes_back_with_what_was_typed(
    coordinator_client, objective, changes, field, message
):
    data = _indicator_data(name_en="<script>alert(1)</script>", **changes)

    response = coordinator_client.post(f"{BASE}indicators/new/", data)

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    content = response.content.decode()
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in content
    assert "<script>alert(1)</script>" not in content
    assert Indicator.objects.count() == 0


def test_indicator_create_accepts_a_french_decimal_comma(client, coordinator, objective):
    client.force_login(coordinator)

    client.post("/fr/progress/framework/indicators/new/", _indicator_data(target="12,5"))

    assert Indicator.objects.get().target == Decimal("12.5")


def test_indicator_edit_shows_the_stored_values(coordinator_client, objective):
    indicator = IndicatorFactory(objective=objective, number=2, name_en="Trainings", public=True)

    form = coordinator_client.get(f"{BASE}indicators/{indicator.pk}/edit/").context["form"]

    assert form.initial["objective"] == objective.pk
    assert (form.initial["number"], form.initial["name_en"], form.initial["public"]) == (
        2, "Trainings", True,
    )  # fmt: skip


def test_indicator_edit_saves_and_audits(coordinator_client, coordinator, objective):
    indicator = IndicatorFactory(objective=objective, number=2)
    data = _indicator_data(number="2", name_fr="Nouveau nom", public="on")

    response = coordinator_client.post(f"{BASE}indicators/{indicator.pk}/edit/", data)

    assert response["Location"] == BASE
    indicator.refresh_from_db()
    assert (indicator.name_fr, indicator.name_en, indicator.public) == (
        "Nouveau nom", "Organisations trained", True,
    )  # fmt: skip
    entry = AuditLogEntry.objects.get(action=AuditAction.INDICATOR_SAVED)
    assert entry.data == {"indicator": indicator.pk, "created": False}


def test_indicator_form_makes_a_reported_indicator_cumulative(coordinator_client, objective):
    page = coordinator_client.get(f"{BASE}indicators/new/").content.decode()

    response = coordinator_client.post(f"{BASE}indicators/new/", _indicator_data(cumulative="on"))

    assert response["Location"] == BASE
    assert Indicator.objects.get().cumulative is True
    assert "Values add up over the periods" in page
    assert (
        "Reported indicators only. Each period&#x27;s value then counts what happened in that "
        "period alone, and the figure shown and compared with the target is their running total."
    ) in page


def test_indicator_edit_shows_whether_it_is_cumulative(coordinator_client, objective):
    indicator = IndicatorFactory(objective=objective, number=1, cumulative=True)

    form = coordinator_client.get(f"{BASE}indicators/{indicator.pk}/edit/").context["form"]

    assert form.initial["cumulative"] is True


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"unit": Unit.PERCENT}, "Percentages do not add up over the periods: use a number."),
        (
            {"direction": "decrease", "baseline": "50", "target": "10"},
            "A running total only rises: an indicator whose values add up must be one where "
            "higher is better.",
        ),
    ],
)
def test_indicator_form_refuses_a_cumulative_indicator_that_cannot_add_up(
    coordinator_client, objective, changes, error
):
    data = _indicator_data(cumulative="on", **changes)

    response = coordinator_client.post(f"{BASE}indicators/new/", data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"cumulative": [error]}
    assert not Indicator.objects.exists()


def test_computed_indicator_is_never_cumulative(coordinator_client, objective):
    data = _indicator_data(source=Source.COMPUTED, computation="events_held", cumulative="on")

    response = coordinator_client.post(f"{BASE}indicators/new/", data)

    assert response["Location"] == BASE
    assert Indicator.objects.get().cumulative is False


def test_indicator_edit_keeps_its_own_number(coordinator_client, objective):
    indicator = IndicatorFactory(objective=objective, number=2)

    response = coordinator_client.post(
        f"{BASE}indicators/{indicator.pk}/edit/", _indicator_data(number="2")
    )

    assert response.status_code == 302


def test_indicator_edit_refuses_a_change_of_source_once_values_exist(coordinator_client, objective):
    indicator = IndicatorFactory(objective=objective, number=1)
    IndicatorValueFactory(indicator=indicator, status=ValueStatus.DRAFT)
    data = _indicator_data(number="1", source=Source.COMPUTED, computation="events_held")

    response = coordinator_client.post(f"{BASE}indicators/{indicator.pk}/edit/", data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "source": [
            "Values were reported for this indicator: its source cannot change. "
            "Create a new indicator instead."
        ]
    }
    assert "Edit indicator 1.1" in response.content.decode()
    indicator.refresh_from_db()
    assert (indicator.source, indicator.computation) == (Source.REPORTED, "")
    assert _framework_audit().count() == 0


def test_indicator_edit_changes_the_source_without_values(coordinator_client, objective):
    indicator = IndicatorFactory(objective=objective, number=1)
    data = _indicator_data(number="1", source=Source.COMPUTED, computation="events_held")

    coordinator_client.post(f"{BASE}indicators/{indicator.pk}/edit/", data)

    indicator.refresh_from_db()
    assert (indicator.source, indicator.computation) == (Source.COMPUTED, "events_held")


def test_indicator_save_refuses_a_change_of_source_once_values_exist(coordinator):
    value = IndicatorValueFactory()
    indicator = value.indicator
    indicator.source, indicator.computation = Source.COMPUTED, "events_held"

    with pytest.raises(ValidationError) as raised:
        services.indicator_save(indicator=indicator, actor=coordinator)

    assert list(raised.value.error_dict) == ["source"]
    assert Indicator.objects.get(pk=indicator.pk).source == Source.REPORTED


def test_indicator_save_keeps_the_source_with_values(coordinator):
    value = IndicatorValueFactory()
    indicator = value.indicator
    indicator.target = Decimal("250")

    services.indicator_save(indicator=indicator, actor=coordinator)

    assert Indicator.objects.get(pk=indicator.pk).target == Decimal("250")


# --- Periods --------------------------------------------------------------------


def _period_data(**changes) -> dict:
    data = {
        "name_fr": "Semestre 1 (nov. 2013 – avr. 2014)",
        "name_en": "Semester 1 (Nov 2013 – Apr 2014)",
        "name_bm": "",
        "starts_on": "2013-11-01",
        "ends_on": "2014-04-30",
    }
    data.update(changes)
    return data


def test_period_create_saves_audits_and_goes_back(coordinator_client, coordinator):
    response = coordinator_client.post(f"{BASE}periods/new/", _period_data())

    assert response["Location"] == BASE
    period = Period.objects.get()
    assert (period.name_fr, period.name_en, period.starts_on, period.ends_on) == (
        "Semestre 1 (nov. 2013 – avr. 2014)", "Semester 1 (Nov 2013 – Apr 2014)",
        datetime.date(2013, 11, 1), datetime.date(2014, 4, 30),
    )  # fmt: skip
    assert _messages(response) == ["The period “Semester 1 (Nov 2013 – Apr 2014)” has been saved."]
    entry = AuditLogEntry.objects.get(action=AuditAction.PERIOD_SAVED)
    assert (entry.actor, entry.data) == (coordinator, {"period": period.pk, "created": True})


def test_period_form_uses_date_inputs(coordinator_client):
    content = coordinator_client.get(f"{BASE}periods/new/").content.decode()

    assert '<input type="date" name="starts_on"' in content
    assert '<input type="date" name="ends_on"' in content


def test_period_create_accepts_the_day_typed_in_the_language_format(coordinator_client):
    coordinator_client.post(
        "/fr/progress/framework/periods/new/",
        _period_data(starts_on="01/11/2013", ends_on="30/04/2014"),
    )

    assert Period.objects.get().ends_on == datetime.date(2014, 4, 30)


def test_period_create_refuses_an_overlap_on_the_first_day(coordinator_client):
    PeriodFactory(name_fr="Semestre 1")

    response = coordinator_client.post(
        f"{BASE}periods/new/", _period_data(starts_on="2014-04-01", ends_on="2014-10-31")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "starts_on": ["These dates overlap the period “Semestre 1”."]
    }
    assert 'value="2014-04-01"' in response.content.decode()
    assert Period.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"ends_on": "2013-10-01"}, {"ends_on": ["The last day must come after the first."]}),
        ({"starts_on": "not a day"}, {"starts_on": ["Enter a valid date."]}),
        ({"name_fr": "  "}, {"name_fr": ["This field is required."]}),
        ({"name_fr": "x" * 101}, {"name_fr": [TOO_LONG]}),
    ],
)  # fmt: skip
def test_period_create_bad_input_comes_back(coordinator_client, changes, errors):
    response = coordinator_client.post(
        f"{BASE}periods/new/", _period_data(name_en="<b>S1</b>", **changes)
    )

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert 'value="&lt;b&gt;S1&lt;/b&gt;"' in response.content.decode()
    assert Period.objects.count() == 0


def test_period_edit_saves(coordinator_client):
    period = PeriodFactory()

    form = coordinator_client.get(f"{BASE}periods/{period.pk}/edit/").context["form"]
    response = coordinator_client.post(
        f"{BASE}periods/{period.pk}/edit/", _period_data(ends_on="2014-05-15")
    )

    assert form.initial["starts_on"] == datetime.date(2013, 11, 1)
    assert response["Location"] == BASE
    period.refresh_from_db()
    assert period.ends_on == datetime.date(2014, 5, 15)


def test_period_delete_confirms_then_deletes(coordinator_client, coordinator):
    period = PeriodFactory(name_en="Semester 1")

    page = coordinator_client.get(f"{BASE}periods/{period.pk}/delete/")
    response = coordinator_client.post(f"{BASE}periods/{period.pk}/delete/")

    assert "<h1>Delete the period “Semester 1”</h1>" in page.content.decode()
    assert response["Location"] == BASE
    assert _messages(response) == ["The period “Semester 1” has been deleted."]
    assert Period.objects.count() == 0
    entry = AuditLogEntry.objects.get(action=AuditAction.PERIOD_SAVED)
    assert entry.data == {"period": period.pk, "deleted": True}


def test_period_delete_refuses_a_period_holding_values(coordinator_client):
    value = IndicatorValueFactory()

    page = coordinator_client.get(f"{BASE}periods/{value.period.pk}/delete/").content.decode()
    response = coordinator_client.post(f"{BASE}periods/{value.period.pk}/delete/")

    assert '<p class="notice">This period holds values: it cannot be deleted.</p>' in page
    assert '<button type="submit">' not in page
    assert response["Location"] == BASE
    assert _messages(response) == ["This period holds values: it cannot be deleted."]
    assert Period.objects.count() == 1
    assert _framework_audit().count() == 0


def test_period_delete_page_of_an_empty_period_does_not_warn_about_values(coordinator_client):
    period = PeriodFactory()

    page = coordinator_client.get(f"{BASE}periods/{period.pk}/delete/").content.decode()

    assert "holds values" not in page
    assert 'class="notice"' not in page
    assert '<button type="submit">Delete</button>' in page


def test_edit_pages_offer_to_delete_only_what_may_be_deleted(coordinator_client):
    used_period, free_period = PeriodFactory(), PeriodFactory()
    used_indicator, free_indicator = IndicatorFactory(), IndicatorFactory()
    IndicatorValueFactory(indicator=used_indicator, period=used_period)
    milestone = MilestoneFactory()

    def page(kind, pk):
        return coordinator_client.get(f"{BASE}{kind}/{pk}/edit/").content.decode()

    delete = 'href="{}{}/{}/delete/"'
    assert delete.format(BASE, "periods", used_period.pk) not in page("periods", used_period.pk)
    assert delete.format(BASE, "periods", free_period.pk) in page("periods", free_period.pk)
    assert delete.format(BASE, "indicators", used_indicator.pk) not in page(
        "indicators", used_indicator.pk
    )
    assert delete.format(BASE, "indicators", free_indicator.pk) in page(
        "indicators", free_indicator.pk
    )
    assert delete.format(BASE, "milestones", milestone.pk) in page("milestones", milestone.pk)
    assert "/delete/" not in coordinator_client.get(f"{BASE}periods/new/").content.decode()


def test_indicator_delete_confirms_then_deletes(coordinator_client, coordinator, objective):
    indicator = IndicatorFactory(objective=objective, number=2, name_en="Trainings")

    page = coordinator_client.get(f"{BASE}indicators/{indicator.pk}/delete/").content.decode()
    response = coordinator_client.post(f"{BASE}indicators/{indicator.pk}/delete/")

    assert "<h1>Delete indicator 1.2 Trainings</h1>" in page
    assert 'class="notice"' not in page
    assert '<button type="submit">Delete</button>' in page
    assert response["Location"] == BASE
    assert _messages(response) == ["Indicator 1.2 has been deleted."]
    assert not Indicator.objects.exists()
    entry = AuditLogEntry.objects.get(action=AuditAction.INDICATOR_SAVED)
    assert (entry.actor, entry.data) == (coordinator, {"indicator": indicator.pk, "deleted": True})


def test_indicator_delete_refuses_an_indicator_holding_values(coordinator_client, objective):
    indicator = IndicatorFactory(objective=objective, number=1)
    IndicatorValueFactory(indicator=indicator, status=ValueStatus.DRAFT)

    page = coordinator_client.get(f"{BASE}indicators/{indicator.pk}/delete/").content.decode()
    response = coordinator_client.post(f"{BASE}indicators/{indicator.pk}/delete/")

    refusal = "Values were reported for this indicator: it cannot be deleted."
    assert f'<p class="notice">{refusal}</p>' in page
    assert '<button type="submit">' not in page
    assert response["Location"] == BASE
    assert _messages(response) == [refusal]
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1
    assert _framework_audit().count() == 0


# --- Milestones -----------------------------------------------------------------


def _milestone_data(**changes) -> dict:
    data = {
        "date": "2014-02-20",
        "title_fr": "Atelier de lancement",
        "title_en": "Inception workshop",
        "title_bm": "",
        "objective": "",
    }
    data.update(changes)
    return data


def test_milestone_create_saves_audits_and_goes_back(coordinator_client, coordinator):
    response = coordinator_client.post(f"{BASE}milestones/new/", _milestone_data())

    assert response["Location"] == BASE
    milestone = Milestone.objects.get()
    assert (milestone.date, milestone.title_fr, milestone.title_en, milestone.objective) == (
        datetime.date(2014, 2, 20), "Atelier de lancement", "Inception workshop", None,
    )  # fmt: skip
    assert _messages(response) == ["The milestone “Inception workshop” has been saved."]
    entry = AuditLogEntry.objects.get(action=AuditAction.MILESTONE_SAVED)
    assert (entry.actor, entry.data) == (coordinator, {"milestone": milestone.pk, "created": True})


def test_milestone_edit_ties_it_to_an_objective(coordinator_client, objective):
    milestone = MilestoneFactory()

    coordinator_client.post(
        f"{BASE}milestones/{milestone.pk}/edit/", _milestone_data(objective=str(objective.pk))
    )

    milestone.refresh_from_db()
    assert (milestone.objective, milestone.title_en) == (objective, "Inception workshop")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": "20/20/2014"}, "date"),
        ({"title_fr": ""}, "title_fr"),
        ({"objective": "x"}, "objective"),
    ],
)  # fmt: skip
def test_milestone_create_bad_input_comes_back(coordinator_client, changes, field):
    response = coordinator_client.post(f"{BASE}milestones/new/", _milestone_data(**changes))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert 'value="Inception workshop"' in response.content.decode()


def test_milestone_delete_confirms_then_deletes(coordinator_client):
    milestone = MilestoneFactory(title_en="Project end")

    page = coordinator_client.get(f"{BASE}milestones/{milestone.pk}/delete/")
    response = coordinator_client.post(f"{BASE}milestones/{milestone.pk}/delete/")

    assert "<h1>Delete the milestone “Project end”</h1>" in page.content.decode()
    assert _messages(response) == ["The milestone “Project end” has been deleted."]
    assert Milestone.objects.count() == 0
    entry = AuditLogEntry.objects.get(action=AuditAction.MILESTONE_SAVED)
    assert entry.data == {"milestone": milestone.pk, "deleted": True}


# --- Demo -----------------------------------------------------------------------


def _counts() -> tuple[int, ...]:
    return (
        Objective.objects.count(),
        Period.objects.count(),
        Indicator.objects.count(),
        IndicatorValue.objects.count(),
        Milestone.objects.count(),
    )


def test_demo_seed_twice_leaves_the_same_counts():
    demo.seed(log=lambda line: None)
    first = _counts()

    demo.seed(log=lambda line: None)

    assert _counts() == first == (4, 6, 15, 32, 5)


def test_demo_periods_are_the_six_semesters():
    demo.seed(log=lambda line: None)

    periods = list(Period.objects.order_by("starts_on"))

    assert [(p.starts_on, p.ends_on) for p in periods[:2]] == [
        (datetime.date(2013, 11, 1), datetime.date(2014, 4, 30)),
        (datetime.date(2014, 5, 1), datetime.date(2014, 10, 31)),
    ]
    assert periods[-1].ends_on == datetime.date(2016, 10, 31)
    assert (periods[0].name_fr, periods[0].name_en, periods[0].name_bm) == (
        "Semestre 1 (nov. 2013 – avr. 2014)",
        "Semester 1 (Nov 2013 – Apr 2014)",
        "Seemɛsitiri 1 (nowanburu 2013 – awirili 2014)",
    )


def test_demo_indicators_save_through_the_service_rules():
    demo.seed(log=lambda line: None)

    for indicator in Indicator.objects.select_related("objective"):
        indicator.full_clean()
        if indicator.is_computed:
            computation = COMPUTATIONS[indicator.computation]
            assert (indicator.unit, indicator.disaggregated) == (
                computation.unit, computation.disaggregated,
            ), indicator.code  # fmt: skip
    assert {i.objective.number for i in Indicator.objects.select_related("objective")} == {
        1, 2, 3, 4,
    }  # fmt: skip


def test_demo_values_are_approved_with_evidence_and_two_wait_for_a_decision():
    demo.seed(log=lambda line: None)

    values = IndicatorValue.objects.select_related("indicator__objective")
    statuses = sorted((v.indicator.code, v.status) for v in values if v.status != "approved")

    assert statuses == [("3.2", ValueStatus.SUBMITTED), ("4.1", ValueStatus.SUBMITTED)]
    assert all(v.evidence_note.startswith("Exemple") for v in values)
    assert all(v.indicator.source == Source.REPORTED for v in values)
    trained = [v for v in values if v.indicator.code == "3.2"]
    assert all(v.women + v.men == v.value for v in trained)


# --- Administration ---------------------------------------------------------------


def _admin_indicator_data(objective, **changes) -> dict:
    data = {
        "objective": str(objective.pk), "number": "1", "name_fr": "Formations", "name_en": "",
        "name_bm": "", "definition_fr": "", "definition_en": "", "definition_bm": "",
        "unit": Unit.NUMBER, "direction": "increase", "baseline": "0",
        "baseline_date": "01/11/2013", "target": "10", "source": Source.REPORTED,
        "computation": "", "created_at_0": "01/11/2013", "created_at_1": "10:00",
    }  # fmt: skip
    data.update(changes)
    return data


def test_admin_indicator_add_goes_through_the_service(client, administrator, objective):
    client.force_login(administrator)

    response = client.post(
        "/admin/progress/indicator/add/",
        _admin_indicator_data(
            objective, source=Source.COMPUTED, computation="women_share", unit=Unit.NUMBER
        ),
    )

    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert indicator.unit == Unit.PERCENT
    entries = list(_framework_audit())
    assert [(e.action, e.actor, e.data) for e in entries] == [
        (AuditAction.INDICATOR_SAVED, administrator, {"indicator": indicator.pk, "created": True})
    ]


def test_admin_indicator_change_of_source_with_values_is_a_form_error(
    client, administrator, objective
):
    indicator = IndicatorFactory(objective=objective, number=1)
    IndicatorValueFactory(indicator=indicator)
    client.force_login(administrator)

    response = client.post(
        f"/admin/progress/indicator/{indicator.pk}/change/",
        _admin_indicator_data(objective, source=Source.COMPUTED, computation="events_held"),
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["source"]
    assert Indicator.objects.get().source == Source.REPORTED
    assert _framework_audit().count() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"unit": Unit.PERCENT, "target": "150"},
        {"source": Source.COMPUTED, "computation": "women_share", "target": "150"},
    ],
)
def test_admin_percentage_above_100_is_a_form_error(client, administrator, objective, changes):
    # The portal's form refuses it; the admin saves through the service, which did not.
    client.force_login(administrator)

    response = client.post(
        "/admin/progress/indicator/add/", _admin_indicator_data(objective, **changes)
    )

    assert response.status_code == 200
    with translation.override("fr"):  # the admin speaks the default language
        expected = translation.gettext("A percentage lies between 0 and 100.")
    assert response.context["adminform"].form.errors == {"target": [expected]}
    assert not Indicator.objects.exists()


def test_admin_cannot_delete_an_indicator_holding_values(client, administrator, objective):
    # Deleting it would take its approved values (and their evidence) with it, unaudited.
    indicator = IndicatorFactory(objective=objective, number=1)
    IndicatorValueFactory(indicator=indicator)
    client.force_login(administrator)

    page = client.get(f"/admin/progress/indicator/{indicator.pk}/delete/")
    deleted = client.post(f"/admin/progress/indicator/{indicator.pk}/delete/", {"post": "yes"})
    bulk = client.post(
        "/admin/progress/indicator/",
        {"action": "delete_selected", "_selected_action": [indicator.pk], "post": "yes"},
    )

    assert (page.status_code, deleted.status_code) == (403, 403)
    assert bulk.status_code in (200, 302)
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1


def test_admin_indicator_delete_without_values_is_audited(client, administrator, objective):
    indicator = IndicatorFactory(objective=objective, number=1)
    client.force_login(administrator)

    response = client.post(f"/admin/progress/indicator/{indicator.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Indicator.objects.exists()
    assert [(e.action, e.actor, e.data) for e in _framework_audit()] == [
        (
            AuditAction.INDICATOR_SAVED,
            administrator,
            {"indicator": indicator.pk, "deleted": True},
        )
    ]


def test_admin_period_overlap_is_a_form_error(client, administrator):
    PeriodFactory(name_fr="Semestre 1")
    client.force_login(administrator)

    response = client.post(
        "/admin/progress/period/add/",
        {"name_fr": "Chevauche", "starts_on": "01/02/2014", "ends_on": "31/07/2014"},
    )

    assert response.status_code == 200
    with translation.override("fr"):  # the admin speaks the default language
        expected = translation.gettext("These dates overlap the period “%(name)s”.") % {
            "name": "Semestre 1"
        }
    assert response.context["adminform"].form.errors == {"starts_on": [expected]}
    assert Period.objects.count() == 1


@pytest.mark.parametrize(
    "url", ["/admin/progress/indicatorvalue/", "/admin/progress/indicatorvalue/{pk}/change/"]
)
def test_admin_values_are_read_only(client, administrator, url):
    value = IndicatorValueFactory(evidence_name="rapport.pdf")
    client.force_login(administrator)

    response = client.get(url.format(pk=value.pk))
    added = client.get("/admin/progress/indicatorvalue/add/")

    assert response.status_code == 200
    assert added.status_code == 403


@pytest.mark.parametrize("model", ["objective", "indicator", "period", "milestone"])
def test_admin_lists_open(client, administrator, model):
    value = IndicatorValueFactory()
    milestone = MilestoneFactory(objective=ObjectiveFactory(number=1))
    pk = {
        "objective": milestone.objective_id,
        "indicator": value.indicator_id,
        "period": value.period_id,
        "milestone": milestone.pk,
    }[model]
    client.force_login(administrator)

    assert client.get(f"/admin/progress/{model}/").status_code == 200
    assert client.get(f"/admin/progress/{model}/{pk}/change/").status_code == 200
