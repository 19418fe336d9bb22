"""Registration of delegates: the event page's panel, registering and cancelling,
the participant list and its CSV download, and who may do each (DESIGN.md:
names of participants only for coordinators and organisers; denied → 404)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import URLPattern, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from dialogues import urls_registration
from dialogues.enums import EventStatus, RegistrationStatus, Visibility
from dialogues.models import Registration
from dialogues.views_registration import REGISTRATION_ERRORS, registration_context
from members.enums import OrganisationRole
from network.accounts.enums import AuditAction
from network.accounts.models import AuditLogEntry
from network.notifications.models import Delivery
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.dialogues import DialogueEventFactory

pytestmark = pytest.mark.django_db


def _admin_of(organisation, **user_fields):
    return OrganisationPersonFactory(
        organisation=organisation, role=OrganisationRole.ADMIN, user=UserFactory(**user_fields)
    ).user


def _person_of(organisation, **user_fields):
    return OrganisationPersonFactory(
        organisation=organisation, user=UserFactory(**user_fields)
    ).user


def _register(organisation, delegate, event, by=None) -> Registration:
    return Registration.objects.create(
        event=event, organisation=organisation, delegate=delegate, registered_by=by
    )


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _url(name: str, event, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(f"dialogues:{name}", kwargs={"slug": event.slug, **kwargs})


def _event_page(event, lang: str = "en") -> str:
    return _url("detail", event, lang)


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Femmes de Mopti")


@pytest.fixture
def admin(organisation):
    return _admin_of(organisation, display_name="Awa Diarra")


# --- Registering ------------------------------------------------------------


def test_register_creates_registration_and_notifies_delegate(client, organisation, admin):
    event = DialogueEventFactory(organisers=[organisation])
    delegate = _person_of(organisation, display_name="Fatoumata Coulibaly")
    client.force_login(admin)

    response = client.post(
        _url("register", event), {"organisation": organisation.pk, "delegate": delegate.pk}
    )

    assert response.status_code == 302
    assert response["Location"] == _event_page(event) + "#registration"
    registration = Registration.objects.get(event=event)
    assert (registration.organisation, registration.delegate, registration.registered_by) == (
        organisation,
        delegate,
        admin,
    )
    assert Delivery.objects.filter(recipient=delegate).count() == 2  # inbox and email
    assert _messages(response) == [
        "Fatoumata Coulibaly is registered as a delegate of Femmes de Mopti."
    ]


def test_register_beyond_capacity_is_refused_with_message(client, organisation, admin):
    event = DialogueEventFactory(organisers=[organisation], capacity=2)
    for _i in range(2):
        _register(organisation, _person_of(organisation), event)
    third = _person_of(organisation)
    client.force_login(admin)

    response = client.post(
        _url("register", event, "fr"), {"organisation": organisation.pk, "delegate": third.pk}
    )

    assert response.status_code == 302
    assert response["Location"] == _event_page(event, "fr") + "#registration"
    assert event.registrations.filter(status=RegistrationStatus.REGISTERED).count() == 2
    assert _messages(response) == [
        "Cette rencontre est complète\u00a0: plus aucune personne déléguée ne peut y être inscrite."
    ]


def test_register_last_place_is_accepted(client, organisation, admin):
    event = DialogueEventFactory(organisers=[organisation], capacity=2)
    _register(organisation, _person_of(organisation), event)
    second = _person_of(organisation)
    client.force_login(admin)

    client.post(_url("register", event), {"organisation": organisation.pk, "delegate": second.pk})

    assert event.registrations.filter(status=RegistrationStatus.REGISTERED).count() == 2


def test_registration_cancel_frees_a_seat(client, organisation, admin):
    event = DialogueEventFactory(organisers=[organisation], capacity=1)
    registration = _register(organisation, _person_of(organisation), event)
    waiting = _person_of(organisation)
    client.force_login(admin)

    cancel = client.post(_url("registration_cancel", event, pk=registration.pk))
    register = client.post(
        _url("register", event), {"organisation": organisation.pk, "delegate": waiting.pk}
    )

    registration.refresh_from_db()
    assert cancel["Location"] == _event_page(event) + "#registration"
    assert register.status_code == 302
    assert registration.status == RegistrationStatus.CANCELLED
    assert list(
        event.registrations.filter(status=RegistrationStatus.REGISTERED).values_list(
            "delegate", flat=True
        )
    ) == [waiting.pk]


def test_register_person_of_another_organisation_is_refused(client, organisation, admin):
    event = DialogueEventFactory(organisers=[organisation])
    stranger = _person_of(OrganisationFactory())
    client.force_login(admin)

    response = client.post(
        _url("register", event, "fr"), {"organisation": organisation.pk, "delegate": stranger.pk}
    )

    assert response.status_code == 302
    assert Registration.objects.count() == 0
    assert _messages(response) == ["Cette personne ne fait pas partie de l'organisation choisie."]


def test_register_person_under_the_wrong_one_of_own_organisations_is_refused(
    client, organisation, admin
):
    event = DialogueEventFactory(organisers=[organisation])
    other = OrganisationFactory()
    OrganisationPersonFactory(organisation=other, user=admin, role=OrganisationRole.ADMIN)
    person_of_other = _person_of(other)
    client.force_login(admin)

    response = client.post(
        _url("register", event), {"organisation": organisation.pk, "delegate": person_of_other.pk}
    )

    assert Registration.objects.count() == 0
    assert _messages(response) == [str(REGISTRATION_ERRORS["not_a_person"])]


def test_register_for_organisation_not_administered_is_refused(client, organisation):
    event = DialogueEventFactory(organisers=[organisation])
    editor = _person_of(organisation)  # an editor, not an admin, of the organisation
    OrganisationPersonFactory(user=editor, role=OrganisationRole.ADMIN)  # admin elsewhere
    client.force_login(editor)

    response = client.post(
        _url("register", event), {"organisation": organisation.pk, "delegate": editor.pk}
    )

    assert Registration.objects.count() == 0
    assert _messages(response) == ["Choose one of the organisations you administer."]


def test_register_same_person_twice_is_refused(client, organisation, admin):
    event = DialogueEventFactory(organisers=[organisation])
    delegate = _person_of(organisation)
    _register(organisation, delegate, event)
    client.force_login(admin)

    response = client.post(
        _url("register", event), {"organisation": organisation.pk, "delegate": delegate.pk}
    )

    assert event.registrations.count() == 1
    assert _messages(response) == [str(REGISTRATION_ERRORS["already_registered"])]


@pytest.mark.parametrize(
    "event_fields",
    [
        {
            "starts_at": timezone.now() - datetime.timedelta(days=3),
            "ends_at": timezone.now() - datetime.timedelta(days=2),
        },
        {"status": EventStatus.CANCELLED},
        {"status": EventStatus.HELD},
    ],
    ids=["past", "cancelled", "held"],
)
def test_register_for_closed_event_is_refused(client, organisation, admin, event_fields):
    event = DialogueEventFactory(organisers=[organisation], **event_fields)
    delegate = _person_of(organisation)
    client.force_login(admin)

    response = client.post(
        _url("register", event, "fr"), {"organisation": organisation.pk, "delegate": delegate.pk}
    )

    assert response.status_code == 302
    assert response["Location"] == _event_page(event, "fr") + "#registration"
    assert Registration.objects.count() == 0
    assert _messages(response) == ["Les inscriptions à cette rencontre sont closes."]


def test_register_refused_keeps_the_choices_on_the_event_page(client, organisation, admin):
    event = DialogueEventFactory(organisers=[organisation], capacity=1)
    _register(organisation, _person_of(organisation), event)
    delegate = _person_of(organisation, display_name="Kadiatou Sangaré")
    client.force_login(admin)

    client.post(_url("register", event), {"organisation": organisation.pk, "delegate": delegate.pk})
    first = client.get(_event_page(event)).content.decode()
    again = client.get(_event_page(event)).content.decode()

    chosen = f'<option value="{delegate.pk}" selected>Kadiatou Sangaré</option>'
    assert chosen in first
    assert chosen not in again


# --- Cancelling -------------------------------------------------------------


def test_registration_cancel_by_admin_of_another_organisation_answers_404(client, organisation):
    event = DialogueEventFactory(organisers=[organisation])
    registration = _register(organisation, _person_of(organisation), event)
    client.force_login(_admin_of(OrganisationFactory()))

    response = client.post(_url("registration_cancel", event, pk=registration.pk))

    registration.refresh_from_db()
    assert response.status_code == 404
    assert registration.status == RegistrationStatus.REGISTERED


def test_registration_cancel_of_another_event_answers_404(client, organisation, admin):
    event = DialogueEventFactory(organisers=[organisation])
    elsewhere = _register(organisation, _person_of(organisation), DialogueEventFactory())
    client.force_login(admin)

    response = client.post(_url("registration_cancel", event, pk=elsewhere.pk))

    elsewhere.refresh_from_db()
    assert response.status_code == 404
    assert elsewhere.status == RegistrationStatus.REGISTERED


def test_registration_cancel_by_coordinator_returns_to_participants(
    client, organisation, coordinator
):
    event = DialogueEventFactory(organisers=[organisation])
    registration = _register(
        organisation, _person_of(organisation, display_name="Oumar Touré"), event
    )
    client.force_login(coordinator)

    response = client.post(
        _url("registration_cancel", event, pk=registration.pk), {"from": "participants"}
    )

    registration.refresh_from_db()
    assert response["Location"] == _url("participants", event)
    assert registration.status == RegistrationStatus.CANCELLED
    assert _messages(response) == ["The registration of Oumar Touré has been cancelled."]


def test_registration_cancel_after_the_event_is_refused(client, organisation, coordinator):
    event = DialogueEventFactory(organisers=[organisation])
    registration = _register(organisation, _person_of(organisation), event)
    event.status = EventStatus.HELD
    event.save()
    client.force_login(coordinator)

    response = client.post(_url("registration_cancel", event, pk=registration.pk))

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED
    assert _messages(response) == [str(REGISTRATION_ERRORS["closed"])]


# --- The event page ---------------------------------------------------------


@pytest.mark.parametrize("role", ["visitor", "donor", "member of another organisation"])
def test_event_page_shows_no_participant_name_to_outsiders(client, organisation, role):
    event = DialogueEventFactory(organisers=[organisation], capacity=30)
    _register(organisation, _person_of(organisation, display_name="Aminata Traoré"), event)
    _register(organisation, _person_of(organisation, display_name="Moussa Keïta"), event)
    if role == "donor":
        client.force_login(UserFactory(roles=["donor"]))
    elif role != "visitor":
        client.force_login(_person_of(OrganisationFactory()))

    response = client.get(_event_page(event))

    content = response.content.decode()
    assert response.status_code == 200
    assert "2 delegates registered, for 30 places." in content
    assert "Aminata" not in content
    assert "Moussa" not in content
    assert _url("participants", event) not in content


def test_event_page_shows_admin_only_their_organisations_registrations(client, organisation, admin):
    event = DialogueEventFactory(organisers=[organisation])
    other = OrganisationFactory()
    _register(organisation, _person_of(organisation, display_name="Aminata Traoré"), event)
    _register(other, _person_of(other, display_name="Moussa Keïta"), event)
    client.force_login(_admin_of(other))

    content = client.get(_event_page(event)).content.decode()

    assert "2 delegates registered." in content
    assert "Moussa Keïta" in content
    assert "Aminata" not in content
    assert _url(
        "registration_cancel", event, pk=event.registrations.get(organisation=other).pk
    ) in (content)


def test_event_page_offers_only_people_not_yet_registered(client, organisation, admin):
    event = DialogueEventFactory(organisers=[organisation])
    registered = _person_of(organisation, display_name="Aminata Traoré")
    waiting = _person_of(organisation, display_name="Moussa Keïta")
    _register(organisation, registered, event)
    client.force_login(admin)

    content = client.get(_event_page(event)).content.decode()

    assert f'<option value="{waiting.pk}">Moussa Keïta</option>' in content
    assert f'<option value="{registered.pk}">' not in content


def test_event_page_offers_no_registration_once_closed(client, organisation, admin):
    event = DialogueEventFactory(organisers=[organisation], status=EventStatus.HELD)
    client.force_login(admin)

    content = client.get(_event_page(event)).content.decode()

    assert "0 delegates registered." in content
    assert _url("register", event) not in content


def test_event_page_links_organisers_to_participants(client, organisation):
    event = DialogueEventFactory(organisers=[organisation])
    client.force_login(_person_of(organisation))

    content = client.get(_event_page(event)).content.decode()

    assert f'<a href="{_url("participants", event)}">List of participants</a>' in content


def test_registration_context_queries_do_not_grow(django_assert_num_queries, organisation, admin):
    event = DialogueEventFactory(organisers=[organisation], capacity=50)
    for count in (1, 20):
        Registration.objects.all().delete()
        for _i in range(count):
            _register(organisation, _person_of(organisation), event)
        request = RequestFactory().get("/")
        request.user = type(admin).objects.get(pk=admin.pk)
        request.session = {}

        # counts; network roles; organiser roles (cached for the later checks);
        # the organisation-admin rule; people of their organisations; their registrations.
        with django_assert_num_queries(6):
            context = registration_context(request, event)

        assert len(context["registration"]["own"]) == count


# --- Participant list -------------------------------------------------------


def test_participants_shows_names_and_organisations_without_contacts(
    client, organisation, coordinator
):
    event = DialogueEventFactory(organisers=[organisation])
    delegate = _person_of(organisation, display_name="Aminata Traoré", email="aminata@example.org")
    _register(organisation, delegate, event)
    client.force_login(coordinator)

    response = client.get(_url("participants", event))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<th scope="row">Aminata Traoré</th><td>Femmes de Mopti</td>' in content
    assert "aminata@example.org" not in content
    assert f'href="{_event_page(event)}"' in content


def test_participants_leaves_out_cancelled_registrations(client, organisation, coordinator):
    event = DialogueEventFactory(organisers=[organisation])
    registration = _register(organisation, _person_of(organisation, display_name="Sidi"), event)
    registration.status = RegistrationStatus.CANCELLED
    registration.save()
    client.force_login(coordinator)

    content = client.get(_url("participants", event)).content.decode()

    assert "Sidi" not in content
    assert "No delegate is registered yet." in content


@pytest.mark.parametrize("item_count", [1, 20])
def test_participants_query_count(
    client, django_assert_num_queries, organisation, coordinator, item_count
):
    event = DialogueEventFactory(organisers=[organisation])
    for _i in range(item_count):
        _register(organisation, _person_of(organisation), event)
    client.force_login(coordinator)

    # user, event, the coordinator's roles, registrations, unread notifications
    with django_assert_num_queries(5):
        response = client.get(_url("participants", event))

    assert response.content.decode().count('<th scope="row">') == item_count


def test_participants_csv_lists_names_and_writes_one_audit_entry(client, organisation):
    event = DialogueEventFactory(organisers=[organisation], slug="dialogue-ségou")
    _register(organisation, _person_of(organisation, display_name="=Ɲɛnɛ Dembélé"), event)
    organiser = _person_of(organisation)
    client.force_login(organiser)

    response = client.post(_url("participants_csv", event))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''participants-dialogue-s%C3%A9gou.csv"
    )
    today = timezone.localdate().isoformat()
    assert response.content.decode("utf-8") == (
        f"\ufeffName,Organisation,Registered on\r\n'=Ɲɛnɛ Dembélé,Femmes de Mopti,{today}\r\n"
    )
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.data) == (
        AuditAction.PARTICIPANTS_EXPORTED,
        organiser,
        {"event": event.pk, "count": 1},
    )


def test_participants_csv_by_get_writes_no_audit_entry(client, organisation, coordinator):
    event = DialogueEventFactory(organisers=[organisation])
    client.force_login(coordinator)

    response = client.get(_url("participants_csv", event))

    assert response.status_code == 405
    assert AuditLogEntry.objects.filter(action=AuditAction.PARTICIPANTS_EXPORTED).count() == 0


def test_participants_title_is_translated(client, organisation, coordinator):
    event = DialogueEventFactory(organisers=[organisation], title="Dialogue de Mopti")
    client.force_login(coordinator)

    content = client.get(_url("participants", event, "fr")).content.decode()

    with translation.override("fr"):
        heading = gettext("Participants of %(title)s") % {"title": "Dialogue de Mopti"}
    assert f"<h1>{escape(heading)}</h1>" in content


# --- Permission matrix ------------------------------------------------------

ROLES = ["visitor", "organiser_admin", "other_admin", "coordinator", "donor", "administrator"]
LOGIN = 302
# (url name, method): expected status per role, in ROLES order, on an ongoing public event.
# Administrators pass every permission (superusers), as in the members matrix, but
# register delegates only for organisations they administer and cancel only as those
# organisations' admins or as coordinators.
MATRIX = {
    ("register", "get"): [LOGIN, 405, 405, 404, 404, 404],
    ("register", "post"): [LOGIN, 302, 302, 404, 404, 404],
    ("registration_cancel", "get"): [LOGIN, 405, 404, 405, 404, 404],
    ("participants", "get"): [LOGIN, 200, 404, 200, 404, 200],
    ("participants_csv", "get"): [LOGIN, 405, 404, 405, 404, 405],
    ("participants_csv", "post"): [LOGIN, 200, 404, 200, 404, 200],
    ("attendance", "get"): [LOGIN, 200, 404, 200, 404, 200],
}
# Where a network-only or restricted event changes the answers.
BY_VISIBILITY = {
    (Visibility.NETWORK, "register", "get"): [LOGIN, 405, 405, 404, 404, 404],
    (Visibility.RESTRICTED, "register", "get"): [LOGIN, 405, 404, 404, 404, 404],
    (Visibility.RESTRICTED, "participants", "get"): [LOGIN, 200, 404, 200, 404, 200],
    (Visibility.RESTRICTED, "attendance", "get"): [LOGIN, 200, 404, 200, 404, 200],
}


def test_every_registration_route_has_a_row():
    names = {p.name for p in urls_registration.urlpatterns if isinstance(p, URLPattern)}

    assert names == {name for name, _method in MATRIX}


@pytest.fixture
def world(organisation):
    now = timezone.now()
    event = DialogueEventFactory(
        organisers=[organisation],
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=5),
    )
    registration = _register(organisation, _person_of(organisation), event)
    users = {
        "visitor": None,
        "organiser_admin": _admin_of(organisation),
        "other_admin": _admin_of(OrganisationFactory()),
        "coordinator": UserFactory(roles=["coordinator"]),
        "donor": UserFactory(roles=["donor"]),
        "administrator": UserFactory(roles=["administrator"]),
    }
    return {"event": event, "registration": registration, "users": users}


def _statuses(client, world, name, method) -> list[int]:
    event = world["event"]
    extra = {"pk": world["registration"].pk} if name == "registration_cancel" else {}
    url = _url(name, event, **extra)
    statuses = []
    for role in ROLES:
        client.logout()
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        statuses.append(getattr(client, method)(url).status_code)
    return statuses


@pytest.mark.parametrize(("name", "method"), sorted(MATRIX))
def test_registration_permission_matrix(client, world, name, method):
    statuses = _statuses(client, world, name, method)

    assert statuses == MATRIX[(name, method)]


@pytest.mark.parametrize(("visibility", "name", "method"), sorted(BY_VISIBILITY))
def test_registration_permission_matrix_by_visibility(client, world, visibility, name, method):
    world["event"].visibility = visibility
    world["event"].save()

    statuses = _statuses(client, world, name, method)

    assert statuses == BY_VISIBILITY[(visibility, name, method)]


def test_registration_routes_send_visitors_to_login(client, world):
    url = _url("participants", world["event"])

    response = client.get(url)

    assert response["Location"] == f"{reverse('account_login')}?next={url}"
