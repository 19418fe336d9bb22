"""The human security strategy: one document of ordered, nested sections, each with
its full history of revisions per language, comments and amendments (DESIGN.md)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network import languages
from strategy.enums import AmendmentStatus, SectionStatus

LANGUAGE_CHOICES = [(lang.code, lang.name_local) for lang in languages.PORTAL_LANGUAGES]
#: The drafting language: translations are measured against it.
SOURCE_LANGUAGE = languages.DEFAULT_LANGUAGE


class Strategy(models.Model):
    """The strategy document; ``title`` and ``introduction`` are translated.

    Visitors and donors see it once a coordinator has published it, and then
    only its validated sections.
    """

    title = models.CharField(_("title"), max_length=255)
    introduction = models.TextField(_("introduction"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    """A section of the strategy, nested under ``parent`` and ordered by ``order``.

    ``title`` and ``body`` (Markdown) hold the current text per language
    (``title_fr``…), always equal to the latest revision in that language;
    they are written only by ``services.section_save_revision``.
    ``checklist`` maps the keys of ``enums.GENDER_CHECKLIST`` to booleans.
    """

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent section"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    dimension = models.ForeignKey(
        "pages.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategy_sections",
        verbose_name=_("human-security dimension"),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_sections",
        verbose_name=_("lead coordinator"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SectionStatus.choices, default=SectionStatus.DRAFT
    )
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    checklist = models.JSONField(_("gender-sensitivity checklist"), default=dict, blank=True)
    recommendations = models.ManyToManyField(
        "dialogues.Recommendation",
        blank=True,
        related_name="strategy_sections",
        verbose_name=_("recommendations taken into it"),
    )
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="followed_sections"
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:section", kwargs={"slug": self.slug})


class Revision(models.Model):
    """One saved state of a section in one language; never changed once written.

    ``number`` counts the section's revisions in that language (1, 2, …); the
    unique constraint on (section, language, number) makes a lost update
    impossible even if two saves race past the row lock. ``base`` is the
    revision the editor started from; ``source`` (translations only) is the
    French revision the text was translated from.
    """

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="revisions")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    summary = models.CharField(_("summary of the change"), max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    base = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("translated from"),
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["section", "language", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "language", "number"], name="strategy_revision_number_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section} · {self.language} · {self.number}"


class Comment(models.Model):
    """A comment on a section, possibly a reply, possibly quoting a passage."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    quote = models.TextField(_("quoted passage"), blank=True)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:80]


class Amendment(models.Model):
    """New text proposed by a member for a section (in French), decided by a coordinator."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="amendments")
    proposed_body = models.TextField(_("proposed text"))
    rationale = models.TextField(_("rationale"))
    base = models.ForeignKey(
        Revision, on_delete=models.PROTECT, related_name="+", verbose_name=_("based on")
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AmendmentStatus.choices,
        default=AmendmentStatus.PROPOSED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resulting revision"),
    )
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.section}: {self.rationale[:60]}"
