from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Základ webu")

    def ready(self):
        from core import checks  # noqa: F401  (registers the start-up checks)
        from core.page_cache import connect_signals

        connect_signals()
