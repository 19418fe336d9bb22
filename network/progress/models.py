"""The results framework. This foundation holds the objectives only; indicators,
periods and values come with the progress issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Objective(models.Model):
    """A key objective of the project (``shared/brief/project-brief.txt``: four).

    ``title`` and ``description`` are translated; ``number`` orders them (1–4).
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
