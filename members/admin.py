from django.contrib import admin

from members.models import Organisation, OrganisationPerson


class OrganisationPersonInline(admin.TabularInline):
    model = OrganisationPerson
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "status"]
    list_filter = ["status"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationPersonInline]
