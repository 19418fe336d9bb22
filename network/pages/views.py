"""Public pages (home, about, news), the dashboard, and the error pages."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from network.accounts.enums import Role
from network.pages import blocks, selectors
from network.pages.forms import NewsPostForm
from network.pages.markdown import render_markdown
from network.pages.models import NewsPost
from network.pages.services import StaleEditError, news_post_save


class HomeView(TemplateView):
    """What the network is for, partners, latest news, and the blocks other apps add
    (the objectives): 4 queries with the demo content."""

    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["project"] = selectors.project_current()
        context["blocks"] = blocks.blocks_for("home", self.request)
        context["partners"] = list(selectors.partners_list())
        context["latest_news"] = list(selectors.news_published()[:3])
        return context


class AboutView(TemplateView):
    """The project's background, partners and funder (3 queries)."""

    template_name = "pages/about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["project"] = selectors.project_current()
        context["blocks"] = blocks.blocks_for("about", self.request)
        context["partners"] = list(selectors.partners_list())
        return context


class DashboardView(LoginRequiredMixin, TemplateView):
    """After login: for each role the user holds, what it lets them do.

    The apps above add their own blocks (``members``: the user's organisations).
    """

    template_name = "pages/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        roles = user.network_roles
        context["blocks"] = blocks.blocks_for("dashboard", self.request)
        context["is_member"] = any(block.context.get("memberships") for block in context["blocks"])
        context["is_coordinator"] = Role.COORDINATOR in roles
        context["is_donor"] = Role.DONOR in roles
        context["is_administrator"] = Role.ADMINISTRATOR in roles
        context["role_labels"] = [Role(role).label for role in sorted(roles)]
        return context


class NewsListView(ListView):
    """Published news, newest first, searchable, 10 a page."""

    template_name = "pages/news_list.html"
    context_object_name = "posts"
    paginate_by = 10

    def get_queryset(self):
        return selectors.news_published(
            query=self.request.GET.get("q", ""),
            include_drafts=self.request.user.has_perm("pages.view_draft_newspost"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.get("q", "")
        context["can_add"] = self.request.user.has_perm("pages.add_newspost")
        return context


class NewsDetailView(DetailView):
    """One post; drafts and future posts only for coordinators (others get 404)."""

    template_name = "pages/news_detail.html"
    context_object_name = "post"

    def get_object(self, queryset=None):
        if self.request.user.has_perm("pages.view_draft_newspost"):
            queryset = NewsPost.objects.select_related("author")
        else:
            queryset = selectors.news_published()
        return get_object_or_404(queryset, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.request.user.has_perm("pages.change_newspost")
        return context


class NewsPostFormMixin(PermissionRequiredMixin):
    model = NewsPost
    form_class = NewsPostForm
    template_name = "pages/news_form.html"
    raise_exception = False

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise Http404
        return super().handle_no_permission()

    def form_valid(self, form):
        try:
            self.object = news_post_save(
                post=form.instance,
                author=self.request.user,
                loaded_version=form.cleaned_data["version"] if form.instance.pk else None,
            )
        except StaleEditError as conflict:
            # Keep everything typed; the next save, now informed, goes through.
            form.data = form.data.copy()
            form.data["version"] = conflict.current.version
            form.add_error(
                None,
                _(
                    "Someone else saved this post after you opened it. Your text is kept "
                    "below: compare it with the published version, then save again."
                ),
            )
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.object)


class NewsCreateView(NewsPostFormMixin, CreateView):
    permission_required = "pages.add_newspost"
    success_message = _("The news post has been saved.")


class NewsUpdateView(NewsPostFormMixin, UpdateView):
    permission_required = "pages.change_newspost"
    success_message = _("Your changes have been saved.")
    slug_url_kwarg = "slug"


class LatestNewsFeed(Feed):
    """Atom feed of the 20 latest published posts, in the active language."""

    feed_type = Atom1Feed

    def title(self):
        return _("News of the human security network in Mali")

    def subtitle(self):
        return _("Latest news from the network's coordinators.")

    def link(self):
        return reverse("pages:news_list")

    def author_name(self):
        # Atom requires an author for the feed; the network, never a person's address.
        return _("Human security network, Mali")

    def items(self):
        return selectors.news_published()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_markdown(item.body)

    def item_pubdate(self, item):
        from datetime import datetime, time

        from django.utils import timezone

        return timezone.make_aware(datetime.combine(item.published_on, time(8, 0)))

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        # The display name only: never an email address (DESIGN.md, "Do no harm").
        return item.author.display_name if item.author else None


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without a valid security token (expired page, cookies off)."""
    return render(request, "403_csrf.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def too_many_requests(request, exception=None):
    """The translated 429 page (allauth's rate limits call it via ``handler429``)."""
    return render(request, "429.html", status=429)
