"""The people of an organisation: list, invitations, roles, removal; accepting an invitation.

An organisation's admins (``members.manage_people``) manage its people;
anyone else gets 404 and a visitor the login page. The invitation link is
open to anyone holding a valid token; only the invited address may accept.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from members import selectors, services
from members.enums import OrganisationRole
from members.forms import InvitationForm, PersonRoleForm
from members.models import Invitation, OrganisationPerson
from members.views import OrganisationMixin, membership_error_message


class PeopleView(LoginRequiredMixin, OrganisationMixin, TemplateView):
    """GET: the organisation's people, its pending invitations and the invitation form."""

    permission = "members.manage_people"
    template_name = "members/people/people.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.organisation
        people = list(selectors.people_of(organisation=organisation))
        admin_count = sum(1 for person in people if person.role == OrganisationRole.ADMIN)
        context["people"] = [
            {
                "person": person,
                "is_self": person.user_id == self.request.user.pk,
                # The server refuses anyway (services.MembershipError("last_admin")); the
                # page says so instead of offering buttons that can only fail.
                "is_last_admin": person.role == OrganisationRole.ADMIN and admin_count <= 1,
                "role_form": PersonRoleForm(
                    initial={"role": person.role}, auto_id=f"person-{person.pk}-%s"
                ),
            }
            for person in people
        ]
        expired_before = timezone.now() - timedelta(seconds=services.INVITATION_MAX_AGE)
        context["invitations"] = [
            {"invitation": invitation, "expired": invitation.created_at < expired_before}
            for invitation in organisation.invitations.filter(accepted_at__isnull=True).order_by(
                "-created_at", "-pk"
            )
        ]
        context.setdefault("invitation_form", InvitationForm())
        return context


class InviteView(PeopleView):
    """POST: invite an address; the person joins by accepting the emailed link."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = InvitationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(invitation_form=form))
        try:
            result = services.invitation_send(
                organisation=self.organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except services.MembershipError as error:
            form.add_error(None, membership_error_message(error))
            return self.render_to_response(self.get_context_data(invitation_form=form))
        messages.success(
            request,
            _("An invitation has been sent to %(email)s. The link in it is valid for 30 days.")
            % {"email": result.email},
        )
        return redirect("members:people", slug=self.organisation.slug)


class PersonActionView(LoginRequiredMixin, OrganisationMixin, View):
    """POST on one person of the organisation of the URL (another organisation's: 404)."""

    permission = "members.manage_people"
    http_method_names = ["post"]

    def get_person(self) -> OrganisationPerson:
        return get_object_or_404(
            OrganisationPerson.objects.select_related("user"),
            pk=self.kwargs["pk"],
            organisation=self.organisation,
        )

    def people_url(self) -> str:
        return reverse("members:people", kwargs={"slug": self.organisation.slug})

    def left_url(self) -> str:
        """Where an admin goes once they no longer manage this organisation's people."""
        # members.rules caches a user's organisation roles on the user object, so
        # request.user still holds the role just given up: ask with a fresh one.
        user = get_user_model().objects.get(pk=self.request.user.pk)
        if user.has_perm("members.view_organisation", self.organisation):
            return self.organisation.get_absolute_url()
        return reverse("pages:dashboard")


class PersonRoleView(PersonActionView):
    """POST: change a person's role; the last admin stays an admin."""

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        form = PersonRoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a role from the list."))
            return redirect(self.people_url())
        try:
            person = services.person_set_role(
                person=person, role=form.cleaned_data["role"], changed_by=request.user
            )
        except services.MembershipError as error:
            messages.error(request, membership_error_message(error))
            return redirect(self.people_url())
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": person.user.display_name, "role": person.get_role_display()},
        )
        if person.user_id == request.user.pk and person.role != OrganisationRole.ADMIN:
            # No longer an admin: the people page would answer 404.
            return redirect(self.left_url())
        return redirect(self.people_url())


class PersonRemoveView(PersonActionView):
    """POST: take a person out of the organisation (their account stays)."""

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        try:
            services.person_remove(person=person, removed_by=request.user)
        except services.MembershipError as error:
            messages.error(request, membership_error_message(error))
            return redirect(self.people_url())
        if person.user_id == request.user.pk:
            messages.success(
                request,
                _("You have left %(organisation)s.") % {"organisation": self.organisation.name},
            )
            return redirect(self.left_url())
        messages.success(
            request,
            _("%(name)s has been removed from the organisation.")
            % {"name": person.user.display_name},
        )
        return redirect(self.people_url())


class InvitationWithdrawView(LoginRequiredMixin, OrganisationMixin, View):
    """POST: withdraw a pending invitation of this organisation (another's: 404)."""

    permission = "members.manage_people"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        invitation = get_object_or_404(
            Invitation, pk=kwargs["pk"], organisation=self.organisation, accepted_at__isnull=True
        )
        services.invitation_withdraw(invitation=invitation, withdrawn_by=request.user)
        messages.success(
            request,
            _("The invitation to %(email)s has been withdrawn: its link no longer works.")
            % {"email": invitation.email},
        )
        return redirect("members:people", slug=self.organisation.slug)


class InvitationView(TemplateView):
    """The invitation link: explain it, then let the invited account accept it.

    A forged, expired, accepted or withdrawn invitation answers 404 with a
    page that says so. A visitor gets links to sign up or log in that come
    back here (``?next=``); a logged-in person confirms with a button.
    """

    template_name = "members/people/invitation.html"
    invalid_template_name = "members/people/invitation_invalid.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.invitation = services.invitation_from_token(kwargs["token"])
        except (signing.BadSignature, Invitation.DoesNotExist):
            return self.response_class(
                request=request,
                template=[self.invalid_template_name],
                context={},
                status=404,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["invitation"] = self.invitation
        context["organisation"] = self.invitation.organisation
        if user.is_authenticated and user.email.lower() != self.invitation.email.lower():
            # Said before the button is pressed; invitation_accept refuses it anyway.
            context.setdefault(
                "error", membership_error_message(services.MembershipError("wrong_account"))
            )
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.invitation_accept(invitation=self.invitation, user=request.user)
        except services.MembershipError as error:
            return self.render_to_response(
                self.get_context_data(error=membership_error_message(error))
            )
        organisation = self.invitation.organisation
        messages.success(
            request,
            _("Welcome: you are now one of the people of %(organisation)s.")
            % {"organisation": organisation.name},
        )
        return redirect(organisation)
