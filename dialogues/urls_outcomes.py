"""Recommendations, reports and follow-up actions.

Included before the events' routes (``dialogues/urls.py``), so that the
fixed words here (``recommendations/``, ``attachments/``, ``actions/``) are
never read as an event's slug (they are reserved: ``services.RESERVED_SLUGS``).
"""

from django.urls import path

from dialogues import views_outcomes as views

urlpatterns = [
    path("recommendations/<int:pk>/", views.RecommendationView.as_view(), name="recommendation"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("actions/overdue/", views.OverdueActionsView.as_view(), name="actions_overdue"),
    path("actions/<int:pk>/edit/", views.ActionEditView.as_view(), name="action_edit"),
    path(
        "<str:slug>/recommendations/new/",
        views.RecommendationAddView.as_view(),
        name="recommendation_add",
    ),
    path("<str:slug>/report/", views.ReportView.as_view(), name="report"),
    path("<str:slug>/actions/new/", views.ActionAddView.as_view(), name="action_add"),
]
