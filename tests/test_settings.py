"""Settings read from the environment fail with one clear sentence, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, env_overrides, settings_module="config.settings.dev"):
    # The browser suite sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never has it.
    dropped = {"DATABASE_URL", "ELASTICSEARCH_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update({"DJANGO_SETTINGS_MODULE": settings_module, **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_malformed_database_url_names_the_variable():
    result = _manage("check", env_overrides={"DATABASE_URL": "nesmysl://"})
    assert result.returncode != 0
    assert "DATABASE_URL is not a valid database URL" in result.stderr


def test_unreachable_database_stops_commands_with_one_message():
    result = _manage(
        "check", env_overrides={"DATABASE_URL": "postgres://nikdo:heslo@127.0.0.1:1/nic"}
    )
    assert result.returncode != 0
    assert "core.E001" in result.stderr
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_elasticsearch_is_a_warning_and_commands_go_on(tmp_path):
    result = _manage(
        "check",
        env_overrides={
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "ELASTICSEARCH_URL": "http://127.0.0.1:9",
        },
    )
    assert result.returncode == 0
    assert "search.W001" in result.stderr + result.stdout


def test_production_settings_refuse_to_start_without_secret_key():
    result = _manage(
        "check",
        settings_module="config.settings.production",
        env_overrides={"SECRET_KEY": "", "DATABASE_URL": "postgres://a@127.0.0.1:1/b"},
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.postgres
def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        settings_module="config.settings.production",
        env_overrides={
            "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
            "DATABASE_URL": os.environ["DATABASE_URL"],
            "ALLOWED_HOSTS": "bydleni.example.org",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
