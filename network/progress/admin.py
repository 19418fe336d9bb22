from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from network.progress.models import Objective


@admin.register(Objective)
class ObjectiveAdmin(TranslationAdmin):
    list_display = ["number", "title"]
