"""A person's own data, gathered for download (DESIGN.md: "A user can download their
own data (JSON) and delete their account").

``network.accounts`` is on the ground floor and may not import the apps
above it, yet a person's data is spread over them (their memberships live in
``members``). So each app registers a provider here from its
``AppConfig.ready()``, the way ``network.pages.blocks`` collects page blocks.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

#: Sections of ``collect()`` that the accounts app writes itself.
OWN_SECTIONS = ("generated_at", "account", "email_addresses", "audit_log")


@dataclass(frozen=True)
class Provider:
    """``get_data(user)`` returns a JSON-serialisable dict (datetimes as ISO 8601 text);
    ``description`` says in a sentence what it holds, for the "My data" page."""

    name: str
    get_data: Callable[[object], dict]
    description: str = ""


_registry: dict[str, Provider] = {}


def register(name: str, provider: Callable[[object], dict], *, description: str = "") -> None:
    """Add ``provider`` as section ``name`` of the data; registering a name again replaces it.

    ``description`` (a lazy translated string) is shown on the "My data"
    page. Raises ``ValueError`` for a name the accounts app uses itself.
    """
    if name in OWN_SECTIONS:
        raise ValueError(f"Section name reserved by network.accounts: {name!r}")
    _registry[name] = Provider(name=name, get_data=provider, description=description)


_deletion_warnings: list[Callable[[object], list[str]]] = []


def register_deletion_warning(check: Callable[[object], list[str]]) -> None:
    """Add ``check(user) -> [sentence, …]``: what deleting ``user`` would leave behind.

    The account deletion page shows every sentence before the user confirms.
    """
    if check not in _deletion_warnings:
        _deletion_warnings.append(check)


def deletion_warnings(user) -> list[str]:
    """Every registered warning about deleting ``user``, in registration order."""
    return [sentence for check in _deletion_warnings for sentence in check(user)]


def providers() -> list[Provider]:
    """The registered providers, by name."""
    return [_registry[name] for name in sorted(_registry)]


def iso(value) -> str | None:
    """A datetime or date as ISO 8601 text (``None`` stays ``None``); datetimes in UTC."""
    if value is None:
        return None
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = value.astimezone(datetime.UTC)
    return value.isoformat()


def collect(user) -> dict:
    """Everything the portal holds about ``user``, as a JSON-serialisable dict.

    ``account``: email, display name, preferred language, date joined,
    last login and network roles; ``email_addresses``: their addresses with
    allauth's verified and primary flags; ``audit_log``: the audit entries
    about them (action and time only: who acted is another person's data);
    then one section per registered provider. 3 queries plus the providers'.
    """
    from allauth.account.models import EmailAddress

    from network.accounts.models import AuditLogEntry

    data = {
        "generated_at": iso(timezone.now()),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
            "roles": sorted(user.network_roles),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "audit_log": [
            {"action": action, "time": iso(created_at)}
            for action, created_at in AuditLogEntry.objects.filter(subject_user=user)
            .order_by("created_at", "pk")
            .values_list("action", "created_at")
        ],
    }
    for provider in providers():
        data[provider.name] = provider.get_data(user)
    return data
