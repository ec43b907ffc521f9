from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Vyhledávání")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from core.health import register_component
        from search import checks  # noqa: F401  (registers the start-up check)
        from search.health import search_engine_status

        register_component("search", search_engine_status)

        # Each content app's search.py registers its sources and connects its signals.
        autodiscover_modules("search")
