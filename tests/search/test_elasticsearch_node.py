"""The real Elasticsearch node that development and tests use."""

import pytest
from elasticsearch.dsl import Document, Keyword, Text

from search.checks import check_search_engine_reachable
from search.client import index_name

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def test_healthz_reports_a_healthy_elasticsearch_node(client, es_client):
    from search.engines.elasticsearch import ElasticsearchEngine

    ElasticsearchEngine().ensure_index()
    response = client.get("/healthz")
    payload = response.json()
    assert response.status_code == 200
    assert payload["status"] == "ok"
    assert payload["search"]["engine"] == "elasticsearch"
    assert payload["search"]["ok"] is True
    assert payload["search"]["version"].startswith("8.19.")


def test_startup_check_is_silent_when_the_node_answers(es_client):
    from search.engines.elasticsearch import ElasticsearchEngine

    ElasticsearchEngine().ensure_index()
    assert check_search_engine_reachable() == []


def test_startup_check_and_healthz_report_a_missing_index(client, es_client):
    messages = check_search_engine_reachable()
    assert [message.id for message in messages] == ["search.W002"]
    assert "search_rebuild" in messages[0].hint
    payload = client.get("/healthz").json()
    assert payload["status"] == "degraded"
    assert payload["search"]["index_present"] is False


def test_index_names_carry_the_test_run_prefix(settings):
    assert index_name("pages").startswith(f"{settings.SEARCH_INDEX_PREFIX}-")
    assert settings.SEARCH_INDEX_PREFIX.startswith("test-")


def test_document_round_trip_through_the_dsl(es_client):
    class Note(Document):
        title = Text(analyzer="standard")
        municipality = Keyword()

        class Index:
            name = index_name("notes")

    Note.init(using=es_client)
    Note(title="Krizový byt v Trutnově", municipality="Trutnov").save(using=es_client, refresh=True)
    hits = Note.search(using=es_client).query("match", title="krizový").execute()
    assert [hit.municipality for hit in hits] == ["Trutnov"]


def test_minimal_distribution_lacks_analysis_common(es_client):
    """Recorded in docs/ELASTICSEARCH.md: Czech folding and stemming cannot rely on the node.

    When this fails, the node has gained analysis-common (a full distribution): the shared
    Python analysis still applies, the extra analyzers become optional sub-fields.
    """
    from elasticsearch import BadRequestError

    with pytest.raises(BadRequestError):
        es_client.indices.analyze(tokenizer="standard", filter=["asciifolding"], text="Písek")
    tokens = es_client.indices.analyze(analyzer="standard", text="Krizové BYDLENÍ")["tokens"]
    assert [token["token"] for token in tokens] == ["krizové", "bydlení"]
