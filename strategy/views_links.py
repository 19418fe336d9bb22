"""Links between a strategy section and dialogue recommendations, managed by coordinators.

The section page shows the recommendations taken into a section
(``strategy/links.py``) and, to coordinators, a link to this page: the
proposed recommendations that may still be taken in, with search, a filter
by the level of their event and pages of 20. The same address receives the
POSTs that take one in or remove a link.
"""

from urllib.parse import unquote, urlsplit

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import ListView

from dialogues import selectors as dialogue_selectors
from dialogues.models import Recommendation
from network.ids import is_id
from network.lists import query_without_page
from strategy import services
from strategy.forms import CandidateFilterForm
from strategy.views_sections import SectionMixin


class SectionRecommendationsView(SectionMixin, ListView):
    """Coordinators (``strategy.change_section``) take proposed recommendations into a section.

    GET: the proposed recommendations whose event the coordinator may see,
    latest first, 20 a page, filtered by ``?q=`` (words of the text or of
    the event's title) and ``?level=``; each with a button that takes it in.
    POST ``take=<id>``: take that recommendation in (it must still be
    proposed); POST ``release=<id>``: remove the link (a recommendation
    left in no section goes back among the proposed ones). After a POST the
    coordinator goes back to ``next`` when it is this page (with its
    filters; the page form sends them without the page number, since the
    page taken from may no longer exist), otherwise to the section. A
    visitor is sent to log in; anyone else gets 404.
    """

    permission = "strategy.change_section"
    template_name = "strategy/links/candidates.html"
    context_object_name = "recommendations"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form = CandidateFilterForm(
            self.request.GET or None, levels=dialogue_selectors.levels()
        )
        filters = self.filter_form.filters() if self.request.GET else {}
        return dialogue_selectors.recommendations_proposed(user=self.request.user, **filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["query_string"] = query_without_page(self.request)
        context["filtered"] = any(self.request.GET.get(name) for name in ("q", "level"))
        return context

    def post(self, request, slug):
        section = self.section
        take, release = request.POST.get("take", ""), request.POST.get("release", "")
        if is_id(take):
            recommendation = get_object_or_404(Recommendation, pk=int(take))
            try:
                services.section_take_recommendation(
                    section=section, recommendation=recommendation, taken_by=request.user
                )
            except services.StrategyError:
                messages.error(
                    request, _("Only a proposed recommendation can be taken into the strategy.")
                )
            else:
                messages.success(request, _("The recommendation is taken into this section."))
        elif is_id(release):
            recommendation = get_object_or_404(section.recommendations, pk=int(release))
            services.section_release_recommendation(
                section=section, recommendation=recommendation, released_by=request.user
            )
            messages.success(request, _("The link has been removed."))
        return redirect(self._next(section))

    def _next(self, section) -> str:
        """Where to go after a POST: ``next`` if it is this page (any filters), else the section."""
        target = self.request.POST.get("next", "")
        parts = urlsplit(target)
        same_page = (
            not parts.scheme and not parts.netloc and unquote(parts.path) == self.request.path
        )
        if same_page and url_has_allowed_host_and_scheme(target, allowed_hosts=set()):
            return target
        return section.get_absolute_url()
