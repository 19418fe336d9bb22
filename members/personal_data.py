"""A person's data held by the members app, for their "My data" download.

``register()`` adds it to ``network.accounts.personal_data``; ``MembersConfig.ready()``
calls it.
"""

from django.utils.translation import gettext_lazy as _

from members.models import Organisation, OrganisationPerson
from network.accounts import personal_data
from network.accounts.personal_data import iso


def memberships_data(user) -> dict:
    """The organisations ``user`` belongs to and those they applied for (2 queries).

    ``memberships``: organisation name and slug, organisation role, when
    they joined, whatever the organisation's status; ``applications``:
    organisations they applied for, with the membership status and when.
    """
    memberships = (
        OrganisationPerson.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    applications = Organisation.objects.filter(applied_by=user).order_by("name", "pk")
    return {
        "memberships": [
            {
                "organisation": person.organisation.name,
                "slug": person.organisation.slug,
                "role": person.role,
                "joined": iso(person.joined_at),
            }
            for person in memberships
        ],
        "applications": [
            {
                "organisation": organisation.name,
                "slug": organisation.slug,
                "status": organisation.status,
                "applied": iso(organisation.created_at),
            }
            for organisation in applications.only("name", "slug", "status", "created_at")
        ],
    }


def last_admin_warnings(user) -> list[str]:
    """One sentence per organisation that would be left without an administrator (2 queries)."""
    from django.db.models import Count, Q

    from members.enums import OrganisationRole

    alone = (
        Organisation.objects.filter(people__user=user, people__role=OrganisationRole.ADMIN)
        .annotate(admins=Count("people", filter=Q(people__role=OrganisationRole.ADMIN)))
        .filter(admins=1)
        .order_by("name")
    )
    return [
        _(
            "You are the only administrator of %(organisation)s: name another administrator "
            "on its people page first, or nobody will be able to keep its profile."
        )
        % {"organisation": organisation.name}
        for organisation in alone
    ]


def register() -> None:
    """Add the ``members`` section to every person's data download."""
    personal_data.register_deletion_warning(last_admin_warnings)
    personal_data.register(
        "members",
        memberships_data,
        description=_("Your places in member organisations and the applications you sent."),
    )
