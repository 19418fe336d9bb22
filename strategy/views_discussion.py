"""The discussion of a strategy section: threaded comments, amendments, review; publication.

The section page (``views_sections.py``) shows this part through
``discussion_context``. Every view checks its permission on the section
(``strategy/rules.py``): a visitor who must log in gets the login page; a
section, comment or amendment a user may not see or act on answers 404
(DESIGN.md, "People and roles").
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from network.accounts.mixins import ObjectPermissionMixin
from network.ids import is_id
from strategy import diffs, services
from strategy.enums import GENDER_CHECKLIST, AmendmentStatus, SectionStatus
from strategy.forms_discussion import (
    AmendmentForm,
    CommentForm,
    ReconcileForm,
    RejectForm,
    ReviewForm,
)
from strategy.models import SOURCE_LANGUAGE, Amendment, Comment, Section, Strategy

#: The translated sentence for each ``StrategyError`` code these views can meet.
DISCUSSION_ERRORS = {
    "checklist": gettext_lazy(
        "The gender-sensitivity checklist must be complete to validate the section."
    ),
    "transition": gettext_lazy("This change of status is not possible."),
    "decided": gettext_lazy("This amendment has already been accepted or rejected."),
    "reason": gettext_lazy("Give a reason for rejecting this amendment."),
    "no_text": gettext_lazy("This section has no French text to amend yet."),
}


def discussion_error_message(error: services.StrategyError) -> str:
    """The translated sentence for a ``StrategyError`` code."""
    return str(DISCUSSION_ERRORS.get(error.code, error.code))


def _section_anchor(section: Section, anchor: str) -> str:
    return f"{section.get_absolute_url()}#{anchor}"


def amendment_url(amendment: Amendment) -> str:
    return reverse("strategy:amendment", kwargs={"pk": amendment.pk})


# --- The panel on the section page -------------------------------------------


def _threads(comments: list[Comment]) -> list[dict]:
    """Top-level comments in order, each with its replies (oldest first).

    The views only let people reply to a thread's first comment; a reply to
    a reply (made elsewhere) is shown in its thread all the same.
    """
    by_pk = {comment.pk: comment for comment in comments}

    def root_of(comment: Comment) -> int:
        seen = set()
        while comment.parent_id in by_pk and comment.pk not in seen:
            seen.add(comment.pk)
            comment = by_pk[comment.parent_id]
        return comment.pk

    replies: dict[int, list[Comment]] = {}
    roots = []
    for comment in comments:
        if comment.parent_id is None:
            roots.append(comment)
        else:
            replies.setdefault(root_of(comment), []).append(comment)
    return [
        {
            "comment": root,
            "replies": replies.get(root.pk, []),
            "resolved": root.resolved_at is not None,
            "reply_form": None,
        }
        for root in roots
    ]


#: Seconds the rendered fields of the panel's empty comment form and review form are kept
#: (per language; the review's per status and ticked checklist). Their widgets' rendering
#: was a third of a coordinator's section page (bench/RESULTS.md).
FORM_FRAGMENT_SECONDS = 600


def discussion_context(request, section: Section) -> dict:
    """What the section page shows of comments, amendments and review, for ``request.user``.

    Returns ``{"discussion_panel": True, "discussion": {...}}`` for
    ``strategy/discussion/panel.html`` to insiders (``strategy.view_drafts``):
    the threads (top-level comments with their replies; resolved ones are
    folded), the comment and reply forms for those who may comment, the
    section's amendments with their outcome, whether the user follows the
    section, and for coordinators the review form (gender-sensitivity
    checklist, status buttons) and the strategy's publication. Anyone else
    gets ``{"discussion_panel": False}``: comments and amendments are for
    members and coordinators only.

    Costs a fixed number of queries whatever the number of comments and
    amendments: the user's permissions (up to four, fewer when cached),
    the comments with their authors, the amendments with their people and
    resulting revision, whether the user follows the section (none of these
    three for what the section, loaded by ``selectors.section_by_slug`` for
    the reader, says is absent or already known), and
    the person who last changed the status unless the section was loaded
    with it (``select_related("status_changed_by")``).
    """
    user = request.user
    if not user.has_perm("strategy.view_drafts", section):
        return {"discussion_panel": False}
    can_comment = user.has_perm("strategy.comment", section)
    can_propose = user.has_perm("strategy.propose_amendment", section)
    can_decide = user.has_perm("strategy.decide", section)
    # A section loaded by ``selectors.section_by_slug`` for a reader says whether it has
    # comments and amendments: none is read when there is none.
    comments = (
        list(
            Comment.objects.filter(section=section)
            .select_related("author", "resolved_by")
            .order_by("created_at", "pk")
        )
        if getattr(section, "has_comments", True)
        else []
    )
    threads = _threads(comments)
    if can_comment:
        for thread in threads:
            pk = thread["comment"].pk
            thread["reply_form"] = CommentForm(
                initial={"parent": pk}, reply=True, auto_id=f"reply-{pk}-%s"
            )
    amendments = (
        list(
            Amendment.objects.filter(section=section)
            .select_related("proposer", "decided_by", "revision")
            .order_by("-created_at", "-pk")
        )
        if getattr(section, "has_amendments", True)
        else []
    )
    review = None
    if can_decide:
        ticked = [k for k in GENDER_CHECKLIST if section.checklist.get(k) is True]
        review = {
            # What the review's fields show (their rendering is kept in the cache by it).
            "state": f"{section.status}:{','.join(ticked)}",
            "form": ReviewForm(
                initial={"checklist": ticked, "status": section.status},
                auto_id="review-%s",
            ),
            "statuses": _status_buttons(section),
            "changed_by": section.status_changed_by if section.status_changed_by_id else None,
            "strategy": section.strategy,
        }
    return {
        "discussion_panel": True,
        "discussion": {
            "section": section,
            "threads": threads,
            "open_count": sum(1 for t in threads if not t["resolved"]),
            "comment_form": CommentForm(auto_id="comment-%s") if can_comment else None,
            "can_resolve": can_decide,
            "amendments": amendments,
            "can_propose": can_propose,
            "fragment_seconds": FORM_FRAGMENT_SECONDS,
            "following": (
                section.followed
                if hasattr(section, "followed")
                else section.followers.filter(pk=user.pk).exists()
            ),
            "review": review,
        },
    }


def _status_buttons(section: Section) -> list[dict]:
    """The three statuses, in order, each saying whether the section may move to it now."""
    allowed = services.TRANSITIONS[SectionStatus(section.status)]
    return [
        {
            "value": status.value,
            "label": status.label,
            "current": status == section.status,
            "allowed": status in allowed,
        }
        for status in SectionStatus
    ]


# --- Mixins --------------------------------------------------------------------


class SectionMixin(ObjectPermissionMixin):
    """The section of the URL's slug; 404 unless the user may see it and has ``permission``."""

    permission = "strategy.view_drafts"
    object_attribute = "section"

    def load_object(self, **kwargs):
        return Section.objects.select_related("strategy").filter(slug=kwargs["slug"]).first()

    def get_permissions(self) -> tuple[str, ...]:
        return ("strategy.view_section", self.permission)


