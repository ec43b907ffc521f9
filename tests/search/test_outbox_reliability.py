"""The search outbox under faults: versions that cannot go back, claims that do not overlap,
one queued drain, backoff and a circuit breaker while Elasticsearch is away (here: a closed
port and a silent server, no live node needed), dependent documents, content hashes."""

import socket
import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from search import breaker
from search.engines.database import DatabaseEngine
from search.fingerprint import content_hash
from search.indexing import check
from search.models import SearchEntry, SearchOutbox, SearchVersion
from search.outbox import _claim, documents_with_versions, outbox_add, outbox_drain
from tests.core.smtp_sink import free_port
from tests.factories import case_study_create
from tests.kb.factories import article_create, kb_index_create, section_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(home_page):
    return section_create(kb_index_create(home_page))


def _entry(key):
    return SearchEntry.objects.get(key=key)


def test_each_change_bumps_the_objects_version(section):
    article = article_create(section)
    key = f"kb.articlepage:{article.pk}"
    before = SearchVersion.objects.get(key=key).version
    outbox_add([key])
    outbox_add([key, key])
    assert SearchVersion.objects.get(key=key).version == before + 2


def test_an_older_drain_cannot_overwrite_a_newer_document(section):
    article = article_create(section, title="První název")
    key = f"kb.articlepage:{article.pk}"
    outbox_drain()
    # A slow drain read the article as it was ...
    old_documents, _removed, old_versions = documents_with_versions([key])
    # ... meanwhile the article is renamed and a second drain writes the new version.
    article.title = "Druhý název"
    article.save_revision().publish()
    outbox_drain()
    assert _entry(key).title == "Druhý název"
    # The slow drain writes last: the engine keeps the newer version.
    DatabaseEngine().index(old_documents, versions=old_versions)
    assert _entry(key).title == "Druhý název"
    assert _entry(key).version == SearchVersion.objects.get(key=key).version
    assert all(drift.is_clean for drift in check())


def test_an_older_removal_cannot_delete_a_newer_document(section):
    article = article_create(section)
    key = f"kb.articlepage:{article.pk}"
    outbox_drain()
    DatabaseEngine().remove([key], versions={key: 0})
    assert SearchEntry.objects.filter(key=key).exists()


def test_two_drains_claim_different_rows(section):
    SearchOutbox.objects.all().delete()
    outbox_add([f"kb.articlepage:{n}" for n in range(1000, 1010)])
    first = {row.pk for row in _claim(6)}
    second = {row.pk for row in _claim(6)}
    assert len(first) == 6 and len(second) == 4
    assert not first & second
    assert _claim(6) == []  # all held by the two runs


def test_one_drain_is_queued_for_many_changes(settings, django_capture_on_commit_callbacks):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            outbox_add([f"kb.articlepage:{2000 + n}"])
    queued = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path="search.tasks.search_outbox_drain"
    )
    assert queued.count() == 1


def test_drain_against_a_closed_port_keeps_changes_and_backs_off(
    section, settings, client, django_capture_on_commit_callbacks
):
    """Issue 21's blind spot: the failure branch, with the engine unreachable for real."""
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(section, title="Kontaktní místo")
    key = f"kb.articlepage:{article.pk}"
    row = SearchOutbox.objects.pending().get(key=key)
    assert row.attempts == 1 and row.last_error
    assert row.next_attempt_at > timezone.now()  # backoff: not retried at once
    assert SearchEntry.objects.filter(key=key).exists()  # the database engine has it
    assert outbox_drain() == {"applied": 0, "failed": 0}  # nothing due yet
    SearchOutbox.objects.pending().update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert outbox_drain() == {"applied": 0, "failed": 1}
    assert SearchOutbox.objects.pending().get(key=key).attempts == 2
    assert client.get("/healthz").json()["status"] == "degraded"


def test_changes_stuck_longer_than_the_threshold_make_healthz_degraded(section, settings, client):
    settings.HEALTH_STUCK_AFTER_SECONDS = 60
    outbox_add(["kb.articlepage:999"])
    assert client.get("/healthz").json()["status"] == "ok"
    SearchOutbox.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    payload = client.get("/healthz").json()
    assert payload["status"] == "degraded"
    assert payload["search"]["stuck"] is True


