"""Write one backup archive: database, media, private forum attachments (docs/OPERATIONS.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database, MEDIA_ROOT and FORUM_ATTACHMENT_ROOT into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Folder for the archive.")
        parser.add_argument(
            "--keep", type=int, default=None, help="Keep only the newest N archives there."
        )

    def handle(self, *args, output, keep=None, **options):
        try:
            archive = backup_create(output_dir=Path(output), keep=keep)
        except (BackupError, OSError) as error:
            raise CommandError(f"The backup failed: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive}"))
