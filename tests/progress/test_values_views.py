"""Reported values through the views: the approval workflow end to end, who may see and act
on what, checks on figures and evidence files, concurrency, and query counts."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, timezone, translation

from members.selectors import memberships_of_user
from network import files
from network.accounts import personal_data
from network.accounts.enums import AuditAction
from network.accounts.models import AuditLogEntry
from network.notifications.models import Delivery
from network.progress import services
from network.progress import views_values as views
from network.progress.enums import Source, Unit, ValueStatus
from network.progress.models import IndicatorValue
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.progress import IndicatorFactory, IndicatorValueFactory, PeriodFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def url(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(f"progress:{name}", kwargs=kwargs or None)


def member_of(organisation=None):
    """A person (editor) of an active member organisation."""
    return OrganisationPersonFactory(organisation=organisation or OrganisationFactory()).user


def _figures(period, **changes) -> dict:
    data = {"period": period.pk, "value": "12", "evidence_note": "Listes de présence."}
    data.update(changes)
    return data


def _inbox(kind: str) -> list:
    return sorted(
        Delivery.objects.filter(notification__kind=kind, channel="inbox").values_list(
            "recipient__email", flat=True
        )
    )


def _content(response) -> str:
    return response.content.decode()


# --- The workflow, end to end -------------------------------------------------


def test_coordinator_enters_submits_and_another_coordinator_approves(
    client, django_capture_on_commit_callbacks
):
    first = UserFactory(roles=["coordinator"], email="first@example.org")
    second = UserFactory(roles=["coordinator"], email="second@example.org")
    indicator, period = IndicatorFactory(), PeriodFactory()
    client.force_login(first)

    entered = client.post(
        url("value_create", pk=indicator.pk), _figures(period, value="12.5"), follow=True
    )
    value = IndicatorValue.objects.get()
    submitted = client.post(url("value_submit", pk=value.pk), follow=True)
    client.force_login(second)
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(
            url("value_decide", pk=value.pk), {"decision": "approve"}, follow=True
        )

    value.refresh_from_db()
    entry = AuditLogEntry.objects.get(action=AuditAction.VALUE_DECIDED)
    assert entered.redirect_chain == [(url("value", pk=value.pk), 302)]
    assert "The value has been saved as a draft." in _content(entered)
    assert "Submit for approval" in _content(entered)
    assert "The value has been submitted" in _content(submitted)
    assert "The value has been approved" in _content(decided)
    assert (value.value, value.organisation, value.entered_by, value.status) == (
        Decimal("12.5"),
        None,
        first,
        ValueStatus.APPROVED,
    )
    assert value.decided_by == second
    assert _inbox("progress.value_submitted") == ["second@example.org"]
    assert _inbox("progress.value_decided") == ["first@example.org"]
    assert (entry.actor, entry.data["status"]) == (second, "approved")


def test_member_contribution_returned_corrected_resubmitted_and_approved(
    client, coordinator, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Jigiya")
    member = member_of(organisation)
    member.email = "member@example.org"
    member.save()
    indicator = IndicatorFactory(members_may_report=True, disaggregated=True)
    period = PeriodFactory()
    client.force_login(member)

    client.post(
        url("value_create", pk=indicator.pk),
        _figures(period, value="30", women="12", men="18"),
    )
    value = IndicatorValue.objects.get()
    client.post(url("value_submit", pk=value.pk))
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("value_decide", pk=value.pk),
            {"decision": "return", "comment": "Joignez les listes de présence."},
        )
    client.force_login(member)
    listed = client.get(url("values"))
    edit_page = client.get(url("value_edit", pk=value.pk))
    client.post(
        url("value_edit", pk=value.pk),
        _figures(period, value="31", women="13", men="18", version=3),
    )
    value.refresh_from_db()
    corrected_status = value.status
    client.post(url("value_submit", pk=value.pk))
    client.force_login(coordinator)
    client.post(url("value_decide", pk=value.pk), {"decision": "approve"})

    value.refresh_from_db()
    assert value.organisation == organisation
    assert "Joignez les listes de présence." in _content(listed)
    assert "Joignez les listes de présence." in _content(edit_page)
    assert corrected_status == ValueStatus.RETURNED
    assert (value.status, value.value, value.women, value.men) == (
        ValueStatus.APPROVED,
        Decimal(31),
        Decimal(13),
        Decimal(18),
    )
    assert _inbox("progress.value_submitted") == [coordinator.email, coordinator.email]
    assert _inbox("progress.value_decided") == ["member@example.org", "member@example.org"]
    assert AuditLogEntry.objects.filter(action=AuditAction.VALUE_DECIDED).count() == 2


def _decision_part(html: str) -> list[tuple[str, str]]:
    """The value page's terms from "Submitted" on, each with its text (tags dropped)."""
    summary = html[html.index('<dl class="value-summary">') : html.index("</dl>")]
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", summary, re.S)
    terms = [(term, re.sub(r"<[^>]+>", "", text)) for term, text in pairs]
    return [pair for pair in terms if pair[0] not in FIGURE_TERMS]


