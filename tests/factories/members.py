import factory

from members.enums import MembershipStatus, OrganisationRole
from members.models import Invitation, Organisation, OrganisationPerson
from tests.factories.accounts import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association {n}")
    acronym = factory.Sequence(lambda n: f"A{n}")
    slug = factory.Sequence(lambda n: f"association-{n}")
    status = MembershipStatus.ACTIVE
    listed = True
    description = "Une association."
    description_fr = factory.SelfAttribute("description")


class OrganisationPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationPerson

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = OrganisationRole.EDITOR


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation; ``invited_by`` is any user unless given."""

    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = OrganisationRole.EDITOR
    invited_by = factory.SubFactory(UserFactory)
