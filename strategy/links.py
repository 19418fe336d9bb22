"""The chain dialogue event → recommendation → strategy section, shown from both ends.

Two blocks (``network.pages.blocks``), registered by ``StrategyConfig.ready()``:
the recommendation page lists the sections the recommendation was taken
into, and the section page lists the recommendations taken into it. A block
gets only the request: it reads the object from the URL
(``request.resolver_match.kwargs``), or takes the section the section page
has already loaded and checked (``request.strategy_section``), and shows
only what the reader may see: sections as ``strategy.view_section``
decides, recommendations whose event ``dialogues.view_event`` lets them see
(no event filter for coordinators, who see every event). One query each,
plus the reader's role queries.
"""

from django.http import HttpRequest

from dialogues.models import Recommendation
from dialogues.selectors import events_visible_to, sees_every_event
from network.pages import blocks
from strategy.export import sections_visible_to, sees_drafts


def sections_of_recommendation(request: HttpRequest) -> dict:
    """``{"sections": [...], "show_status": bool}`` for the recommendation in the URL (``pk``)."""
    pk = request.resolver_match.kwargs.get("pk")
    sections = (
        sections_visible_to(user=request.user)
        .filter(recommendations__pk=pk)
        .order_by("order", "pk")
    )
    return {"sections": list(sections), "show_status": sees_drafts(request.user)}


def recommendations_of_section(request: HttpRequest) -> dict:
    """``{"recommendations": [...], "slug": str, "can_link": bool}``: the recommendations
    taken into the section in the URL (``slug``), each with its event, oldest event first
    (none if the reader may not see the section), and whether the reader may take
    recommendations in and remove links (coordinators)."""
    slug = request.resolver_match.kwargs.get("slug")
    user = request.user
    # The section page hands over the section it has loaded and checked; otherwise the
    # section is found again among those the reader may see.
    section = getattr(request, "strategy_section", None)
    if section is not None and section.slug == slug:
        recommendations = section.recommendations.all()
    else:
        recommendations = Recommendation.objects.filter(
            strategy_sections__in=sections_visible_to(user=user).filter(slug=slug)
        )
    if not sees_every_event(user=user):
        recommendations = recommendations.filter(event__in=events_visible_to(user=user))
    recommendations = recommendations.select_related("event").order_by("event__starts_at", "pk")
    return {
        "recommendations": list(recommendations),
        "slug": slug,
        # Coordinators remove links here and take proposed recommendations in from
        # their own page (``strategy/views_links.py``), with search and pages.
        "can_link": user.is_authenticated and user.has_perm("strategy.change_section"),
    }


def register() -> None:
    """Add both blocks to their pages (called once, from ``StrategyConfig.ready()``)."""
    blocks.register(
        "recommendation",
        blocks.PageBlock(
            name="strategy_sections",
            template="strategy/blocks/recommendation_sections.html",
            get_context=sections_of_recommendation,
        ),
    )
    blocks.register(
        "section",
        blocks.PageBlock(
            name="recommendations",
            template="strategy/blocks/section_recommendations.html",
            get_context=recommendations_of_section,
        ),
    )
