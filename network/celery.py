"""The Celery application of the portal.

Configuration comes from Django settings prefixed ``CELERY_`` (JSON only,
time limits, ``CELERY_TIMEZONE``); tasks are discovered in each app's
``tasks.py``. Without ``CELERY_BROKER_URL`` tasks run in-process
(``CELERY_TASK_ALWAYS_EAGER``). Run a worker and the scheduler with::

    celery -A network worker -l info
    celery -A network beat -l info
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")

app = Celery("network")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
