from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "network.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from network.accounts import personal_data
        from network.notifications.enums import Channel
        from network.notifications.kinds import KINDS

        def notifications_data(user) -> dict:
            """Delivery chosen per kind (the default where none was chosen), inbox counts."""
            chosen = dict(user.notification_preferences.values_list("kind", "frequency"))
            inbox = user.notification_deliveries.filter(channel=Channel.INBOX)
            return {
                "preferences": {
                    key: chosen.get(key, str(kind.default)) for key, kind in KINDS.items()
                },
                "inbox_items": inbox.count(),
                "inbox_unread": inbox.filter(read_at__isnull=True).count(),
            }

        personal_data.register(
            "notifications",
            notifications_data,
            description=_("Your notification choices and how many notifications your inbox holds."),
        )
