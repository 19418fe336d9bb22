"""CSV export and import of organisations (members/csv_io.py, members/views_csv.py)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from members import csv_io
from members.csv_io import ImportProblem
from members.enums import MembershipStatus, OrganisationKind
from members.models import Organisation, StatusChange
from network.accounts.enums import AuditAction
from network.accounts.models import AuditLogEntry
from network.pages.models import Region, Theme
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTACT = {
    "contact_name": "Awa Traoré",
    "contact_email": "awa.traore@private.example.org",
    "contact_phone": "+223 70 11 22 33",
}
HEADER = "name,acronym,kind,regions,themes,description_fr,contact_email,listed"


def _rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _import(text, user, *, encoding: str = "utf-8"):
    with translation.override("en"):
        return csv_io.organisations_import(
            file=io.BytesIO(text.encode(encoding)) if isinstance(text, str) else text,
            imported_by=user,
        )


def _upload(text: str, *, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("organisations.csv", text.encode(encoding), "text/csv")


# --- Export -----------------------------------------------------------------


def test_export_without_private_has_no_contact_values(client, coordinator):
    OrganisationFactory(name="Jigiya", **CONTACT)
    client.force_login(coordinator)

    response = client.post("/en/members/export/", {})

    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert [value for value in CONTACT.values() if value in body] == []
    assert "contact_email" not in _rows(response.content)[0]
    assert AuditLogEntry.objects.filter(action=AuditAction.CONTACTS_EXPORTED).count() == 0


def test_export_with_private_includes_contacts_and_writes_one_audit_entry(client, coordinator):
    OrganisationFactory(name="Jigiya", **CONTACT)
    OrganisationFactory(name="Benkadi")
    client.force_login(coordinator)

    response = client.post("/en/members/export/", {"include_private": "on"})

    rows = _rows(response.content)
    entries = list(AuditLogEntry.objects.filter(action=AuditAction.CONTACTS_EXPORTED))
    assert [row["name"] for row in rows] == ["Benkadi", "Jigiya"]
    assert {key: rows[1][key] for key in CONTACT} == CONTACT
    assert len(entries) == 1
    assert entries[0].actor == coordinator
    assert entries[0].data == {"count": 2}


def test_export_file_has_bom_date_name_and_public_columns(client, coordinator):
    organisation = OrganisationFactory(
        name="Musow Ka Jɛ",
        acronym="MKJ",
        kind=OrganisationKind.WOMEN,
        description_en="Women together.",
        founded_year=2005,
        listed=False,
        status=MembershipStatus.SUSPENDED,
    )
    organisation.regions.set(Region.objects.filter(slug__in=["mopti", "segou"]))
    organisation.themes.set(Theme.objects.filter(slug="gender"))
    client.force_login(coordinator)

    response = client.post("/en/members/export/", {})

    today = timezone.localdate().isoformat()
    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="organisations-{today}.csv"'
    assert _rows(response.content) == [
        {
            "slug": organisation.slug,
            "name": "Musow Ka Jɛ",
            "acronym": "MKJ",
            "kind": "women",
            "description_fr": "Une association.",
            "description_en": "Women together.",
            "description_bm": "",
            "website": "",
            "founded_year": "2005",
            "public_email": "",
            "public_phone": "",
            "regions": "segou;mopti",
            "themes": "gender",
            "status": "suspended",
            "listed": "no",
        }
    ]


def test_export_quotes_commas_and_neutralises_formulas(coordinator):
    OrganisationFactory(name="Paix, dialogue", acronym="=HYPERLINK(1)", public_phone="+223 20 00")

    text = csv_io.organisations_export(include_private=False)

    row = _rows(text.encode())[0]
    assert '"Paix, dialogue"' in text
    assert (row["name"], row["acronym"], row["public_phone"]) == (
        "Paix, dialogue",
        "'=HYPERLINK(1)",
        "+223 20 00",
    )


def test_export_private_without_exporter_is_refused(db):
    with pytest.raises(ValueError):
        csv_io.organisations_export(include_private=True)


@pytest.mark.parametrize("item_count", [1, 20])
def test_export_queries_do_not_grow_with_organisations(
    client, coordinator, django_assert_num_queries, item_count
):
    gender = Theme.objects.get(slug="gender")
    kayes = Region.objects.get(slug="kayes")
    for _ in range(item_count):
        organisation = OrganisationFactory()
        organisation.regions.add(kayes)
        organisation.themes.add(gender)
    client.force_login(coordinator)

    # user, roles, organisations, regions, themes, audit entry
    with django_assert_num_queries(6):
        response = client.post("/en/members/export/", {"include_private": "on"})

    assert len(_rows(response.content)) == item_count


def test_export_page_shows_the_form_and_the_warning(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/en/members/export/")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="include_private"' in content
    assert "Private contact details name and reach real people." in content


# --- Permissions ------------------------------------------------------------


@pytest.mark.parametrize("url", ["/en/members/export/", "/en/members/import/"])
@pytest.mark.parametrize("who", ["user", "donor", "org_admin"])
def test_csv_pages_for_non_coordinators_are_404(client, url, who):
    if who == "org_admin":
        user = OrganisationPersonFactory(role="admin").user
    else:
        user = UserFactory(roles=["donor"] if who == "donor" else [])
    OrganisationFactory(**CONTACT)
    client.force_login(user)

    statuses = [
        client.get(url).status_code,
        client.post(url, {"include_private": "on", "file": _upload("name\nX\n")}).status_code,
    ]

    assert statuses == [404, 404]
    assert AuditLogEntry.objects.filter(action=AuditAction.CONTACTS_EXPORTED).count() == 0


@pytest.mark.parametrize("url", ["/en/members/export/", "/en/members/import/"])
def test_csv_pages_send_visitors_to_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={url}"


# --- Import -----------------------------------------------------------------


def test_import_valid_file_creates_active_organisations(coordinator):
    text = (
        f"{HEADER}\n"
        "Jigiya,JIG,women,kayes;gao,gender;food-security,Appui aux femmes.,a@example.org,oui\n"
        'Benkadi,,,bamako,,"Dialogue, paix.",,no\n'
        "Yɛrɛwolo Ton,YT,youth,,,Jeunes de Ségou.,,\n"
    )

    result = _import(text, coordinator)

    organisations = Organisation.objects.order_by("pk")
    assert result.ok is True
    assert result.problems == []
    assert [o.pk for o in result.created] == [o.pk for o in organisations]
    assert [
        (o.name, o.slug, o.status, o.kind, o.listed, o.description_fr) for o in organisations
    ] == [
        ("Jigiya", "jigiya", "active", "women", True, "Appui aux femmes."),
        ("Benkadi", "benkadi", "active", "ngo", False, "Dialogue, paix."),
        ("Yɛrɛwolo Ton", "yɛrɛwolo-ton", "active", "youth", False, "Jeunes de Ségou."),
    ]
    jigiya = organisations[0]
    assert sorted(jigiya.regions.values_list("slug", flat=True)) == ["gao", "kayes"]
    assert sorted(jigiya.themes.values_list("slug", flat=True)) == ["food-security", "gender"]
    assert jigiya.contact_email == "a@example.org"
    assert list(organisations[1].regions.values_list("slug", flat=True)) == ["bamako"]


def test_import_records_status_changes_and_one_audit_entry(coordinator):
    text = "name,description_fr\nJigiya,Femmes.\nBenkadi,Paix.\n"

    _import(text, coordinator)

    changes = StatusChange.objects.order_by("pk")
    entries = list(AuditLogEntry.objects.filter(action=AuditAction.ORGANISATIONS_IMPORTED))
    assert [(c.organisation.name, c.from_status, c.to_status) for c in changes] == [
        ("Jigiya", "", "active"),
        ("Benkadi", "", "active"),
    ]
    assert {(c.decided_by, c.reason) for c in changes} == {(coordinator, "CSV import")}
    assert len(entries) == 1
    assert entries[0].actor == coordinator
    assert entries[0].data["count"] == 2


def test_import_with_a_bad_email_on_line_3_imports_nothing(coordinator):
    text = (
        f"{HEADER}\n"
        "Jigiya,,,,,Femmes.,a@example.org,\n"
        "Benkadi,,,,,Paix.,not-an-email,\n"
        "Kènèya,,,,,Santé.,,\n"
    )

    result = _import(text, coordinator)

    assert result.ok is False
    assert result.problems == [
        ImportProblem(3, "contact_email", "Enter a valid email address."),
    ]
    assert Organisation.objects.count() == 0
    assert StatusChange.objects.count() == 0
    assert AuditLogEntry.objects.filter(action=AuditAction.ORGANISATIONS_IMPORTED).count() == 0


def test_import_with_an_unknown_region_names_the_line_and_column(coordinator):
    text = f"{HEADER}\nJigiya,,,kayes,,Femmes.,,\nBenkadi,,,kayes;atlantis,,Paix.,,\n"

    result = _import(text, coordinator)

    assert result.problems == [
        ImportProblem(
            3, "regions", "Select a valid choice. atlantis is not one of the available choices."
        ),
    ]
    assert Organisation.objects.count() == 0


def test_import_reports_every_wrong_field_of_every_row(coordinator):
    text = (
        "name,kind,founded_year,website,listed,description_fr\n"
        "Jigiya,party,1850,https://jigiya.example.org,peut-être,Femmes.\n"
        ",ngo,,not a url,yes,\n"
    )

    result = _import(text, coordinator)

    assert result.problems == [
        ImportProblem(
            2, "kind", "Select a valid choice. party is not one of the available choices."
        ),
        ImportProblem(2, "founded_year", "Ensure this value is greater than or equal to 1900."),
        ImportProblem(
            2, "listed", "Select a valid choice. peut-être is not one of the available choices."
        ),
        ImportProblem(3, "name", "This field is required."),
        ImportProblem(3, "website", "Enter a valid URL."),
        ImportProblem(3, "description_fr", "This field is required."),
    ]
    assert result.problem_count == 6


def test_import_line_numbers_count_lines_inside_quoted_values(coordinator):
    text = 'name,description_fr\nJigiya,"Femmes\nde Kayes."\n\nBenkadi,\n'

    result = _import(text, coordinator)

    assert result.problems == [ImportProblem(5, "description_fr", "This field is required.")]


def test_import_reads_semicolons_bom_and_crlf_from_excel(coordinator):
    text = (
        "name;regions;themes;description_fr;listed\r\n"
        'Jigiya;"kayes;gao";gender;Femmes, paix.;OUI\r\n'
        "Benkadi;mopti,segou;;Paix.;0\r\n"
    )

    result = _import(text, coordinator, encoding="utf-8-sig")

    organisations = Organisation.objects.order_by("pk")
    assert result.problems == []
    assert [(o.name, o.description_fr, o.listed) for o in organisations] == [
        ("Jigiya", "Femmes, paix.", True),
        ("Benkadi", "Paix.", False),
    ]
    assert sorted(organisations[1].regions.values_list("slug", flat=True)) == ["mopti", "segou"]


def test_import_ignores_empty_unnamed_columns_but_not_their_values(coordinator):
    text = "name;description_fr;;\nJigiya;Femmes.;;\nBenkadi;Paix.;;oops\n"

    result = _import(text, coordinator)

    assert result.problems == [
        ImportProblem(3, "", "A value stands in a column that has no name in the header.")
    ]


@pytest.mark.parametrize(
    ("header", "problems"),
    [
        (
            "name,description_fr,email",
            [
                ImportProblem(
                    1, "email", "Unknown column. The columns are listed on the import page."
                )
            ],
        ),
        (
            "name,acronym",
            [ImportProblem(1, "description_fr", "This column is missing; it is required.")],
        ),
        (
            "Name,description_fr,NAME",
            [ImportProblem(1, "name", "This column appears more than once.")],
        ),
    ],
    ids=["unknown", "missing", "repeated"],
)
def test_import_with_a_wrong_header_imports_nothing(coordinator, header, problems):
    text = f"{header}\nJigiya,Femmes.,x\n"

    result = _import(text, coordinator)

    assert result.problems == problems
    assert Organisation.objects.count() == 0


def test_import_with_a_name_twice_in_the_file_names_both_lines(coordinator):
    text = "name,description_fr\nJigiya,Femmes.\nBenkadi,Paix.\n  JIGIYA ,Encore.\n"

    result = _import(text, coordinator)

    assert result.problems == [ImportProblem(4, "name", "This name is already used on line 2.")]
    assert Organisation.objects.count() == 0


def test_import_with_an_existing_name_imports_nothing(coordinator):
    OrganisationFactory(name="Association Jigiya")
    text = "name,description_fr\nBenkadi,Paix.\nassociation jigiya,Femmes.\n"

    result = _import(text, coordinator)

    assert result.problems == [
        ImportProblem(3, "name", "An organisation with this name already exists.")
    ]
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", ImportProblem(None, "", "The file is empty.")),
        ("\ufeff\r\n\r\n".encode(), ImportProblem(None, "", "The file is empty.")),
        (
            b"name,description_fr\n",
            ImportProblem(None, "", "The file has a header but no organisation."),
        ),
        (
            "name,description_fr\nJigiya,Femmes de Ségou.\n".encode("latin-1"),
            ImportProblem(
                2,
                "",
                "The file is not UTF-8 text. In your spreadsheet, save it as "
                "“CSV UTF-8 (comma delimited)”.",
            ),
        ),
        (
            b"name,description_fr\n" + b"x" * csv_io.MAX_IMPORT_BYTES,
            ImportProblem(None, "", "The file is larger than 2 MB. Split it into several files."),
        ),
        (
            b'name,description_fr\nJigiya,"Femmes\n',
            ImportProblem(2, "", "This line cannot be read as CSV: check its quotation marks."),
        ),
        (
            b"name,description_fr\nJigiya,Femmes.,extra\n",
            ImportProblem(2, "", "This line has 3 values but the header has 2 columns."),
        ),
    ],
    ids=["empty", "blank-lines", "header-only", "latin-1", "too-large", "open-quote", "cells"],
)
def test_import_of_an_unreadable_file_imports_nothing(coordinator, content, problem):
    result = _import(io.BytesIO(content), coordinator)

    assert result.problems == [problem]
    assert Organisation.objects.count() == 0


def test_import_page_lists_problems_by_line_in_the_users_language(client, coordinator):
    client.force_login(coordinator)
    text = "name,description_fr,contact_email\nJigiya,Femmes.,\nBenkadi,Paix.,pas-un-courriel\n"

    response = client.post("/fr/members/import/", {"file": _upload(text)})

    content = response.content.decode()
    assert response.status_code == 200
    assert (
        "<tr><td>3</td><td><code>contact_email</code></td>"
        "<td>Saisissez une adresse de courriel valide.</td></tr>"
    ) in content
    assert Organisation.objects.count() == 0


def test_import_page_success_says_how_many_with_a_link(client, coordinator):
    client.force_login(coordinator)
    text = "name,description_fr\nJigiya,Femmes.\nBenkadi,Paix.\n"

    response = client.post("/en/members/import/", {"file": _upload(text)}, follow=True)

    content = response.content.decode()
    assert response.redirect_chain == [("/en/members/import/", 302)]
    assert (
        '<li class="success">2 organisations have been imported. '
        '<a href="/en/members/applications/">See the list of organisations</a></li>'
    ) in content
    assert Organisation.objects.count() == 2


def test_import_page_documents_the_columns(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/en/members/import/")

    content = response.content.decode()
    assert [
        column for column in csv_io.IMPORT_COLUMNS if f"<code>{column}</code>" not in content
    ] == []
    assert "<td><code>kayes</code></td><td>Kayes</td>" in content
    assert "<td><code>gender</code></td><td>Gender</td>" in content


def test_import_form_refuses_a_file_over_2_mb(client, coordinator):
    client.force_login(coordinator)
    big = SimpleUploadedFile("big.csv", b"x" * (csv_io.MAX_IMPORT_BYTES + 1), "text/csv")

    response = client.post("/en/members/import/", {"file": big})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["The file is larger than 2 MB. Split it into several files."]
    }
    assert Organisation.objects.count() == 0