FIGURE_TERMS = {
    "Indicator", "Reporting period", "Reported by", "Value", "Evidence", "Evidence file",
    "Status", "Entered", "Submitted",
}  # fmt: skip


def test_resubmitted_value_shows_the_return_comment_not_a_decision(client, coordinator):
    member = member_of()
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(members_may_report=True),
        period=PeriodFactory(),
        organisation=memberships_of_user(user=member).get().organisation,
        status=ValueStatus.SUBMITTED,
    )
    returned = services.value_decide(
        value=value, actor=coordinator, approve=False, comment="Joignez les listes."
    )
    client.force_login(member)
    while_returned = _decision_part(_content(client.get(url("value", pk=value.pk))))
    services.value_submit(value=returned, actor=member)

    pages = {}
    for viewer in (member, coordinator):
        client.force_login(viewer)
        pages[viewer] = _content(client.get(url("value", pk=value.pk)))

    day = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert while_returned == [
        ("Returned", f"{day} · {coordinator.display_name}"),
        ("Comment when it was returned", "Joignez les listes."),
    ]
    for html in pages.values():
        assert _decision_part(html) == [("Comment when it was returned", "Joignez les listes.")]
        assert "Decided" not in html
        assert "Comment on the decision" not in html
    assert "Decide on this value" in pages[coordinator]


def test_approved_value_shows_its_decision_and_comment(client, coordinator):
    value = IndicatorValueFactory(period=PeriodFactory(), status=ValueStatus.SUBMITTED)
    services.value_decide(value=value, actor=coordinator, approve=True, comment="Bien documenté.")
    client.force_login(coordinator)

    html = _content(client.get(url("value", pk=value.pk)))

    day = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert _decision_part(html) == [
        ("Decided", f"{day} · {coordinator.display_name}"),
        ("Comment on the decision", "Bien documenté."),
    ]


# --- The list -----------------------------------------------------------------


def test_values_list_sends_a_visitor_to_log_in(client):
    response = client.get(url("values"))

    assert response.status_code == 302
    assert response.url.startswith("/en/accounts/login/")


def test_values_list_is_404_for_a_donor(client, donor):
    client.force_login(donor)

    assert client.get(url("values")).status_code == 404


def test_values_list_shows_coordinators_the_values_to_decide_first(client, coordinator):
    waiting = IndicatorValueFactory(
        status=ValueStatus.SUBMITTED, organisation=OrganisationFactory(name="Benkadi")
    )
    approved = IndicatorValueFactory()
    client.force_login(coordinator)

    response = client.get(url("values"))

    assert response.status_code == 200
    assert response.context["to_decide"] == [waiting]
    assert set(response.context["values"]) == {waiting, approved}
    assert "Benkadi" in _content(response)


def test_values_list_filters_by_status_and_indicator(client, coordinator):
    indicator = IndicatorFactory()
    draft = IndicatorValueFactory(indicator=indicator, status=ValueStatus.DRAFT)
    IndicatorValueFactory(indicator=indicator)
    IndicatorValueFactory(status=ValueStatus.DRAFT)
    client.force_login(coordinator)

    response = client.get(url("values"), {"status": "draft", "indicator": indicator.pk})

    assert list(response.context["values"]) == [draft]
    assert response.context["query_string"] == f"status=draft&indicator={indicator.pk}"


def test_values_list_shows_a_member_only_their_organisations_contributions(client):
    organisation = OrganisationFactory()
    mine = IndicatorValueFactory(organisation=organisation, status=ValueStatus.DRAFT)
    IndicatorValueFactory(organisation=OrganisationFactory(), status=ValueStatus.DRAFT)
    IndicatorValueFactory()
    open_indicator = IndicatorFactory(members_may_report=True, name="Femmes médiatrices")
    reserved = IndicatorFactory(name="Réservé à la coordination")
    client.force_login(member_of(organisation))

    response = client.get(url("values"))

    content = _content(response)
    assert list(response.context["values"]) == [mine]
    assert response.context["reportable"] == [open_indicator]
    assert url("value_create", pk=open_indicator.pk) in content
    assert url("value_create", pk=reserved.pk) not in content
    assert "to_decide" not in response.context


def _filter_choices(response) -> list[str]:
    return [label for pk, label in response.context["filter_form"].fields["indicator"].choices][1:]


def test_values_filter_offers_a_coordinator_only_reported_indicators(client, coordinator):
    IndicatorFactory(name="Rapports du réseau")
    IndicatorFactory(name="Femmes médiatrices", members_may_report=True)
    IndicatorFactory(
        name="Organisations actives", source=Source.COMPUTED, computation="active_organisations"
    )
    client.force_login(coordinator)

    response = client.get(url("values"))

    assert [label.split(" ", 1)[1] for label in _filter_choices(response)] == [
        "Rapports du réseau",
        "Femmes médiatrices",
    ]


