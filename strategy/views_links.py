"""Links between a strategy section and dialogue recommendations, managed by coordinators.

The section page shows the recommendations taken into a section
(``strategy/links.py``); this page lists the proposed recommendations that
may still be taken in, with search and filters, and receives the POSTs that
take one in or remove a link.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from network.ids import is_id


class SectionRecommendationsView(LoginRequiredMixin, View):
    """POST (coordinators): take a proposed recommendation into the section, or remove a link."""

    http_method_names = ["post"]

    def post(self, request, slug):
        from dialogues.models import Recommendation
        from strategy import services
        from strategy.models import Section

        section = Section.objects.select_related("strategy").filter(slug=slug).first()
        if section is None or not request.user.has_perm("strategy.change_section", section):
            raise Http404
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
            services.section_release_recommendation(section=section, recommendation=recommendation)
            messages.success(request, _("The link has been removed."))
        return redirect(section)
