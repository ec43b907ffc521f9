from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("pozvanky/nova/", views.invitation_new, name="invitation_new"),
    path("pozvanky/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
]