def test_values_filter_offers_a_member_the_open_indicators_and_those_they_reported_on(client):
    organisation = OrganisationFactory()
    opened = IndicatorFactory(name="Femmes médiatrices", members_may_report=True)
    closed_since = IndicatorFactory(name="Radios communautaires")
    theirs = IndicatorValueFactory(
        indicator=closed_since, organisation=organisation, status=ValueStatus.APPROVED
    )
    others = IndicatorFactory(name="Contribution d'une autre organisation")
    IndicatorValueFactory(indicator=others, organisation=OrganisationFactory())
    IndicatorFactory(name="Rapports du réseau")
    IndicatorFactory(
        name="Organisations actives", source=Source.COMPUTED, computation="active_organisations"
    )
    client.force_login(member_of(organisation))

    response = client.get(url("values"))
    chosen = client.get(url("values"), {"indicator": others.pk})

    assert _filter_choices(response) == [
        f"{opened.code} Femmes médiatrices",
        f"{closed_since.code} Radios communautaires",
    ]
    assert list(chosen.context["values"]) == [theirs]  # the filter is refused, not applied
    assert chosen.context["filter_form"].errors == {
        "indicator": [f"Select a valid choice. {others.pk} is not one of the available choices."]
    }


def test_values_list_empty_states(client, coordinator):
    client.force_login(coordinator)
    coordinator_page = _content(client.get(url("values")))
    client.force_login(member_of())
    member_page = _content(client.get(url("values")))

    assert "No value is waiting for a decision." in coordinator_page
    assert "No value has been entered yet." in coordinator_page
    assert "No reported indicator exists yet." in coordinator_page
    assert "Your organisation has not entered any value yet." in member_page
    assert "No indicator is open to member organisations yet." in member_page


@pytest.mark.parametrize("item_count", [1, 20])
def test_values_list_query_count(client, coordinator, django_assert_num_queries, item_count):
    for number in range(item_count):
        IndicatorValueFactory(
            status=ValueStatus.SUBMITTED if number % 2 else ValueStatus.APPROVED,
            organisation=OrganisationFactory() if number % 3 else None,
        )
    client.force_login(coordinator)

    # user, roles; indicators (filter); count, page with indicator, period and
    # organisation; values to decide; unread notifications
    with django_assert_num_queries(7):
        response = client.get(url("values"))

    assert len(response.context["values"]) == item_count


@pytest.mark.parametrize("item_count", [1, 20])
def test_values_list_query_count_for_a_member(client, django_assert_num_queries, item_count):
    organisation = OrganisationFactory()
    for _number in range(item_count):
        IndicatorValueFactory(organisation=organisation, status=ValueStatus.DRAFT)
    client.force_login(member_of(organisation))

    # user, roles, membership (report_values); Django's user and group permissions
    # (manage_framework); indicators (filter); memberships; indicators the organisations
    # reported on (filter); count; page; unread notifications
    with django_assert_num_queries(11):
        response = client.get(url("values"))

    assert len(response.context["values"]) == item_count


# --- Entering a value ---------------------------------------------------------


def test_create_form_asks_for_women_and_men_only_when_disaggregated(client, coordinator):
    PeriodFactory()
    plain, split = IndicatorFactory(), IndicatorFactory(disaggregated=True)
    client.force_login(coordinator)

    plain_form = client.get(url("value_create", pk=plain.pk)).context["form"]
    split_form = client.get(url("value_create", pk=split.pk)).context["form"]

    assert list(plain_form.fields) == ["period", "value", "evidence_note", "evidence_file"]
    assert list(split_form.fields) == [
        "period", "value", "women", "men", "evidence_note", "evidence_file",
    ]  # fmt: skip


def test_value_is_typed_in_the_readers_format(client, coordinator):
    indicator, period = IndicatorFactory(), PeriodFactory()
    client.force_login(coordinator)
    with translation.override("fr"):
        create_url = reverse("progress:value_create", kwargs={"pk": indicator.pk})

    client.post(create_url, _figures(period, value="12,5"))
    value = IndicatorValue.objects.get()
    with translation.override("fr"):
        edit_page = client.get(reverse("progress:value_edit", kwargs={"pk": value.pk}))

    assert value.value == Decimal("12.5")
    assert 'value="12,50"' in _content(edit_page)


def test_create_form_chooses_the_period_of_the_query(client, coordinator):
    PeriodFactory()
    second = PeriodFactory()
    client.force_login(coordinator)

    response = client.get(url("value_create", pk=IndicatorFactory().pk), {"period": second.pk})

    assert response.context["form"].initial["period"] == second.pk


