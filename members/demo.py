"""A sample member organisation for the demo network (``manage.py seed_demo``)."""

from members.enums import MembershipStatus, OrganisationRole
from members.models import Organisation, OrganisationPerson


def seed(*, log) -> None:
    """Create the sample organisation and make the demo member its admin (idempotent)."""
    from django.contrib.auth import get_user_model

    from network.accounts.demo import MEMBER_EMAIL

    organisation, _ = Organisation.objects.update_or_create(
        slug="organisation-exemple",
        defaults={
            "name": "Organisation exemple (démonstration)",
            "acronym": "OE-DEMO",
            "status": MembershipStatus.ACTIVE,
        },
    )
    member = get_user_model().objects.filter(email__iexact=MEMBER_EMAIL).first()
    if member is not None:
        OrganisationPerson.objects.update_or_create(
            organisation=organisation, user=member, defaults={"role": OrganisationRole.ADMIN}
        )
    log("sample member organisation: 1")