# --- Comments ------------------------------------------------------------------


class CommentAddView(LoginRequiredMixin, SectionMixin, TemplateView):
    """Comment on a section, or reply to a thread (``parent``); members and coordinators.

    A comment that fails validation is shown again on its own page with
    what was typed; a reply's thread author is told (``services.comment_add``).
    """

    permission = "strategy.comment"
    http_method_names = ["post"]
    template_name = "strategy/discussion/comment_form.html"

    def post(self, request, *args, **kwargs):
        parent = None
        if parent_id := request.POST.get("parent"):
            parent = (
                Comment.objects.select_related("author")
                .filter(pk=parent_id if is_id(parent_id) else 0)
                .filter(section=self.section, parent__isnull=True)
                .first()
            )
            if parent is None:
                raise Http404
        form = CommentForm(request.POST, reply=parent is not None)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, parent=parent))
        comment = services.comment_add(
            section=self.section,
            author=request.user,
            body=form.cleaned_data["body"],
            quote=form.cleaned_data.get("quote", ""),
            parent=parent,
        )
        if parent is None:
            messages.success(request, _("Your comment has been added."))
        else:
            messages.success(request, _("Your reply has been added."))
        return redirect(_section_anchor(self.section, f"comment-{comment.pk}"))


class CommentResolveView(LoginRequiredMixin, View):
    """Mark a thread resolved, or open it again (``action=reopen``); coordinators."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        comment = (
            Comment.objects.select_related("section__strategy")
            .filter(pk=pk, parent__isnull=True)
            .first()
        )
        if (
            comment is None
            or not request.user.has_perm("strategy.view_section", comment.section)
            or not request.user.has_perm("strategy.decide", comment.section)
        ):
            raise Http404
        resolved = request.POST.get("action") != "reopen"
        services.comment_resolve(comment=comment, resolved_by=request.user, resolved=resolved)
        if resolved:
            messages.success(request, _("The thread is marked resolved."))
        else:
            messages.success(request, _("The thread is open again."))
        return redirect(_section_anchor(comment.section, f"comment-{comment.pk}"))


# --- Amendments ----------------------------------------------------------------


class AmendmentAddView(LoginRequiredMixin, SectionMixin, FormView):
    """Propose new French text for a section, with a rationale; members.

    The form starts from the current French text and carries its revision
    (``base``). If someone saves the section before the proposal is sent,
    the proposal is not recorded against the older text: the form comes
    back with the newer text shown and the proposal kept, to be checked
    and sent again (DESIGN.md, "Nothing lost").
    """

    permission = "strategy.propose_amendment"
    template_name = "strategy/discussion/amendment_form.html"
    form_class = AmendmentForm

    def dispatch(self, request, *args, **kwargs):
        self.latest = None
        return super().dispatch(request, *args, **kwargs)

    def _latest(self):
        if self.latest is None:
            self.latest = services.latest_revision(self.section, SOURCE_LANGUAGE)
            if self.latest is None:
                raise Http404
        return self.latest

    def get_initial(self):
        return {"proposed_body": self._latest().body}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["base"] = self._latest()
        return context

    def form_invalid(self, form):
        # Even an incomplete proposal must not silently move to a newer base text.
        latest = self._latest()
        if str(latest.pk) != self.request.POST.get("base", ""):
            return self._moved(form, latest)
        return super().form_invalid(form)

    def _moved(self, form, latest):
        """Show the section's newer text above the kept proposal, which now starts from it."""
        self.latest = latest
        form.add_error(
            None,
            _(
                "The section was changed after you opened this form. Its new text is "
                "shown above; your proposal is kept below. Check it against the new "
                "text, then send it again."
            ),
        )
        proposal = form.data.get("proposed_body", "")
        diff = diffs.word_diff_html(latest.body, proposal)
        return self.render_to_response(
            self.get_context_data(form=form, moved=True, moved_diff=diff)
        )

    def form_valid(self, form):
        sent_base = self.request.POST.get("base", "")
        with transaction.atomic():
            # The row lock makes the base check and the proposal one step: a save of
            # the section (services.section_save_revision) waits for it.
            Section.objects.select_for_update().filter(pk=self.section.pk).first()
            latest = services.latest_revision(self.section, SOURCE_LANGUAGE)
            if latest is None:
                raise Http404
            if str(latest.pk) != sent_base:
                moved = latest
            else:
                moved = None
                amendment = services.amendment_propose(
                    section=self.section,
                    proposer=self.request.user,
                    body=form.cleaned_data["proposed_body"],
                    rationale=form.cleaned_data["rationale"],
                )
        if moved is not None:
            return self._moved(form, moved)
        messages.success(
            self.request,
            _("Your amendment has been sent; you will be told when a coordinator decides on it."),
        )
        return redirect(amendment_url(amendment))


