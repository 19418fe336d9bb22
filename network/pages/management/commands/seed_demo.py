"""``manage.py seed_demo``: load the demo network.

Each installed app may have a ``demo`` module with ``seed(*, log)``; they are
run in ``INSTALLED_APPS`` order (accounts before members, members before
dialogues…) in one transaction. Found by name, like Django's admin
autodiscovery, so this ground-floor app imports no domain app.
Idempotent: run twice, nothing doubles.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load the network's real starting content and one sample account per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts",
            action="store_true",
            help="Load the content only, without the sample accounts.",
        )

    def handle(self, *args, no_accounts: bool = False, **options):
        if settings.PRODUCTION and not no_accounts:
            raise CommandError(
                "The sample accounts have public passwords: in production mode, "
                "run seed_demo --no-accounts."
            )
        accounts = []
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                if no_accounts and app_config.label == "accounts":
                    continue
                result = import_module(module_name).seed(log=self.stdout.write)
                if app_config.label == "accounts":
                    accounts = result
        if accounts:
            self.stdout.write("")
            self.stdout.write("Sample accounts (demo only, passwords are public):")
            for account in accounts:
                self.stdout.write(
                    f"  {account.description:<42} {account.email:<32} {account.password}"
                )
