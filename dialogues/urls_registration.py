"""Registration, participants and attendance of an event; included first by ``urls.py``.

Every route is ``<slug>/`` followed by a fixed word, so none of them takes
a word that another part of the app uses.
"""

from django.urls import path

from dialogues import views_registration as views

urlpatterns = [
    path("<str:slug>/register/", views.RegisterView.as_view(), name="register"),
    path(
        "<str:slug>/registrations/<int:pk>/cancel/",
        views.RegistrationCancelView.as_view(),
        name="registration_cancel",
    ),
    path("<str:slug>/participants/", views.ParticipantsView.as_view(), name="participants"),
    path(
        "<str:slug>/participants.csv", views.ParticipantsCsvView.as_view(), name="participants_csv"
    ),
    path("<str:slug>/attendance/", views.AttendanceView.as_view(), name="attendance"),
]
