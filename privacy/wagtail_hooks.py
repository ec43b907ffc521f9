from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from privacy import admin_views
from privacy.permissions import can_handle_requests

ADMIN_URLS = [
    path("", admin_views.requests_index, name="index"),
    path("<int:user_id>/", admin_views.person_detail, name="person"),
    path("<int:user_id>/stahnout/", admin_views.person_download, name="download"),
]


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [path("osobni-udaje/", include((ADMIN_URLS, "privacy_admin")))]


class PrivacyMenuItem(MenuItem):
    def is_shown(self, request):
        return can_handle_requests(request.user)


@hooks.register("register_settings_menu_item")
def register_privacy_menu_item():
    return PrivacyMenuItem(
        _("Žádosti o osobní údaje"), reverse("privacy_admin:index"), icon_name="user", order=900
    )


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    actions.register_action(
        "privacy.export", _("Stažení osobních údajů"), _("Osobní údaje staženy")
    )
    actions.register_action("privacy.erase", _("Smazání osobních údajů"), _("Osobní údaje smazány"))
