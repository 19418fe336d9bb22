from django.urls import path

from network.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("read/", views.InboxMarkReadView.as_view(), name="mark_all_read"),
    path("<int:pk>/read/", views.InboxMarkReadView.as_view(), name="mark_read"),
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