def test_member_of_several_organisations_chooses_which_one(client):
    first, second = OrganisationFactory(name="Alpha"), OrganisationFactory(name="Beta")
    user = member_of(first)
    OrganisationPersonFactory(organisation=second, user=user)
    indicator, period = IndicatorFactory(members_may_report=True), PeriodFactory()
    client.force_login(user)

    form = client.get(url("value_create", pk=indicator.pk)).context["form"]
    refused = client.post(
        url("value_create", pk=indicator.pk),
        _figures(period, organisation=OrganisationFactory().pk),
    )
    client.post(url("value_create", pk=indicator.pk), _figures(period, organisation=second.pk))

    assert [label for _pk, label in form.fields["organisation"].choices] == [
        "---------",
        "Alpha",
        "Beta",
    ]
    assert list(refused.context["form"].errors) == ["organisation"]
    assert IndicatorValue.objects.get().organisation == second


def test_breakdown_that_does_not_add_up_is_refused_and_what_was_typed_is_kept(client, coordinator):
    indicator, period = IndicatorFactory(disaggregated=True), PeriodFactory()
    client.force_login(coordinator)

    response = client.post(
        url("value_create", pk=indicator.pk),
        _figures(period, value="40", women="15", men="20", evidence_note="Compté à Mopti."),
    )

    content = _content(response)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "women": ["Women (15) and men (20) add up to 35, not to the value 40."]
    }
    assert 'value="40"' in content
    assert 'value="15"' in content
    assert 'value="20"' in content
    assert "Compté à Mopti." in content
    assert IndicatorValue.objects.count() == 0


def test_missing_breakdown_of_a_disaggregated_indicator_is_refused(client, coordinator):
    indicator, period = IndicatorFactory(disaggregated=True), PeriodFactory()
    client.force_login(coordinator)

    response = client.post(url("value_create", pk=indicator.pk), _figures(period, women="5"))

    assert sorted(response.context["form"].errors) == ["men"]
    assert IndicatorValue.objects.count() == 0


def test_percentage_above_100_is_refused(client, coordinator):
    indicator, period = IndicatorFactory(unit=Unit.PERCENT, target=Decimal(50)), PeriodFactory()
    client.force_login(coordinator)

    response = client.post(url("value_create", pk=indicator.pk), _figures(period, value="120"))

    assert response.context["form"].errors == {"value": ["A percentage lies between 0 and 100."]}
    assert IndicatorValue.objects.count() == 0


def test_second_network_value_for_the_period_is_refused_with_a_link_to_the_first(
    client, coordinator
):
    existing = IndicatorValueFactory(status=ValueStatus.DRAFT)
    client.force_login(coordinator)

    response = client.post(
        url("value_create", pk=existing.indicator.pk), _figures(existing.period, value="3")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "period": ["A value for this period exists already: open it to change it."]
    }
    assert response.context["existing"] == existing
    assert f'href="{existing.get_absolute_url()}"' in _content(response)
    assert IndicatorValue.objects.count() == 1


def test_member_cannot_enter_a_value_where_the_indicator_does_not_allow_it(client):
    client.force_login(member_of())

    response = client.get(url("value_create", pk=IndicatorFactory().pk))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("visitor", 302), ("donor", 404), ("coordinator", 404), ("administrator", 404)],
)
def test_value_create_of_a_computed_indicator_or_for_others(client, who, status):
    # Administrators pass every permission (superusers): the computed indicator still
    # takes no value from them.
    indicator = IndicatorFactory(source=Source.COMPUTED, computation="events_held")
    period = PeriodFactory()
    if who != "visitor":
        client.force_login(UserFactory(roles=[who]))

    response = client.get(url("value_create", pk=indicator.pk))
    posted = client.post(url("value_create", pk=indicator.pk), _figures(period))

    assert (response.status_code, posted.status_code) == (status, status)
    assert not IndicatorValue.objects.exists()


def test_value_create_is_404_for_an_unknown_indicator(client, coordinator):
    client.force_login(coordinator)

    assert client.get(url("value_create", pk=999)).status_code == 404


# --- Evidence files -----------------------------------------------------------


def test_pdf_evidence_is_accepted_and_kept_under_its_name(client, coordinator):
    indicator, period = IndicatorFactory(), PeriodFactory()
    client.force_login(coordinator)

    client.post(
        url("value_create", pk=indicator.pk),
        _figures(period, evidence_file=SimpleUploadedFile("Rapport_Ségou.pdf", PDF)),
    )

    value = IndicatorValue.objects.get()
    assert (value.evidence_name, value.evidence_type, value.evidence_size) == (
        "Rapport_Ségou.pdf",
        "application/pdf",
        len(PDF),
    )


def test_renamed_executable_is_refused_on_the_file_field(client, coordinator):
    indicator, period = IndicatorFactory(), PeriodFactory()
    client.force_login(coordinator)

    response = client.post(
        url("value_create", pk=indicator.pk),
        _figures(period, evidence_file=SimpleUploadedFile("rapport.pdf", EXECUTABLE)),
    )

    assert response.context["form"].errors == {
        "evidence_file": ["The content of this file does not match its name (.pdf)."]
    }
    assert 'value="12"' in _content(response)
    assert IndicatorValue.objects.count() == 0


