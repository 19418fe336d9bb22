"""Administration of users and their roles; every role change goes through
the role services, so it is written to the audit log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from network.accounts.models import AuditLogEntry, RoleAssignment, User
from network.accounts.services import role_grant, role_revoke, user_delete


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["role", "granted_by", "granted_at"]
    readonly_fields = ["granted_by", "granted_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "preferred_language", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "role_assignments__role", "preferred_language"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal information"), {"fields": ["display_name", "preferred_language"]}),
        (_("Status"), {"fields": ["is_active", "date_joined", "last_login"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "display_name", "password1", "password2"],
            },
        ),
    ]
    readonly_fields = ["date_joined", "last_login"]
    inlines = [RoleAssignmentInline]

    def delete_model(self, request, obj):
        user_delete(user=obj, deleted_by=request.user)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            user_delete(user=user, deleted_by=request.user)

    def save_formset(self, request, form, formset, change):
        """Apply role rows through ``role_grant``/``role_revoke`` (audited)."""
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        user = form.instance
        for inline_form in formset.forms:
            if not inline_form.has_changed() and inline_form.instance.pk:
                continue
            data = inline_form.cleaned_data
            if not data:
                continue
            # The form has already written the new value onto the instance: the
            # role as it was comes from the form's initial data.
            old_role = inline_form.initial.get("role") if inline_form.instance.pk else None
            if data.get("DELETE"):
                if old_role:
                    role_revoke(user=user, role=old_role, revoked_by=request.user)
                continue
            new_role = data["role"]
            if old_role and old_role != new_role:
                role_revoke(user=user, role=old_role, revoked_by=request.user)
            role_grant(user=user, role=new_role, granted_by=request.user)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action_label", "subject_repr"]
    list_filter = ["action"]
    search_fields = ["subject_repr", "actor__email"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
