"""Administration of users and their roles; every role change goes through
the role services, so it is written to the audit log.

Also the admin's autocomplete select for every app (``AutocompleteAdminMixin``),
kept here on the ground floor that every app may import."""

from django.contrib import admin
from django.contrib.admin import widgets
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from network.accounts.models import AuditLogEntry, RoleAssignment, User
from network.accounts.services import role_grant, role_revoke, user_delete


class AutocompleteSelect(widgets.AutocompleteSelect):
    """Django's autocomplete select, without its crash on a value that is no id.

    To show the chosen row again, Django's widget looks the posted value up; a
    hand-made POST whose value is no id ("²", "abc") raised ``ValueError``
    there, and a form that should have come back with its error answered 500
    (tests/test_bad_input_admin.py). Such a value is shown as nothing chosen,
    like an id of no row; the field's own error still says why.
    """

    def optgroups(self, name, value, attr=None):
        field = self.choices.field
        ids = []
        for item in value:
            try:
                field.to_python(item)
            except ValidationError:
                continue
            ids.append(item)
        return super().optgroups(name, ids, attr)


class AutocompleteAdminMixin:
    """``autocomplete_fields`` (foreign keys) drawn with the ``AutocompleteSelect`` above;
    for any ``ModelAdmin`` or inline of the project."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
