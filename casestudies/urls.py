"""The open-data API of case studies, mounted at /api/ (config/urls.py).

Version 1 lives under /api/v1/; the first address /api/case-studies/ keeps answering (the same
data, with a `Link: rel="successor-version"` header) so that existing programs keep working.
"""

from django.urls import path

from casestudies import api

urlpatterns = [
    path("v1/case-studies/", api.case_study_list_api, name="api_v1_case_studies"),
    path("v1/municipalities/", api.municipality_list_api, name="api_v1_municipalities"),
    path("v1/datapackage.json", api.datapackage_api, name="api_v1_datapackage"),
    path("v1/openapi.json", api.openapi_api, name="api_v1_openapi"),
    path("case-studies/", api.legacy_case_study_list_api, name="api_case_studies"),
]
