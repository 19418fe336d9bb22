from modeltranslation.translator import TranslationOptions, register

from network.progress.models import Indicator, Milestone, Objective, Period


@register(Objective)
class ObjectiveTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Indicator)
class IndicatorTranslationOptions(TranslationOptions):
    fields = ("name", "definition")


@register(Period)
class PeriodTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Milestone)
class MilestoneTranslationOptions(TranslationOptions):
    fields = ("title",)
