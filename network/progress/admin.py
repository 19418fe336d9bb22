"""Administration of the results framework, for technical staff.

Coordinators manage indicators, periods and milestones on the portal's
framework page (``views_framework.py``); here, saves go through the same
services, so they are checked and written to the audit log alike. Values
are read-only: they are entered, submitted and decided on the portal, where
every decision is audited and the people concerned are told.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from network.progress import services
from network.progress.models import Indicator, IndicatorValue, Milestone, Objective, Period


@admin.register(Objective)
class ObjectiveAdmin(TranslationAdmin):
    list_display = ["number", "title"]


class ServiceCheckedForm(forms.ModelForm):
    """Runs the service's checks at validation, so that they come back as form errors.

    ``check`` saves through the service inside a transaction that is always
    rolled back (the audit entry with it); the admin then saves for real in
    ``save_model``. The instance is left as a new one if it was.
    """

    def check(self, instance) -> None:
        raise NotImplementedError

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        instance = self.instance
        pk, adding = instance.pk, instance._state.adding
        try:
            with transaction.atomic():
                self.check(instance)
                transaction.set_rollback(True)
        except ValidationError as error:
            self._update_errors(error)
        except IntegrityError:
            self.add_error(None, _("These values contradict a rule of the framework."))
        finally:
            instance.pk, instance._state.adding = pk, adding


class IndicatorAdminForm(ServiceCheckedForm):
    def check(self, instance):
        services.indicator_save(indicator=instance, actor=None)


class PeriodAdminForm(ServiceCheckedForm):
    def check(self, instance):
        services.period_save(period=instance, actor=None)


@admin.register(Indicator)
class IndicatorAdmin(TranslationAdmin):
    form = IndicatorAdminForm
    list_display = ["code", "name", "objective", "source", "unit", "target", "public"]
    list_filter = ["objective", "source", "public", "members_may_report"]
    search_fields = ["name_fr", "name_en", "name_bm"]
    list_select_related = ["objective"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("code"), ordering="number")
    def code(self, indicator):
        return indicator.code

    def save_model(self, request, obj, form, change):
        services.indicator_save(indicator=obj, actor=request.user)

    def delete_model(self, request, obj):
        services.indicator_delete(indicator=obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        # An indicator holding values stays (``services.indicator_delete``): its approved
        # values would go with it. Bulk deletion skips the service, so it is off.
        if obj is None:
            return False
        return super().has_delete_permission(request, obj) and not obj.values.exists()


@admin.register(Period)
class PeriodAdmin(TranslationAdmin):
    form = PeriodAdminForm
    list_display = ["name", "starts_on", "ends_on"]

    def save_model(self, request, obj, form, change):
        services.period_save(period=obj, actor=request.user)

    def delete_model(self, request, obj):
        services.period_delete(period=obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        # A period holding values stays (``services.period_delete``); bulk deletion skips
        # the service, so it is off.
        if obj is None:
            return False
        return super().has_delete_permission(request, obj) and not obj.values.exists()


@admin.register(Milestone)
class MilestoneAdmin(TranslationAdmin):
    list_display = ["date", "title", "objective"]
    list_filter = ["objective"]
    list_select_related = ["objective"]

    def save_model(self, request, obj, form, change):
        services.milestone_save(milestone=obj, actor=request.user)

    def delete_model(self, request, obj):
        services.milestone_delete(milestone=obj, actor=request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would skip the audit log
        return actions


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """Read-only: values are entered and decided on the portal (audited, people told)."""

    list_display = ["indicator", "period", "organisation", "value", "status", "updated_at"]
    list_filter = ["status", "period", "indicator__objective"]
    list_select_related = ["indicator__objective", "period", "organisation"]
    # The evidence file itself is private (``network/storage.py``): its name is shown instead.
    fields = [
        "indicator", "period", "organisation", "value", "women", "men", "evidence_note",
        "evidence_name", "evidence_type", "evidence_size", "status", "entered_by", "created_at",
        "submitted_at", "decided_by", "decided_at", "decision_comment", "version",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
