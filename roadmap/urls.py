from django.urls import path

from roadmap import views

app_name = "roadmap"

urlpatterns = [
    path(
        "<slug:organisation>/<slug:milestone>/zapsat/",
        views.milestone_record,
        name="milestone_record",
    ),
    path(
        "<slug:organisation>/<slug:milestone>/doklad/",
        views.evidence_download,
        name="evidence_download",
    ),
]
