"""Routes: pages (see network/progress/urls.py)."""

from django.urls import path

from network.progress import views_pages as views

urlpatterns = [
    path("", views.SummaryView.as_view(), name="summary"),
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("indicators/<int:pk>/", views.IndicatorView.as_view(), name="indicator"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("strategy/", views.StrategyProgressView.as_view(), name="strategy"),
]
