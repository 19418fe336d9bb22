"""Requests that no page can answer sensibly."""

from django.shortcuts import render


class RejectNullCharactersMiddleware:
    """Answer 400 to a NUL character in the path or the query string.

    PostgreSQL text cannot hold NUL (psycopg2 raises ``ValueError``), so
    ``/fr/news/%00/`` or ``?q=%00`` would otherwise end in a 500. Form
    fields are already guarded by Django's ``ProhibitNullCharactersValidator``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            return render(request, "400.html", status=400)
        return self.get_response(request)
