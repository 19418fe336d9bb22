from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "network.progress"
    label = "progress"
    verbose_name = _("Progress")

    def ready(self) -> None:
        from network.pages import blocks
        from network.progress import personal_data
        from network.progress.selectors import objectives_list

        def objectives_context(request) -> dict:
            return {"objectives": list(objectives_list())}

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
        personal_data.register()
