"""Bad input (issue 8): random and hostile values posted into every form of the portal.

Each test posts, as the role that may use the form, what ``tests/hostile.py``
generates (text from the whole of Unicode, very long strings, numbers and
dates out of range, script, Markdown, SQL and CSV-formula payloads, wrong
choices, missing and duplicated fields, uploads with the wrong content) to
the form's real URL, and checks every answer:

- never a 5xx: a form with errors (200), a redirect (302), or a refusal
  (400, 403, 404, 405, 413, 429);
- a form that comes back with errors shows what was typed in its text
  fields, escaped (DESIGN.md, "Nothing lost");
- no stored script: the answer and, after a success, the pages that show
  the stored value (the object's page, the lists) hold no markup a user
  could have planted (``hostile.unsafe_markup``).

The examples are derandomised (the same on every run, in CI too) and each
runs in a savepoint rolled back at its end (``hostile.one_example``), so
that it starts from the same database as the others. Each field gets a
valid but hostile value (a payload the form accepts) or, for up to three
fields, a wrong one: both the errors and the successes are tried.

Forms and the tests that cover them, with the role that posts:

- members: ``OrganisationProfileForm`` (apply: any user; edit: the
  organisation's admin), ``DecisionForm`` and ``StatusForm``
  (coordinator), ``InvitationForm`` and ``PersonRoleForm`` (organisation
  admin), ``ImportForm`` with ``csv_io.OrganisationRowForm`` and
  ``ExportForm`` (coordinator), ``DirectoryFilterForm`` (GET), the
  invitation link;
- dialogues: ``EventForm`` (create, edit: coordinator; propose:
  organisation admin), ``EventStatusForm``, ``EventFilterForm`` (GET),
  ``RegistrationForm`` and the cancel button (organisation admin), the
  participant list and its CSV, ``AttendanceForm``, ``RecommendationForm``,
  ``ForwardForm``/``TakeForm``/``DeclineForm``, ``ReportForm`` with
  attachments and preview, ``ActionForm`` (coordinator);
- strategy: ``SectionCreateForm``, ``SectionEditForm`` in each language
  with preview, ``ReviewForm``, ``RejectForm``/``ReconcileForm`` and
  accepting (coordinator), ``CommentForm`` and ``AmendmentForm`` (member),
  follow, restore, publish, resolve, take and release (the one-field
  forms), ``CandidateFilterForm`` (GET) with the take button's ``next``,
  history and diff addresses, the PDF;
- ground floor: sign-up with ``SignupExtraForm``, log-in, allauth's
  password, email and re-authentication forms, the profile and the language
  switch, ``AccountDeleteForm``, ``PreferencesForm``, the unsubscribe link,
  ``NewsPostForm`` (coordinator) and the news search;
- two-factor codes (allauth's TOTP): the set-up form (``mfa_activate_totp``,
  just re-authenticated) and the login's second step (``mfa_authenticate``,
  for a user with an authenticator): one to twelve wrong codes (digits,
  look-alikes, payloads), never logged in nor set up by one, then the right
  code (allauth's own ``hotp_value``) goes through, or, once the ten failed
  tries allauth allows are spent, is refused with the translated message;
- progress: ``IndicatorForm``, ``PeriodForm``, ``MilestoneForm`` and their
  delete buttons (coordinator), ``ValueForm`` (coordinator, member, correction, by sex),
  ``DecisionForm`` (coordinator), ``ValueFilterForm`` (GET).

The Django admin's forms (every model of the project's apps, add and change
pages, inlines) are in ``tests/test_bad_input_admin.py``.
"""

import csv
import datetime
import html
import io
import time
from urllib.parse import quote

import hypothesis
import pytest
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY as TOTP_SECRET_KEY,
)
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    validate_totp_code,
)
from django.contrib.auth import get_user
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from hypothesis import given
from hypothesis import strategies as st

