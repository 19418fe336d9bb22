"""One small but complete network for the project-wide tests, and every URL of the portal in it.

``build_world()`` makes the objects every URL pattern of the project needs
(tests/test_permission_matrix.py walks them all, role by role;
tests/test_privacy_canary.py crawls them as a visitor and as a donor):

- an organisation (its admin: the "member" role; an editor), another
  organisation (its admin: the "other_member" role), an organisation applying
  for membership, an unlisted one, a pending invitation;
- dialogue events of each visibility organised by the first organisation: an
  upcoming public one with a registered delegate, a held public one with
  attendance, recommendations (one forwarded up to a national event), a
  published report with an attachment and follow-up actions (one overdue), a
  network-only one, a restricted one and a proposed one;
- the strategy, published, with a validated and a draft section, revisions,
  comments, an amendment and a recommendation taken into it;
- a published news post, notifications in the member's inbox, a preference;
- the results framework: objectives, a reported, a member-reported and a
  computed indicator, six reporting periods, the network's values in each
  status and the organisation's contributions (approved with an evidence
  file, draft, submitted), a milestone;
- one row of every model the Django admin lists (groups, authenticators,
  sessions, audit entries…).

Every personal contact field holds a canary, a value found nowhere else,
listed in ``World.canaries``: email addresses and names carry ``CANARY``,
phone numbers are ``canary_phone``'s; the display names of the people of
member organisations are in ``World.names``.

``url_for(name, world)`` gives the path of a URL name (``"members:edit"``) for
the world's object of that route, tokens included, under ``/fr/``.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

import pypdf
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from dialogues import services as dialogue_services
from dialogues.enums import EventStatus, Level, Visibility
from dialogues.models import Attendance, FollowUpAction
from members.enums import OrganisationRole
from members.models import Invitation
from members.services import invitation_token, organisation_apply
from network import files
from network.notifications.models import Delivery, Preference
from network.notifications.services import notify, unsubscribe_token
from network.pages import demo as pages_demo
from network.pages.models import Region, Theme
from network.progress import services as progress_services
from network.progress.enums import Source, ValueStatus
from network.progress.models import IndicatorValue
from strategy import services as strategy_services
from strategy.enums import GENDER_CHECKLIST, SectionStatus
from tests.factories import (
    NewsPostFactory,
    OrganisationFactory,
    OrganisationPersonFactory,
    UserFactory,
)
from tests.factories.dialogues import DialogueEventFactory, RecommendationFactory
from tests.factories.progress import (
    IndicatorFactory,
    MilestoneFactory,
    ObjectiveFactory,
    PeriodFactory,
    semester,
)
from tests.factories.strategy import StrategyFactory, make_section

#: The roles of DESIGN.md's table, in the order of every row of the matrix. "member" is an
#: admin of the organisation the URL's object belongs to; "other_member" one of another.
ROLES = ("visitor", "member", "other_member", "coordinator", "donor", "administrator")
#: Every canary address and name contains this: no real text does.
CANARY = "7f3a"


def _pdf() -> bytes:
    """A real one-page PDF (the crawler of tests/test_privacy_canary.py reads it back)."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _pdf()


def canary_email(label: str) -> str:
    return f"canary-{label}-{CANARY}@example.org"


def canary_phone(number: int) -> str:
    """``+223 7<n> 00 12 3<n>``: a Malian mobile number found nowhere else."""
    return f"+223 7{number} 00 12 3{number}"


@dataclass
class World:
    """The users by role, the other people, the objects, and every canary planted."""

    users: dict  # role → user (None for the visitor)
    people: dict  # the other users by label (editor, applicant, unlisted_admin)
    objects: dict  # label → model instance
    canaries: dict = field(default_factory=dict)  # label → planted value
    names: dict = field(default_factory=dict)  # label → display name of a member's person

    def __getitem__(self, label: str):
        return self.objects[label]


def _user(label: str, *, roles=()):
    return UserFactory(
        email=canary_email(label),
        display_name=f"Nom{label.title().replace('_', '')}{CANARY}",
        roles=list(roles),
    )


