"""Operations against the real Elasticsearch node: rebuild behind an alias, and the outbox
and fallback while the node is stopped and started again."""

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.http import QueryDict

from search import service
from search.client import _client, get_client
from search.engines.elasticsearch import ElasticsearchEngine, alias_name
from search.indexing import check, rebuild
from search.models import SearchEntry, SearchOutbox
from search.outbox import outbox_drain
from tests.kb.factories import article_create, kb_index_create, section_create
from tests.search.test_contract import CORPUS

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]
ES_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "elasticsearch"


@pytest.fixture
def section(home_page, es_client):
    return section_create(kb_index_create(home_page))


def _search(text, user=None):
    from django.contrib.auth.models import AnonymousUser

    return service.search(
        service.search_request_from(QueryDict(f"q={text}")), user or AnonymousUser()
    )


def test_rebuild_fills_a_new_index_and_switches_the_alias(section):
    article_create(section, slug="krizove-bydleni", title="Krizové bydlení")
    first = rebuild()
    assert get_client().indices.get_alias(name=alias_name()).keys() == {first["elasticsearch"]}
    second = rebuild()
    assert get_client().indices.get_alias(name=alias_name()).keys() == {second["elasticsearch"]}
    assert not get_client().indices.exists(index=first["elasticsearch"])  # the old one is gone
    ElasticsearchEngine().refresh()
    results = _search("krizove bydleni")
    assert results.engine == "elasticsearch" and results.total == 1
    assert all(drift.is_clean for drift in check())


def test_a_rebuilt_index_is_merged_into_one_segment_before_the_alias_switches(es_client):
    engine = ElasticsearchEngine()
    new_index = engine.create_index()
    for document in CORPUS[:3]:  # three refreshed writes: three segments
        engine.index([document], target=new_index)
        es_client.indices.refresh(index=new_index)
    engine.switch_alias(new_index)
    shards = es_client.indices.segments(index=new_index)["indices"][new_index]["shards"]
    assert [len(copy["segments"]) for copy in shards["0"]] == [1]
    assert engine.current_index() == new_index


def test_check_reports_drift_and_repair_fixes_it(section):
    from kb.models import ArticlePage

    article = article_create(section, slug="clanek", title="Registrační týden")
    rebuild()
    ElasticsearchEngine().remove([f"kb.articlepage:{article.pk}"])
    # The content changes behind the outbox's back: the stored content hash no longer fits.
    ArticlePage.objects.filter(pk=article.pk).update(summary="Nové shrnutí bez indexu.")
    ElasticsearchEngine().refresh()
    drifts = {drift.engine: drift for drift in check()}
    assert drifts["elasticsearch"].missing == [f"kb.articlepage:{article.pk}"]
    assert drifts["database"].stale == [f"kb.articlepage:{article.pk}"]
    from search.indexing import repair

    repair(list(drifts.values()))
    ElasticsearchEngine().refresh()
    assert all(drift.is_clean for drift in check())


def _run_script(*arguments, env=None):
    return subprocess.run(
        [str(ES_SCRIPT), *arguments], capture_output=True, text=True, check=False, env=env
    )


@pytest.mark.es_node_restart
@pytest.mark.skipif(
    bool(os.environ.get("ELASTICSEARCH_URL")),
    reason="the node is not managed by scripts/elasticsearch, so this test cannot stop it",
)
def test_saving_works_while_the_node_is_down_and_the_index_catches_up(
    section, settings, client, django_capture_on_commit_callbacks
):
    rebuild()
    port = urlsplit(settings.ELASTICSEARCH_URL).port
    assert _run_script("stop").returncode == 0
    try:
        _client.cache_clear()
        # Saving content neither fails nor waits for the node: the change waits in the outbox.
        with django_capture_on_commit_callbacks(execute=True):
            article = article_create(section, slug="nove", title="Kontaktní centrum bydlení")
        key = f"kb.articlepage:{article.pk}"
        pending = SearchOutbox.objects.pending().get(key=key)
        assert pending.attempts == 1 and pending.last_error
        assert SearchEntry.objects.filter(key=key).exists()  # the database engine has it

        # Searching falls back to the database engine, with a notice, never a 500.
        results = _search("kontaktni centrum")
        assert results.engine == "database" and results.total == 1 and results.notice
        page = client.get("/search/?q=kontaktni+centrum")
        assert page.status_code == 200 and "neodpovídá" in page.content.decode()
        health = client.get("/healthz").json()
        assert health["status"] == "degraded" and health["search"]["pending_changes"] == 1
    finally:
        started = _run_script("start", env={**os.environ, "ES_HTTP_PORT": str(port)})
        _client.cache_clear()
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip().endswith(f":{port}")

    assert outbox_drain() == {"applied": 1, "failed": 0}
    ElasticsearchEngine().refresh()
    assert all(drift.is_clean for drift in check())
    results = _search("kontaktni centrum")
    assert results.engine == "elasticsearch" and results.total == 1 and not results.notice
