"""Reads on the public content and the reference data."""

from django.db.models import Q, QuerySet

from network.pages.models import NewsPost, Partner, Project, Region, Theme


def project_current() -> Project | None:
    """The most recent project (one query), or ``None`` before the demo content is loaded."""
    return Project.objects.order_by("-start_date").first()


def partners_list() -> QuerySet[Partner]:
    """Implementing partners and funders, implementing partners first."""
    # "implementing" sorts after "funder": descending puts it first.
    return Partner.objects.order_by("-role", "order", "acronym")


def news_published(*, query: str = "", include_drafts: bool = False) -> QuerySet[NewsPost]:
    """Published news, newest first, optionally matching ``query``.

    ``include_drafts`` adds drafts and posts dated in the future (for the
    coordinators who write them). The search looks at the title and summary
    in every language, so a reader finds a post whichever language is active
    (modeltranslation's fallbacks are not visible to querysets).
    """
    posts = NewsPost.objects.all() if include_drafts else NewsPost.objects.published()
    posts = posts.select_related("author")
    query = query.strip()
    if query:
        condition = Q()
        for field in ("title_fr", "title_en", "title_bm", "summary_fr", "summary_en", "summary_bm"):
            condition |= Q(**{f"{field}__icontains": query})
        posts = posts.filter(condition)
    return posts


def regions_list() -> QuerySet[Region]:
    return Region.objects.order_by("order", "slug")


def themes_list() -> QuerySet[Theme]:
    return Theme.objects.order_by("order", "slug")
