"""People of an organisation and invitation links; included before ``<slug>/`` in urls.py."""

from django.urls import path

from members import views_people

urlpatterns = [
    path("invitations/<str:token>/", views_people.InvitationView.as_view(), name="invitation"),
    path("<str:slug>/people/", views_people.PeopleView.as_view(), name="people"),
    path("<str:slug>/people/invite/", views_people.InviteView.as_view(), name="invite"),
    path(
        "<str:slug>/people/<int:pk>/role/",
        views_people.PersonRoleView.as_view(),
        name="person_role",
    ),
    path(
        "<str:slug>/people/invitations/<int:pk>/withdraw/",
        views_people.InvitationWithdrawView.as_view(),
        name="invitation_withdraw",
    ),
    path(
        "<str:slug>/people/<int:pk>/remove/",
        views_people.PersonRemoveView.as_view(),
        name="person_remove",
    ),
]
