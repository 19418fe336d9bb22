"""Writes on the results framework: framework changes audited, values checked, saved with
optimistic concurrency, submitted, decided (notifications and audit), deleted."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from members.enums import MembershipStatus
from network import files
from network.accounts.enums import AuditAction
from network.accounts.models import AuditLogEntry
from network.notifications.models import Delivery, Notification
from network.progress import services
from network.progress.enums import Source, Unit, ValueStatus
from network.progress.models import Indicator, IndicatorValue, Milestone, Period
from tests.conftest import require_service
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.progress import (
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    ObjectiveFactory,
    PeriodFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English (the suite resets the language after each test)."""
    translation.activate("en")


def _pdf(name: str = "rapport.pdf") -> files.CheckedFile:
    return files.attachment_check(SimpleUploadedFile(name, PDF))


def _draft(**fields) -> IndicatorValue:
    """A network value of 10 in draft (or in ``status``), of a new indicator and period."""
    return IndicatorValueFactory(**{"status": ValueStatus.DRAFT, **fields})


def _recipients(kind: str) -> set:
    return set(
        Delivery.objects.filter(notification__kind=kind, channel="inbox").values_list(
            "recipient__email", flat=True
        )
    )


# --- Framework ----------------------------------------------------------------


def test_indicator_save_takes_unit_and_breakdown_from_the_computation(coordinator):
    indicator = Indicator(
        objective=ObjectiveFactory(),
        number=1,
        name="Participants",
        baseline=Decimal(0),
        baseline_date=datetime.date(2013, 11, 1),
        target=Decimal(500),
        source=Source.COMPUTED,
        computation="participants",
        unit=Unit.PERCENT,
        members_may_report=True,
    )

    services.indicator_save(indicator=indicator, actor=coordinator)

    indicator.refresh_from_db()
    entry = AuditLogEntry.objects.get(action=AuditAction.INDICATOR_SAVED)
    assert (indicator.unit, indicator.disaggregated, indicator.members_may_report) == (
        Unit.NUMBER,
        True,
        False,
    )
    assert (entry.actor, entry.data) == (coordinator, {"indicator": indicator.pk, "created": True})


def test_indicator_save_refuses_an_unknown_computation(coordinator):
    indicator = IndicatorFactory.build(
        objective=ObjectiveFactory(), source=Source.COMPUTED, computation="nothing"
    )

    with pytest.raises(ValidationError) as raised:
        services.indicator_save(indicator=indicator, actor=coordinator)

    assert raised.value.message_dict == {
        "computation": ["Choose how the portal computes this indicator."]
    }
    assert Indicator.objects.count() == 0


def test_indicator_save_refuses_a_disaggregated_percentage(coordinator):
    indicator = IndicatorFactory.build(
        objective=ObjectiveFactory(), unit=Unit.PERCENT, disaggregated=True
    )

    with pytest.raises(ValidationError) as raised:
        services.indicator_save(indicator=indicator, actor=coordinator)

    assert list(raised.value.message_dict) == ["disaggregated"]


def test_indicator_save_refuses_a_percentage_reported_by_member_organisations(coordinator):
    # Each organisation's contribution is added to the period's figure: 60 % and 70 %
    # would make 130 %, "achieved".
    indicator = IndicatorFactory.build(
        objective=ObjectiveFactory(), unit=Unit.PERCENT, members_may_report=True
    )

    with pytest.raises(ValidationError) as raised:
        services.indicator_save(indicator=indicator, actor=coordinator)

    assert raised.value.message_dict == {
        "members_may_report": [
            "Percentages of several organisations do not add up: only the coordinators "
            "report a percentage."
        ]
    }


def test_indicator_save_clears_the_computation_of_a_reported_indicator(coordinator):
    indicator = IndicatorFactory.build(objective=ObjectiveFactory(), computation="participants")

    services.indicator_save(indicator=indicator, actor=coordinator)

    assert Indicator.objects.get().computation == ""


def test_period_save_refuses_overlapping_dates(coordinator):
    PeriodFactory(name="Semestre 1")  # 1 Nov 2013 – 30 Apr 2014
    period = Period(
        name="Autre", starts_on=datetime.date(2014, 4, 1), ends_on=datetime.date(2014, 9, 30)
    )

    with pytest.raises(ValidationError) as raised:
        services.period_save(period=period, actor=coordinator)

    assert raised.value.message_dict == {
        "starts_on": ["These dates overlap the period “Semestre 1”."]
    }