from dialogues.enums import ActionStatus, EventStatus, Level, Visibility
from dialogues.models import FollowUpAction, Recommendation
from members.csv_io import FORMULA_STARTS, IMPORT_COLUMNS, NUMBER_LIKE
from members.enums import MembershipStatus, OrganisationKind, OrganisationRole
from network.notifications.enums import Frequency
from network.notifications.kinds import KINDS
from network.pages.enums import NewsStatus
from network.pages.models import Region, Theme
from network.progress.computed import COMPUTATIONS
from network.progress.enums import Direction, Source, Unit, ValueStatus
from strategy.enums import GENDER_CHECKLIST, SectionStatus
from strategy.models import SOURCE_LANGUAGE
from tests import hostile
from tests.conftest import require_service
from tests.factories import (
    NewsPostFactory,
    OrganisationFactory,
    OrganisationPersonFactory,
    UserFactory,
)
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.factories.dialogues import DialogueEventFactory, RecommendationFactory
from tests.factories.progress import (
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    ObjectiveFactory,
    PeriodFactory,
)
from tests.factories.strategy import StrategyFactory, make_section
from tests.hostile import (
    checkbox,
    choice,
    choices,
    day,
    file_field,
    good_file,
    hostile_date,
    hostile_settings,
    hostile_text,
    line,
    nasty_line,
    number,
    one_example,
    post_and_check,
    submission,
    text,
    upload,
    valid_or,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads (logos, attachments) go to a folder of this test."""
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def logged_in(user) -> Client:
    """A client logged in as ``user`` (inside the example: its session is rolled back too)."""
    client = Client()
    client.force_login(user)
    return client


def _region_ids() -> list[int]:
    return list(Region.objects.values_list("pk", flat=True))


def _theme_ids() -> list[int]:
    return list(Theme.objects.values_list("pk", flat=True))


@pytest.fixture
def org_admin(db):
    """The administrator of an active, listed organisation with one more person."""
    person = OrganisationPersonFactory(role=OrganisationRole.ADMIN)
    OrganisationPersonFactory(organisation=person.organisation)
    return person


@pytest.fixture
def member(db):
    """An editor of an active organisation: a member of the network."""
    return OrganisationPersonFactory(role=OrganisationRole.EDITOR)


# --- members -----------------------------------------------------------------------

PROFILE_TEXT_FIELDS = (
    "name", "acronym", "description_fr", "description_en", "description_bm", "website",
    "founded_year", "public_email", "public_phone", "contact_name", "contact_email",
    "contact_phone",
)  # fmt: skip


def profile_fields() -> dict:
    """An organisation's profile: every text hostile, the choices sometimes wrong."""
    return {
        "name": line(),
        "acronym": valid_or(nasty_line().map(lambda name: name[:32]), hostile_text()),
        "kind": choice(OrganisationKind.values),
        "regions": choices(_region_ids()),
        "themes": choices(_theme_ids()),
        "description_fr": text(),
        "description_en": text(),
        "description_bm": text(),
        "website": valid_or(
            st.sampled_from(["", "https://example.org/ɛ?a=<b>", "example.org"]),
            st.one_of(
                st.sampled_from(["javascript:alert(1)", "data:text/html,x", "http://"]),
                hostile_text(30),
            ),
        ),
        "founded_year": number("", 1990, 2014),
        "public_email": valid_or(st.just("contact@example.org"), hostile_text(30)),
        "public_phone": valid_or(nasty_line().map(lambda phone: phone[:32]), hostile_text(40)),
        "contact_name": line(),
        "contact_email": valid_or(st.just("personne@example.org"), hostile_text(30)),
        "contact_phone": valid_or(st.just("+223 70 00 00 00"), hostile_text(40)),
        "listed": checkbox(),
        "logo": file_field("logo.png"),
    }


@hostile_settings(25)
@given(data=st.data())
def test_apply_for_an_organisation(user, data):
    form = data.draw(submission(profile_fields()))
    with one_example():
        client = logged_in(user)
        response = post_and_check(client, reverse("members:apply"), form, PROFILE_TEXT_FIELDS)
        if response.status_code == 302:
            hostile.assert_page_safe(logged_in(UserFactory(roles=["coordinator"])), response.url)


@hostile_settings(25)
@given(data=st.data())
def test_edit_an_organisation_profile(org_admin, data):
    organisation = org_admin.organisation
    fields = profile_fields()
    fields["version"] = number(organisation.version)
    form = data.draw(submission(fields))
    with one_example():
        client = logged_in(org_admin.user)
        post_and_check(
            client,
            reverse("members:edit", kwargs={"slug": organisation.slug}),
            form,
            PROFILE_TEXT_FIELDS,
            follow_pages=[
                organisation.get_absolute_url(),
                reverse("members:directory"),
                reverse("members:history", kwargs={"slug": organisation.slug}),
            ],
        )
        hostile.assert_page_safe(Client(), organisation.get_absolute_url())


@hostile_settings(25)
@given(data=st.data())
def test_decide_on_an_application(coordinator, data):
    form = data.draw(
        submission(
            {
                "decision": choice([MembershipStatus.ACTIVE, MembershipStatus.DECLINED]),
                "reason": text(),
            }
        )
    )
    with one_example():
        applicant = OrganisationFactory(status=MembershipStatus.APPLICANT, listed=False)
        client = logged_in(coordinator)
        post_and_check(
            client,
            reverse("members:decide", kwargs={"slug": applicant.slug}),
            form,
            ["reason"],
            follow_pages=[reverse("members:history", kwargs={"slug": applicant.slug})],
        )


@hostile_settings(25)
@given(data=st.data())
def test_change_a_membership_status(coordinator, member, data):
    organisation = member.organisation
    form = data.draw(
        submission(
            {
                # From active: suspended or left are the steps that can succeed.
                "status": choice([MembershipStatus.SUSPENDED, MembershipStatus.LEFT]),
                "reason": text(),
            }
        )
    )
    with one_example():
        client = logged_in(coordinator)
        post_and_check(
            client,
            reverse("members:status", kwargs={"slug": organisation.slug}),
            form,
            ["reason"],
            follow_pages=[
                reverse("members:history", kwargs={"slug": organisation.slug}),
                reverse("members:applications"),
            ],
        )


@hostile_settings(25)
@given(data=st.data())
def test_invite_a_colleague(org_admin, data):
    form = data.draw(
        submission(
            {
                "email": valid_or(
                    st.sampled_from(["nouvelle@example.org", "NOUVELLE@example.org"]),
                    st.one_of(st.sampled_from(["ɛɔ@example.org", "a@b"]), hostile_text(40)),
                ),
                "role": choice(OrganisationRole.values),
            }
        )
    )
    with one_example():
        post_and_check(
            logged_in(org_admin.user),
            reverse("members:invite", kwargs={"slug": org_admin.organisation.slug}),
            form,
            ["email"],
            follow_pages=[reverse("members:people", kwargs={"slug": org_admin.organisation.slug})],
        )


@hostile_settings(20)
@given(data=st.data())
def test_change_a_person_role_and_people_buttons(org_admin, data):
    organisation = org_admin.organisation
    other = organisation.people.exclude(pk=org_admin.pk).get()
    form = data.draw(submission({"role": choice(OrganisationRole.values)}))
    pk = data.draw(st.sampled_from([str(other.pk), "0", "99999999999999999999"]))
    action = data.draw(st.sampled_from(["role", "remove"]))
    with one_example():
        client = logged_in(org_admin.user)
        if pk.startswith("9"):
            url = f"/fr/members/{organisation.slug}/people/{pk}/{action}/"
        else:
            name = "members:person_role" if action == "role" else "members:person_remove"
            url = reverse(name, kwargs={"slug": organisation.slug, "pk": int(pk)})
        post_and_check(client, url, form)


def csv_fields() -> dict:
    """The columns of an import file, as ``(valid, wrong)`` strategies of their cells."""
    short = nasty_line().map(lambda value: value[:32])
    return {
        "name": line(),
        "acronym": valid_or(short, hostile_text()),
        "kind": choice(OrganisationKind.values),
        "regions": valid_or(
            st.sampled_from(["kayes;mopti", "gao", "KAYES , mopti", ""]),
            st.sampled_from(["inconnue", "x;y", ";;;", "=cmd"]),
        ),
        "themes": valid_or(st.sampled_from(["gender", ""]), st.sampled_from(["x", "@SUM(1)"])),
        "description_fr": text(),
        "description_en": text(),
        "description_bm": text(),
        "website": valid_or(
            st.sampled_from(["", "https://example.org"]),
            st.one_of(st.sampled_from(["javascript:alert(1)", "//x"]), hostile_text(30)),
        ),
        "founded_year": number("", 2014),
        "public_email": valid_or(st.sampled_from(["", "a@example.org"]), hostile_text(30)),
        "public_phone": valid_or(short, hostile_text(40)),
        "contact_name": line(),
        "contact_email": valid_or(st.sampled_from(["", "b@example.org"]), hostile_text(30)),
        "contact_phone": valid_or(short, hostile_text(40)),
        "listed": valid_or(
            st.sampled_from(["oui", "non", "yes", "1", "NO", ""]), st.sampled_from(["ɛ", "2"])
        ),
    }


@st.composite
def csv_upload(draw):
    """An import file: rows of hostile cells (some wrong), or a file that is not CSV at all."""
    if draw(st.integers(0, 4)) == 0:
        return draw(upload())
    rows = [
        draw(submission(csv_fields(), keep=("name", "description_fr")))
        for _row in range(draw(st.integers(0, 3)))
    ]
    for number_, row in enumerate(rows):  # names must differ from each other
        if isinstance(row.get("name"), str):
            row["name"] = f"{row['name'][:240]} {number_}"
    columns = [column for column in IMPORT_COLUMNS if any(column in row for row in rows)]
    if not rows or draw(st.integers(0, 5)) == 0:
        columns = draw(
            st.lists(st.sampled_from([*IMPORT_COLUMNS, "", "nom", "=cmd", "name"]), max_size=6)
        )
    table = [columns] + [
        [str(hostile.typed(row, column) or "") for column in columns] for row in rows
    ]
    out = io.StringIO()
    csv.writer(out, delimiter=draw(st.sampled_from([",", ";"]))).writerows(table)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "latin-1"]))
    content = out.getvalue().encode(encoding, errors="replace")
    return SimpleUploadedFile("organisations.csv", content, "text/csv")


