from django.contrib import admin

from network.notifications.models import Delivery, Notification, Preference


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ["recipient", "channel", "digest", "status", "attempts", "last_error", "sent_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # As on DeliveryAdmin: ``services.notify`` writes deliveries (a row added here had
        # no recipient, and its save failed).
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "actor", "url"]
    list_filter = ["kind"]
    date_hierarchy = "created_at"
    readonly_fields = ["kind", "actor", "target_type", "target_id", "url", "data", "created_at"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Failed deliveries show their reason here (``last_error``)."""

    list_display = ["created_at", "notification", "recipient", "channel", "digest", "status",
                    "attempts", "last_error"]  # fmt: skip
    list_filter = ["status", "channel", "digest"]
    search_fields = ["recipient__email", "last_error"]
    readonly_fields = ["notification", "recipient", "channel", "digest", "created_at", "sent_at",
                       "read_at", "attempts", "last_error", "next_attempt_at"]  # fmt: skip
    fields = readonly_fields + ["status"]

    def has_add_permission(self, request):
        # Deliveries are written by ``services.notify``: one added here had no notification
        # and no recipient, and its save failed (IntegrityError, a 500).
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "frequency"]
    list_filter = ["kind", "frequency"]
