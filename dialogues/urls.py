from django.urls import include, path

app_name = "dialogues"

# Each part of the app keeps its own routes; fixed words come before <slug>/.
urlpatterns = [
    path("", include("dialogues.urls_registration")),
    path("", include("dialogues.urls_outcomes")),
    path("", include("dialogues.urls_events")),
]
