from django.urls import include, path

app_name = "strategy"

# Each part keeps its own routes; fixed words come before <slug>/.
urlpatterns = [
    path("", include("strategy.urls_export")),
    path("", include("strategy.urls_discussion")),
    path("", include("strategy.urls_sections")),
]
