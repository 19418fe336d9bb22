"""Bad input (issue 8) in the Django admin: hostile values posted into the admin's forms.

The same generators and checks as ``tests/test_bad_input.py`` (see its
docstring and ``tests/hostile.py``), posted as an administrator (a
superuser; here logged in with ``force_login``: the admin's own login is
the site's rate-limited login, tests/test_security.py) to the add page and
the change page of every model of the project's apps registered in the
admin (members, dialogues, strategy, network.*), read from
``admin.site._registry`` when the tests are collected:

- the fields are read from the admin's ModelForm
  (``model_admin.get_form(request, obj)``, ``hostile.form_fields``): a
  model registered later, or a field added to a model, is covered without
  a change here. What the page holds besides (hidden fields, the management
  forms of the inlines, the rows of read-only inlines) is posted as a
  browser would send it (``hostile.form_as_sent``); an inline that may add
  rows sometimes gets one more row of hostile values;
- the change page is tried on an object made by the factories
  (``tests/factories``, found by their model) or by ``MAKERS``; a model
  with neither is skipped with its reason, so that a gap shows;
- every answer: never a 5xx; a form with errors shows what was typed in its
  text fields (the inline rows' too), escaped; after a success, the
  changelist, the object's change page and its page on the portal
  (``get_absolute_url``, when it has one) hold no markup a user could have
  planted;
- pages the admin shows but does not let anyone add or change (revisions,
  the audit log, indicator values…) refuse a hostile POST (403) and change
  nothing.

Left out: the models of Django and allauth in the admin (groups, email
addresses, authenticators, user sessions): their forms are their authors'.
The admin's login is the site's (tests/test_security.py; its hostile input
in tests/test_bad_input.py).
"""

import datetime
import importlib
import inspect
import pkgutil

import factory.django
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from dialogues.enums import EventStatus
from dialogues.models import FollowUpAction
from dialogues.services import report_save
from members.enums import OrganisationRole
from network.notifications.models import Delivery, Notification, Preference
from network.notifications.services import notify
from network.pages.enums import PartnerRole
from network.pages.models import Partner, Project
from strategy import services as strategy_services
from tests import factories as factory_modules
from tests import hostile
from tests.factories import (
    NewsPostFactory,
    OrganisationFactory,
    OrganisationPersonFactory,
    UserFactory,
)
from tests.factories.dialogues import DialogueEventFactory
from tests.factories.strategy import make_section
from tests.hostile import hostile_settings, one_example, post_and_check, submission

pytestmark = pytest.mark.django_db

#: The apps whose admin pages are tried (``network`` holds ``network.accounts`` and the others).
PROJECT_APPS = ("members", "dialogues", "strategy", "network")


def project_admins() -> dict:
    """``{"app.Model": model_admin}`` for every model of the project in the admin."""
    return {
        model._meta.label: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_config.name.split(".")[0] in PROJECT_APPS
    }


def _pages() -> tuple[list, list]:
    """``(label, "add" | "change")`` pairs a superuser may post to, and those refused."""
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_active=True, is_staff=True, is_superuser=True)
    allowed, refused = [], []
    for label, model_admin in sorted(project_admins().items()):
        for mode, may in (
            ("add", model_admin.has_add_permission(request)),
            ("change", model_admin.has_change_permission(request)),
        ):
            (allowed if may else refused).append((label, mode))
    return allowed, refused


EDITABLE, READ_ONLY = _pages()


# --- Objects to change -----------------------------------------------------------------


def _factories() -> dict:
    """The factory of each model that has one in ``tests/factories``."""
    found = {}
    for info in pkgutil.iter_modules(factory_modules.__path__):
        module = importlib.import_module(f"{factory_modules.__name__}.{info.name}")
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, factory.django.DjangoModelFactory) and value._meta.model:
                found.setdefault(value._meta.model._meta.label, value)
    return found


def _notification(user):
    return notify(
        kind="news.published",
        recipients=[UserFactory()],
        actor=user,
        target=NewsPostFactory(),
        data={"target": {"fr": "<b>Nouvelle</b>"}},
    )


def _report(user):
    past = datetime.datetime(2014, 3, 5, 9, tzinfo=datetime.UTC)
    event = DialogueEventFactory(
        status=EventStatus.HELD, starts_at=past, ends_at=past + datetime.timedelta(hours=6)
    )
    return report_save(event=event, fields={"body_fr": "Compte rendu."}, author=user, publish=True)