def _with_evidence(coordinator, **fields) -> IndicatorValue:
    """A value with a PDF named in Bambara letters, in ``status`` (draft by default)."""
    status = fields.pop("status", ValueStatus.DRAFT)
    value = IndicatorValueFactory(status=ValueStatus.DRAFT, **fields)
    checked = files.attachment_check(SimpleUploadedFile("Ɲɔgɔndɛmɛ.pdf", PDF))
    services.value_save(value=value, actor=coordinator, evidence=checked)
    IndicatorValue.objects.filter(pk=value.pk).update(status=status)
    value.refresh_from_db()
    return value


@pytest.mark.parametrize("who", ["coordinator", "donor"])
def test_evidence_downloads_for_coordinators_and_donors_of_an_approved_value(
    client, coordinator, who
):
    value = _with_evidence(coordinator, status=ValueStatus.APPROVED)
    client.force_login(coordinator if who == "coordinator" else UserFactory(roles=["donor"]))

    response = client.get(url("value_evidence", pk=value.pk))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%C6%9D%C9%94g%C9%94nd%C9%9Bm%C9%9B.pdf"
    )
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == (
        "application/pdf",
        "nosniff",
    )
    assert b"".join(response.streaming_content) == PDF


def test_evidence_sends_a_visitor_to_log_in(client, coordinator):
    value = _with_evidence(coordinator, status=ValueStatus.APPROVED)

    response = client.get(url("value_evidence", pk=value.pk))

    assert response.status_code == 302
    assert response.url.startswith("/en/accounts/login/")


def test_evidence_of_a_contribution_is_404_for_another_member(client, coordinator):
    value = _with_evidence(
        coordinator, organisation=OrganisationFactory(), status=ValueStatus.APPROVED
    )
    client.force_login(member_of())

    assert client.get(url("value_evidence", pk=value.pk)).status_code == 404


def test_evidence_of_a_submitted_value_is_404_for_a_donor(client, coordinator, donor):
    value = _with_evidence(coordinator, status=ValueStatus.SUBMITTED)
    client.force_login(donor)

    assert client.get(url("value_evidence", pk=value.pk)).status_code == 404


def test_evidence_is_404_without_a_file(client, coordinator):
    value = IndicatorValueFactory()
    client.force_login(coordinator)

    assert client.get(url("value_evidence", pk=value.pk)).status_code == 404


def test_edit_removes_the_evidence_file(client, coordinator):
    value = _with_evidence(coordinator)
    client.force_login(coordinator)

    client.post(
        url("value_edit", pk=value.pk),
        _figures(value.period, version=value.version, remove_evidence="on"),
    )

    value.refresh_from_db()
    assert (value.evidence_file.name, value.evidence_name) == ("", "")


# --- Who sees what ------------------------------------------------------------


def test_contribution_is_404_for_a_member_of_another_organisation(client):
    value = IndicatorValueFactory(organisation=OrganisationFactory(), status=ValueStatus.DRAFT)
    client.force_login(member_of())

    answers = [
        client.get(url("value", pk=value.pk)).status_code,
        client.get(url("value_edit", pk=value.pk)).status_code,
        client.post(url("value_edit", pk=value.pk), _figures(value.period)).status_code,
        client.post(url("value_submit", pk=value.pk)).status_code,
        client.get(url("value_delete", pk=value.pk)).status_code,
    ]

    assert answers == [404, 404, 404, 404, 404]
    assert IndicatorValue.objects.get().status == ValueStatus.DRAFT


def test_donor_sees_an_approved_value_without_who_entered_it(client, coordinator, donor):
    entered_by = UserFactory(display_name="Awa Traoré", email="awa@example.org")
    value = IndicatorValueFactory(
        organisation=OrganisationFactory(name="Jigiya"),
        entered_by=entered_by,
        decided_by=coordinator,
    )
    client.force_login(donor)

    response = client.get(url("value", pk=value.pk))

    content = _content(response)
    assert response.status_code == 200
    assert "Jigiya" in content
    assert "Awa Traoré" not in content
    assert "awa@example.org" not in content
    assert coordinator.display_name not in content
    assert (response.context["can_change"], response.context["can_decide"]) == (False, False)


@pytest.mark.parametrize("status", [ValueStatus.DRAFT, ValueStatus.SUBMITTED, ValueStatus.RETURNED])
def test_donor_does_not_see_a_value_before_approval(client, donor, status):
    value = IndicatorValueFactory(status=status, decision_comment="Revoir.")
    client.force_login(donor)

    assert client.get(url("value", pk=value.pk)).status_code == 404


