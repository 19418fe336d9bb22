from modeltranslation.translator import TranslationOptions, register

from dialogues.models import DialogueEvent, EventReport, Recommendation


@register(DialogueEvent)
class DialogueEventTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("fr",)


@register(Recommendation)
class RecommendationTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("fr",)


@register(EventReport)
class EventReportTranslationOptions(TranslationOptions):
    fields = ("body",)