class AmendmentView(LoginRequiredMixin, TemplateView):
    """An amendment: its rationale, a word diff of its base and proposal, its outcome.

    Coordinators accept it (``decision=accept``: it becomes a revision,
    merged with the section's newer text if it moved on) or reject it with
    a reason (``decision=reject``). When the proposal and a newer text
    touch the same paragraph, the coordinator gets a reconcile page with
    both texts and a textarea holding the proposal; sending it
    (``decision=reconcile``) saves the reconciled text, unless the section
    changed again meanwhile, in which case the page comes back with the
    newest text and the reconciled text kept.
    """

    template_name = "strategy/discussion/amendment.html"
    reconcile_template = "strategy/discussion/reconcile.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.amendment = (
            Amendment.objects.select_related(
                "section__strategy", "base", "proposer", "decided_by", "revision"
            )
            .filter(pk=kwargs["pk"])
            .first()
        )
        if self.amendment is None or not all(
            request.user.has_perm(permission, self.amendment.section)
            for permission in ("strategy.view_section", "strategy.view_drafts")
        ):
            raise Http404
        self.section = self.amendment.section
        self.can_decide = request.user.has_perm("strategy.decide", self.section)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        amendment = self.amendment
        context.update(
            amendment=amendment,
            section=self.section,
            diff=diffs.word_diff_html(amendment.base.body, amendment.proposed_body),
        )
        if amendment.status == AmendmentStatus.PROPOSED:
            latest = services.latest_revision(self.section, SOURCE_LANGUAGE)
            context["latest"] = latest
            context["section_moved"] = latest is not None and latest.pk != amendment.base_id
            if self.can_decide:
                context["reject_form"] = kwargs.get("reject_form") or RejectForm(
                    auto_id="reject-%s"
                )
        return context

    def post(self, request, *args, **kwargs):
        decision = request.POST.get("decision", "")
        if not self.can_decide or decision not in ("accept", "reject", "reconcile"):
            raise Http404
        try:
            if decision == "reject":
                return self._reject()
            if decision == "reconcile":
                return self._reconcile()
            decided = services.amendment_decide(
                amendment=self.amendment, decided_by=request.user, accept=True
            )
        except services.EditConflict as conflict:
            form = ReconcileForm(
                initial={"text": self.amendment.proposed_body, "latest": conflict.latest.pk},
                auto_id="reconcile-%s",
            )
            return self._reconcile_page(form, conflict.latest)
        except services.StrategyError as error:
            # Decided by someone else meanwhile: show where it stands now.
            messages.error(request, discussion_error_message(error))
            return redirect(amendment_url(self.amendment))
        if decided.revision.base_id != self.amendment.base_id:
            messages.success(
                request,
                _(
                    "The amendment has been accepted and merged with the changes made to the "
                    "section since it was proposed: it is revision %(number)s."
                )
                % {"number": decided.revision.number},
            )
        else:
            messages.success(
                request,
                _("The amendment has been accepted: it is revision %(number)s.")
                % {"number": decided.revision.number},
            )
        return redirect(amendment_url(decided))

    def _reject(self):
        form = RejectForm(self.request.POST, auto_id="reject-%s")
        if form.is_valid():
            try:
                services.amendment_decide(
                    amendment=self.amendment,
                    decided_by=self.request.user,
                    accept=False,
                    reason=form.cleaned_data["reason"],
                )
            except services.StrategyError as error:
                if error.code != "reason":
                    raise
                form.add_error("reason", discussion_error_message(error))
            else:
                messages.success(self.request, _("The amendment has been rejected."))
                return redirect(amendment_url(self.amendment))
        return self.render_to_response(self.get_context_data(reject_form=form))

    def _reconcile(self):
        form = ReconcileForm(self.request.POST, auto_id="reconcile-%s")
        if not form.is_valid():
            latest = services.latest_revision(self.section, SOURCE_LANGUAGE)
            return self._reconcile_page(form, latest)
        with transaction.atomic():
            # Lock in the order amendment_decide does (amendment, then section), so that
            # no save of the section slips in between the check and the decision.
            Amendment.objects.select_for_update().filter(pk=self.amendment.pk).first()
            Section.objects.select_for_update().filter(pk=self.section.pk).first()
            latest = services.latest_revision(self.section, SOURCE_LANGUAGE)
            if latest.pk != form.cleaned_data["latest"]:
                decided = None
            else:
                decided = services.amendment_decide(
                    amendment=self.amendment,
                    decided_by=self.request.user,
                    accept=True,
                    text=form.cleaned_data["text"],
                )
        if decided is None:
            form.data = form.data.copy()
            form.data["latest"] = latest.pk
            form.add_error(
                None,
                _(
                    "The section was changed again while you reconciled. Its newest text is "
                    "shown; your reconciled text is kept below. Check it, then save again."
                ),
            )
            return self._reconcile_page(form, latest)
        messages.success(
            self.request,
            _("The reconciled amendment has been accepted: it is revision %(number)s.")
            % {"number": decided.revision.number},
        )
        return redirect(amendment_url(decided))

    def _reconcile_page(self, form, latest):
        context = {
            "amendment": self.amendment,
            "section": self.section,
            "latest": latest,
            "form": form,
            "diff": diffs.word_diff_html(latest.body, self.amendment.proposed_body),
        }
        return self.response_class(
            request=self.request,
            template=[self.reconcile_template],
            context=context,
            using=self.template_engine,
        )