def test_period_saved_by_two_coordinators_at_once_is_refused_on_its_dates(coordinator, monkeypatch):
    # The other coordinator's semester commits between this one's check and its save: the
    # unique first day refuses it (an IntegrityError, a 500 on the framework page).
    checked = services._check_period_dates

    def then_the_other_saves(period):
        checked(period)
        PeriodFactory(name="Semestre 1", starts_on=period.starts_on, ends_on=period.ends_on)

    monkeypatch.setattr(services, "_check_period_dates", then_the_other_saves)
    period = Period(
        name="Le même", starts_on=datetime.date(2013, 11, 1), ends_on=datetime.date(2014, 4, 30)
    )

    with pytest.raises(ValidationError) as raised:
        services.period_save(period=period, actor=coordinator)

    assert raised.value.message_dict == {
        "starts_on": ["These dates overlap the period “Semestre 1”."]
    }


def test_period_save_refuses_an_end_before_the_start(coordinator):
    period = Period(
        name="Autre", starts_on=datetime.date(2014, 4, 1), ends_on=datetime.date(2014, 3, 1)
    )

    with pytest.raises(ValidationError) as raised:
        services.period_save(period=period, actor=coordinator)

    assert raised.value.message_dict == {"ends_on": ["The last day must come after the first."]}


def test_period_save_stores_and_audits(coordinator):
    period = Period(
        name="Semestre 1", starts_on=datetime.date(2013, 11, 1), ends_on=datetime.date(2014, 4, 30)
    )

    services.period_save(period=period, actor=coordinator)

    entry = AuditLogEntry.objects.get(action=AuditAction.PERIOD_SAVED)
    assert Period.objects.count() == 1
    assert (entry.subject_repr, entry.data) == (
        "Semestre 1",
        {"period": period.pk, "created": True},
    )


def test_period_delete_refuses_a_period_holding_values(coordinator):
    value = IndicatorValueFactory()

    with pytest.raises(ValidationError):
        services.period_delete(period=value.period, actor=coordinator)

    assert Period.objects.count() == 1


def test_period_delete_racing_a_new_value_keeps_the_period(coordinator, monkeypatch):
    # A value is entered for the period between the check and the deletion: the protected
    # foreign key refuses (a ProtectedError, a 500 on the framework page).
    period = PeriodFactory()
    written = services.audit_log_write

    def then_a_value_arrives(**kwargs):
        written(**kwargs)
        IndicatorValueFactory(period=period)

    monkeypatch.setattr(services, "audit_log_write", then_a_value_arrives)

    with pytest.raises(ValidationError) as raised:
        services.period_delete(period=period, actor=coordinator)

    assert raised.value.messages == ["This period holds values: it cannot be deleted."]
    assert Period.objects.filter(pk=period.pk).exists()


def test_period_delete_removes_an_empty_period_and_audits(coordinator):
    period = PeriodFactory()
    pk = period.pk

    services.period_delete(period=period, actor=coordinator)

    entry = AuditLogEntry.objects.get(action=AuditAction.PERIOD_SAVED)
    assert Period.objects.count() == 0
    assert entry.data == {"period": pk, "deleted": True}


def test_milestone_save_and_delete_are_audited(coordinator):
    milestone = services.milestone_save(
        milestone=Milestone(date=datetime.date(2014, 6, 1), title="Atelier"), actor=coordinator
    )
    services.milestone_delete(milestone=MilestoneFactory(), actor=coordinator)

    entries = AuditLogEntry.objects.filter(action=AuditAction.MILESTONE_SAVED).order_by("pk")
    assert [entry.data.get("created", "deleted") for entry in entries] == [True, "deleted"]
    assert list(Milestone.objects.all()) == [milestone]


