"""Dialogue services: the ladder of recommendations, capacity, reminders."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from dialogues import services
from dialogues.enums import EventStatus, Level, RecommendationStatus
from dialogues.models import Registration
from network.notifications.models import Delivery, Notification
from tests.factories import OrganisationPersonFactory
from tests.factories.dialogues import DialogueEventFactory, RecommendationFactory


@pytest.mark.django_db
def test_forwarding_climbs_the_ladder_and_keeps_the_chain(coordinator):
    village = DialogueEventFactory(level=Level.COMMUNITY)
    region = DialogueEventFactory(level=Level.REGIONAL)
    nation = DialogueEventFactory(level=Level.NATIONAL)
    made = RecommendationFactory(event=village, text_fr="Associer les femmes aux comités")

    at_region = services.recommendation_forward(
        recommendation=made, to_event=region, forwarded_by=coordinator
    )
    at_nation = services.recommendation_forward(
        recommendation=at_region, to_event=nation, forwarded_by=coordinator
    )

    path = services.recommendation_path(at_region)
    assert [(r.event, r.status) for r in path] == [
        (village, RecommendationStatus.FORWARDED),
        (region, RecommendationStatus.FORWARDED),
        (nation, RecommendationStatus.PROPOSED),
    ]
    assert at_nation.text_fr == "Associer les femmes aux comités"


@pytest.mark.django_db
@pytest.mark.parametrize("level", [Level.COMMUNITY, Level.LOCAL])
def test_forwarding_to_a_level_not_higher_is_refused(coordinator, level):
    made = RecommendationFactory(event=DialogueEventFactory(level=Level.LOCAL))

    with pytest.raises(services.DialogueError) as refused:
        services.recommendation_forward(
            recommendation=made,
            to_event=DialogueEventFactory(level=level),
            forwarded_by=coordinator,
        )

    made.refresh_from_db()
    assert (refused.value.code, made.status) == ("not_higher", RecommendationStatus.PROPOSED)


@pytest.mark.django_db
def test_declining_needs_a_reason(coordinator):
    made = RecommendationFactory()

    with pytest.raises(services.DialogueError) as refused:
        services.recommendation_decide(
            recommendation=made, status=RecommendationStatus.DECLINED, decided_by=coordinator
        )

    assert refused.value.code == "reason"


@pytest.mark.django_db
def test_capacity_is_respected(coordinator):
    event = DialogueEventFactory(capacity=1)
    first, second = OrganisationPersonFactory(), OrganisationPersonFactory()
    services.registration_create(
        event=event, organisation=first.organisation, delegate=first.user, registered_by=coordinator
    )

    with pytest.raises(services.DialogueError) as full:
        services.registration_create(
            event=event,
            organisation=second.organisation,
            delegate=second.user,
            registered_by=coordinator,
        )

    assert full.value.code == "full"


@pytest.mark.django_db(transaction=True)
def test_two_registrations_at_once_cannot_overfill_the_event():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is tested; SQLite serialises writes anyway")
    event = DialogueEventFactory(capacity=1)
    people = [OrganisationPersonFactory(), OrganisationPersonFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def register(person):
        barrier.wait()
        try:
            services.registration_create(
                event=event,
                organisation=person.organisation,
                delegate=person.user,
                registered_by=person.user,
            )
            outcomes.append("registered")
        except services.DialogueError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(outcomes) == ["full", "registered"]
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.django_db
def test_reminder_goes_to_delegates_once_two_days_before(coordinator):
    now = timezone.now()
    soon = DialogueEventFactory(
        starts_at=now + datetime.timedelta(days=1, hours=20),
        ends_at=now + datetime.timedelta(days=2),
    )
    later = DialogueEventFactory(starts_at=now + datetime.timedelta(days=5))
    delegate = OrganisationPersonFactory()
    for event in (soon, later):
        services.registration_create(
            event=event,
            organisation=delegate.organisation,
            delegate=delegate.user,
            registered_by=coordinator,
        )

    first = services.reminders_send(now=now)
    second = services.reminders_send(now=now)

    reminders = Notification.objects.filter(kind="dialogue.reminder")
    assert (first, second) == (1, 0)
    assert [n.target_id for n in reminders] == [str(soon.pk)]
    assert Delivery.objects.filter(notification__in=reminders, recipient=delegate.user).count() == 2


@pytest.mark.django_db
def test_publishing_a_proposed_event_tells_members_working_in_its_region(coordinator):
    from network.pages.models import Region

    mopti = Region.objects.get(slug="mopti")
    near = OrganisationPersonFactory()
    near.organisation.regions.add(mopti)
    far = OrganisationPersonFactory()
    event = DialogueEventFactory(status=EventStatus.PROPOSED, region=mopti)

    services.event_set_status(event=event, status=EventStatus.PLANNED, changed_by=coordinator)

    told = set(
        Delivery.objects.filter(notification__kind="dialogue.published").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {near.user.pk}
    assert far.user.pk not in told


@pytest.mark.django_db
def test_cancelling_an_event_tells_its_delegates(coordinator):
    event = DialogueEventFactory()
    delegate = OrganisationPersonFactory()
    services.registration_create(
        event=event, organisation=delegate.organisation, delegate=delegate.user,
        registered_by=coordinator,
    )  # fmt: skip

    services.event_set_status(event=event, status=EventStatus.CANCELLED, changed_by=coordinator)

    told = Delivery.objects.filter(notification__kind="dialogue.cancelled", channel="inbox")
    assert list(told.values_list("recipient_id", flat=True)) == [delegate.user.pk]


@pytest.mark.django_db
def test_cancelling_a_registration_tells_the_delegate(coordinator):
    event = DialogueEventFactory()
    delegate = OrganisationPersonFactory()
    registration = services.registration_create(
        event=event, organisation=delegate.organisation, delegate=delegate.user,
        registered_by=coordinator,
    )  # fmt: skip

    services.registration_cancel(registration=registration, cancelled_by=coordinator)
    services.registration_cancel(registration=registration, cancelled_by=coordinator)

    told = Delivery.objects.filter(notification__kind="dialogue.cancelled", channel="inbox")
    assert list(told.values_list("recipient_id", flat=True)) == [delegate.user.pk]


@pytest.mark.django_db
def test_reminder_skips_delegates_who_may_no_longer_see_the_event(coordinator):
    from dialogues.enums import Visibility

    now = timezone.now()
    event = DialogueEventFactory(
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1, hours=4),
    )
    delegate = OrganisationPersonFactory()
    services.registration_create(
        event=event, organisation=delegate.organisation, delegate=delegate.user,
        registered_by=coordinator,
    )  # fmt: skip
    event.visibility = Visibility.RESTRICTED
    event.save()

    services.reminders_send(now=now)

    assert Delivery.objects.filter(notification__kind="dialogue.reminder").count() == 0
