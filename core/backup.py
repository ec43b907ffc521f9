"""One archive with everything needed to bring the site back: the database, the uploaded
media and the private forum attachments (docs/OPERATIONS.md).

PostgreSQL is dumped with `pg_dump --format=custom` (restored with `pg_restore`); SQLite is
copied with its online backup API (a consistent copy while the site runs). Search indexes
are not in the archive: they are derived, and `search_rebuild` makes them again.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

ARCHIVE_PREFIX = "housing-backup-"
DATABASE_MEMBER = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    pass


def _postgres_environment(config: dict) -> dict:
    environment = {**os.environ}
    if config.get("PASSWORD"):
        environment["PGPASSWORD"] = str(config["PASSWORD"])
    return environment


def _postgres_arguments(config: dict) -> list[str]:
    arguments = []
    if config.get("HOST"):
        arguments += ["--host", str(config["HOST"])]
    if config.get("PORT"):
        arguments += ["--port", str(config["PORT"])]
    if config.get("USER"):
        arguments += ["--username", str(config["USER"])]
    return arguments


def _run(command: list[str], *, environment: dict) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def dump_database(target: Path, *, using=connection) -> str:
    """Write the database to `target`; returns the archive member's name."""
    config = using.settings_dict
    if using.vendor == "postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *_postgres_arguments(config),
                "--file",
                str(target),
                config["NAME"],
            ],
            environment=_postgres_environment(config),
        )
    elif using.vendor == "sqlite":
        using.ensure_connection()
        with sqlite3.connect(target) as copy:
            using.connection.backup(copy)
    else:
        raise BackupError(f"No backup method for the {using.vendor} database.")
    return DATABASE_MEMBER[using.vendor]


def table_counts(*, using=connection) -> dict[str, int]:
    """Rows per table, stored in the manifest and compared after a restore."""
    counts = {}
    with using.cursor() as cursor:
        for table in sorted(using.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {using.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _file_trees() -> dict[str, Path]:
    return {
        "media": Path(settings.MEDIA_ROOT),
        "private/forum": Path(settings.FORUM_ATTACHMENT_ROOT),
    }


def backup_create(*, output_dir: Path, keep: int | None = None) -> Path:
    """Write `housing-backup-<UTC time>.tar.gz` into `output_dir`; keep the newest `keep`."""
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    archive = output_dir / f"{ARCHIVE_PREFIX}{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        database_file = Path(work) / "database"
        member = dump_database(database_file)
        manifest = {
            "created_at": datetime.now(UTC).isoformat(),
            "database": {"vendor": connection.vendor, "member": member},
            "tables": table_counts(),
            "files": {},
        }
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(database_file, arcname=member)
            for name, root in _file_trees().items():
                count = 0
                if root.is_dir():
                    for path in sorted(root.rglob("*")):
                        if path.is_file():
                            tar.add(path, arcname=f"{name}/{path.relative_to(root)}")
                            count += 1
                manifest["files"][name] = count
            manifest_file = Path(work) / "manifest.json"
            manifest_file.write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
            tar.add(manifest_file, arcname="manifest.json")
        partial.rename(archive)  # a half-written archive never looks like a backup
    if keep:
        backups = sorted(output_dir.glob(f"{ARCHIVE_PREFIX}*.tar.gz"))
        for old in backups[:-keep]:
            old.unlink()
    return archive


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def _extract_tree(tar: tarfile.TarFile, prefix: str, destination: Path) -> int:
    count = 0
    for member in tar.getmembers():
        if not member.isfile() or not member.name.startswith(f"{prefix}/"):
            continue
        relative = Path(member.name[len(prefix) + 1 :])
        target = (destination / relative).resolve()
        if destination.resolve() not in target.parents:
            raise BackupError(f"Refusing to write outside {destination}: {member.name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with tar.extractfile(member) as source, open(target, "wb") as sink:
            shutil.copyfileobj(source, sink)
        count += 1
    return count


def backup_restore(*, archive: Path, database: dict, files: bool = True) -> dict:
    """Restore `archive` into `database` (a DATABASES entry: an EMPTY PostgreSQL database
    made with createdb, or the path of a SQLite file that does not exist yet) and, with
    `files`, the media and attachments into MEDIA_ROOT and FORUM_ATTACHMENT_ROOT."""
    manifest = read_manifest(archive)
    vendor = manifest["database"]["vendor"]
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as work:
        dump = Path(work) / "database"
        with tar.extractfile(manifest["database"]["member"]) as source, open(dump, "wb") as sink:
            shutil.copyfileobj(source, sink)
        if vendor == "postgresql":
            if not database["ENGINE"].endswith("postgresql"):
                raise BackupError("This backup is of PostgreSQL; restore it into PostgreSQL.")
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    *_postgres_arguments(database),
                    "--dbname",
                    database["NAME"],
                    str(dump),
                ],
                environment=_postgres_environment(database),
            )
        else:
            target = Path(database["NAME"])
            if target.exists() and target.stat().st_size:
                raise BackupError(f"{target} holds a database; restore into a new file.")
            shutil.copyfile(dump, target)
        restored = {}
        if files:
            for name, root in _file_trees().items():
                restored[name] = _extract_tree(tar, name, root)
    return {"manifest": manifest, "files": restored}