def _organisation(label: str, number: int, **fields):
    fields.setdefault("name", f"Association {label.title()}")
    return OrganisationFactory(
        slug=f"association-{label}",
        public_email=f"contact@{label}.example.org",  # the organisation's public address
        public_phone="+223 20 22 00 00",
        contact_name=f"Contact{label.title()}{CANARY}",
        contact_email=canary_email(f"contact-{label}"),
        contact_phone=canary_phone(number),
        **fields,
    )


def _person(organisation, user, role=OrganisationRole.ADMIN):
    return OrganisationPersonFactory(organisation=organisation, user=user, role=role)


def build_world() -> World:
    """Build the whole network; point ``PRIVATE_MEDIA_ROOT`` at a temporary folder first."""
    canaries: dict[str, str] = {}
    now = timezone.now()
    pages_demo.seed(log=lambda *args: None)  # the project and its partners (home, about)
    mopti = Region.objects.get(slug="mopti")
    theme = Theme.objects.order_by("pk").first()

    # --- People and organisations -------------------------------------------------------
    users = {
        "visitor": None,
        "member": _user("member"),
        "other_member": _user("other_member"),
        "coordinator": _user("coordinator", roles=["coordinator"]),
        "donor": _user("donor", roles=["donor"]),
        "administrator": _user("administrator", roles=["administrator"]),
    }
    people = {label: _user(label) for label in ("editor", "applicant", "unlisted_admin")}
    organisation = _organisation("canari", 1, kind="women")
    organisation.regions.set([mopti])
    organisation.themes.set([theme])
    other = _organisation("autre", 2)
    unlisted = _organisation("discrete", 3, listed=False, name=f"Association Discrète {CANARY}")
    _person(organisation, users["member"])
    editor = _person(organisation, people["editor"], OrganisationRole.EDITOR)
    _person(other, users["other_member"])
    _person(unlisted, people["unlisted_admin"])
    applicant = organisation_apply(
        applicant=people["applicant"],
        fields={
            "name": "Association Candidate",
            "description_fr": "Une candidate.",
            "contact_name": f"ContactCandidate{CANARY}",
            "contact_email": canary_email("contact-candidate"),
            "contact_phone": canary_phone(4),
            "listed": True,
        },
    )
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=canary_email("invitee"),
        role=OrganisationRole.EDITOR,
        invited_by=users["member"],
    )
    second_address = EmailAddress.objects.create(
        user=users["member"], email=canary_email("member-second"), verified=False, primary=False
    )

    # --- Dialogue events ----------------------------------------------------------------
    def event(label, **fields):
        fields.setdefault("organisers", [organisation])
        return DialogueEventFactory(
            title=f"Dialogue {label}", slug=f"dialogue-{label}", region=mopti, **fields
        )

    upcoming = event("prochain", capacity=30)
    past = dict(
        starts_at=now - datetime.timedelta(days=40), ends_at=now - datetime.timedelta(days=39)
    )
    # The unlisted organisation co-organises the held event: visitors never read its name.
    held = event("tenu", status=EventStatus.HELD, organisers=[organisation, unlisted], **past)
    national = event("national", level=Level.NATIONAL, status=EventStatus.HELD, **past)
    network_only = event("reseau", visibility=Visibility.NETWORK)
    restricted = event("restreint", visibility=Visibility.RESTRICTED)
    proposed = event("propose", status=EventStatus.PROPOSED)
    registration = dialogue_services.registration_create(
        event=upcoming, organisation=organisation, delegate=people["editor"],
        registered_by=users["member"],
    )  # fmt: skip
    dialogue_services.registration_create(
        event=restricted, organisation=organisation, delegate=people["editor"],
        registered_by=users["member"],
    )  # fmt: skip
    Attendance.objects.create(
        event=held, total=40, women=22, men=18, youth=15, recorded_by=users["coordinator"]
    )
    recommendation = RecommendationFactory(event=held, text_fr="Protéger les marchés.")
    forwarded = RecommendationFactory(event=held, text_fr="Former les médiatrices.")
    dialogue_services.recommendation_forward(
        recommendation=forwarded, to_event=national, forwarded_by=users["coordinator"]
    )
    report = dialogue_services.report_save(
        event=held, fields={"body_fr": "Compte rendu du dialogue."}, author=users["member"],
        publish=True,
    )  # fmt: skip
    attachment = dialogue_services.attachment_add(
        report=report,
        checked=files.attachment_check(SimpleUploadedFile("compte-rendu.pdf", PDF)),
        uploaded_by=users["member"],
    )
    action = FollowUpAction.objects.create(
        event=held, recommendation=recommendation, owner=organisation,
        description="Réunir les commerçants.", due_on=datetime.date(2014, 3, 5),
        created_by=users["coordinator"],
    )  # fmt: skip
    FollowUpAction.objects.create(
        event=held, owner=unlisted, description="Informer les villages.",
        due_on=datetime.date(2014, 4, 1), created_by=users["coordinator"],
    )  # fmt: skip

    # --- Strategy -----------------------------------------------------------------------
    coordinator = users["coordinator"]
    strategy = StrategyFactory()
    validated = make_section(
        strategy=strategy, title="Sécurité économique", body="Paragraphe A.", author=coordinator,
        lead=coordinator,
    )  # fmt: skip
    draft = make_section(
        strategy=strategy, title="Sécurité alimentaire", body="Paragraphe B.", author=coordinator,
        order=1,
    )  # fmt: skip
    strategy_services.section_save_revision(
        section=draft, language="fr", title=draft.title_fr, body="Paragraphe B, revu.",
        author=coordinator, base=strategy_services.latest_revision(draft, "fr"),
    )  # fmt: skip
    strategy_services.section_take_recommendation(
        section=validated, recommendation=recommendation, taken_by=coordinator
    )
    strategy_services.section_set_status(
        section=validated, status=SectionStatus.IN_REVIEW, changed_by=coordinator
    )
    strategy_services.section_set_status(
        section=validated, status=SectionStatus.VALIDATED, changed_by=coordinator,
        checklist=dict.fromkeys(GENDER_CHECKLIST, True),
    )  # fmt: skip
    strategy_services.strategy_publish(strategy=strategy, published_by=coordinator)
    comment = strategy_services.comment_add(
        section=draft, author=users["member"], body="Et les marchés ?"
    )
    strategy_services.comment_add(
        section=draft, author=people["editor"], body="D'accord.", parent=comment
    )
    strategy_services.comment_add(section=validated, author=users["member"], body="Bien.")
    amendment = strategy_services.amendment_propose(
        section=draft, proposer=users["member"], body="Paragraphe B, amendé.",
        rationale="Plus clair.",
    )  # fmt: skip
    draft.followers.add(users["member"])
    first_revision, second_revision = draft.revisions.filter(language="fr").order_by("number")

    # --- News, notifications ------------------------------------------------------------
    news = NewsPostFactory(author=coordinator)
    notify(kind="news.published", recipients=[users["member"]], actor=coordinator, target=news,
           data={"target": {"fr": news.title_fr}})  # fmt: skip
    delivery = Delivery.objects.filter(recipient=users["member"], channel="inbox").first()
    Preference.objects.create(user=users["member"], kind="news.published", frequency="weekly")

    # --- Results framework --------------------------------------------------------------
    objective = ObjectiveFactory(number=1)
    for number in (2, 3, 4):
        ObjectiveFactory(number=number)
    periods = []
    for index in range(6):
        starts_on, ends_on = semester(index)
        periods.append(PeriodFactory(name=f"Semestre {index + 1}", name_fr=f"Semestre {index + 1}",
                                     starts_on=starts_on, ends_on=ends_on))  # fmt: skip
    reported = IndicatorFactory(objective=objective, number=1, public=True, disaggregated=True)
    open_to_members = IndicatorFactory(objective=objective, number=2, members_may_report=True)
    computed = IndicatorFactory(
        objective=objective, number=3, source=Source.COMPUTED, computation="events_held"
    )
    network_values = {}
    for period, status in zip(
        periods,
        (ValueStatus.APPROVED, ValueStatus.SUBMITTED, ValueStatus.DRAFT, ValueStatus.RETURNED),
        strict=False,
    ):
        network_values[status] = IndicatorValue.objects.create(
            indicator=reported, period=period, value=Decimal(10), women=Decimal(6),
            men=Decimal(4), status=status, evidence_note="Rapport d'activité.",
            entered_by=coordinator,
            decision_comment="À revoir." if status == ValueStatus.RETURNED else "",
        )  # fmt: skip
    contributions = {}
    for period, status in zip(
        periods, (ValueStatus.APPROVED, ValueStatus.DRAFT, ValueStatus.SUBMITTED), strict=False
    ):
        value = progress_services.value_save(
            value=IndicatorValue(
                indicator=open_to_members, period=period, organisation=organisation,
                value=Decimal(3), evidence_note="Liste de présence.",
            ),
            actor=users["member"],
            evidence=files.attachment_check(SimpleUploadedFile("preuve.pdf", PDF)),
        )  # fmt: skip
        if status != ValueStatus.DRAFT:
            value = progress_services.value_submit(value=value, actor=users["member"])
        if status == ValueStatus.APPROVED:
            value = progress_services.value_decide(value=value, actor=coordinator, approve=True)
        contributions[status] = value
    milestone = MilestoneFactory(objective=objective)

    # --- What only the Django admin lists -----------------------------------------------
    group = Group.objects.create(name="Relecteurs")
    authenticator = Authenticator.objects.create(
        user=people["editor"],
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "00" * 20, "used_mask": 0},
    )
    user_session = UserSession.objects.create(
        user=people["editor"], ip="127.0.0.1", session_key="w" * 32, user_agent="Firefox"
    )

    for label in ("member", "other_member", "coordinator", "donor", "administrator"):
        canaries[f"email of {label}"] = users[label].email
    for label, user in people.items():
        canaries[f"email of {label}"] = user.email
    canaries["second address of member"] = second_address.email
    canaries["invitation"] = invitation.email
    for org in (organisation, other, unlisted, applicant):
        for name in ("contact_name", "contact_email", "contact_phone"):
            canaries[f"{name} of {org.slug}"] = getattr(org, name)
    names = {
        "member": users["member"].display_name,
        "other_member": users["other_member"].display_name,
        **{label: user.display_name for label, user in people.items()},
    }
    objects = {
        "organisation": organisation, "other": other, "unlisted": unlisted,
        "applicant": applicant, "editor": editor, "invitation": invitation,
        "second_address": second_address, "upcoming": upcoming, "held": held,
        "national": national, "network_only": network_only, "restricted": restricted,
        "proposed": proposed, "registration": registration, "recommendation": recommendation,
        "report": report, "attachment": attachment, "action": action, "strategy": strategy,
        "validated": validated, "draft": draft, "comment": comment, "amendment": amendment,
        "first_revision": first_revision, "second_revision": second_revision, "news": news,
        "delivery": delivery, "objective": objective, "periods": periods, "reported": reported,
        "open_to_members": open_to_members, "computed": computed,
        "network_values": network_values, "contributions": contributions,
        "last_period": periods[-1],
        **{f"{status}_value": value for status, value in network_values.items()},
        **{f"{status}_contribution": value for status, value in contributions.items()},
        "milestone": milestone, "group": group, "authenticator": authenticator,
        "user_session": user_session,
    }  # fmt: skip
    return World(users=users, people=people, objects=objects, canaries=canaries, names=names)


