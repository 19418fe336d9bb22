"""The portal's URLconf plus one benchmark-only route, ``/bench/baseline/``.

The baseline view answers a two-byte ``text/plain`` response without touching
the database or a template: what it costs is what every request pays anyway
(gunicorn, WSGI, the middleware stack, URL resolving). ``bench/run.py``
compares the portal's pages against it. Only ``bench.settings`` uses this
module; the portal's real URLconf (``network.urls``) does not know the route.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from network import urls as portal_urls


def baseline(request: HttpRequest) -> HttpResponse:
    """The cheapest possible Django response: no query, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    *portal_urls.urlpatterns,
    path("bench/baseline/", baseline, name="bench-baseline"),
]

# Same error pages as the portal.
handler403 = portal_urls.handler403
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500
handler429 = portal_urls.handler429