def _assert_csv_neutralised(response) -> None:
    """Every cell of a CSV download that a spreadsheet would run as a formula is quoted
    (a phone number or a plain number may stay as it is)."""
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                assert NUMBER_LIKE.fullmatch(cell), f"formula exported as is: {cell[:60]!r}"


def _assert_export_neutralised(client) -> None:
    _assert_csv_neutralised(client.post(reverse("members:export"), {"include_private": "on"}))


@hostile_settings(25)
@given(data=st.data())
def test_import_organisations_from_csv(coordinator, data):
    form = data.draw(submission({"file": csv_upload()}, keep=("file",)))
    with one_example():
        client = logged_in(coordinator)
        response = post_and_check(client, reverse("members:import"), form)
        if response.status_code == 302:
            hostile.assert_page_safe(client, reverse("members:applications"))
            hostile.assert_page_safe(client, reverse("members:directory"))
        _assert_export_neutralised(client)


@hostile_settings(25)
@given(data=st.data())
def test_export_and_the_filters_of_the_lists(coordinator, data):
    query = data.draw(
        submission(
            {
                "q": valid_or(nasty_line(), hostile_text(long=False)),
                "region": choice(["kayes", "mopti"]),
                "theme": choice(["gender"]),
                "kind": choice(OrganisationKind.values),
                "level": choice(Level.values),
                "year": number(2014, ""),
                "status": choice(MembershipStatus.values),
                "page": choice(["1", "last"]),
            }
        )
    )
    with one_example():
        client = logged_in(coordinator)
        for url in (
            reverse("members:directory"),
            reverse("members:applications"),
            reverse("dialogues:list"),
            reverse("dialogues:past"),
            reverse("pages:news_list"),
        ):
            response = client.get(url, query)
            hostile.assert_answered(response)
            hostile.assert_no_script(response)
        response = client.post(reverse("members:export"), {"include_private": query.get("q", "")})
        hostile.assert_answered(response)


@hostile_settings(20)
@given(token=hostile_text(80), method=st.sampled_from(["get", "post"]))
def test_invitation_and_unsubscribe_links_with_forged_tokens(user, token, method):
    with one_example():
        client = logged_in(user)
        quoted = quote(token, safe="")
        for url in (
            f"/fr/members/invitations/{quoted}/",
            f"/fr/notifications/unsubscribe/{quoted}/",
        ):
            response = getattr(client, method)(url)
            hostile.assert_answered(response)
            hostile.assert_no_script(response)


# --- accounts, notifications, news ------------------------------------------------


@hostile_settings(25)
@given(data=st.data())
def test_sign_up(client, data):
    password = valid_or(st.just("Un-mot-de-passe-2014"), hostile_text(30))
    form = data.draw(
        submission(
            {
                "email": valid_or(
                    st.just("nouveau@example.org"),
                    st.one_of(st.just("ɲɔ@example.org"), hostile_text(40)),
                ),
                "password1": password,
                "password2": password,
                "display_name": valid_or(nasty_line().map(lambda name: name[:150]), hostile_text()),
            }
        )
    )
    with one_example():
        response = post_and_check(Client(), reverse("account_signup"), form, ["display_name"])
        if response.status_code == 302:
            coordinator = UserFactory(roles=["coordinator"])
            hostile.assert_page_safe(logged_in(coordinator), reverse("pages:dashboard"))


@hostile_settings(20)
@given(data=st.data())
def test_log_in(data):
    form = data.draw(
        submission(
            {
                "login": valid_or(st.just("personne@example.org"), hostile_text(40)),
                "password": valid_or(st.just(DEFAULT_PASSWORD), hostile_text(30)),
                "remember": checkbox(),
            }
        )
    )
    with one_example():
        UserFactory(email="personne@example.org")
        post_and_check(Client(), reverse("account_login"), form, ["login"])


ACCOUNT_FORMS = {
    # URL name: the fields of allauth's form, the text fields shown again on an error.
    "account_reset_password": ({"email": "personne@example.org"}, ["email"]),
    "account_change_password": (
        {"oldpassword": DEFAULT_PASSWORD, "password1": "Nouveau-2015", "password2": "Nouveau-2015"},
        [],
    ),
    "account_email": ({"email": "autre@example.org", "action_add": ""}, ["email"]),
    "account_reauthenticate": ({"password": DEFAULT_PASSWORD}, []),
}  # the two-factor set-up asks for the password first: test_the_two_factor_set_up


@pytest.mark.parametrize("name", list(ACCOUNT_FORMS))
@hostile_settings(8)
@given(data=st.data())
def test_the_account_forms(name, data):
    """allauth's own forms (password, email addresses, re-authentication), as their user."""
    valid, texts = ACCOUNT_FORMS[name]
    form = data.draw(
        submission(
            {field: valid_or(st.just(value), hostile_text(40)) for field, value in valid.items()}
        )
    )
    with one_example():
        user = UserFactory(email="personne@example.org")
        client = Client() if name == "account_reset_password" else logged_in(user)
        post_and_check(client, reverse(name), form, texts)


# Two-factor codes (allauth's TOTP): the set-up form and the login's second step.

#: Codes a person or a script may type into a code box: none of them the right one.
BAD_CODES = (
    "", "000000", "123456", "12345", "1234567", "１２３４５６", "١٢٣٤٥٦", "߁߂߃߄߅߆",
    "²²²²²²", " 123 456 ", "123-456", "999999999999999999999", "-12345", "1e5",
    "<script>alert(1)</script>", "\x00\x00\x00\x00\x00\x00", "ɛɛɛɛɛɛ",
)  # fmt: skip


def wrong_codes() -> st.SearchStrategy[list[str]]:
    """One to twelve tries: codes of six digits, look-alikes, anything (up to twelve, so
    that allauth's limit of ten failed tries is met now and then)."""
    code = st.one_of(
        st.sampled_from(BAD_CODES),
        st.integers(0, 999_999).map(lambda value: f"{value:06}"),
        hostile_text(40, long=False),
    )
    return st.lists(code, min_size=1, max_size=12)


def _counter() -> int:
    return int(time.time()) // mfa_settings.TOTP_PERIOD


def post_right_code(client, url: str, secret: str):
    """POST the code of this moment, as allauth computes it (again if the 30-second window
    turned meanwhile, which would make it stale)."""
    for _try in range(2):
        counter = _counter()
        response = client.post(url, {"code": format_hotp_value(hotp_value(secret, counter))})
        if response.status_code == 302 or counter == _counter():
            break
    return response


def post_wrong_codes(client, url: str, codes: list[str], secret: str, still) -> int:
    """POST each code that allauth's own check refuses; after each, ``still()`` must hold
    (not logged in, no authenticator). Returns how many were posted."""
    tried = 0
    for code in codes:
        if validate_totp_code(secret, code):  # right by chance (or once spaces are gone)
            continue
        post_and_check(client, url, {"code": code}, ["code"])
        assert still(), f"the code {code!r} was taken"
        tried += 1
    return tried


