from django.urls import include, path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path("apply/", views.ApplyView.as_view(), name="apply"),
    path("applications/", views.ApplicationsView.as_view(), name="applications"),
    # CSV import/export and invitations come before <slug>/ so that their words are not slugs.
    path("", include("members.urls_csv")),
    path("", include("members.urls_people")),
    path("<str:slug>/", views.OrganisationDetailView.as_view(), name="detail"),
    path("<str:slug>/edit/", views.EditView.as_view(), name="edit"),
    path("<str:slug>/history/", views.HistoryView.as_view(), name="history"),
    path("<str:slug>/decide/", views.DecideView.as_view(), name="decide"),
    path("<str:slug>/status/", views.StatusView.as_view(), name="status"),
]
