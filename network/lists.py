"""Helpers of the paginated lists (directory, events, values, recommendations to take in).

``query_without_page`` gives the filters of a list's address for its page
links; ``page_stamp`` names what the cards of one page show, for the key
under which their rendering is kept in the cache.
"""

import hashlib

from django.db.models import QuerySet
from django.http import HttpRequest


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without ``page`` (``"level=national&q=eau"``), for the
    links of ``includes/pagination.html`` and for coming back to the same filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def page_stamp(objects: QuerySet, *fields: str) -> str:
    """A short text naming exactly the rows of ``objects`` (a page of a list), in order, with
    ``fields`` (their id and what says they changed, e.g. ``"pk", "updated_at"``).

    Two pages with the same stamp show the same rows in the same state, whoever reads
    them; the rows were chosen for the reader before the page was cut. One query (one row
    per object of the page; prefetches are left out).
    """
    rows = list(objects.prefetch_related(None).values_list(*fields))
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:32]
