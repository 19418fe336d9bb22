"""Routes: reported values and their approval (see network/progress/urls.py)."""

from django.urls import path

from network.progress import views_values as views

urlpatterns = [
    path("values/", views.ValuesView.as_view(), name="values"),
    path("indicators/<int:pk>/values/new/", views.ValueCreateView.as_view(), name="value_create"),
    path("values/<int:pk>/", views.ValueView.as_view(), name="value"),
    path("values/<int:pk>/edit/", views.ValueEditView.as_view(), name="value_edit"),
    path("values/<int:pk>/submit/", views.ValueSubmitView.as_view(), name="value_submit"),
    path("values/<int:pk>/decide/", views.ValueDecideView.as_view(), name="value_decide"),
    path("values/<int:pk>/delete/", views.ValueDeleteView.as_view(), name="value_delete"),
    path("values/<int:pk>/evidence/", views.ValueEvidenceView.as_view(), name="value_evidence"),
]
