"""The network's public content and the reference data every app shares."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.pages.enums import NewsStatus, PartnerRole, RegionKind, ThemeFamily


class Project(models.Model):
    """The project the network comes from (``shared/brief/project-brief.txt``).

    One row in practice; the home and about pages show the most recent.
    ``title``, ``goal``, ``summary`` and ``background`` are translated.
    """

    title = models.CharField(_("title"), max_length=255)
    goal = models.TextField(_("overall goal"))
    summary = models.TextField(_("summary"), help_text=_("Shown on the home page."))
    background = models.TextField(_("background"), help_text=_("Shown on the about page."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="pages_project_ends_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Partner(models.Model):
    """An organisation that implements or funds the project."""

    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=32)
    role = models.CharField(_("role"), max_length=32, choices=PartnerRole.choices)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["order", "acronym"]
        constraints = [
            models.UniqueConstraint(fields=["acronym"], name="pages_partner_acronym_unique"),
        ]

    def __str__(self) -> str:
        return self.acronym


class Region(models.Model):
    """An administrative region of Mali, or the Bamako district.

    ``established`` is the year the region began to operate: Taoudénit and
    Ménaka, created by law n° 2012-017 of 2 March 2012, were set up in
    January 2016, within the project period.
    """

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=RegionKind.choices)
    established = models.PositiveSmallIntegerField(_("operational since"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """A human-security theme used to tag organisations, dialogues and sections."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    family = models.CharField(_("family"), max_length=16, choices=ThemeFamily.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name


class NewsPostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=NewsStatus.PUBLISHED, published_on__lte=timezone.localdate())


class NewsPost(models.Model):
    """A news post written by a coordinator; ``title``, ``summary``, ``body`` translated.

    ``body`` is Markdown, sanitised when shown. ``slug`` is not translated,
    so a link works whichever language is active.
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italic*, lists, links."))
    published_on = models.DateField(_("publication date"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=16, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pages:news_detail", kwargs={"slug": self.slug})

    @property
    def version(self) -> str:
        """Identifies the saved state, for optimistic concurrency ("" before the first save)."""
        return self.updated_at.isoformat() if self.updated_at else ""