#: Objects with more to them than a factory makes (an inline row, a service's work), or
#: without a factory: ``label: maker(administrator)``.
MAKERS = {
    "accounts.User": lambda user: UserFactory(roles=["coordinator"]),  # a row in the inline
    "members.Organisation": lambda user: (
        OrganisationPersonFactory(role=OrganisationRole.ADMIN).organisation
    ),
    "dialogues.EventReport": _report,
    "dialogues.FollowUpAction": lambda user: FollowUpAction.objects.create(
        event=DialogueEventFactory(),
        owner=OrganisationFactory(),
        description="Réunir.",
        due_on=datetime.date(2014, 3, 5),
        created_by=user,
    ),
    "strategy.Section": lambda user: make_section(author=user),
    "strategy.Revision": lambda user: make_section(author=user).revisions.get(),
    "strategy.Comment": lambda user: strategy_services.comment_add(
        section=make_section(author=user), author=user, body="Et les marchés ?"
    ),
    "strategy.Amendment": lambda user: strategy_services.amendment_propose(
        section=make_section(author=user), proposer=user, body="Autre texte.", rationale="Clair."
    ),
    "notifications.Notification": _notification,
    "notifications.Delivery": lambda user: Delivery.objects.filter(
        notification=_notification(user)
    ).first(),
    "notifications.Preference": lambda user: Preference.objects.create(
        user=user, kind="news.published", frequency="weekly"
    ),
    "pages.Project": lambda user: Project.objects.create(
        title="Projet",
        goal="But.",
        summary="Résumé.",
        background="Contexte.",
        start_date=datetime.date(2013, 1, 1),
        end_date=datetime.date(2016, 12, 31),
    ),
    "pages.Partner": lambda user: Partner.objects.create(
        name="Partenaire", acronym="PTN", role=PartnerRole.values[0]
    ),
}


def existing(label: str, user):
    """An object of ``label`` to change: a maker's, a factory's, or one already there."""
    maker = MAKERS.get(label)
    if maker is not None:
        return maker(user)
    made_by = _factories().get(label)
    if made_by is not None:
        return made_by()
    return project_admins()[label].model._base_manager.order_by("pk").first()


# --- The page of one test ----------------------------------------------------------------


def admin_url(model, mode: str, obj=None) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{mode}", args=[obj.pk] if obj else [])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads go to a folder of this test."""
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def admin_client(administrator) -> Client:
    client = Client()
    client.force_login(administrator)
    return client


class AdminPage:
    """An admin page and what its form is posted with; printed short in a failure."""

    def __init__(self, model, obj, url, sent, fields, texts, rows, buttons):
        self.model, self.obj, self.url = model, obj, url
        self.buttons = buttons  # the submit buttons the page shows (_save, _continue…)
        self.sent = sent  # what a browser sends besides the ModelForm's fields
        self.fields, self.texts = fields, texts  # name: (valid, wrong); the text fields
        self.rows = rows  # per inline that adds: (its TOTAL_FORMS, one more, fields, texts)

    def __repr__(self) -> str:
        return f"AdminPage({self.url})"


@pytest.fixture
def page(label, mode, administrator, admin_client) -> AdminPage:
    """The admin page of the test: its URL, the object it changes, what a browser sends of
    its form, and the strategies for the fields of its ModelForm and of one new inline row."""
    model_admin = project_admins()[label]
    # One object there in both modes: what the new one may point to (an event, an objective)
    # exists, and so does what it may collide with (a unique name).
    obj = existing(label, administrator)
    if mode == "add":
        obj = None
    elif obj is None:
        pytest.skip(f"no {label} to change: give it a factory or a maker (MAKERS)")
    url = admin_url(model_admin.model, mode, obj)
    shown = admin_client.get(url)
    assert shown.status_code == 200, f"{shown.status_code} for {url}"
    request = RequestFactory().get(url)
    request.user = administrator
    form = model_admin.get_form(request, obj, change=obj is not None)(instance=obj)
    fields, texts = hostile.form_fields(form)
    content = shown.content.decode()
    sent = hostile.form_as_sent(content, f"{model_admin.model._meta.model_name}_form")
    for name in fields:  # the fields of the form are the test's to fill, or leave out
        sent.pop(name, None)
    rows = []
    for inline in shown.context["inline_admin_formsets"]:
        if inline.has_add_permission:
            formset = inline.formset
            total = int(sent[f"{formset.prefix}-TOTAL_FORMS"])
            row, row_texts = hostile.form_fields(formset.empty_form)
            index = str(total)
            rows.append(
                (
                    f"{formset.prefix}-TOTAL_FORMS",
                    total + 1,
                    {key.replace("__prefix__", index): spec for key, spec in row.items()},
                    [key.replace("__prefix__", index) for key in row_texts],
                )
            )
    buttons = [
        name for name in ("_save", "_continue", "_addanother") if f'name="{name}"' in content
    ]
    return AdminPage(model_admin.model, obj, url, sent, fields, texts, rows, buttons)


