from django.urls import path

from network.accounts import views, views_data

app_name = "accounts"

urlpatterns = [
    path("profile/", views.ProfileUpdateView.as_view(), name="profile"),
    path("my-data/", views_data.MyDataView.as_view(), name="my_data"),
    path("my-data/download/", views_data.MyDataDownloadView.as_view(), name="my_data_download"),
    path("delete/", views_data.AccountDeleteView.as_view(), name="delete"),
]