# --- Figures ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "value", "women", "men", "errors"),
    [
        ({}, "10", "4", "5", None),  # not disaggregated: breakdown dropped
        ({"disaggregated": True}, "10", "4", "6", None),
        ({"disaggregated": True}, "10", "4", "5", ["women"]),
        ({"disaggregated": True}, "10", None, "5", ["women"]),
        ({"disaggregated": True}, "10", "5", None, ["men"]),
        ({"unit": Unit.PERCENT}, "100", None, None, None),
        ({"unit": Unit.PERCENT}, "100.5", None, None, ["value"]),
        ({}, "-1", None, None, ["value"]),
    ],
)
def test_check_figures(fields, value, women, men, errors):
    indicator = IndicatorFactory.build(**fields)

    def number(text):
        return None if text is None else Decimal(text)

    if errors is None:
        result = services.check_figures(
            indicator=indicator, value=number(value), women=number(women), men=number(men)
        )
        expected = (number(women), number(men)) if fields.get("disaggregated") else (None, None)
        assert result == expected
    else:
        with pytest.raises(ValidationError) as raised:
            services.check_figures(
                indicator=indicator, value=number(value), women=number(women), men=number(men)
            )
        assert sorted(raised.value.message_dict) == errors


def test_check_figures_says_how_the_breakdown_falls_short():
    indicator = IndicatorFactory.build(disaggregated=True)

    with pytest.raises(ValidationError) as raised:
        services.check_figures(
            indicator=indicator, value=Decimal(10), women=Decimal(4), men=Decimal(5)
        )

    assert raised.value.message_dict == {
        "women": ["Women (4) and men (5) add up to 9, not to the value 10."]
    }


# --- Saving values ------------------------------------------------------------


def test_value_save_creates_a_draft_entered_by_the_actor(coordinator):
    value = IndicatorValue(
        indicator=IndicatorFactory(), period=PeriodFactory(), value=Decimal(12), status="approved"
    )

    services.value_save(value=value, actor=coordinator, evidence=_pdf("Rapport_ɲɔgɔn.pdf"))

    value.refresh_from_db()
    assert (value.status, value.entered_by, value.version) == (ValueStatus.DRAFT, coordinator, 1)
    assert (value.evidence_name, value.evidence_type, value.evidence_size) == (
        "Rapport_ɲɔgɔn.pdf",
        "application/pdf",
        len(PDF),
    )
    with value.evidence_file.open("rb") as handle:
        assert handle.read() == PDF


def test_value_save_refuses_a_value_of_a_computed_indicator(coordinator):
    indicator = IndicatorFactory(source=Source.COMPUTED, computation="events_held")
    value = IndicatorValue(indicator=indicator, period=PeriodFactory(), value=Decimal(12))

    with pytest.raises(ValidationError) as raised:
        services.value_save(value=value, actor=coordinator)

    assert raised.value.messages == [
        "The portal computes this indicator from its own records: it takes no reported value."
    ]
    assert not IndicatorValue.objects.exists()


def test_value_save_refuses_a_second_network_value_for_the_period(coordinator):
    existing = IndicatorValueFactory()
    second = IndicatorValue(indicator=existing.indicator, period=existing.period, value=Decimal(3))

    with pytest.raises(ValidationError) as raised:
        services.value_save(value=second, actor=coordinator)

    assert raised.value.message_dict == {
        "period": ["A value for this period exists already: open it to change it."]
    }
    assert IndicatorValue.objects.count() == 1


def test_value_save_takes_one_contribution_per_organisation_and_period(coordinator):
    existing = IndicatorValueFactory()
    first, second = OrganisationFactory(), OrganisationFactory()
    for organisation in (first, second):
        services.value_save(
            value=IndicatorValue(
                indicator=existing.indicator,
                period=existing.period,
                value=Decimal(2),
                organisation=organisation,
            ),
            actor=coordinator,
        )

    with pytest.raises(ValidationError):
        services.value_save(
            value=IndicatorValue(
                indicator=existing.indicator,
                period=existing.period,
                value=Decimal(2),
                organisation=first,
            ),
            actor=coordinator,
        )

    assert IndicatorValue.objects.count() == 3


def test_value_save_refuses_a_stale_version_and_keeps_the_stored_value(coordinator):
    value = _draft()
    IndicatorValue.objects.filter(pk=value.pk).update(version=2, value=Decimal(7))
    value.value = Decimal(99)

    with pytest.raises(services.StaleValue):
        services.value_save(value=value, actor=coordinator, version=1)

    stored = IndicatorValue.objects.get(pk=value.pk)
    assert (stored.value, stored.version) == (Decimal(7), 2)


def test_value_save_raises_the_version(coordinator):
    value = _draft()

    services.value_save(value=value, actor=coordinator, version=1)

    assert IndicatorValue.objects.get(pk=value.pk).version == 2


