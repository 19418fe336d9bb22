from modeltranslation.translator import TranslationOptions, register

from network.pages.models import NewsPost, Partner, Project, Region, Theme


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("title", "goal", "summary", "background")


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(NewsPost)
class NewsPostTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("fr",)
