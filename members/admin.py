from django.contrib import admin
from django.db import models

from members.models import Organisation, OrganisationPerson
from network.accounts.admin import AutocompleteAdminMixin


class OrganisationPersonInline(AutocompleteAdminMixin, admin.TabularInline):
    model = OrganisationPerson
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "status"]
    list_filter = ["status"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["name"]}
    # As on the portal's forms: an address typed without a scheme is https (Django 6's default;
    # without it Django 5.2 warns on every form, and the warning is an error under test).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [OrganisationPersonInline]