# --- URLs -----------------------------------------------------------------------------------

#: The world's object each route is asked about, by URL name: its slug (or pk) fills the URL.
#: Routes not listed take no argument.
OBJECTS = {
    "pages:news_detail": "news",
    "pages:news_update": "news",
    "notifications:mark_read": "delivery",
    # members: the member's organisation; deciding needs an application
    "members:people": "organisation",
    "members:invite": "organisation",
    "members:detail": "organisation",
    "members:edit": "organisation",
    "members:history": "organisation",
    "members:decide": "applicant",
    "members:status": "organisation",
    # dialogues: registration on the upcoming public event, outcomes on the held one
    "dialogues:register": "upcoming",
    "dialogues:participants": "upcoming",
    "dialogues:participants_csv": "upcoming",
    "dialogues:attendance": "held",
    "dialogues:recommendation": "recommendation",
    "dialogues:attachment": "attachment",
    "dialogues:action_edit": "action",
    "dialogues:recommendation_add": "held",
    "dialogues:report": "held",
    "dialogues:action_add": "held",
    "dialogues:detail": "upcoming",
    "dialogues:edit": "upcoming",
    "dialogues:status": "upcoming",
    "dialogues:ics": "upcoming",
    # strategy: the draft section (members and coordinators see it, not visitors or donors)
    "strategy:recommendations": "draft",
    "strategy:comment_resolve": "comment",
    "strategy:amendment": "amendment",
    "strategy:comment_add": "draft",
    "strategy:amendment_add": "draft",
    "strategy:review": "draft",
    "strategy:follow": "draft",
    "strategy:section": "draft",
    "strategy:edit": "draft",
    "strategy:history": "draft",
    "strategy:diff": "draft",
    # progress: the organisation's contributions, each in the state where its action is open
    "progress:indicator": "reported",
    "progress:indicator_edit": "reported",
    "progress:indicator_delete": "reported",
    "progress:period_edit": "last_period",
    "progress:period_delete": "last_period",
    "progress:milestone_edit": "milestone",
    "progress:milestone_delete": "milestone",
    "progress:value_create": "open_to_members",
    "progress:value": "approved_contribution",
    "progress:value_evidence": "approved_contribution",
    "progress:value_edit": "draft_contribution",
    "progress:value_submit": "draft_contribution",
    "progress:value_delete": "draft_contribution",
    "progress:value_decide": "submitted_contribution",
}

