"""Administration of dialogue events, for technical staff.

The portal's own pages are where coordinators plan events and record what
happened (they go through ``dialogues/services.py``: notifications, checks,
the audit log). Here, what those pages keep consistent is read-only:
registrations, attendance, attachments, statuses of the recommendation
chain. An event edited here still gets a new ``version``, so that an editor
with the portal's form open meets the conflict page instead of overwriting.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from dialogues.models import (
    Attendance,
    DialogueEvent,
    EventReport,
    FollowUpAction,
    Recommendation,
    Registration,
    ReportAttachment,
)
from network.accounts.admin import AutocompleteAdminMixin


class ReadOnlyInline(admin.TabularInline):
    """Shown, never changed here: the portal's services own these rows."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RegistrationInline(ReadOnlyInline):
    model = Registration
    fields = ["delegate", "organisation", "status", "registered_by", "created_at", "cancelled_at"]
    readonly_fields = fields


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["total", "women", "men", "youth", "recorded_by", "recorded_at"]
    readonly_fields = fields


class RecommendationInline(ReadOnlyInline):
    model = Recommendation
    fields = ["text", "addressed_level", "status", "forwarded_from", "created_at"]
    readonly_fields = fields
    show_change_link = True


class FollowUpActionInline(ReadOnlyInline):
    model = FollowUpAction
    fields = ["description", "owner", "due_on", "status"]
    readonly_fields = fields


@admin.register(DialogueEvent)
class DialogueEventAdmin(TranslationAdmin):
    list_display = ["title", "level", "region", "starts_at", "status", "visibility"]
    list_filter = ["status", "visibility", "level", "region"]
    search_fields = ["title_fr", "title_en", "title_bm", "slug", "place"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["themes", "organisers"]
    readonly_fields = ["slug", "version", "created_by", "created_at", "updated_at"]
    list_select_related = ["region"]
    inlines = [AttendanceInline, RegistrationInline, RecommendationInline, FollowUpActionInline]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1  # the portal's open forms now see a conflict, not a silent overwrite
        else:
            obj.created_by = request.user
            from dialogues.services import RESERVED_SLUGS
            from network.pages.services import unique_slug

            obj.slug = unique_slug(
                text=obj.title_fr or obj.title,
                model=DialogueEvent,
                fallback="dialogue",
                reserved=RESERVED_SLUGS,
            )
        super().save_model(request, obj, form, change)


@admin.register(Recommendation)
class RecommendationAdmin(TranslationAdmin):
    list_display = ["__str__", "event", "addressed_level", "status"]
    list_filter = ["status", "addressed_level"]
    search_fields = ["text_fr", "text_en", "text_bm"]
    list_select_related = ["event"]
    raw_id_fields = ["event"]
    # The chain is kept by recommendation_forward: not rewired by hand.
    readonly_fields = ["forwarded_from", "created_by", "created_at", "decided_at"]


class AttachmentInline(ReadOnlyInline):
    model = ReportAttachment
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(EventReport)
class EventReportAdmin(TranslationAdmin):
    list_display = ["event", "published_at", "updated_at"]
    raw_id_fields = ["event"]
    readonly_fields = ["author", "published_at", "updated_at"]
    inlines = [AttachmentInline]


@admin.register(FollowUpAction)
class FollowUpActionAdmin(AutocompleteAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "event", "owner", "due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["event", "recommendation"]
    autocomplete_fields = ["owner"]
    list_select_related = ["event", "owner"]
