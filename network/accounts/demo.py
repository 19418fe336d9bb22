"""Demo accounts, one per role, loaded by ``manage.py seed_demo``.

They are sample accounts for trying the portal: their passwords are public
(printed by the command and listed in the README), so the command refuses
to create them in production mode.
"""

from dataclasses import dataclass

from network.accounts.enums import Role
from network.accounts.models import User
from network.accounts.services import email_mark_verified, role_grant


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    display_name: str
    roles: tuple[Role, ...]
    description: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "coordinator@demo.example.org",
        "Demo-coordinator-2013",
        "Aminata · démo",
        (Role.COORDINATOR,),
        "coordinator",
    ),
    DemoAccount(
        "member@demo.example.org",
        "Demo-member-2013",
        "Boubacar · démo",
        (),
        "member: admin of the sample organisation",
    ),
    DemoAccount(
        "donor@demo.example.org",
        "Demo-donor-2013",
        "Claudia · démo",
        (Role.DONOR,),
        "donor",
    ),
    DemoAccount(
        "admin@demo.example.org",
        "Demo-admin-2013",
        "Dramane · démo",
        (Role.ADMINISTRATOR,),
        "administrator",
    ),
)

MEMBER_EMAIL = DEMO_ACCOUNTS[1].email


def seed(*, log) -> list[DemoAccount]:
    """Create or refresh the demo accounts; return them for printing.

    Idempotent: the accounts are looked up by email, their password (if it
    was changed) and roles reset, nothing doubles; their sessions survive a
    second run. ``log`` takes one line of text.
    """
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email).first()
        if user is None:
            user = User.objects.create_user(
                email=account.email,
                password=account.password,
                display_name=account.display_name,
            )
        else:
            # A password set again gets a new hash, which ends every session of the
            # account: only when it was changed (a restart keeps people logged in).
            if not user.check_password(account.password):
                user.set_password(account.password)
            user.display_name = account.display_name
            user.is_active = True
            user.save()
        email_mark_verified(user=user)
        for role in account.roles:
            role_grant(user=user, role=role, granted_by=None)
    log(f"demo accounts: {len(DEMO_ACCOUNTS)}")
    return list(DEMO_ACCOUNTS)
