"""Create the demo content. Idempotent: a second run changes nothing.

The demo accounts (with their passwords) are printed last, after everything else the apps
report, so they are not lost in the middle of the output; `--no-accounts` leaves them out
for `make run`, which ends with `demo_accounts` instead.
"""

import io
from importlib import import_module

from django.core.management.base import BaseCommand, OutputWrapper

from accounts.management.commands.demo_accounts import TOTP_HINT

# Each app that has demo content offers `<app>.demo.load(stdout=...)`; order matters
# (organisations and people first, pages that point to them later).
DEMO_MODULES = [
    "accounts.demo",
    "home.demo",
    "casestudies.demo",
    "kb.demo",
    "courses.demo",
    "forum.demo",
    "roadmap.demo",
    "legal.demo",
    # English versions of some of the pages above (their Czech pages must exist).
    "core.demo_translations",
]


class Command(BaseCommand):
    help = "Create demo organisations, people and pages from the project's source documents."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts",
            action="store_true",
            help="Do not print the demo accounts (`demo_accounts` prints them, with new passwords).",
        )

    def handle(self, *args, **options):
        accounts = io.StringIO()
        accounts_output = OutputWrapper(accounts)
        for module_name in DEMO_MODULES:
            if module_name == "accounts.demo":
                import_module(module_name).load(stdout=accounts_output)
                continue
            self.stdout.write(f"{module_name}:")
            import_module(module_name).load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        if options["no_accounts"]:
            return
        self.stdout.write("Demo organisations and accounts:")
        self.stdout.write(accounts.getvalue().rstrip("\n"))
        self.stdout.write(TOTP_HINT)