def assert_limited_or_through(response, tried: int, error: str, through: bool) -> None:
    """After ``tried`` wrong codes the right one gets through, unless allauth's limit of
    failed tries (ten a minute per address and per account, ``ACCOUNT_RATE_LIMITS``)
    was met: then the page says so, translated, and nothing gets through."""
    limit_message = html.escape(str(get_account_adapter().error_messages[error]))
    limited = response.status_code == 200 and limit_message in response.content.decode()
    if tried <= 5:
        assert through and not limited, f"the right code was refused after {tried} tries"
    elif tried >= 10:
        assert limited and not through, f"{tried} wrong codes, and no limit"
    else:  # the address's budget also counts the password step
        assert through != limited
    hypothesis.event(f"two-factor: {'limited' if limited else 'through'}")  # statistics


@pytest.fixture
def totp_user(db):
    """A user with two-factor authentication, set up with allauth's own ``TOTP.activate``."""
    user = UserFactory(email="deux@example.org")
    TOTP.activate(user, TOTP_SECRET)
    return user


TOTP_SECRET = "JBSWY3DPEHPK3PXP"


@hostile_settings(10)
@given(codes=wrong_codes())
def test_the_login_two_factor_step(totp_user, codes):
    """Wrong codes at the login's second step: never a 5xx, no script, never logged in;
    the right code then logs in, unless allauth's limit of failed tries was met."""
    url = reverse("mfa_authenticate")
    with one_example():
        client = Client()
        login = client.post(
            reverse("account_login"), {"login": totp_user.email, "password": DEFAULT_PASSWORD}
        )
        assert (login.status_code, login.url) == (302, url)

        def logged_out():
            return not get_user(client).is_authenticated

        tried = post_wrong_codes(client, url, codes, TOTP_SECRET, still=logged_out)
        response = post_right_code(client, url, TOTP_SECRET)
        hostile.assert_answered(response)
        hostile.assert_no_script(response)
        assert_limited_or_through(
            response, tried, "too_many_login_attempts", through=not logged_out()
        )


@hostile_settings(10)
@given(codes=wrong_codes())
def test_the_two_factor_set_up(codes):
    """Wrong codes in the set-up form (``mfa_activate_totp``, just after typing one's
    password again, as allauth asks): never a 5xx, no script, no authenticator; the right
    code then sets it up, unless allauth's limit of failed tries was met."""
    url = reverse("mfa_activate_totp")
    with one_example():
        user = UserFactory(email="deux@example.org")
        client = logged_in(user)
        client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
        assert client.get(url).status_code == 200
        secret = client.session[TOTP_SECRET_KEY]  # drawn by the form shown, kept for the posts

        def none_yet():
            return not Authenticator.objects.filter(user=user).exists()

        tried = post_wrong_codes(client, url, codes, secret, still=none_yet)
        response = post_right_code(client, url, secret)
        hostile.assert_answered(response)
        hostile.assert_no_script(response)
        assert_limited_or_through(response, tried, "rate_limited", through=not none_yet())


def test_ten_wrong_codes_and_the_right_one_is_refused(totp_user):
    """The limit itself: after ten wrong codes, the right one is refused with the limit's
    message (in French here), and the user is not logged in."""
    client = Client()
    client.post(reverse("account_login"), {"login": totp_user.email, "password": DEFAULT_PASSWORD})
    url = reverse("mfa_authenticate")
    wrong = next(code for code in ("000000", "000001") if not validate_totp_code(TOTP_SECRET, code))
    for _try in range(10):
        client.post(url, {"code": wrong})

    response = post_right_code(client, url, TOTP_SECRET)

    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()
    assert not get_user(client).is_authenticated


@hostile_settings(25)
@given(data=st.data())
def test_edit_ones_profile_and_language(member, data):
    form = data.draw(
        submission(
            {
                "display_name": valid_or(nasty_line().map(lambda name: name[:150]), hostile_text()),
                "preferred_language": choice(["fr", "en", "bm"]),
            }
        )
    )
    switch = data.draw(
        submission(
            {
                "language": choice(["fr", "en", "bm", "en-us", "BM"]),
                "next": valid_or(
                    st.sampled_from(["/fr/members/", "/bm/dialogues/"]),
                    st.one_of(
                        st.sampled_from(["//evil.example/", "https://evil.example/", "/\\x"]),
                        hostile_text(40, long=False),
                    ),
                ),
            }
        )
    )
    with one_example():
        client = logged_in(member.user)
        post_and_check(
            client,
            reverse("accounts:profile"),
            form,
            ["display_name"],
            follow_pages=[
                reverse("pages:dashboard"),
                reverse("members:people", kwargs={"slug": member.organisation.slug}),
            ],
        )
        response = client.post(reverse("set_language"), switch)
        hostile.assert_answered(response)
        if response.status_code == 302:  # back to a page of this site, never elsewhere
            assert url_has_allowed_host_and_scheme(response.url, allowed_hosts={"testserver"})


@hostile_settings(15)
@given(data=st.data())
def test_delete_ones_account(member, data):
    form = data.draw(
        submission({"password": valid_or(st.just(DEFAULT_PASSWORD), hostile_text(30))})
    )
    with one_example():
        post_and_check(logged_in(member.user), reverse("accounts:delete"), form)


@hostile_settings(20)
@given(data=st.data())
def test_notification_preferences(user, data):
    form = data.draw(submission({key: choice(Frequency.values) for key in KINDS}))
    with one_example():
        post_and_check(logged_in(user), reverse("notifications:preferences"), form)
        for url in ("/fr/notifications/read/", "/fr/notifications/999999/read/"):
            hostile.assert_answered(logged_in(user).post(url, form))


NEWS_TEXT_FIELDS = tuple(
    f"{name}_{code}" for name in ("title", "summary", "body") for code in ("fr", "en", "bm")
)


def news_fields() -> dict:
    fields = {}
    for code in ("fr", "en", "bm"):
        fields[f"title_{code}"] = line()
        fields[f"summary_{code}"] = text()
        fields[f"body_{code}"] = text()
    fields["published_on"] = day("05/03/2014", "2014-03-05")
    fields["status"] = choice(NewsStatus.values)
    return fields


@hostile_settings(25)
@given(data=st.data())
def test_write_a_news_post(coordinator, data):
    form = data.draw(submission(news_fields()))
    with one_example():
        post_and_check(
            logged_in(coordinator),
            reverse("pages:news_create"),
            form,
            NEWS_TEXT_FIELDS,
            follow_pages=[reverse("pages:news_list"), reverse("pages:home")],
        )
        _assert_feed_safe(Client())


@pytest.fixture
def news_post(db):
    return NewsPostFactory()


