"""Comments, amendments, review, following and publication.

Included before the sections' routes (``strategy/urls.py``). The fixed
words here (``comments/``, ``amendments/``, ``publish/``) come first, so a
section whose slug is one of them would be shadowed: they should be
reserved slugs.
"""

from django.urls import path

from strategy import views_discussion as views

urlpatterns = [
    path("publish/", views.PublishView.as_view(), name="publish"),
    path("unpublish/", views.PublishView.as_view(unpublish=True), name="unpublish"),
    path("comments/<int:pk>/resolve/", views.CommentResolveView.as_view(), name="comment_resolve"),
    path("amendments/<int:pk>/", views.AmendmentView.as_view(), name="amendment"),
    path("<str:slug>/comments/", views.CommentAddView.as_view(), name="comment_add"),
    path("<str:slug>/amendments/new/", views.AmendmentAddView.as_view(), name="amendment_add"),
    path("<str:slug>/review/", views.ReviewView.as_view(), name="review"),
    path("<str:slug>/follow/", views.FollowView.as_view(), name="follow"),
]
