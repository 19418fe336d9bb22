"""The strategy document and its sections: reading, writing, history, diffs, restoring.

Every view checks its permission on the section (``strategy/rules.py``). A
section a user may not see or change answers 404; a visitor (not logged in)
is sent to the login page instead, since logging in may help, for a slug
that does not exist as well (the answer never tells whether a draft exists).
History and diffs show earlier drafts: they need ``strategy.view_drafts``.

Comments, amendments and review add their panel to the section page through
``strategy.views_discussion.discussion_context``; other apps add blocks
(``network.pages.blocks``, page ``"section"``), which find the section as
``request.strategy_section``.
"""

from contextlib import nullcontext

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from network import languages
from network.accounts.mixins import ObjectPermissionMixin
from network.ids import is_id
from network.pages import blocks
from network.pages.markdown import render_markdown
from strategy import selectors, services
from strategy.diffs import word_diff_html
from strategy.forms import SectionCreateForm, SectionEditForm
from strategy.models import SOURCE_LANGUAGE, Revision, Section
from strategy.views_discussion import discussion_context

LANGUAGE_NAMES = {lang.code: lang.name_local for lang in languages.PORTAL_LANGUAGES}


def _shown_language(obj, field: str) -> str:
    """The language ``obj.<field>`` is really shown in: the active one, or French as fallback."""
    language = translation.get_language()
    return language if getattr(obj, f"{field}_{language}", "") else SOURCE_LANGUAGE


def _writing(language: str):
    """Where a service writes ``language``'s text: under French when that text is French.

    Works around ``services._store`` and ``services.section_create``, which
    also assign ``section.title``/``body`` (and the constructor's ``title=``):
    modeltranslation sends those to the *active* language's columns, so a
    French save made from the English interface would overwrite the English
    text with French (reported; remove once the services write ``title_fr``
    only).
    """
    return translation.override(SOURCE_LANGUAGE) if language == SOURCE_LANGUAGE else nullcontext()


def history_url(section: Section, language: str) -> str:
    return "{}?{}".format(
        reverse("strategy:history", kwargs={"slug": section.slug}), urlencode({"lang": language})
    )


class SectionMixin(ObjectPermissionMixin):
    """The section of the URL's slug; 404 unless ``permission`` holds (login for visitors)."""

    permission = "strategy.view_section"
    object_attribute = "section"

    def load_object(self, **kwargs):
        return selectors.section_by_slug(slug=kwargs["slug"])


class LanguageMixin:
    """The content language of ``?lang=`` (French by default); another code answers 404."""

    def dispatch(self, request, *args, **kwargs):
        self.language = request.GET.get("lang") or SOURCE_LANGUAGE
        if self.language not in LANGUAGE_NAMES:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["language"] = self.language
        context["language_name"] = LANGUAGE_NAMES[self.language]
        context["languages"] = [
            {"code": code, "name_local": name} for code, name in LANGUAGE_NAMES.items()
        ]
        return context


# --- Reading ------------------------------------------------------------------


class DocumentView(TemplateView):
    """The strategy: title, introduction and numbered outline of the sections the user may see.

    Insiders see every section and how many stand at each status; visitors
    and donors see the validated sections once the strategy is published.
    """

    template_name = "strategy/sections/document.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        strategy = selectors.strategy_current()
        sees_drafts = user.is_authenticated and user.has_perm("strategy.view_drafts")
        context["strategy"] = strategy
        context["sees_drafts"] = sees_drafts
        context["can_add"] = (
            strategy is not None
            and user.is_authenticated
            and user.has_perm("strategy.change_section")
        )
        if strategy is not None:
            context["title_lang"] = _shown_language(strategy, "title")
            context["introduction_lang"] = _shown_language(strategy, "introduction")
        # Before publication, outsiders see only that it is not published yet.
        if strategy is not None and (sees_drafts or strategy.published_at is not None):

            def outline():
                built = selectors.document_outline(strategy=strategy, sees_drafts=sees_drafts)
                for node in _flatten(built.nodes):
                    node.title_lang = _shown_language(node.section, "title")
                return built

            # Built only when the template's cached fragment is out of date: rendering
            # 150 sections is most of the page's time (bench/RESULTS.md).
            context["outline"] = SimpleLazyObject(outline)
            context["outline_stamp"] = selectors.outline_stamp(strategy=strategy)
            context["outline_seconds"] = selectors.OUTLINE_CACHE_SECONDS
        return context


