from django.urls import path

from strategy import views_export, views_links

# Fixed words only: strategy/urls.py includes these before the sections' <slug>/.
urlpatterns = [
    path("print/", views_export.StrategyPrintView.as_view(), name="print"),
    path("strategy-<str:lang>.pdf", views_export.strategy_pdf, name="pdf"),
    path(
        "<str:slug>/recommendations/",
        views_links.SectionRecommendationsView.as_view(),
        name="recommendations",
    ),
]
