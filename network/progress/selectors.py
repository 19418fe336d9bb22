"""Reads on the results framework that other code reuses."""

from django.db.models import QuerySet

from network.progress.models import Objective


def objectives_list() -> QuerySet[Objective]:
    """The project's objectives, by number."""
    return Objective.objects.order_by("number")
