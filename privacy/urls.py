from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("moje-data/", views.my_data, name="my_data"),
    path("moje-data/stahnout/", views.my_data_download, name="my_data_download"),
    path("smazat-ucet/", views.account_erase, name="account_erase"),
]
