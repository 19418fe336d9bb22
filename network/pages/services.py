"""Writes on the public content."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from network.notifications.services import field_in_every_language, notify
from network.pages.enums import NewsStatus
from network.pages.models import NewsPost


def unique_slug(
    *,
    text: str,
    model,
    max_length: int = 80,
    fallback: str = "item",
    reserved: frozenset[str] = frozenset(),
) -> str:
    """A slug for ``text`` that no row of ``model`` uses yet, and not in ``reserved``.

    Keeps Unicode letters (Bambara's ɛ, ɔ, ɲ, ŋ stay as they are:
    ``slugify(allow_unicode=True)``); text with no letter or digit at all
    gets ``fallback``. Adds ``-2``, ``-3``… on collision. ``reserved`` holds
    words that routes beside the slug already use (``news/feed/``).
    """
    base = slugify(text, allow_unicode=True)[: max_length - 6].strip("-") or fallback
    slug, n = base, 1
    while slug in reserved or model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


#: Words that ``news/<slug>/`` cannot be: other routes under ``news/`` use them.
NEWS_RESERVED_SLUGS = frozenset({"feed", "new"})


def insert_with_unique_slug(
    instance, *, text: str, fallback: str, reserved: frozenset[str] = frozenset(), attempts: int = 5
) -> None:
    """Insert a new row with a free slug from ``text``; if another save took it meanwhile
    (two people creating the same title at once), pick again.

    Raises ``IntegrityError`` when it still fails after ``attempts`` or for
    another constraint than the slug's.
    """
    model = type(instance)
    for attempt in range(attempts):
        instance.slug = unique_slug(text=text, model=model, fallback=fallback, reserved=reserved)
        try:
            with transaction.atomic():
                instance.save(force_insert=True)
            return
        except IntegrityError:
            taken = model._default_manager.filter(slug=instance.slug).exists()
            if attempt == attempts - 1 or not taken:
                raise


class StaleEditError(Exception):
    """Someone saved the post after the editor opened it (``current`` is their version)."""

    def __init__(self, current: NewsPost):
        super().__init__(f"News post {current.pk} changed at {current.updated_at}")
        self.current = current


@transaction.atomic
def news_post_save(*, post: NewsPost, author, loaded_version: str | None = None) -> NewsPost:
    """Save a news post, giving a new one its author and a unique slug.

    ``post`` is an unsaved or changed ``NewsPost`` (from the news form).
    The slug, once given, never changes, so links keep working.
    Side effects, in order: the post saved; the first time it is published,
    a ``news.published`` notification to every active user but the author
    (by default in their weekly digest).

    ``loaded_version`` is the post's ``version`` when the editor opened it;
    if the stored post has changed since, nothing is saved and
    ``StaleEditError`` is raised (optimistic concurrency, DESIGN.md
    "Nothing lost"). ``None`` skips the check (new posts, the admin).
    """
    if post.pk is not None and loaded_version is not None:
        current = NewsPost.objects.select_for_update().get(pk=post.pk)
        if current.version != loaded_version:
            raise StaleEditError(current)
    was_published = (
        post.pk is not None
        and NewsPost.objects.filter(pk=post.pk, status=NewsStatus.PUBLISHED).exists()
    )
    if post.pk is None:
        post.author = author
        insert_with_unique_slug(
            post, text=post.title_fr or post.title, fallback="news", reserved=NEWS_RESERVED_SLUGS
        )
    else:
        post.save()
    if post.status == NewsStatus.PUBLISHED and not was_published:
        notify(
            kind="news.published",
            recipients=get_user_model().objects.filter(is_active=True),
            actor=author,
            target=post,
            data={"target": field_in_every_language(post, "title")},
        )
    return post
