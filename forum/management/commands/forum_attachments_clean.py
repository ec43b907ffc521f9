"""Find and remove attachment files no attachment row points to:
`manage.py forum_attachments_clean [--dry-run] [--min-age-hours N]`."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from forum.models import Attachment


def _walk(storage, path=""):
    directories, files = storage.listdir(path)
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}" if path else directory)


def orphaned_files(*, min_age: timezone.timedelta) -> list[str]:
    """Files in the attachment storage without a row, older than `min_age` (a file being
    uploaded right now has no row yet)."""
    storage = Attachment._meta.get_field("file").storage
    known = set(Attachment.objects.values_list("file", flat=True))
    cutoff = timezone.now() - min_age
    orphans = []
    for name in _walk(storage):
        if name in known:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            modified = None
        if modified is None or modified <= cutoff:
            orphans.append(name)
    return sorted(orphans)


class Command(BaseCommand):
    help = "Remove forum attachment files that no attachment refers to (left by deletions)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list the files.")
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=1.0,
            help="Leave files younger than this alone (uploads in progress). Default 1.",
        )

    def handle(self, *args, dry_run=False, min_age_hours=1.0, **options):
        storage = Attachment._meta.get_field("file").storage
        orphans = orphaned_files(min_age=timezone.timedelta(hours=min_age_hours))
        for name in orphans:
            if not dry_run:
                storage.delete(name)
            self.stdout.write(name)
        verb = "would remove" if dry_run else "removed"
        self.stdout.write(f"forum attachments: {verb} {len(orphans)} orphaned file(s)")
