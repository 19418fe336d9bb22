"""Writes on the public content."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from network.notifications.services import notify
from network.pages.enums import NewsStatus
from network.pages.models import NewsPost


def unique_slug(*, text: str, model, max_length: int = 80, fallback: str = "item") -> str:
    """A slug for ``text`` that no row of ``model`` uses yet.

    Keeps Unicode letters (Bambara's ɛ, ɔ, ɲ, ŋ stay as they are:
    ``slugify(allow_unicode=True)``); text with no letter or digit at all
    gets ``fallback``. Adds ``-2``, ``-3``… on collision.
    """
    base = slugify(text, allow_unicode=True)[: max_length - 6].strip("-") or fallback
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def news_post_save(*, post: NewsPost, author) -> NewsPost:
    """Save a news post, giving a new one its author and a unique slug.

    ``post`` is an unsaved or changed ``NewsPost`` (from the news form).
    The slug, once given, never changes, so links keep working.
    Side effects, in order: the post saved; the first time it is published,
    a ``news.published`` notification to every active user but the author
    (by default in their weekly digest).
    """
    was_published = (
        post.pk is not None
        and NewsPost.objects.filter(pk=post.pk, status=NewsStatus.PUBLISHED).exists()
    )
    if post.pk is None:
        post.author = author
        post.slug = unique_slug(text=post.title_fr or post.title, model=NewsPost, fallback="news")
    post.save()
    if post.status == NewsStatus.PUBLISHED and not was_published:
        notify(
            kind="news.published",
            recipients=get_user_model().objects.filter(is_active=True),
            actor=author,
            target=post,
            data={
                "target": {
                    code: getattr(post, f"title_{code}") or post.title_fr or post.title
                    for code, _name in settings.LANGUAGES
                }
            },
        )
    return post
