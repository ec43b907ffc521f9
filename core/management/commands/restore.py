"""Restore a backup archive into an empty database and the file folders (docs/OPERATIONS.md)."""

from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_restore, table_counts


class Command(BaseCommand):
    requires_system_checks = []  # the database may not exist yet
    help = (
        "Restore a backup archive: the database into DATABASE_URL (an empty PostgreSQL "
        "database, or a SQLite file that does not exist yet), then media and attachments. "
        "Run search_rebuild afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--database-url",
            default=None,
            help="Restore into this database instead of DATABASE_URL.",
        )
        parser.add_argument("--no-files", action="store_true", help="Only the database.")

    def handle(self, *args, archive, database_url=None, no_files=False, **options):
        database = (
            dj_database_url.parse(database_url) if database_url else settings.DATABASES["default"]
        )
        try:
            result = backup_restore(archive=Path(archive), database=database, files=not no_files)
        except (BackupError, OSError, KeyError) as error:
            raise CommandError(f"The restore failed: {error}") from error
        self.stdout.write(
            f"Restored the database ({len(result['manifest']['tables'])} tables) and "
            + ", ".join(f"{count} files of {name}" for name, count in result["files"].items())
        )
        if database_url is None:
            differences = {
                table: (count, result["manifest"]["tables"].get(table))
                for table, count in table_counts().items()
                if result["manifest"]["tables"].get(table) != count
            }
            if differences:
                raise CommandError(f"Row counts differ from the backup: {differences}")
        self.stdout.write(self.style.SUCCESS("Done. Now run: python manage.py search_rebuild"))