def test_value_save_refuses_a_submitted_value(coordinator):
    value = _draft(status=ValueStatus.SUBMITTED)

    with pytest.raises(ValidationError) as raised:
        services.value_save(value=value, actor=coordinator, version=1)

    assert raised.value.messages == ["This value was submitted: it can no longer be changed."]


def test_value_save_keeps_a_returned_value_returned(coordinator):
    value = _draft(status=ValueStatus.RETURNED, decision_comment="Ajoutez la liste.")

    services.value_save(value=value, actor=coordinator, version=1)

    assert IndicatorValue.objects.get(pk=value.pk).status == ValueStatus.RETURNED


def test_value_save_replacing_the_file_deletes_the_old_one_after_commit(
    coordinator, django_capture_on_commit_callbacks
):
    value = _draft()
    services.value_save(value=value, actor=coordinator, evidence=_pdf("ancien.pdf"))
    old_name = value.evidence_file.name
    storage = value.evidence_file.storage

    with django_capture_on_commit_callbacks(execute=True):
        services.value_save(value=value, actor=coordinator, evidence=_pdf("nouveau.pdf"))

    value.refresh_from_db()
    assert value.evidence_name == "nouveau.pdf"
    assert storage.exists(value.evidence_file.name) is True
    assert storage.exists(old_name) is False


def test_value_save_removes_the_file(coordinator, django_capture_on_commit_callbacks):
    value = _draft()
    services.value_save(value=value, actor=coordinator, evidence=_pdf())
    old_name = value.evidence_file.name
    storage = value.evidence_file.storage

    with django_capture_on_commit_callbacks(execute=True):
        services.value_save(value=value, actor=coordinator, remove_evidence=True)

    value.refresh_from_db()
    assert (value.evidence_file.name, value.evidence_name, value.evidence_size) == ("", "", None)
    assert storage.exists(old_name) is False


# --- Submitting and deciding --------------------------------------------------


def test_value_submit_tells_the_other_coordinators(coordinator):
    other = UserFactory(roles=["coordinator"], email="other-coordinator@example.org")
    UserFactory(roles=["donor"])
    value = _draft(entered_by=coordinator)

    services.value_submit(value=value, actor=coordinator)

    value.refresh_from_db()
    notification = Notification.objects.get(kind="progress.value_submitted")
    assert (value.status, value.submitted_at is not None, value.version) == (
        ValueStatus.SUBMITTED,
        True,
        2,
    )
    assert _recipients("progress.value_submitted") == {other.email}
    assert notification.url == f"/fr/progress/values/{value.pk}/"


def test_value_submit_refuses_a_value_already_submitted(coordinator):
    value = _draft(status=ValueStatus.SUBMITTED)

    with pytest.raises(ValidationError) as raised:
        services.value_submit(value=value, actor=coordinator)

    assert raised.value.messages == ["This value was already submitted."]


def test_value_decide_approves_audits_and_tells_whoever_entered_it(coordinator):
    member = UserFactory(email="member@example.org", roles=["coordinator"])
    value = _draft(status=ValueStatus.SUBMITTED, entered_by=member)

    services.value_decide(value=value, actor=coordinator, approve=True)

    value.refresh_from_db()
    entry = AuditLogEntry.objects.get(action=AuditAction.VALUE_DECIDED)
    notification = Notification.objects.get(kind="progress.value_decided")
    assert (value.status, value.decided_by, value.decision_comment) == (
        ValueStatus.APPROVED,
        coordinator,
        "",
    )
    assert (entry.actor, entry.subject_user, entry.data) == (
        coordinator,
        member,
        {"value": value.pk, "status": "approved"},
    )
    assert _recipients("progress.value_decided") == {"member@example.org"}
    assert notification.data["decision"]["en"] == "approved"


@pytest.mark.parametrize("gone", ["left", "suspended", "still there"])
def test_value_decide_tells_only_someone_who_may_still_see_the_value(coordinator, gone):
    # Whoever left the organisation (or belongs to a suspended one) no longer sees its
    # values: the decision is not sent to them (nor a link that would answer 404).
    organisation = OrganisationFactory()
    person = OrganisationPersonFactory(
        organisation=organisation, user=UserFactory(email="entered@example.org")
    )
    value = _draft(
        status=ValueStatus.SUBMITTED, organisation=organisation, entered_by=person.user,
        indicator=IndicatorFactory(members_may_report=True),
    )  # fmt: skip
    if gone == "left":
        person.delete()
    elif gone == "suspended":
        organisation.status = MembershipStatus.SUSPENDED
        organisation.save(update_fields=["status"])

    services.value_decide(value=value, actor=coordinator, approve=False, comment="Non.")

    told = {"entered@example.org"} if gone == "still there" else set()
    assert _recipients("progress.value_decided") == told
    assert IndicatorValue.objects.get(pk=value.pk).status == ValueStatus.RETURNED