class SectionView(SectionMixin, TemplateView):
    """A section in the active language (French where not translated), with its panels."""

    template_name = "strategy/sections/section.html"

    def load_object(self, **kwargs):
        # Whether the reader follows the section comes with it (the discussion panel).
        return selectors.section_by_slug(slug=kwargs["slug"], follower=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, section = self.request, self.section
        user = request.user
        sees_drafts = user.is_authenticated and user.has_perm("strategy.view_drafts", section)
        context["number"] = selectors.section_number(section)
        context["title_lang"] = _shown_language(section, "title")
        context["body_lang"] = _shown_language(section, "body")
        context["body_html"] = render_markdown(section.body)
        context["sees_drafts"] = sees_drafts
        # The lead is named to people who log in, not to anonymous readers (do no harm).
        context["show_lead"] = user.is_authenticated
        context["can_change"] = user.is_authenticated and user.has_perm(
            "strategy.change_section", section
        )
        if sees_drafts:
            context["translations"] = [
                {"code": code, "name_local": LANGUAGE_NAMES[code], **state}
                for code, state in services.translation_status(section).items()
            ]
        context.update(discussion_context(request, section))
        request.strategy_section = section
        context["blocks"] = blocks.blocks_for("section", request)
        return context


# --- Writing ------------------------------------------------------------------


class SectionCreateView(LoginRequiredMixin, FormView):
    """Coordinators add a section to the strategy, in French (its first revision)."""

    template_name = "strategy/sections/new.html"
    form_class = SectionCreateForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.strategy = selectors.strategy_current()
            if self.strategy is None or not request.user.has_perm("strategy.change_section"):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        outline = selectors.document_outline(strategy=self.strategy, sees_drafts=True)
        kwargs["outline"] = [(node.section, node.number) for node in _flatten(outline.nodes)]
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        with _writing(SOURCE_LANGUAGE):
            section = services.section_create(
                strategy=self.strategy,
                title=data["title"],
                body=data["body"],
                author=self.request.user,
                parent=data["parent"],
                order=data["order"],
                dimension=data["dimension"],
                lead=data["lead"],
            )
        messages.success(self.request, _("The section has been created as a draft."))
        return redirect(section)


def _flatten(nodes):
    for node in nodes:
        yield node
        yield from _flatten(node.children)


class SectionEditView(SectionMixin, LanguageMixin, FormView):
    """Coordinators edit a section in one language (``?lang=``); every save is a revision.

    "Preview" shows the sanitised text without saving. A save made over a
    newer revision is merged when the two edits touch different paragraphs
    (the editor is told), and otherwise shows the conflict: their text
    beside the editor's own, kept in the form, whose base is now their
    revision so that the next save is deliberate. A translator sees what
    changed in French since the French text the last translation followed.
    """

    permission = "strategy.change_section"
    template_name = "strategy/sections/edit.html"
    form_class = SectionEditForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["section"] = self.section
        kwargs["language"] = self.language
        return kwargs

    def get_initial(self):
        latest = services.latest_revision(self.section, self.language)
        initial = {}
        if latest is not None:
            initial = {"title": latest.title, "body": latest.body, "base": latest.pk}
        if self.language != SOURCE_LANGUAGE:
            french = services.latest_revision(self.section, SOURCE_LANGUAGE)
            initial["source"] = french.pk if french else None
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_url"] = history_url(self.section, self.language)
        if self.language != SOURCE_LANGUAGE:
            context.update(self._french_changes(context["form"]))
        return context

    def _french_changes(self, form) -> dict:
        """What the translator should carry over: the French diff since their last translation.

        Compared: the French revision the latest translation in this
        language follows, and the French revision this form translates
        (the newest when the form was opened).
        """
        section = self.section
        translated = services.latest_revision(section, self.language)
        followed = translated.source if translated else None
        target = None
        if form.is_bound and form.is_valid():
            target = form.cleaned_data.get("source")
        if target is None:
            target = services.latest_revision(section, SOURCE_LANGUAGE)
        changes = {"french": target, "french_followed": followed}
        if target is not None and followed is not None and followed.pk != target.pk:
            changes["french_title_diff"] = (
                word_diff_html(followed.title, target.title)
                if followed.title != target.title
                else None
            )
            changes["french_body_diff"] = word_diff_html(followed.body, target.body)
        return changes

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        if "preview" in request.POST:
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    preview=True,
                    preview_title=form.cleaned_data["title"],
                    preview_html=render_markdown(form.cleaned_data["body"]),
                )
            )
        return self.form_valid(form)

    def form_valid(self, form):
        data = form.cleaned_data
        source = None
        if self.language != SOURCE_LANGUAGE:
            source = data.get("source") or services.latest_revision(self.section, SOURCE_LANGUAGE)
        try:
            with _writing(self.language):
                result = services.section_save_revision(
                    section=self.section,
                    language=self.language,
                    title=data["title"],
                    body=data["body"],
                    author=self.request.user,
                    base=data["base"],
                    summary=data["summary"],
                    source=source,
                )
        except services.EditConflict as conflict:
            return self._conflict(form, conflict)
        number = result.revision.number
        if result.merged:
            messages.warning(
                self.request,
                _(
                    "Someone saved this section while you were editing it. Your changes "
                    "touched other paragraphs than theirs, so both were kept: your text was "
                    "merged with theirs as revision %(number)s. Check the result."
                )
                % {"number": number},
            )
        else:
            messages.success(
                self.request,
                _("Revision %(number)s saved (%(language)s).")
                % {"number": number, "language": LANGUAGE_NAMES[self.language]},
            )
        return redirect(self.section)

    def _conflict(self, form, conflict: services.EditConflict):
        """Show their text beside the editor's, kept in the form; the next save goes over theirs."""
        latest = conflict.latest
        form.data = form.data.copy()
        form.data["base"] = latest.pk
        form.add_error(
            None,
            _(
                "Someone saved this section after you opened it, changing the same "
                "paragraphs as you. Nothing of yours was saved yet, and nothing is lost: "
                "your text is kept in the form below, their text is beside it. Reconcile "
                "the two in the form, then save again."
            ),
        )
        context = self.get_context_data(form=form)
        context["conflict"] = latest
        context["conflict_title_diff"] = (
            word_diff_html(latest.title, conflict.title) if latest.title != conflict.title else None
        )
        context["conflict_body_diff"] = word_diff_html(latest.body, conflict.body)
        return self.render_to_response(context)


