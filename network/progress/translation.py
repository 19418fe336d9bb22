from modeltranslation.translator import TranslationOptions, register

from network.progress.models import Objective


@register(Objective)
class ObjectiveTranslationOptions(TranslationOptions):
    fields = ("title", "description")
