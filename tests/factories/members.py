import factory

from members.enums import MembershipStatus, OrganisationRole
from members.models import Organisation, OrganisationPerson
from tests.factories.accounts import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association {n}")
    acronym = factory.Sequence(lambda n: f"A{n}")
    slug = factory.Sequence(lambda n: f"association-{n}")
    status = MembershipStatus.ACTIVE


class OrganisationPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationPerson

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = OrganisationRole.EDITOR
