#!/usr/bin/env python
"""Django's command-line utility for the network portal."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    # Load the settings now: Django's command runner would otherwise swallow a
    # missing SECRET_KEY or DATABASE_URL (ImproperlyConfigured) for some
    # commands and carry on with its built-in defaults.
    settings.INSTALLED_APPS  # noqa: B018

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
