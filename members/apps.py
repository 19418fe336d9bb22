from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Member organisations")

    def ready(self) -> None:
        from members import personal_data
        from members.selectors import memberships_of_user
        from network.pages import blocks

        def dashboard_context(request) -> dict:
            return {"memberships": list(memberships_of_user(user=request.user))}

        blocks.register(
            "dashboard",
            blocks.PageBlock(
                name="memberships",
                template="members/blocks/dashboard.html",
                get_context=dashboard_context,
                order=10,
            ),
        )
        personal_data.register()