# --- History ------------------------------------------------------------------


class HistoryView(SectionMixin, LanguageMixin, ListView):
    """The revisions of a section in one language, newest first, 30 a page (insiders)."""

    permission = "strategy.view_drafts"
    template_name = "strategy/sections/history.html"
    context_object_name = "revisions"
    paginate_by = 30

    def get_queryset(self):
        return selectors.revisions_of(section=self.section, language=self.language)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        page = context["page_obj"]
        revisions = list(context["revisions"])
        context["revisions"] = revisions
        context["can_restore"] = user.has_perm("strategy.change_section", self.section)
        context["newest"] = revisions[0].pk if page.number == 1 and revisions else None
        # Ticked at first: the newest revision of the page against the one before it.
        context["default_to"] = revisions[0].pk if revisions else None
        context["default_from"] = revisions[1].pk if len(revisions) > 1 else None
        context["query_string"] = urlencode({"lang": self.language})
        # Revisions never change and are never deleted: the section, its language, how many
        # revisions it has and the page say which rows the table shows (the authors' names
        # show their change at the latest after HISTORY_CACHE_SECONDS).
        context["history_seconds"] = HISTORY_CACHE_SECONDS
        return context


#: Seconds the rendered table of a page of history is kept.
HISTORY_CACHE_SECONDS = 600


#: Seconds a diff is kept: revisions never change, so only memory limits it.
DIFF_CACHE_SECONDS = 24 * 60 * 60


def body_diff(old: Revision, new: Revision) -> str:
    """``word_diff_html`` of the two revisions' bodies, from the cache when it was drawn
    before (a revision never changes; the HTML holds translated words, so per language)."""
    key = f"strategy:diff:{old.pk}:{new.pk}:{translation.get_language()}"
    drawn = cache.get(key)
    if drawn is None:
        drawn = word_diff_html(old.body, new.body)
        cache.set(key, drawn, DIFF_CACHE_SECONDS)
    return drawn


class DiffView(SectionMixin, TemplateView):
    """A word-level diff of two revisions of the section (``?from=<id>&to=<id>``)."""

    permission = "strategy.view_drafts"
    template_name = "strategy/sections/diff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = []
        for name in ("from", "to"):
            value = self.request.GET.get(name, "")
            if not is_id(value):
                raise Http404
            ids.append(int(value))
        found = selectors.revisions_by_ids(section=self.section, ids=ids)
        if len(found) != len(set(ids)):
            raise Http404
        old, new = found[ids[0]], found[ids[1]]
        if old.language != new.language:
            raise Http404  # two languages are not two versions of one text
        context["old"], context["new"] = old, new
        context["title_diff"] = (
            word_diff_html(old.title, new.title) if old.title != new.title else None
        )
        context["body_diff"] = body_diff(old, new)
        context["same"] = old.title == new.title and old.body == new.body
        context["history_url"] = history_url(self.section, new.language)
        context["can_restore"] = self.request.user.has_perm("strategy.change_section", self.section)
        return context


class RestoreView(SectionMixin, View):
    """POST: make an old revision the newest one (coordinators); history is never rewritten."""

    permission = "strategy.change_section"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        revision = Revision.objects.filter(section=self.section, pk=kwargs["pk"]).first()
        if revision is None:
            raise Http404
        seen = request.POST.get("seen", "")
        try:
            with _writing(revision.language):
                restored = services.section_restore(
                    section=self.section,
                    revision=revision,
                    author=request.user,
                    seen_id=int(seen) if is_id(seen) else None,
                )
        except services.StrategyError:
            messages.error(
                request,
                _(
                    "Someone saved this section after you opened its history: check the "
                    "newest revision, then restore again if you still want to."
                ),
            )
            return redirect(history_url(self.section, revision.language))
        messages.success(
            request,
            _("Revision %(old)s restored: its text is now revision %(new)s.")
            % {"old": revision.number, "new": restored.number},
        )
        return redirect(history_url(self.section, revision.language))
