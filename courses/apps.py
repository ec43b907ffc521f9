from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Kurzy")

    def ready(self):
        from courses import cohort_groups

        cohort_groups.connect_signals()
