from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("pozvanky/nova/", views.invitation_new, name="invitation_new"),
    path("pozvanky/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("zadost-o-clenstvi/", views.join_request_new, name="join_request_new"),
    path("zadosti-o-clenstvi/", views.join_requests, name="join_requests"),
    path(
        "zadosti-o-clenstvi/<int:pk>/", views.join_request_decide_view, name="join_request_decide"
    ),
]
