from modeltranslation.translator import TranslationOptions, register

from members.models import Organisation


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("description",)