#: Routes whose arguments are not one object's slug or pk: tokens, pairs, languages.
ARGUMENTS = {
    # allauth: the member's own tokens, made by allauth's functions
    "account_confirm_email": lambda w: {"key": EmailConfirmationHMAC(w["second_address"]).key},
    "account_reset_password_from_key": lambda w: {
        "uidb36": user_pk_to_url_str(w.users["member"]),
        "key": default_token_generator.make_token(w.users["member"]),
    },
    "notifications:unsubscribe": lambda w: {
        "token": unsubscribe_token(user=w.users["member"], kind="news.published")
    },
    "members:invitation": lambda w: {"token": invitation_token(w["invitation"])},
    "members:person_role": lambda w: {"slug": w["organisation"].slug, "pk": w["editor"].pk},
    "members:person_remove": lambda w: {"slug": w["organisation"].slug, "pk": w["editor"].pk},
    "members:invitation_withdraw": lambda w: {
        "slug": w["organisation"].slug,
        "pk": w["invitation"].pk,
    },
    "dialogues:registration_cancel": lambda w: {
        "slug": w["upcoming"].slug,
        "pk": w["registration"].pk,
    },
    "strategy:pdf": lambda w: {"lang": "fr"},
    "strategy:restore": lambda w: {"slug": w["draft"].slug, "pk": w["first_revision"].pk},
    # the Django admin's site-wide pages
    "admin:app_list": lambda w: {"app_label": "members"},
    "admin:view_on_site": lambda w: {
        "content_type_id": ContentType.objects.get_for_model(w["organisation"]).pk,
        "object_id": w["organisation"].pk,
    },
    "admin:auth_user_password_change": lambda w: {"id": w.users["member"].pk},
}

