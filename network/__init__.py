"""The network portal: settings, URLs and the network-wide apps.

The Celery app is imported here so that ``@shared_task`` binds to it
whenever Django starts (Celery's documented Django layout).
"""

from network.celery import app as celery_app

__all__ = ("celery_app",)
