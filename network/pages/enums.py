from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartnerRole(models.TextChoices):
    IMPLEMENTING = "implementing", _("Implementing partner")
    FUNDER = "funder", pgettext_lazy("partner role", "Funder")


class RegionKind(models.TextChoices):
    REGION = "region", pgettext_lazy("administrative", "Region")
    DISTRICT = "district", pgettext_lazy("administrative", "District")


class ThemeFamily(models.TextChoices):
    # The seven dimensions of human security, UNDP Human Development Report 1994, ch. 2.
    HUMAN_SECURITY_DIMENSION = "dimension", _("Human security dimension")
    CROSS_CUTTING = "cross_cutting", _("Cross-cutting theme")


class NewsStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("news post", "Draft")
    PUBLISHED = "published", pgettext_lazy("news post", "Published")
