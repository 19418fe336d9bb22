from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SectionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("section status", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("section status", "In review")
    VALIDATED = "validated", pgettext_lazy("section status", "Validated")


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("amendment", "Proposed")
    ACCEPTED = "accepted", pgettext_lazy("amendment", "Accepted")
    REJECTED = "rejected", pgettext_lazy("amendment", "Rejected")


#: The gender-sensitivity checklist a section must complete before validation
#: (key → question). Drawn from the project brief: "gender-sensitive,
#: feasible, and pays attention to the structural causes of the conflict".
GENDER_CHECKLIST = {
    "women_consulted": _("Women and women's organisations were consulted on this section."),
    "differentiated_impact": _(
        "The section considers how the insecurity it addresses affects women, men, girls "
        "and boys differently."
    ),
    "women_in_solutions": _(
        "The measures give women a role in decisions and in their carrying out."
    ),
    "disaggregated_indicators": _("Progress on this section can be followed with data by sex."),
    "no_harm": _("The measures do not expose women or girls to new risks."),
}
