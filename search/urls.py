from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="page"),
    path("navrhy/", views.suggestions, name="suggestions"),
    path("vysledek/", views.result_click, name="click"),
]
