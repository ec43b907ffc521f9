"""Create the demo content. Idempotent: a second run changes nothing."""

from importlib import import_module

from django.core.management.base import BaseCommand

# Each app that has demo content offers `<app>.demo.load(stdout=...)`; order matters
# (organisations and people first, pages that point to them later).
DEMO_MODULES = [
    "accounts.demo",
    "core.demo",
    "casestudies.demo",
    "kb.demo",
    "courses.demo",
    "forum.demo",
    "legal.demo",
]


class Command(BaseCommand):
    help = "Create demo organisations, people and pages from the project's source documents."

    def handle(self, *args, **options):
        for module_name in DEMO_MODULES:
            self.stdout.write(f"{module_name}:")
            import_module(module_name).load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
