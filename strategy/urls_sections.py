"""Routes of the strategy document and its sections. Included last by ``strategy/urls.py``:
fixed words (``new/``) come before ``<str:slug>/``."""

from django.urls import path

from strategy import views_sections as views

urlpatterns = [
    path("", views.DocumentView.as_view(), name="document"),
    path("new/", views.SectionCreateView.as_view(), name="new"),
    path("<str:slug>/", views.SectionView.as_view(), name="section"),
    path("<str:slug>/edit/", views.SectionEditView.as_view(), name="edit"),
    path("<str:slug>/history/", views.HistoryView.as_view(), name="history"),
    path("<str:slug>/diff/", views.DiffView.as_view(), name="diff"),
    path("<str:slug>/revisions/<int:pk>/restore/", views.RestoreView.as_view(), name="restore"),
]