def test_value_decide_refuses_to_return_without_a_comment(coordinator):
    value = _draft(status=ValueStatus.SUBMITTED)

    with pytest.raises(ValidationError) as raised:
        services.value_decide(value=value, actor=coordinator, approve=False, comment="  ")

    assert raised.value.message_dict == {
        "comment": ["Say what to correct before returning the value."]
    }
    assert IndicatorValue.objects.get(pk=value.pk).status == ValueStatus.SUBMITTED


def test_value_decide_returns_with_the_comment(coordinator):
    value = _draft(status=ValueStatus.SUBMITTED, entered_by=UserFactory(roles=["coordinator"]))

    services.value_decide(
        value=value, actor=coordinator, approve=False, comment=" Joignez la liste. "
    )

    value.refresh_from_db()
    notification = Notification.objects.get(kind="progress.value_decided")
    assert (value.status, value.decision_comment) == (ValueStatus.RETURNED, "Joignez la liste.")
    assert notification.data["decision"]["en"] == "returned with this comment: “Joignez la liste.”"


def test_value_decide_twice_refuses_the_second_decision(coordinator):
    value = _draft(status=ValueStatus.SUBMITTED)
    services.value_decide(value=value, actor=coordinator, approve=True)

    with pytest.raises(ValidationError) as raised:
        services.value_decide(
            value=value, actor=UserFactory(roles=["coordinator"]), approve=False, comment="Non."
        )

    assert raised.value.messages == ["This value is no longer waiting for a decision."]
    assert IndicatorValue.objects.get(pk=value.pk).status == ValueStatus.APPROVED
    assert AuditLogEntry.objects.filter(action=AuditAction.VALUE_DECIDED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_record_one():
    # Row locks are what is tested; SQLite serialises writes anyway (skipped there,
    # required in CI).
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    value = _draft(status=ValueStatus.SUBMITTED)
    deciders = [UserFactory(roles=["coordinator"]), UserFactory(roles=["coordinator"])]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(user, approve):
        barrier.wait()
        translation.activate("en")  # each thread has its own active language
        try:
            services.value_decide(value=value, actor=user, approve=approve, comment="Revoir.")
            outcomes.append("decided")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(deciders[0], True)),
        threading.Thread(target=decide, args=(deciders[1], False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(outcomes) == ["This value is no longer waiting for a decision.", "decided"]
    assert AuditLogEntry.objects.filter(action=AuditAction.VALUE_DECIDED).count() == 1


def test_value_decide_locks_the_value_row_alone(coordinator):
    # PostgreSQL refused value_decide's lock ("FOR UPDATE cannot be applied to the nullable
    # side of an outer join", the join to entered_by): no value could be decided there.
    value = _draft(status=ValueStatus.SUBMITTED, entered_by=UserFactory())

    with CaptureQueriesContext(connection) as queries:
        services.value_decide(value=value, actor=coordinator, approve=True)

    locks = [q["sql"].split("FOR UPDATE")[1] for q in queries if "FOR UPDATE" in q["sql"]]
    locking = connection.features.has_select_for_update_of  # SQLite has no row locks
    assert locks == ([' OF "progress_indicatorvalue"'] if locking else [])
    assert IndicatorValue.objects.get(pk=value.pk).status == ValueStatus.APPROVED


# --- Deleting -----------------------------------------------------------------


def test_value_delete_removes_the_value_and_its_file_after_commit(
    coordinator, django_capture_on_commit_callbacks
):
    value = _draft()
    services.value_save(value=value, actor=coordinator, evidence=_pdf())
    name, storage = value.evidence_file.name, value.evidence_file.storage

    with django_capture_on_commit_callbacks(execute=True):
        services.value_delete(value=value, actor=coordinator)

    assert IndicatorValue.objects.count() == 0
    assert storage.exists(name) is False


def test_value_delete_refuses_an_approved_value(coordinator):
    value = IndicatorValueFactory()

    with pytest.raises(ValidationError):
        services.value_delete(value=value, actor=coordinator)

    assert IndicatorValue.objects.count() == 1