@hostile_settings(20)
@given(data=st.data())
def test_edit_a_news_post(coordinator, news_post, data):
    post = news_post
    fields = news_fields()
    fields["version"] = number(post.version)
    form = data.draw(submission(fields))
    with one_example():
        post_and_check(
            logged_in(coordinator),
            reverse("pages:news_update", kwargs={"slug": post.slug}),
            form,
            NEWS_TEXT_FIELDS,
            follow_pages=[reverse("pages:news_list")],
        )
        hostile.assert_page_safe(Client(), reverse("pages:news_list"))


def _assert_feed_safe(client) -> None:
    """The Atom feed's entries hold sanitised HTML only (feed readers show it as a page)."""
    from xml.etree import ElementTree

    response = client.get(reverse("pages:news_feed"))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    for element in root.iter():
        if element.text and element.tag.endswith(("summary", "content")):
            assert not hostile.unsafe_markup(element.text), element.text[:200]


# --- dialogues ---------------------------------------------------------------------

EVENT_TEXT_FIELDS = (
    "title_fr", "description_fr", "title_en", "description_en", "title_bm", "description_bm",
    "place", "starts_at", "ends_at", "capacity",
)  # fmt: skip


def moment(*hours: int) -> tuple:
    """A start or end as typed (05/03/2014 09:00, or as the date picker sends it), or wrong."""
    return (
        st.sampled_from(hours).flatmap(
            lambda hour: st.sampled_from([f"05/03/2014 {hour:02d}:00", f"2014-03-05T{hour:02d}:00"])
        ),
        hostile_date(),
    )


def event_fields(organiser_ids: list[int]) -> dict:
    fields = {}
    for code in ("fr", "en", "bm"):
        fields[f"title_{code}"] = line()
        fields[f"description_{code}"] = text()
    fields.update(
        {
            "level": choice(Level.values),
            "region": choice(_region_ids()),
            "place": line(),
            "starts_at": moment(9, 10),
            "ends_at": moment(17, 18),
            "themes": choices(_theme_ids()),
            "organisers": choices(organiser_ids),
            "visibility": choice(Visibility.values),
            "capacity": number("", 30, 100_000),
        }
    )
    return fields


def _event_pages(event_url: str) -> list:
    return [event_url, reverse("dialogues:list"), reverse("dialogues:past")]


@hostile_settings(25)
@given(data=st.data())
def test_create_an_event(coordinator, member, data):
    form = data.draw(submission(event_fields([member.organisation.pk])))
    with one_example():
        client = logged_in(coordinator)
        response = post_and_check(
            client, reverse("dialogues:new"), form, EVENT_TEXT_FIELDS,
            follow_pages=[reverse("dialogues:list"), reverse("dialogues:past")],
        )  # fmt: skip
        if response.status_code == 302:
            hostile.assert_page_safe(Client(), response.url)
            assert client.get(reverse("dialogues:calendar")).status_code == 200


@hostile_settings(20)
@given(data=st.data())
def test_propose_an_event(org_admin, data):
    form = data.draw(submission(event_fields([org_admin.organisation.pk])))
    with one_example():
        post_and_check(
            logged_in(org_admin.user), reverse("dialogues:propose"), form, EVENT_TEXT_FIELDS
        )


@pytest.fixture
def event(member):
    """A planned public event organised by ``member``'s organisation, with a recommendation
    and a follow-up action."""
    event = DialogueEventFactory(organisers=[member.organisation])
    RecommendationFactory(event=event)
    FollowUpAction.objects.create(
        event=event,
        description="Former les relais.",
        owner=member.organisation,
        due_on=datetime.date(2014, 3, 5),
    )
    return event


@hostile_settings(25)
@given(data=st.data())
def test_edit_an_event(coordinator, member, event, data):
    fields = event_fields([member.organisation.pk])
    fields["version"] = number(event.version)
    form = data.draw(submission(fields))
    with one_example():
        post_and_check(
            logged_in(coordinator),
            reverse("dialogues:edit", kwargs={"slug": event.slug}),
            form,
            EVENT_TEXT_FIELDS,
            follow_pages=_event_pages(event.get_absolute_url()),
        )


@hostile_settings(20)
@given(data=st.data())
def test_change_an_event_status(coordinator, data):
    form = data.draw(submission({"status": choice(EventStatus.values), "confirm": checkbox()}))
    started = data.draw(st.booleans())
    with one_example():
        starts_at = timezone.now() + datetime.timedelta(days=-1 if started else 10)
        event = DialogueEventFactory(
            starts_at=starts_at,
            status=data.draw(st.sampled_from([EventStatus.PROPOSED, EventStatus.PLANNED])),
        )
        post_and_check(
            logged_in(coordinator),
            reverse("dialogues:status", kwargs={"slug": event.slug}),
            form,
            follow_pages=[event.get_absolute_url()],
        )


@hostile_settings(20)
@given(data=st.data())
def test_register_a_delegate_and_cancel(org_admin, data):
    colleague = org_admin.organisation.people.exclude(pk=org_admin.pk).get()
    form = data.draw(
        submission(
            {
                "organisation": choice([org_admin.organisation.pk]),
                "delegate": choice([colleague.user_id, org_admin.user_id]),
            }
        )
    )
    cancel = data.draw(submission({"from": choice(["participants", "event"])}))
    name = data.draw(nasty_line())
    with one_example():
        colleague.user.display_name = name[:150]  # shown in the participant list and its CSV
        colleague.user.save(update_fields=["display_name"])
        event = DialogueEventFactory(capacity=1, organisers=[org_admin.organisation])
        client = logged_in(org_admin.user)
        post_and_check(
            client,
            reverse("dialogues:register", kwargs={"slug": event.slug}),
            form,
            follow_pages=[event.get_absolute_url()],
        )
        hostile.assert_page_safe(
            client, reverse("dialogues:participants", kwargs={"slug": event.slug})
        )
        _assert_csv_neutralised(
            client.post(reverse("dialogues:participants_csv", kwargs={"slug": event.slug}))
        )
        registration = event.registrations.first()
        pk = registration.pk if registration else 999_999
        post_and_check(
            client,
            reverse("dialogues:registration_cancel", kwargs={"slug": event.slug, "pk": pk}),
            cancel,
        )


@hostile_settings(25)
@given(data=st.data())
def test_record_attendance(coordinator, data):
    form = data.draw(
        st.sampled_from([(40, 25, 15, 10), (0, 0, 0, 0), (12, 12, 0, 12)]).flatmap(
            lambda counts: submission(
                {
                    name: number(count)
                    for name, count in zip(("total", "women", "men", "youth"), counts, strict=True)
                }
            )
        )
    )
    with one_example():
        event = DialogueEventFactory(starts_at=timezone.now() - datetime.timedelta(days=2))
        post_and_check(
            logged_in(coordinator),
            reverse("dialogues:attendance", kwargs={"slug": event.slug}),
            form,
            ["total", "women", "men", "youth"],
            follow_pages=[event.get_absolute_url()],
        )


