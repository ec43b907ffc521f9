import pytest
from django.core.checks import Error, Warning
from django.db import OperationalError

from core.checks import check_database_reachable
from search.checks import check_search_engine_reachable

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_database_search_engine(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    payload = response.json()
    assert payload["status"] == "ok"
    assert payload["database"]["ok"] is True
    assert payload["search"] == {"engine": "database", "ok": True, "pending_changes": 0}


def test_healthz_reports_unreachable_elasticsearch_as_degraded(client, settings):
    settings.ELASTICSEARCH_URL = "http://user:secret@127.0.0.1:9"
    response = client.get("/healthz")
    assert response.status_code == 200
    payload = response.json()
    assert payload["status"] == "degraded"
    assert payload["search"]["engine"] == "elasticsearch"
    assert payload["search"]["ok"] is False
    assert "secret" not in response.content.decode()


def test_healthz_answers_503_when_database_is_down(client, monkeypatch):
    from core import views

    def broken_cursor():
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["ok"] is False


def test_lost_database_gives_czech_503_page_not_500(client, home_page, monkeypatch):
    from home.models import HomePage

    def fail(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(HomePage, "get_context", fail)
    response = client.get("/")
    assert response.status_code == 503
    assert "Služba je dočasně nedostupná" in response.content.decode()


def test_startup_check_reports_unreachable_elasticsearch_as_warning(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    messages = check_search_engine_reachable()
    assert len(messages) == 1
    assert isinstance(messages[0], Warning)
    assert "127.0.0.1:9" in messages[0].msg


def test_startup_check_is_silent_for_database_search_engine():
    assert check_search_engine_reachable() == []


def test_startup_check_reports_unreachable_database_as_one_clear_error(monkeypatch):
    from core import checks

    class BrokenConnection:
        def ensure_connection(self):
            raise OperationalError(
                'connection to server at "db.example" failed: Connection refused\nIs the server running?'
            )

    class Handler(dict):
        def __iter__(self):
            return iter(["default"])

    monkeypatch.setattr(checks, "connections", Handler(default=BrokenConnection()))
    errors = check_database_reachable()
    assert len(errors) == 1
    assert isinstance(errors[0], Error)
    assert "DATABASE_URL" in errors[0].msg
    assert "Connection refused" in errors[0].msg
    assert "\n" not in errors[0].msg
