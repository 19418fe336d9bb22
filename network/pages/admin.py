from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin

from network.pages.models import NewsPost, Partner, Project, Region, Theme
from network.pages.services import news_post_save


@admin.register(Project)
class ProjectAdmin(TranslationAdmin):
    list_display = ["title", "start_date", "end_date"]


@admin.register(Partner)
class PartnerAdmin(TranslationAdmin):
    list_display = ["acronym", "name", "role", "order"]
    list_filter = ["role"]
    # As on the portal's forms: an address typed without a scheme is https (Django 6's default;
    # without it Django 5.2 warns on every form, and the warning is an error under test).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = ["name", "kind", "established", "order"]


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["name", "family", "order"]
    list_filter = ["family"]


@admin.register(NewsPost)
class NewsPostAdmin(TranslationAdmin):
    list_display = ["title", "published_on", "status", "author"]
    list_filter = ["status"]
    search_fields = ["title_fr", "title_en", "title_bm"]
    readonly_fields = ["author", "slug"]

    def save_model(self, request, obj, form, change):
        """Through the service, like the portal's form: slug, author, notification."""
        news_post_save(post=obj, author=request.user)
