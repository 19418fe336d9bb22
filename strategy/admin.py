"""Administration of the strategy, for technical staff.

The portal's own pages are where coordinators write the strategy: a section's
text changes only through ``services.section_save_revision`` (a revision per
save, merges, conflicts), its status only through review, amendments only
through a coordinator's decision. Here, what those services keep consistent
is read-only: a section's text and status, revisions (never changed once
written), decisions on amendments. What is left to edit is structure: the
document's title and introduction, where a section sits, its dimension and
lead, and moderation of comments.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from strategy.models import Amendment, Comment, Revision, Section, Strategy


@admin.register(Strategy)
class StrategyAdmin(TranslationAdmin):
    list_display = ["title", "published_at"]
    # Publishing is audited: it goes through the portal (services.strategy_publish).
    readonly_fields = ["published_at", "published_by"]


class RevisionInline(admin.TabularInline):
    model = Revision
    fields = ["language", "number", "title", "summary", "author", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["language", "-number"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ["title", "strategy", "parent", "order", "status", "dimension", "lead"]
    list_filter = ["status", "dimension"]
    search_fields = ["title_fr", "title_en", "title_bm", "slug"]
    list_select_related = ["strategy", "parent", "dimension", "lead"]
    raw_id_fields = ["parent", "lead"]
    filter_horizontal = ["recommendations", "followers"]
    # Text is saved as revisions, status through review (with who and when).
    readonly_fields = [
        "slug", "title_fr", "title_en", "title_bm", "body_fr", "body_en", "body_bm",
        "status", "status_changed_by", "status_changed_at", "checklist",
    ]  # fmt: skip
    exclude = ["title", "body"]
    inlines = [RevisionInline]

    def has_add_permission(self, request):
        # A section starts with its first revision: created on the portal (services.section_create).
        return False


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Revisions are history: shown, never added, changed or deleted here."""

    list_display = ["section", "language", "number", "author", "created_at", "summary"]
    list_filter = ["language"]
    search_fields = ["section__slug", "summary"]
    list_select_related = ["section", "author"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "section", "author", "created_at", "resolved_at"]
    list_filter = ["resolved_at"]
    search_fields = ["body", "quote"]
    list_select_related = ["section", "author"]
    raw_id_fields = ["section", "parent", "author", "resolved_by"]
    readonly_fields = ["created_at"]

    def has_add_permission(self, request):
        return False  # written on the portal, moderated here


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "section", "proposer", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["rationale", "proposed_body"]
    list_select_related = ["section", "proposer"]
    raw_id_fields = ["section", "proposer"]
    # A decision makes a revision and tells the proposer: taken on the portal.
    readonly_fields = [
        "base", "status", "decided_by", "decided_at", "reason", "revision", "created_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # proposed by members on the portal
