from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Osobní údaje")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app says what it holds about people in its own `personal_data.py`.
        autodiscover_modules("personal_data")