def _stored(model, obj, last_pk):
    """The object the post changed or added (None if nothing was added)."""
    if obj is not None:
        return model._base_manager.filter(pk=obj.pk).first()
    return model._base_manager.filter(pk__gt=last_pk or 0).order_by("-pk").first()


# --- Tests ---------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "mode"), EDITABLE)
@hostile_settings(8)
@given(data=st.data())
def test_post_hostile_values_to_the_admin(admin_client, page, label, mode, data):
    """Every field of the admin's form hostile (some wrong), sometimes a new inline row."""
    form = {**page.sent, **data.draw(submission(page.fields))}
    texts = list(page.texts)
    for total_name, total, row, row_texts in page.rows:
        if data.draw(st.booleans()):
            form.update(data.draw(submission(row)))
            form[total_name] = str(total)
            texts += row_texts
    form[data.draw(st.sampled_from(page.buttons))] = "1"  # one of the page's buttons
    model, obj = page.model, page.obj
    with one_example():
        last_pk = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
        response = post_and_check(admin_client, page.url, form, texts)
        stored = _stored(model, obj, last_pk) if response.status_code == 302 else None
        if stored is not None:
            pages = [admin_url(model, "changelist"), admin_url(model, "change", stored)]
            if hasattr(stored, "get_absolute_url"):
                pages.append(stored.get_absolute_url())
            for url in pages:
                hostile.assert_page_safe(admin_client, url)


@pytest.mark.parametrize(("label", "mode"), READ_ONLY)
def test_read_only_admin_pages_refuse_a_post(admin_client, administrator, label, mode):
    """Where the admin shows but never adds or changes, a hostile POST is refused (403)
    and the table is as it was."""
    model = project_admins()[label].model
    obj = existing(label, administrator) if mode == "change" else None
    if mode == "change" and obj is None:
        pytest.skip(f"no {label} to change: give it a factory or a maker (MAKERS)")
    payloads = hostile.LINE_PAYLOADS
    form = {
        model_field.attname: payloads[number % len(payloads)]
        for number, model_field in enumerate(model._meta.concrete_fields)
    }
    before = list(model._base_manager.order_by("pk").values())

    response = admin_client.post(admin_url(model, mode, obj), form)

    assert response.status_code == 403
    assert list(model._base_manager.order_by("pk").values()) == before


# --- Regressions: what these tests found ------------------------------------------------


def test_an_autocomplete_field_given_no_id_comes_back_with_its_error(admin_client):
    """A follow-up action's owner (an autocomplete field) posted as "²" answered 500:
    Django's widget looked the value up to show it again
    (``network.accounts.admin.AutocompleteSelect``)."""
    form = {"owner": "²", "description": "<script>alert(1)</script>", "status": "open"}

    response = admin_client.post(admin_url(FollowUpAction, "add"), form)

    assert response.status_code == 200
    assert "owner" in response.context["adminform"].form.errors
    hostile.assert_no_script(response)


def test_deliveries_are_not_added_in_the_admin(admin_client, administrator):
    """A delivery added on its own page, or as a row of a notification's inline, had no
    recipient: its save raised IntegrityError (500). Only ``notify`` writes them."""
    notification = _notification(administrator)
    url = admin_url(Notification, "change", notification)
    form = hostile.form_as_sent(admin_client.get(url).content.decode(), "notification_form")
    total = int(form["deliveries-TOTAL_FORMS"])
    form.update({"deliveries-TOTAL_FORMS": str(total + 1), f"deliveries-{total}-id": ""})
    before = Delivery.objects.count()

    on_its_page = admin_client.post(admin_url(Delivery, "add"), {"status": "sent"})
    in_the_inline = admin_client.post(url, form)

    assert on_its_page.status_code == 403
    assert in_the_inline.status_code == 302
    assert Delivery.objects.count() == before