# --- Review and following ------------------------------------------------------


class ReviewView(LoginRequiredMixin, SectionMixin, TemplateView):
    """Save the gender-sensitivity checklist and move the section through review; coordinators.

    A refused change (validation with the checklist incomplete, a step not
    allowed) changes nothing and shows the form again with the ticks as sent
    and the reason (``services.section_set_status``).
    """

    permission = "strategy.decide"
    http_method_names = ["post"]
    template_name = "strategy/discussion/review.html"

    def post(self, request, *args, **kwargs):
        form = ReviewForm(request.POST, auto_id="review-%s")
        if form.is_valid():
            was = self.section.status
            try:
                section = services.section_set_status(
                    section=self.section,
                    status=form.cleaned_data["status"],
                    changed_by=request.user,
                    checklist=form.checklist_dict(),
                )
            except services.StrategyError as error:
                field = "checklist" if error.code == "checklist" else None
                form.add_error(field, discussion_error_message(error))
            else:
                if section.status != was:
                    messages.success(
                        request,
                        _("The section is now: %(status)s.")
                        % {"status": SectionStatus(section.status).label},
                    )
                else:
                    messages.success(request, _("The checklist has been saved."))
                return redirect(_section_anchor(section, "review"))
        context = self.get_context_data(
            form=form,
            statuses=_status_buttons(self.section),
            review={"changed_by": self.section.status_changed_by},
        )
        return self.render_to_response(context)


