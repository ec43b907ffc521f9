from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Vyhledávání")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each content app's search.py registers its sources and connects its signals.
        autodiscover_modules("search")