@hostile_settings(25)
@given(data=st.data())
def test_add_a_recommendation(coordinator, data):
    form = data.draw(
        submission(
            {
                "text_fr": text(),
                "text_en": text(),
                "text_bm": text(),
                "addressed_level": choice(Level.values),
            }
        )
    )
    with one_example():
        event = DialogueEventFactory()
        post_and_check(
            logged_in(coordinator),
            reverse("dialogues:recommendation_add", kwargs={"slug": event.slug}),
            form,
            ["text_fr", "text_en", "text_bm"],
            follow_pages=[event.get_absolute_url()],
        )
        hostile.assert_page_safe(Client(), event.get_absolute_url())


@hostile_settings(25)
@given(data=st.data())
def test_decide_on_a_recommendation(coordinator, data):
    with one_example():
        higher = DialogueEventFactory(level=Level.NATIONAL)
        recommendation = RecommendationFactory(text="<script>alert(1)</script>")
        form = data.draw(
            submission(
                {
                    "decision": choice(["forward", "take", "decline"]),
                    "to_event": choice([higher.pk, recommendation.event_id]),
                    "reason": text(),
                }
            )
        )
        response = post_and_check(
            logged_in(coordinator),
            reverse("dialogues:recommendation", kwargs={"pk": recommendation.pk}),
            form,
            ["reason"],
            follow_pages=[recommendation.event.get_absolute_url()],
        )
        if response.status_code == 302:
            hostile.assert_page_safe(Client(), response.url)
            assert Recommendation.objects.filter(pk=recommendation.pk).exists()


REPORT_TEXT_FIELDS = ("body_fr", "body_en", "body_bm")


@hostile_settings(25)
@given(data=st.data())
def test_write_an_event_report(coordinator, data):
    form = data.draw(
        submission(
            {
                "body_fr": text(),
                "body_en": text(),
                "body_bm": text(),
                "publish": checkbox(),
                "attachments": valid_or(
                    st.lists(good_file("rapport.pdf"), max_size=2),
                    st.lists(upload(), min_size=1, max_size=2),
                ),
                "loaded": valid_or(st.just(""), hostile_text(30, long=False)),
                "preview": st.sampled_from(["", "1"]),
            }
        )
    )
    if form.get("preview") == "":
        del form["preview"]
    with one_example():
        event = DialogueEventFactory(starts_at=timezone.now() - datetime.timedelta(days=2))
        post_and_check(
            logged_in(coordinator),
            reverse("dialogues:report", kwargs={"slug": event.slug}),
            form,
            REPORT_TEXT_FIELDS,
            follow_pages=[reverse("dialogues:report", kwargs={"slug": event.slug})],
        )
        hostile.assert_page_safe(Client(), event.get_absolute_url())


def action_fields(event, member) -> dict:
    return {
        "description": text(),
        "owner": choice([member.organisation.pk]),
        "due_on": day("05/03/2014", "2014-03-05"),
        "status": choice(ActionStatus.values),
        "recommendation": choice([r.pk for r in event.recommendations.all()] + [""]),
    }


@hostile_settings(20)
@given(data=st.data())
def test_add_and_edit_a_follow_up_action(coordinator, member, event, data):
    action = event.actions.get()
    form = data.draw(submission(action_fields(event, member)))
    edit = data.draw(st.booleans())
    with one_example():
        if edit:
            url = reverse("dialogues:action_edit", kwargs={"pk": action.pk})
        else:
            url = reverse("dialogues:action_add", kwargs={"slug": event.slug})
        client = logged_in(coordinator)
        post_and_check(
            client,
            url,
            form,
            ["description", "due_on"],
            follow_pages=[reverse("dialogues:actions_overdue"), event.get_absolute_url()],
        )
        hostile.assert_page_safe(Client(), event.get_absolute_url())


# --- strategy ----------------------------------------------------------------------


@pytest.fixture
def section(coordinator):
    """A draft section with one French revision, in the current strategy."""
    return make_section(strategy=StrategyFactory(), author=coordinator)


def _latest(section, language: str = SOURCE_LANGUAGE):
    return section.revisions.filter(language=language).order_by("-number").first()


@hostile_settings(25)
@given(data=st.data())
def test_create_a_section(coordinator, section, data):
    form = data.draw(
        submission(
            {
                "title": line(),
                "body": text(),
                "parent": choice(["", section.pk]),
                "order": number(0, 3, 10_000),
                "dimension": choice(["", *_theme_ids()]),
                "lead": choice(["", coordinator.pk]),
            }
        )
    )
    with one_example():
        post_and_check(
            logged_in(coordinator),
            reverse("strategy:new"),
            form,
            ["title", "body", "order"],
            follow_pages=[reverse("strategy:document"), reverse("strategy:print")],
        )


@hostile_settings(25)
@given(data=st.data())
def test_edit_a_section_in_each_language(coordinator, section, data):
    language = data.draw(st.one_of(st.sampled_from(["fr", "fr", "en", "bm"]), hostile_text(8)))
    french = _latest(section)
    form = data.draw(
        submission(
            {
                "title": line(),
                "body": text(),
                "summary": line(),
                "base": choice(["", french.pk]),
                "source": choice(["", french.pk]),
                "preview": st.sampled_from(["", "1"]),
            }
        )
    )
    if form.get("preview") == "":
        del form["preview"]
    with one_example():
        edit = reverse("strategy:edit", kwargs={"slug": section.slug})
        url = f"{edit}?{urlencode({'lang': language})}"
        post_and_check(
            logged_in(coordinator),
            url,
            form,
            ["title", "body", "summary"],
            follow_pages=[
                reverse("strategy:history", kwargs={"slug": section.slug}) + "?lang=" + "fr",
                reverse("strategy:document"),
                reverse("strategy:print"),
            ],
        )
        revisions = list(section.revisions.order_by("pk").values_list("pk", flat=True))
        diff = reverse("strategy:diff", kwargs={"slug": section.slug})
        hostile.assert_page_safe(
            logged_in(coordinator), f"{diff}?from={revisions[0]}&to={revisions[-1]}"
        )


@hostile_settings(25)
@given(data=st.data())
def test_comment_on_a_section(member, coordinator, section, data):
    with one_example():
        thread = section.comments.create(author=coordinator, body="Premier commentaire.")
        form = data.draw(
            submission({"quote": text(), "body": text(), "parent": choice(["", thread.pk])})
        )
        post_and_check(
            logged_in(member.user),
            reverse("strategy:comment_add", kwargs={"slug": section.slug}),
            form,
            ["quote", "body"],
        )


@hostile_settings(25)
@given(data=st.data())
def test_propose_an_amendment(member, section, data):
    form = data.draw(
        submission(
            {
                "proposed_body": text(),
                "rationale": text(),
                "base": choice([_latest(section).pk]),
            }
        )
    )
    with one_example():
        response = post_and_check(
            logged_in(member.user),
            reverse("strategy:amendment_add", kwargs={"slug": section.slug}),
            form,
            ["proposed_body", "rationale"],
            follow_pages=[section.get_absolute_url()],
        )
        if response.status_code == 302:
            hostile.assert_page_safe(logged_in(UserFactory(roles=["coordinator"])), response.url)