def test_coordinator_and_contributor_see_who_entered_the_value(client, coordinator):
    organisation = OrganisationFactory()
    contributor = member_of(organisation)
    entered_by = UserFactory(display_name="Awa Traoré")
    value = IndicatorValueFactory(organisation=organisation, entered_by=entered_by)

    client.force_login(coordinator)
    seen_by_coordinator = _content(client.get(url("value", pk=value.pk)))
    client.force_login(contributor)
    seen_by_contributor = _content(client.get(url("value", pk=value.pk)))

    assert "Awa Traoré" in seen_by_coordinator
    assert "Awa Traoré" in seen_by_contributor


def test_value_page_keeps_line_breaks_and_escapes_the_evidence_note(client, coordinator):
    value = IndicatorValueFactory(evidence_note="Ligne 1\n<script>alert(1)</script>")
    client.force_login(coordinator)

    content = _content(client.get(url("value", pk=value.pk)))

    assert "Ligne 1<br>&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_value_page_offers_the_actions_the_user_may_take(client, coordinator):
    draft = IndicatorValueFactory(status=ValueStatus.DRAFT)
    submitted = IndicatorValueFactory(status=ValueStatus.SUBMITTED)
    client.force_login(coordinator)

    draft_page = client.get(url("value", pk=draft.pk))
    submitted_page = client.get(url("value", pk=submitted.pk))

    assert (draft_page.context["can_change"], draft_page.context["can_decide"]) == (True, False)
    assert url("value_submit", pk=draft.pk) in _content(draft_page)
    assert (submitted_page.context["can_change"], submitted_page.context["can_decide"]) == (
        False,
        True,
    )
    assert url("value_decide", pk=submitted.pk) in _content(submitted_page)


def test_value_pages_link_the_indicator_page_only_for_those_who_may_open_it(client):
    # Members do not follow the progress pages: a link to the indicator's page would 404.
    organisation = OrganisationFactory()
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(members_may_report=True), organisation=organisation,
        status=ValueStatus.DRAFT,
    )  # fmt: skip
    indicator_url = url("indicator", pk=value.indicator.pk)
    client.force_login(member_of(organisation))

    pages = [client.get(url(name, pk=value.pk)) for name in ("value", "value_delete")]

    for page in pages:
        assert page.status_code == 200
        assert f"{value.indicator.code} {value.indicator.name}" in _content(page)
        assert indicator_url not in _content(page)
    client.force_login(UserFactory(roles=["coordinator"]))
    assert indicator_url in _content(client.get(url("value", pk=value.pk)))


@pytest.mark.parametrize("item_count", [1, 20])
def test_value_page_query_count(client, coordinator, django_assert_num_queries, item_count):
    values = [IndicatorValueFactory(status=ValueStatus.SUBMITTED) for _ in range(item_count)]
    client.force_login(coordinator)

    # user, roles; the value with indicator, period, organisation and people;
    # unread notifications
    with django_assert_num_queries(4):
        response = client.get(url("value", pk=values[-1].pk))

    assert response.status_code == 200


# --- Submitting, deciding, deleting -------------------------------------------


def test_submit_answers_405_to_a_get(client, coordinator):
    value = IndicatorValueFactory(status=ValueStatus.DRAFT)
    client.force_login(coordinator)

    response = client.get(url("value_submit", pk=value.pk))

    assert response.status_code == 405
    assert IndicatorValue.objects.get().status == ValueStatus.DRAFT


def test_submitting_twice_tells_the_value_was_submitted(client, coordinator):
    value = IndicatorValueFactory(status=ValueStatus.SUBMITTED)
    client.force_login(coordinator)

    response = client.post(url("value_submit", pk=value.pk), follow=True)

    assert response.redirect_chain == [(url("value", pk=value.pk), 302)]
    assert "This value was submitted: it can no longer be changed." in _content(response)


def test_decide_page_shows_the_decision_form(client, coordinator):
    value = IndicatorValueFactory(status=ValueStatus.SUBMITTED)
    client.force_login(coordinator)

    response = client.get(url("value_decide", pk=value.pk))

    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["decision", "comment", "version"]


def test_returning_without_a_comment_is_refused(client, coordinator):
    value = IndicatorValueFactory(status=ValueStatus.SUBMITTED)
    client.force_login(coordinator)

    response = client.post(url("value_decide", pk=value.pk), {"decision": "return"})

    assert response.context["form"].errors == {
        "comment": ["Say what to correct before returning the value."]
    }
    assert IndicatorValue.objects.get().status == ValueStatus.SUBMITTED


def test_return_with_a_comment_on_several_lines_is_emailed(
    client, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    # A browser sends a textarea's line breaks as CR LF; the comment goes into the email's
    # subject, which may hold neither.
    member = UserFactory(roles=["coordinator"], preferred_language="en")
    value = IndicatorValueFactory(status=ValueStatus.SUBMITTED, entered_by=member)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("value_decide", pk=value.pk),
            {"decision": "return", "comment": "Joindre la liste.\r\nEt la photo."},
        )

    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [[member.email]]
    assert mailoutbox[0].subject.endswith("“Joindre la liste. Et la photo.”.")
    assert "Joindre la liste." in mailoutbox[0].body