class FollowView(LoginRequiredMixin, SectionMixin, View):
    """Follow a section (``action=follow``) or stop (``action=unfollow``); insiders.

    Followers are told when the section changes or is put in review.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "unfollow":
            self.section.followers.remove(request.user)
            messages.success(request, _("You no longer follow this section."))
        else:
            self.section.followers.add(request.user)
            messages.success(
                request,
                _("You follow this section: you will be told when it changes or goes to review."),
            )
        return redirect(_section_anchor(self.section, "follow"))


# --- Publication ---------------------------------------------------------------


class PublishView(LoginRequiredMixin, View):
    """Publish the strategy: visitors and donors then see its validated sections; coordinators.

    Goes back to ``next`` (a page of this site) or to the document page.
    """

    http_method_names = ["post"]
    unpublish = False

    def post(self, request):
        if not request.user.has_perm("strategy.decide"):
            raise Http404
        strategy = Strategy.objects.order_by("pk").first()
        if strategy is None:
            raise Http404
        if self.unpublish:
            services.strategy_unpublish(strategy=strategy, unpublished_by=request.user)
            messages.success(
                request,
                _("The strategy is withdrawn: only members and coordinators see it now."),
            )
        else:
            services.strategy_publish(strategy=strategy, published_by=request.user)
            messages.success(
                request,
                _("The strategy is published: visitors and donors now see its validated sections."),
            )
        target = request.POST.get("next", "")
        # A path of this site only. Not redirect(target): it tries a URL name first, and
        # "abc" or "x:y" would end in NoReverseMatch (a 500).
        if not target.startswith("/") or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("strategy:document")
        return HttpResponseRedirect(target)