@hostile_settings(25)
@given(data=st.data())
def test_decide_on_an_amendment(member, coordinator, section, data):
    form = data.draw(
        submission(
            {
                "decision": choice(["accept", "reject", "reconcile"]),
                "reason": text(),
                "text": text(),
                "latest": choice([_latest(section).pk]),
            }
        )
    )
    with one_example():
        amendment = section.amendments.create(
            proposer=member.user,
            proposed_body="<script>alert(1)</script>\n\nTexte [proposé](javascript:alert(1)).",
            rationale="<img src=x onerror=alert(1)>",
            base=_latest(section),
        )
        post_and_check(
            logged_in(coordinator),
            reverse("strategy:amendment", kwargs={"pk": amendment.pk}),
            form,
            ["reason", "text"],
            follow_pages=[section.get_absolute_url()],
        )


@hostile_settings(25)
@given(data=st.data())
def test_review_a_section(coordinator, section, data):
    form = data.draw(
        submission(
            {
                "checklist": choices(list(GENDER_CHECKLIST)),
                "status": choice(SectionStatus.values),
            }
        )
    )
    with one_example():
        post_and_check(
            logged_in(coordinator),
            reverse("strategy:review", kwargs={"slug": section.slug}),
            form,
            follow_pages=[section.get_absolute_url()],
        )


@hostile_settings(25)
@given(data=st.data())
def test_the_buttons_of_the_strategy(coordinator, member, section, data):
    """Follow, restore, publish, resolve: forms of one or two hidden fields, all hostile."""
    revision = _latest(section)
    value = data.draw(
        st.one_of(
            st.sampled_from(["follow", "unfollow", "reopen", str(revision.pk), "/fr/strategy/"]),
            st.sampled_from(["²", "١", "߃", "99999999999999999999999", "//evil.example"]),
            hostile_text(30, long=False),
        )
    )
    target = data.draw(
        st.sampled_from(["follow", "restore", "publish", "unpublish", "resolve", "take", "release"])
    )
    with one_example():
        thread = section.comments.create(author=member.user, body="Fil.")
        client = logged_in(coordinator)
        url, field = {
            "follow": (reverse("strategy:follow", kwargs={"slug": section.slug}), "action"),
            "restore": (
                reverse("strategy:restore", kwargs={"slug": section.slug, "pk": revision.pk}),
                "seen",
            ),
            "publish": (reverse("strategy:publish"), "next"),
            "unpublish": (reverse("strategy:unpublish"), "next"),
            "resolve": (reverse("strategy:comment_resolve", kwargs={"pk": thread.pk}), "action"),
            "take": (reverse("strategy:recommendations", kwargs={"slug": section.slug}), "take"),
            "release": (
                reverse("strategy:recommendations", kwargs={"slug": section.slug}),
                "release",
            ),
        }[target]
        response = post_and_check(client, url, {field: value})
        if response.status_code == 302:
            assert url_has_allowed_host_and_scheme(response.url, allowed_hosts={"testserver"})


@hostile_settings(25)
@given(data=st.data())
def test_history_and_diff_addresses(coordinator, section, data):
    query = data.draw(
        submission(
            {
                "lang": choice(["fr", "en", "bm"]),
                "from": choice([_latest(section).pk]),
                "to": choice([_latest(section).pk]),
                "page": choice(["1"]),
            }
        )
    )
    with one_example():
        client = logged_in(coordinator)
        for name in ("strategy:history", "strategy:diff", "strategy:edit", "strategy:section"):
            response = client.get(reverse(name, kwargs={"slug": section.slug}), query)
            hostile.assert_answered(response)
            hostile.assert_no_script(response)


@hostile_settings(20)
@given(data=st.data())
def test_the_filters_of_the_recommendations_to_take_in(coordinator, section, data):
    """``CandidateFilterForm`` (GET) of the page where coordinators take recommendations in,
    with the ``next`` its take button sends back."""
    made = RecommendationFactory(text="Former les médiatrices")
    query = data.draw(
        submission(
            {
                "q": valid_or(nasty_line(), hostile_text(long=False)),
                "level": choice(Level.values),
                "page": choice(["1", "last"]),
            }
        )
    )
    with one_example():
        client = logged_in(coordinator)
        url = reverse("strategy:recommendations", kwargs={"slug": section.slug})
        response = client.get(url, query)
        hostile.assert_answered(response)
        hostile.assert_no_script(response)
        taken = client.post(url, {"take": made.pk, "next": query.get("q", "")})
        assert taken.status_code == 302
        assert url_has_allowed_host_and_scheme(taken["Location"], allowed_hosts=None)


# --- progress ----------------------------------------------------------------------


@pytest.fixture
def framework(member):
    """Objective 1; two semesters; a reported indicator members may report on, disaggregated
    by sex, with a submitted network value and a draft contribution of ``member``'s
    organisation."""
    objective = ObjectiveFactory(number=1)
    periods = [PeriodFactory(), PeriodFactory()]
    indicator = IndicatorFactory(objective=objective, members_may_report=True, public=True)
    sexed = IndicatorFactory(objective=objective, disaggregated=True)
    submitted = IndicatorValueFactory(
        indicator=indicator, period=periods[0], status=ValueStatus.SUBMITTED
    )
    draft = IndicatorValueFactory(
        indicator=indicator,
        period=periods[1],
        organisation=member.organisation,
        status=ValueStatus.DRAFT,
    )
    milestone = MilestoneFactory(objective=objective)
    return {
        "objective": objective,
        "periods": periods,
        "indicator": indicator,
        "sexed": sexed,
        "submitted": submitted,
        "draft": draft,
        "milestone": milestone,
    }


def _progress_pages(indicator) -> list[str]:
    return [
        reverse("progress:framework"),
        reverse("progress:overview"),
        reverse("progress:summary"),
        reverse("progress:timeline"),
        reverse("progress:values"),
        reverse("progress:indicator", kwargs={"pk": indicator.pk}),
    ]


def _translated(name: str, multiline: bool = False) -> dict:
    return {f"{name}_{code}": text() if multiline else line() for code in ("fr", "en", "bm")}


PROGRESS_TEXTS = tuple(
    f"{name}_{code}" for name in ("name", "definition", "title") for code in ("fr", "en", "bm")
)


@pytest.mark.parametrize("edit", [False, True], ids=["create", "edit"])
@hostile_settings(15)
@given(data=st.data())
def test_create_and_edit_an_indicator(coordinator, framework, edit, data):
    indicator = framework["indicator"]
    form = data.draw(
        submission(
            {
                **_translated("name"),
                **_translated("definition", multiline=True),
                "objective": choice([framework["objective"].pk]),
                "number": number("", 7, 999),
                # Valid together: a reported number rising from the baseline to the target.
                "source": choice([Source.REPORTED]),
                "computation": valid_or(st.just(""), choice([*COMPUTATIONS, "x"])[0]),
                "unit": choice([Unit.NUMBER]),
                "direction": choice([Direction.INCREASE]),
                "baseline": number(0, "12,5"),
                "baseline_date": day("2013-11-01", "01/11/2013"),
                "target": number(100, "99,99", "1000000000"),
                "disaggregated": checkbox(),
                "cumulative": checkbox(),
                "members_may_report": checkbox(),
                "public": checkbox(),
            }
        )
    )
    with one_example():
        if edit:
            url = reverse("progress:indicator_edit", kwargs={"pk": indicator.pk})
        else:
            url = reverse("progress:indicator_create")
        post_and_check(
            logged_in(coordinator),
            url,
            form,
            PROGRESS_TEXTS + ("number", "baseline", "baseline_date", "target"),
            follow_pages=_progress_pages(indicator),
        )
        hostile.assert_page_safe(Client(), reverse("progress:summary"))