def test_second_coordinator_deciding_is_told_it_is_no_longer_waiting(client, coordinator):
    value = IndicatorValueFactory(status=ValueStatus.SUBMITTED)
    services.value_decide(value=value, actor=UserFactory(roles=["coordinator"]), approve=True)
    client.force_login(coordinator)

    response = client.post(
        url("value_decide", pk=value.pk), {"decision": "return", "comment": "Non."}, follow=True
    )

    assert response.redirect_chain == [(url("value", pk=value.pk), 302)]
    assert "This value is no longer waiting for a decision." in _content(response)
    assert IndicatorValue.objects.get().status == ValueStatus.APPROVED


def test_decision_racing_another_is_told_it_is_no_longer_waiting(client, coordinator, monkeypatch):
    """The page was checked while the value waited; the other decision commits just before."""
    value = IndicatorValueFactory(status=ValueStatus.SUBMITTED)
    as_loaded = IndicatorValue.objects.get(pk=value.pk)
    services.value_decide(value=value, actor=UserFactory(roles=["coordinator"]), approve=True)
    monkeypatch.setattr(views.selectors, "value_by_pk", lambda pk: as_loaded)
    client.force_login(coordinator)

    response = client.post(url("value_decide", pk=value.pk), {"decision": "approve"})

    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == [
        "This value is no longer waiting for a decision."
    ]
    assert AuditLogEntry.objects.filter(action=AuditAction.VALUE_DECIDED).count() == 1


def test_decision_on_a_page_opened_before_a_correction_is_not_recorded(client, coordinator):
    # Coordinator A opens the value (10); B returns it; it comes back corrected to 1000:
    # A's "approve" was meant for 10, not for figures A has not seen.
    organisation = OrganisationFactory()
    member = member_of(organisation)
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(members_may_report=True), organisation=organisation,
        status=ValueStatus.SUBMITTED, value=Decimal(10),
    )  # fmt: skip
    client.force_login(coordinator)
    opened = client.get(url("value_decide", pk=value.pk)).context["form"].initial["version"]
    shown = client.get(url("value", pk=value.pk)).context["decision_form"].initial["version"]
    services.value_decide(
        value=value, actor=UserFactory(roles=["coordinator"]), approve=False, comment="Non."
    )
    corrected = IndicatorValue.objects.get(pk=value.pk)
    corrected.value = Decimal(1000)
    services.value_save(value=corrected, actor=member, version=corrected.version)
    services.value_submit(value=corrected, actor=member)

    response = client.post(
        url("value_decide", pk=value.pk), {"decision": "approve", "version": opened}
    )

    assert opened == shown
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == [
        "This value was corrected and submitted again since you opened it: check it before "
        "deciding."
    ]
    assert IndicatorValue.objects.get(pk=value.pk).status == ValueStatus.SUBMITTED


def test_decide_is_404_for_a_member(client):
    organisation = OrganisationFactory()
    value = IndicatorValueFactory(organisation=organisation, status=ValueStatus.SUBMITTED)
    client.force_login(member_of(organisation))

    assert client.get(url("value_decide", pk=value.pk)).status_code == 404


def test_delete_confirms_then_deletes(client, coordinator):
    value = IndicatorValueFactory(status=ValueStatus.DRAFT)
    client.force_login(coordinator)

    confirm = client.get(url("value_delete", pk=value.pk))
    deleted = client.post(url("value_delete", pk=value.pk), follow=True)

    assert confirm.status_code == 200
    assert IndicatorValue.objects.count() == 0
    assert deleted.redirect_chain == [(url("values"), 302)]
    assert "The value has been deleted." in _content(deleted)


def test_approved_value_cannot_be_deleted_or_edited(client, coordinator):
    value = IndicatorValueFactory()
    client.force_login(coordinator)

    deleted = client.post(url("value_delete", pk=value.pk), follow=True)
    edited = client.get(url("value_edit", pk=value.pk), follow=True)

    assert IndicatorValue.objects.count() == 1
    assert "This value was submitted: it can no longer be changed." in _content(deleted)
    assert edited.redirect_chain == [(url("value", pk=value.pk), 302)]


# --- Concurrency --------------------------------------------------------------


