"""Routes: the coordinators' management of the results framework (under ``framework/``)."""

from django.urls import path

from network.progress import views_framework as views

urlpatterns = [
    path("", views.FrameworkView.as_view(), name="framework"),
    path("indicators/new/", views.IndicatorFormView.as_view(), name="indicator_create"),
    path("indicators/<int:pk>/edit/", views.IndicatorFormView.as_view(), name="indicator_edit"),
    path(
        "indicators/<int:pk>/delete/", views.IndicatorDeleteView.as_view(), name="indicator_delete"
    ),
    path("periods/new/", views.PeriodFormView.as_view(), name="period_create"),
    path("periods/<int:pk>/edit/", views.PeriodFormView.as_view(), name="period_edit"),
    path("periods/<int:pk>/delete/", views.PeriodDeleteView.as_view(), name="period_delete"),
    path("milestones/new/", views.MilestoneFormView.as_view(), name="milestone_create"),
    path("milestones/<int:pk>/edit/", views.MilestoneFormView.as_view(), name="milestone_edit"),
    path(
        "milestones/<int:pk>/delete/", views.MilestoneDeleteView.as_view(), name="milestone_delete"
    ),
]