@pytest.mark.parametrize("what", ["period", "milestone"])
@pytest.mark.parametrize("edit", [False, True], ids=["create", "edit"])
@hostile_settings(10)
@given(data=st.data())
def test_create_and_edit_periods_and_milestones(coordinator, framework, what, edit, data):
    if what == "period":
        fields = {
            **_translated("name"),
            "starts_on": day("2020-01-01", "01/01/2020"),
            "ends_on": day("2020-06-30", "30/06/2020"),
        }
        instance = framework["periods"][1]
    else:
        fields = {
            **_translated("title"),
            "date": day("2014-06-01", "01/06/2014"),
            "objective": choice(["", framework["objective"].pk]),
        }
        instance = framework["milestone"]
    form = data.draw(submission(fields))
    with one_example():
        if edit:
            url = reverse(f"progress:{what}_edit", kwargs={"pk": instance.pk})
        else:
            url = reverse(f"progress:{what}_create")
        post_and_check(
            logged_in(coordinator),
            url,
            form,
            PROGRESS_TEXTS + ("starts_on", "ends_on", "date"),
            follow_pages=_progress_pages(framework["indicator"]),
        )


def value_fields(framework, *, organisation=None) -> dict:
    return {
        "period": choice([period.pk for period in framework["periods"]]),
        "value": number(10, "12,5", "0", "9999999999,99"),
        "women": number(4, "0"),
        "men": number(6, "10"),
        "evidence_note": text(),
        "evidence_file": file_field("preuve.pdf"),
        "organisation": choice([organisation.pk] if organisation else []),
    }


@pytest.mark.parametrize("who", ["coordinator", "member", "member-edit", "sexed"])
@hostile_settings(10)
@given(data=st.data())
def test_enter_and_correct_a_value(coordinator, member, framework, who, data):
    """The network's value (coordinator), a member's contribution, its correction, and a
    value disaggregated by sex."""
    fields = value_fields(framework, organisation=member.organisation)
    if who == "member-edit":
        fields["version"] = number(framework["draft"].version)
        fields["remove_evidence"] = checkbox()
    form = data.draw(submission(fields))
    with one_example():
        if who == "member-edit":
            url = reverse("progress:value_edit", kwargs={"pk": framework["draft"].pk})
        else:
            indicator = framework["sexed" if who == "sexed" else "indicator"]
            url = reverse("progress:value_create", kwargs={"pk": indicator.pk})
        user = coordinator if who in ("coordinator", "sexed") else member.user
        post_and_check(
            logged_in(user),
            url,
            form,
            ("value", "women", "men", "evidence_note"),
            follow_pages=[reverse("progress:values")],
        )
        hostile.assert_page_safe(
            logged_in(coordinator),
            reverse("progress:indicator", kwargs={"pk": framework["indicator"].pk}),
        )


@hostile_settings(20)
@given(data=st.data())
def test_decide_on_a_value(coordinator, framework, data):
    form = data.draw(submission({"decision": choice(["approve", "return"]), "comment": text()}))
    value = framework["submitted"]
    with one_example():
        post_and_check(
            logged_in(coordinator),
            reverse("progress:value_decide", kwargs={"pk": value.pk}),
            form,
            ["comment"],
            follow_pages=_progress_pages(value.indicator),
        )
        for name in ("value_submit", "value_delete"):
            url = reverse(f"progress:{name}", kwargs={"pk": framework["draft"].pk})
            hostile.assert_answered(logged_in(coordinator).post(url, form))


@hostile_settings(20)
@given(data=st.data())
def test_the_filters_of_the_progress_pages(coordinator, member, framework, data):
    query = data.draw(
        submission(
            {
                "status": choice(ValueStatus.values),
                "indicator": choice([framework["indicator"].pk]),
                "period": choice([period.pk for period in framework["periods"]]),
                "page": choice(["1"]),
            }
        )
    )
    with one_example():
        for user in (coordinator, member.user):
            client = logged_in(user)
            for url in (
                reverse("progress:values"),
                reverse("progress:value_create", kwargs={"pk": framework["indicator"].pk}),
            ):
                response = client.get(url, query)
                hostile.assert_answered(response)
                hostile.assert_no_script(response)


@hostile_settings(15)
@given(data=st.data())
def test_the_delete_buttons_of_the_framework(coordinator, framework, data):
    """Deleting an indicator (refused while it holds values), a period, a milestone."""
    what = data.draw(st.sampled_from(["indicator", "sexed", "period", "milestone"]))
    extra = data.draw(submission({"confirm": line(), "next": line()}))
    instance = {
        "indicator": framework["indicator"],
        "sexed": framework["sexed"],
        "period": framework["periods"][0],
        "milestone": framework["milestone"],
    }[what]
    name = "indicator" if what == "sexed" else what
    with one_example():
        post_and_check(
            logged_in(coordinator),
            reverse(f"progress:{name}_delete", kwargs={"pk": instance.pk}),
            extra,
            follow_pages=_progress_pages(framework["indicator"]),
        )


@hostile_settings(20)
@given(objective=st.one_of(hostile.choice([1, 2])[0], hostile.wrong_choice()))
def test_the_indicator_form_address_chooses_an_objective(coordinator, framework, objective):
    """``?objective=<number>`` preselects an objective: "²" used to answer 500."""
    with one_example():
        response = logged_in(coordinator).get(
            reverse("progress:indicator_create"), {"objective": objective}
        )
        hostile.assert_answered(response)


def test_the_strategy_pdf_holds_every_payload(client, coordinator):
    """The PDF (WeasyPrint) of a published strategy whose sections hold every payload."""
    try:
        import weasyprint  # noqa: F401
    except (OSError, UserWarning) as missing:  # a missing library; warnings are errors here
        require_service(False, f"WeasyPrint's system libraries ({missing})")
    strategy = StrategyFactory()
    payloads = hostile.TEXT_PAYLOADS
    for number_, title in enumerate(hostile.LINE_PAYLOADS[:3]):
        section = make_section(
            strategy=strategy,
            title=f"{title[:200]} {number_}",
            body="\n\n".join(payloads[number_::3]),
            author=coordinator,
        )
        section.status = SectionStatus.VALIDATED
        section.save(update_fields=["status"])
    client.force_login(coordinator)
    client.post(reverse("strategy:publish"))

    response = Client().get(reverse("strategy:pdf", kwargs={"lang": "bm"}))

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    hostile.assert_page_safe(Client(), reverse("strategy:print"))
