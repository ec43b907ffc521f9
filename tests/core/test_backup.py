"""A backup restores into a fresh database with the same rows, media and attachments."""

import sqlite3
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from core.backup import backup_create, backup_restore, read_manifest, table_counts
from tests.factories import UserFactory, case_study_create

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FORUM_ATTACHMENT_ROOT = tmp_path / "private" / "forum"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "metodika.pdf").write_bytes(b"%PDF-1.7 metodika")
    (settings.FORUM_ATTACHMENT_ROOT / "2026" / "11").mkdir(parents=True)
    (settings.FORUM_ATTACHMENT_ROOT / "2026" / "11" / "zapis.docx").write_bytes(b"PK zapis")
    return settings


def _content():
    users = [UserFactory() for _ in range(3)]
    case_study_create(title="Dobrá praxe v Písku")
    return users


def _move_folders_away(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    settings.FORUM_ATTACHMENT_ROOT = tmp_path / "restored-private" / "forum"


def _assert_files_restored(settings):
    assert (settings.MEDIA_ROOT / "documents" / "metodika.pdf").read_bytes() == b"%PDF-1.7 metodika"
    assert (
        settings.FORUM_ATTACHMENT_ROOT / "2026" / "11" / "zapis.docx"
    ).read_bytes() == b"PK zapis"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite variant")
def test_sqlite_backup_restores_into_a_fresh_database(folders, tmp_path):
    users = _content()
    archive = backup_create(output_dir=tmp_path / "backups")
    expected = table_counts()
    assert read_manifest(archive)["tables"] == expected
    assert read_manifest(archive)["files"] == {"media": 1, "private/forum": 1}

    _move_folders_away(folders, tmp_path)
    restored_db = tmp_path / "restored.sqlite3"
    backup_restore(
        archive=archive,
        database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(restored_db)},
    )
    with sqlite3.connect(restored_db) as restored:
        counts = {
            table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in expected
        }
        emails = {row[0] for row in restored.execute("SELECT email FROM accounts_user")}
        titles = {row[0] for row in restored.execute("SELECT title FROM wagtailcore_page")}
    assert counts == expected
    assert {user.email for user in users} <= emails
    assert "Dobrá praxe v Písku" in titles
    _assert_files_restored(folders)


def test_backup_keeps_the_newest_archives(folders, tmp_path):
    for _ in range(3):
        call_command("backup", "--output", str(tmp_path / "b"), "--keep", "2")
    assert len(list((tmp_path / "b").glob("housing-backup-*.tar.gz"))) == 2
    assert not list((tmp_path / "b").glob("*.partial"))


@pytest.mark.postgres
def test_postgres_backup_restores_into_a_fresh_database(folders, tmp_path):
    import psycopg

    users = _content()
    archive = backup_create(output_dir=tmp_path / "backups")
    expected = table_counts()
    config = connection.settings_dict
    fresh = f"{config['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    params = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        _move_folders_away(folders, tmp_path)
        backup_restore(archive=archive, database={**config, "NAME": fresh})
        with psycopg.connect(dbname=fresh, **params) as restored:
            counts = {
                table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                for table in expected
            }
            emails = {row[0] for row in restored.execute("SELECT email FROM accounts_user")}
        assert counts == expected
        assert {user.email for user in users} <= emails
        _assert_files_restored(folders)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
