from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeBaseConfig(AppConfig):
    name = "kb"
    verbose_name = _("Znalostní báze")

    def ready(self):
        from kb import signals  # noqa: F401
