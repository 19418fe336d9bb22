from modeltranslation.translator import TranslationOptions, register

from strategy.models import Section, Strategy


@register(Strategy)
class StrategyTranslationOptions(TranslationOptions):
    fields = ("title", "introduction")


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title", "body")
