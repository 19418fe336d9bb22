from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "network.progress"
    label = "progress"
    verbose_name = _("Progress")

    def ready(self) -> None:
        import rules

        from network.pages import blocks
        from network.progress import personal_data
        from network.progress.enums import Source
        from network.progress.selectors import indicators_list, objectives_list

        def objectives_context(request) -> dict:
            return {"objectives": list(objectives_list())}

        def reporting_context(request) -> dict:
            """Members who may report: the indicators open to them (coordinators have their
            own links on the dashboard). Two queries at most, whatever the number of indicators.

            The rules are asked directly: ``user.has_perm`` would also ask Django's model
            backend for the user's and groups' permissions (two more queries) for nothing.
            """
            user = request.user
            if rules.has_perm("progress.manage_framework", user) or not rules.has_perm(
                "progress.report_values", user
            ):
                return {}
            indicators = indicators_list().filter(source=Source.REPORTED, members_may_report=True)
            return {"reporting": True, "indicators": list(indicators)}

        for page, template in (
            ("home", "progress/blocks/objectives_home.html"),
            ("about", "progress/blocks/objectives_about.html"),
        ):
            blocks.register(
                page,
                blocks.PageBlock(
                    name="objectives",
                    template=template,
                    get_context=objectives_context,
                    order=10,
                ),
            )
        blocks.register(
            "dashboard",
            blocks.PageBlock(
                name="progress_reporting",
                template="progress/blocks/dashboard.html",
                get_context=reporting_context,
                order=20,
            ),
        )
        personal_data.register()