def test_stale_edit_keeps_what_was_typed_and_shows_the_stored_figures(client, coordinator):
    value = IndicatorValueFactory(status=ValueStatus.DRAFT, value=Decimal(10))
    client.force_login(coordinator)
    opened = client.get(url("value_edit", pk=value.pk)).context["form"].initial["version"]
    meanwhile = IndicatorValue.objects.get(pk=value.pk)
    meanwhile.value = Decimal(11)
    services.value_save(value=meanwhile, actor=UserFactory(roles=["coordinator"]), version=1)

    response = client.post(
        url("value_edit", pk=value.pk),
        _figures(value.period, value="25", evidence_note="Mon texte.", version=opened),
    )

    content = _content(response)
    rows = {row["label"]: row for row in response.context["conflict_rows"]}
    assert response.status_code == 200
    assert (
        response.context["form"]
        .non_field_errors()[0]
        .startswith("Someone saved this value after you opened it.")
    )
    assert (rows["Value"]["saved"], rows["Value"]["typed"], rows["Value"]["differs"]) == (
        "11",
        "25",
        True,
    )
    assert 'value="25"' in content
    assert "Mon texte." in content
    assert 'name="version" value="2"' in content
    assert IndicatorValue.objects.get().value == Decimal(11)


@pytest.mark.parametrize("meanwhile", ["submitted", "approved"])
def test_edit_of_a_value_submitted_meanwhile_keeps_what_was_typed(client, coordinator, meanwhile):
    # A member corrects their organisation's draft while a colleague submits it (and a
    # coordinator approves it): the save is not turned away with what they typed lost.
    organisation = OrganisationFactory()
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(members_may_report=True), organisation=organisation,
        status=ValueStatus.DRAFT, value=Decimal(10),
    )  # fmt: skip
    client.force_login(member_of(organisation))
    opened = client.get(url("value_edit", pk=value.pk)).context["form"].initial["version"]
    services.value_submit(value=value, actor=member_of(organisation))
    if meanwhile == "approved":
        services.value_decide(value=value, actor=coordinator, approve=True)

    response = client.post(
        url("value_edit", pk=value.pk),
        _figures(value.period, value="25", evidence_note="Mon long texte.", version=opened),
    )

    content = _content(response)
    assert response.status_code == 200
    assert response.context["conflict_still_open"] is False
    assert "it can no longer be changed. Copy what you typed if you need it." in content
    assert "Mon long texte." in content
    stored = IndicatorValue.objects.get(pk=value.pk)
    assert (stored.value, stored.status) == (Decimal(10), meanwhile)


def test_edit_of_a_submitted_value_is_still_refused_to_others(client):
    organisation = OrganisationFactory()
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(members_may_report=True), organisation=organisation,
        status=ValueStatus.SUBMITTED,
    )  # fmt: skip
    client.force_login(member_of())

    response = client.post(
        url("value_edit", pk=value.pk), _figures(value.period, version=value.version)
    )

    assert response.status_code == 404


def test_edit_of_a_value_deleted_meanwhile_answers_404(client, coordinator):
    value = IndicatorValueFactory(status=ValueStatus.DRAFT)
    client.force_login(coordinator)
    opened = client.get(url("value_edit", pk=value.pk)).context["form"].initial["version"]
    services.value_delete(value=value, actor=coordinator)

    response = client.post(url("value_edit", pk=value.pk), _figures(value.period, version=opened))

    assert response.status_code == 404


def test_edit_to_a_period_that_has_a_value_is_refused_on_the_period(client, coordinator):
    taken = IndicatorValueFactory()
    value = IndicatorValueFactory(indicator=taken.indicator, status=ValueStatus.DRAFT)
    client.force_login(coordinator)

    response = client.post(
        url("value_edit", pk=value.pk), _figures(taken.period, version=value.version)
    )

    assert response.context["form"].errors == {
        "period": ["A value for this period exists already: open it to change it."]
    }
    assert response.context["value"].period == value.period
    assert IndicatorValue.objects.get(pk=value.pk).period == value.period


# --- Personal data ------------------------------------------------------------


def test_my_data_lists_the_values_i_entered(client, coordinator):
    value = IndicatorValueFactory(entered_by=coordinator, value=Decimal("12.5"))
    IndicatorValueFactory(entered_by=UserFactory())
    client.force_login(coordinator)

    data = json.loads(client.get("/en/accounts/my-data/download/").content)

    assert data["progress"]["values_entered"] == [
        {
            "indicator": value.indicator.code,
            "period": value.period.name,
            "value": "12.50",
            "women": None,
            "men": None,
            "organisation": None,
            "status": "approved",
            "entered": value.created_at.astimezone(datetime.UTC).isoformat(),
            "submitted": None,
            "decided": None,
        }
    ]


def test_deleting_the_account_warns_about_unsubmitted_values(coordinator):
    IndicatorValueFactory(entered_by=coordinator, status=ValueStatus.DRAFT)
    IndicatorValueFactory(entered_by=coordinator)

    with translation.override("en"):
        warnings = personal_data.deletion_warnings(coordinator)

    assert [w for w in warnings if "indicator value" in w] == [
        "You entered 1 indicator value that is not submitted yet: it stays, but nobody will "
        "be told when it is decided. Submit it first if it is ready."
    ]
