"""What comes out of a dialogue event: recommendations and their path up the levels, the
report with its attachments, follow-up actions.

The event page (``views_events.py``) shows this part through
``outcomes_context``. Every view checks its permission on the event
(``dialogues/rules.py``): an event, recommendation, attachment or action a
user may not see or act on answers 404, and a visitor who must log in gets
the login page.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, ListView, TemplateView

from dialogues import services
from dialogues.enums import ActionStatus, RecommendationStatus
from dialogues.forms_outcomes import (
    LANGUAGE_LABELS,
    REPORT_MAX_LENGTH,
    ActionForm,
    DeclineForm,
    ForwardForm,
    RecommendationForm,
    ReportForm,
    TakeForm,
)
from dialogues.models import (
    DialogueEvent,
    EventReport,
    FollowUpAction,
    Recommendation,
    ReportAttachment,
)
from members.enums import MembershipStatus
from network.accounts.mixins import ObjectPermissionMixin
from network.accounts.rules import is_administrator, is_coordinator
from network.pages import blocks
from network.pages.markdown import render_markdown
from network.storage import private_download

#: The translated sentence for each ``DialogueError`` code these views can meet.
OUTCOME_ERRORS = {
    "not_higher": gettext_lazy(
        "A recommendation can only be forwarded to an event of a higher level."
    ),
    "not_proposed": gettext_lazy(
        "This recommendation has already been forwarded, taken into the strategy or declined."
    ),
    "reason": gettext_lazy("Give a reason for declining this recommendation."),
    "transition": gettext_lazy("This change of status is not possible."),
}
OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def outcome_error_message(error: services.DialogueError) -> str:
    """The translated sentence for a ``DialogueError`` code."""
    return str(OUTCOME_ERRORS.get(error.code, error.code))


def _visible_owner_ids(user, owners) -> set[int]:
    """Which owner organisations ``user`` may see named (at most one query).

    An organisation may stay out of the public directory (DESIGN.md, "Do no
    harm"): its name is shown only where ``members.view_organisation``
    would show it — listed active organisations to everyone, the others to
    their own people and to staff.
    """
    visible = {o.pk for o in owners if o.status == MembershipStatus.ACTIVE and o.listed}
    hidden = {o.pk for o in owners} - visible
    if not hidden or not user.is_authenticated:
        return visible
    if is_coordinator(user) or is_administrator(user):
        return visible | hidden
    own = set(
        user.organisation_roles.filter(organisation_id__in=hidden).values_list(
            "organisation_id", flat=True
        )
    )
    return visible | own


def outcomes_context(request, event: DialogueEvent) -> dict:
    """What the event page shows of recommendations, the report and follow-up actions.

    Returns ``{"outcomes_panel": True, "outcomes": {...}}`` for
    ``dialogues/outcomes/panel.html``: the recommendations (text in the
    active language), the report with its attachments (an unpublished one
    only for those who may report on the event), the follow-up actions with
    ``is_overdue`` (today in ``TIME_ZONE``, Africa/Bamako), and ``can_report``
    for the links to add. Costs seven queries at most, whatever the number of
    rows (two of them the user's roles, which the page has usually loaded).
    """
    user = request.user
    can_report = user.has_perm("dialogues.report_on_event", event)
    report = EventReport.objects.filter(event=event).prefetch_related("attachments").first()
    if report is not None and report.published_at is None and not can_report:
        report = None
    actions = list(event.actions.select_related("owner").order_by("due_on", "pk"))
    owners = {action.owner_id: action.owner for action in actions}
    shown = _visible_owner_ids(user, owners.values())
    today = timezone.localdate()
    return {
        "outcomes_panel": True,
        "outcomes": {
            "event": event,
            "can_report": can_report,
            "recommendations": list(event.recommendations.order_by("pk")),
            "report": report,
            "attachments": list(report.attachments.all()) if report else [],
            "actions": [
                {
                    "action": action,
                    "owner_shown": action.owner_id in shown,
                    "is_overdue": action.status in OPEN_STATUSES and action.due_on < today,
                }
                for action in actions
            ],
        },
    }


class EventMixin(ObjectPermissionMixin):
    """The event of the URL's slug; 404 unless ``permission`` holds on it."""

    permission = "dialogues.report_on_event"
    object_attribute = "event"

    def load_object(self, **kwargs):
        return DialogueEvent.objects.filter(slug=kwargs["slug"]).first()


# --- Recommendations --------------------------------------------------------


class RecommendationAddView(LoginRequiredMixin, EventMixin, FormView):
    """Record a recommendation made at the event (coordinators and the organisers)."""

    template_name = "dialogues/outcomes/recommendation_form.html"
    form_class = RecommendationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def form_valid(self, form):
        recommendation = services.recommendation_create(
            event=self.event, fields=form.cleaned_data, created_by=self.request.user
        )
        messages.success(self.request, _("The recommendation has been recorded."))
        return redirect(recommendation)


class RecommendationView(TemplateView):
    """A recommendation and its whole path, from the event where it was first made to where
    it stands now; coordinators forward it, mark it taken into the strategy, or decline it.

    Visible to whoever may see its event. A step whose event the reader may
    not see shows its level and status only. Other apps add blocks to this
    page (``network.pages.blocks``, page ``"recommendation"``): a block's
    ``get_context(request)`` finds the recommendation's id in
    ``request.resolver_match.kwargs["pk"]``; the view has checked that the
    reader may see it before any block runs.
    """

    template_name = "dialogues/outcomes/recommendation.html"
    decisions = {"forward": ForwardForm, "take": TakeForm, "decline": DeclineForm}

    def dispatch(self, request, *args, **kwargs):
        self.recommendation = (
            Recommendation.objects.select_related("event").filter(pk=kwargs["pk"]).first()
        )
        if self.recommendation is None or not request.user.has_perm(
            "dialogues.view_event", self.recommendation.event
        ):
            raise Http404
        self.can_decide = request.user.has_perm("dialogues.decide_recommendation")
        return super().dispatch(request, *args, **kwargs)

    def _form(self, decision: str, data=None):
        kwargs = {"auto_id": f"{decision}-%s"}
        if decision == "forward":
            kwargs["event"] = self.recommendation.event
        return self.decisions[decision](data, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, recommendation = self.request.user, self.recommendation
        context["recommendation"] = recommendation
        context["event"] = recommendation.event
        context["steps"] = [
            {
                "recommendation": step,
                "event": step.event,
                "current": step.pk == recommendation.pk,
                "visible": step.pk == recommendation.pk
                or user.has_perm("dialogues.view_event", step.event),
            }
            for step in services.recommendation_path(recommendation)
        ]
        if self.can_decide and recommendation.status == RecommendationStatus.PROPOSED:
            bound = kwargs.get("bound", {})
            context["decision_forms"] = {
                decision: bound[decision] if decision in bound else self._form(decision)
                for decision in self.decisions
            }
        context["blocks"] = blocks.blocks_for("recommendation", self.request)
        return context

    def post(self, request, *args, **kwargs):
        decision = request.POST.get("decision", "")
        if not self.can_decide or decision not in self.decisions:
            raise Http404
        recommendation = self.recommendation
        form = self._form(decision, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(bound={decision: form}))
        try:
            if decision == "forward":
                result = services.recommendation_forward(
                    recommendation=recommendation,
                    to_event=form.cleaned_data["to_event"],
                    forwarded_by=request.user,
                )
                message = _("The recommendation has been forwarded; here it is at its new level.")
            else:
                result = services.recommendation_decide(
                    recommendation=recommendation,
                    status=(
                        RecommendationStatus.TAKEN
                        if decision == "take"
                        else RecommendationStatus.DECLINED
                    ),
                    decided_by=request.user,
                    reason=form.cleaned_data.get("reason", ""),
                )
                message = _("The decision has been recorded.")
        except services.DialogueError as error:
            if error.code == "not_proposed":
                # Decided by someone else meanwhile: show where it stands now.
                messages.error(request, outcome_error_message(error))
                return redirect(recommendation)
            field = {"not_higher": "to_event", "reason": "reason"}.get(error.code)
            form.add_error(field, outcome_error_message(error))
            return self.render_to_response(self.get_context_data(bound={decision: form}))
        messages.success(request, message)
        return redirect(result)


# --- Report and attachments -------------------------------------------------


class ReportView(LoginRequiredMixin, EventMixin, TemplateView):
    """Write, preview, publish the event's report and attach files to it.

    GET shows the form; POST with ``preview`` shows the sanitised preview
    above the kept text, without saving; any other POST saves. A refused
    file saves nothing and keeps the text (the files are chosen again). A
    save over a version someone else saved meanwhile is refused with the
    text kept (optimistic concurrency on ``EventReport.updated_at``).
    """

    template_name = "dialogues/outcomes/report_form.html"

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def _report(self) -> EventReport | None:
        return EventReport.objects.filter(event=self.event).prefetch_related("attachments").first()

    @staticmethod
    def _version(report: EventReport | None) -> str:
        return report.updated_at.isoformat() if report else ""

    def get(self, request, *args, **kwargs):
        report = self._report()
        initial = {"loaded": self._version(report)}
        if report is not None:
            initial.update(
                {f"body_{code}": getattr(report, f"body_{code}") or "" for code in LANGUAGE_LABELS}
            )
        form = ReportForm(initial=initial, published=bool(report and report.published_at))
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def post(self, request, *args, **kwargs):
        report = self._report()
        published = bool(report and report.published_at)
        if "preview" in request.POST:
            # Files are not read for a preview: they are stored only by a save.
            form = ReportForm(request.POST, published=published)
            texts = {
                code: request.POST.get(f"body_{code}", "")[:REPORT_MAX_LENGTH]
                for code in LANGUAGE_LABELS
            }
            preview = [
                {"code": code, "name": LANGUAGE_LABELS[code], "html": render_markdown(text)}
                for code, text in texts.items()
                if text.strip()
            ]
            return self.render_to_response(
                self.get_context_data(form=form, report=report, preview=preview, previewed=True)
            )
        form = ReportForm(request.POST, request.FILES, published=published)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, report=report))
        data = form.cleaned_data
        with transaction.atomic():
            current = EventReport.objects.select_for_update().filter(event=self.event).first()
            if self._version(current) != data["loaded"]:
                return self._conflict(form, current)
            saved = services.report_save(
                event=self.event,
                fields={f"body_{code}": data[f"body_{code}"] for code in LANGUAGE_LABELS},
                author=request.user,
                publish=published or data.get("publish", False),
            )
            for checked in data["attachments"]:
                services.attachment_add(report=saved, checked=checked, uploaded_by=request.user)
        if saved.published_at and not published:
            messages.success(request, _("The report has been published."))
        else:
            messages.success(request, _("The report has been saved."))
        if count := len(data["attachments"]):
            messages.success(
                request,
                ngettext("%(count)s file attached.", "%(count)s files attached.", count)
                % {"count": count},
            )
        return redirect(f"{self.event.get_absolute_url()}#report")

    def _conflict(self, form: ReportForm, current: EventReport | None):
        """Keep what the author typed; show the version saved meanwhile above it."""
        form.data = form.data.copy()
        form.data["loaded"] = self._version(current)
        form.add_error(
            None,
            _(
                "Someone saved this report after you opened it. Your text is kept below and the "
                "saved version is shown above it; nothing was stored (choose the files again). "
                "Compare them, then save again."
            ),
        )
        context = self.get_context_data(form=form, report=current, conflict=current)
        return self.render_to_response(context)


def attachment_download(request, pk: int):
    """Serve a report attachment under its original name (any alphabet).

    Only to those who may see the event and, while the report is
    unpublished, may report on it; anyone else gets 404. Served as a
    download (``Content-Disposition: attachment``, with ``filename*=utf-8''…``
    for names outside ASCII) with the type its content was checked as.
    """
    attachment = ReportAttachment.objects.select_related("report__event").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    event = attachment.report.event
    user = request.user
    if not user.has_perm("dialogues.view_event", event) or (
        attachment.report.published_at is None
        and not user.has_perm("dialogues.report_on_event", event)
    ):
        raise Http404
    return private_download(
        attachment.file, name=attachment.original_name, content_type=attachment.content_type
    )


# --- Follow-up actions ------------------------------------------------------


class ActionFormMixin(LoginRequiredMixin):
    template_name = "dialogues/outcomes/action_form.html"
    form_class = ActionForm

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "event": self.event}
        kwargs["instance"] = getattr(self, "action", None)
        return kwargs

    def form_valid(self, form):
        services.action_save(action=form.instance, saved_by=self.request.user)
        messages.success(self.request, _("The follow-up action has been saved."))
        return redirect(f"{self.event.get_absolute_url()}#follow-up")


class ActionAddView(ActionFormMixin, EventMixin, FormView):
    """Add a follow-up action to the event (coordinators and the organisers)."""


class ActionEditView(ActionFormMixin, FormView):
    """Edit a follow-up action; only where the user may report on its event."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.action = FollowUpAction.objects.select_related("event").filter(pk=kwargs["pk"]).first()
        if self.action is None or not request.user.has_perm(
            "dialogues.report_on_event", self.action.event
        ):
            raise Http404
        self.event = self.action.event
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["action"] = self.action
        return context


class OverdueActionsView(LoginRequiredMixin, ListView):
    """Coordinators: actions still open or in progress whose due date is past (before today
    in ``TIME_ZONE``, Africa/Bamako), oldest first, 20 a page, with event and owner."""

    template_name = "dialogues/outcomes/actions_overdue.html"
    context_object_name = "actions"
    paginate_by = 20

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "dialogues.view_overdue_actions"
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            FollowUpAction.objects.filter(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
            .select_related("event", "owner")
            .order_by("due_on", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["back_url"] = reverse("pages:dashboard")
        return context
