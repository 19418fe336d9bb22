"""Routes of dialogue events. Included last by ``dialogues/urls.py``: fixed words
(``new/``, ``propose/``, ``past/``, ``calendar.ics``) come before ``<str:slug>/``."""

from django.urls import path

from dialogues import views_events as views

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("past/", views.EventListView.as_view(past=True), name="past"),
    path("new/", views.EventCreateView.as_view(), name="new"),
    path("propose/", views.EventProposeView.as_view(), name="propose"),
    path("calendar.ics", views.CalendarFeedView.as_view(), name="calendar"),
    path("<str:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<str:slug>/edit/", views.EventEditView.as_view(), name="edit"),
    path("<str:slug>/status/", views.EventStatusView.as_view(), name="status"),
    path("<str:slug>/event.ics", views.EventIcsView.as_view(), name="ics"),
]