class SilentServer:
    """Accepts connections and never answers: a frozen node."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while True:
            try:
                conn, _address = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self):
        for conn in self.connections:
            conn.close()
        self.sock.close()


def test_a_hanging_node_costs_one_timeout_then_the_breaker_answers_at_once(settings):
    from search.client import _client
    from search.engines.base import SearchEngineUnavailable
    from search.engines.elasticsearch import ElasticsearchEngine

    server = SilentServer()
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{server.port}"
    _client.cache_clear()
    try:
        engine = ElasticsearchEngine(timeout=0.5)
        for _attempt in range(5):
            with pytest.raises(SearchEngineUnavailable):
                engine.remove(["kb.articlepage:1"])
        assert len(server.connections) == 1  # only the first call reached the node
        assert breaker.breaker_for(settings.ELASTICSEARCH_URL).is_open
    finally:
        server.close()
        _client.cache_clear()


def test_breaker_lets_one_trial_through_after_the_pause(monkeypatch):
    state = breaker.Breaker()
    state.failed(timeout=True)
    with pytest.raises(breaker.CircuitOpen):
        state.before_call()
    monkeypatch.setattr(breaker, "OPEN_SECONDS", 0)
    state.open_until = 1.0  # the pause is over
    state.before_call()  # the trial
    with pytest.raises(breaker.CircuitOpen):
        state.before_call()  # others wait for the trial
    state.succeeded()
    state.before_call()


def test_renaming_a_linked_case_study_reindexes_the_article(
    section, django_capture_on_commit_callbacks, wagtail_reference_index
):
    with django_capture_on_commit_callbacks(execute=True):
        case_study = case_study_create(title="Dobrá praxe v Trutnově")
        article = article_create(
            section,
            body=[
                {
                    "type": "related_pages",
                    "value": {"heading": "Podívejte se také", "pages": [case_study.pk]},
                }
            ],
        )
    key = f"kb.articlepage:{article.pk}"
    assert "Dobrá praxe v Trutnově" in _entry(key).body
    with django_capture_on_commit_callbacks(execute=True):
        case_study.title = "Bydlení především v Trutnově"
        case_study.save_revision().publish()
    assert SearchOutbox.objects.filter(key=key).count() >= 2
    assert "Bydlení především v Trutnově" in _entry(key).body
    assert "Dobrá praxe v Trutnově" not in _entry(key).body
    with django_capture_on_commit_callbacks(execute=True):
        case_study.unpublish()
    assert "Bydlení především" not in _entry(key).body
    assert all(drift.is_clean for drift in check())


def test_search_check_finds_a_document_whose_text_changed_behind_the_outbox(section):
    from kb.models import ArticlePage

    article = article_create(section, title="Registrační týden")
    outbox_drain()
    assert all(drift.is_clean for drift in check())
    ArticlePage.objects.filter(pk=article.pk).update(summary="Jiné shrnutí.")
    (drift,) = check()
    assert drift.stale == [f"kb.articlepage:{article.pk}"]


def test_content_hash_covers_audiences_and_facets():
    from search.documents import SearchDocument

    public = SearchDocument(key="x:1", kind="article", title="T", url="/t/")
    assert content_hash(public) != content_hash(
        SearchDocument(key="x:1", kind="article", title="T", url="/t/", audiences=("staff",))
    )
    assert content_hash(public) != content_hash(
        SearchDocument(key="x:1", kind="article", title="T", url="/t/", topics=("hf",))
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_drains_and_edits_leave_no_stale_document(home_page):
    """Four drains race with edits of the same articles on PostgreSQL: no deadlock, no lost
    change, and afterwards every document's content hash equals the content's."""
    from django.db import connection as main_connection
    from django.db import connections

    section = section_create(kb_index_create(home_page))
    articles = [article_create(section, slug=f"a{n}", title=f"Článek {n}") for n in range(6)]
    errors = []
    stop = threading.Event()

    def drain():
        try:
            while not stop.is_set():
                outbox_drain(batch_size=3)
        except Exception as error:  # a deadlock or a lost update would land here
            errors.append(error)
        finally:
            connections.close_all()

    def edit():
        try:
            for round_ in range(8):
                for article in articles:
                    page = type(article).objects.get(pk=article.pk)
                    page.title = f"{article.title} – verze {round_}"
                    page.save_revision().publish()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=drain) for _ in range(4)]
    editor = threading.Thread(target=edit)
    for thread in [*workers, editor]:
        thread.start()
    editor.join()
    stop.set()
    for thread in workers:
        thread.join()
    assert errors == []
    SearchOutbox.objects.pending().update(next_attempt_at=None)
    outbox_drain()
    assert not SearchOutbox.objects.pending().exists()
    assert all(drift.is_clean for drift in check())
    assert main_connection.vendor == "postgresql"