#: Query strings some routes need to show their page.
QUERIES = {
    "strategy:diff": lambda w: f"?from={w['first_revision'].pk}&to={w['second_revision'].pk}",
    "admin:autocomplete": lambda w: (
        "?app_label=members&model_name=organisationperson&field_name=user&term=nom"
    ),
}


def admin_object_kwargs(pattern) -> dict:
    """``object_id`` of a real row of the admin page's model (the first one)."""
    model = pattern.callback.model_admin.model
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the world has no {model.__name__} for {pattern}"
    return {"object_id": obj.pk}


def url_for(name: str, world: World, *, label: str | None = None, language: str = "fr") -> str:
    """The path of ``name`` for the world's object of that route (``OBJECTS``), or for the
    object ``label`` instead; under ``/<language>/`` for the portal's pages."""
    label = label or OBJECTS.get(name)
    query = QUERIES[name](world) if name in QUERIES else ""
    with translation.override(language):
        if label is None:
            arguments = ARGUMENTS.get(name)
            return reverse(name, kwargs=arguments(world) if arguments else None) + query
        obj = world[label]
        candidates = [{"slug": obj.slug}] if hasattr(obj, "slug") else []
        for kwargs in [*candidates, {"pk": obj.pk}]:
            try:
                return reverse(name, kwargs=kwargs) + query
            except NoReverseMatch:
                continue
    raise NoReverseMatch(f"{name} takes neither the slug nor the pk of {label}")
