from django.urls import path

from network.pages import views

app_name = "pages"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("news/", views.NewsListView.as_view(), name="news_list"),
    path("news/feed/", views.LatestNewsFeed(), name="news_feed"),
    path("news/new/", views.NewsCreateView.as_view(), name="news_create"),
    path("news/<str:slug>/", views.NewsDetailView.as_view(), name="news_detail"),
    path("news/<str:slug>/edit/", views.NewsUpdateView.as_view(), name="news_update"),
]
