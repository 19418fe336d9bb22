"""The Django admin's pages for member organisations."""

import pytest

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["add/", "{pk}/change/"])
def test_organisation_admin_forms_open_without_a_deprecation_warning(client, administrator, page):
    # Django 5.2 warns (RemovedInDjango60Warning) when a URLField's form field has no
    # assume_scheme; under the suite's "warnings are errors" the page was a server error.
    organisation = OrganisationFactory()
    client.force_login(administrator)

    response = client.get(f"/admin/members/organisation/{page.format(pk=organisation.pk)}")

    assert response.status_code == 200


def test_organisation_website_typed_without_scheme_is_https_in_the_admin(client, administrator):
    organisation = OrganisationFactory()
    client.force_login(administrator)

    response = client.get(f"/admin/members/organisation/{organisation.pk}/change/")

    website = response.context["adminform"].form.fields["website"]
    assert website.clean("reseau.example.org") == "https://reseau.example.org"
