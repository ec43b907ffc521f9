from django.urls import path

from legal import views

app_name = "legal"

urlpatterns = [
    path("kontakt/<int:page_id>/odeslat/", views.contact_submit, name="contact_submit"),
]
