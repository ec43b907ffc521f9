"""State of the search engine, for /healthz and the start-up checks."""

from django.conf import settings
from elasticsearch import ApiError, TransportError

from search.client import elasticsearch_configured, get_client, redacted_url

HEALTH_TIMEOUT_SECONDS = 2.0


def search_engine_status() -> dict:
    """Which engine serves search and whether it answers.

    The database engine is always available when the database is; Elasticsearch is asked
    for its cluster health with a short timeout so that a dead node never slows a page.
    """
    if not elasticsearch_configured():
        return {"engine": "database", "ok": True, **_outbox_state()}
    status = {"engine": "elasticsearch", "url": redacted_url(settings.ELASTICSEARCH_URL)}
    try:
        client = get_client(timeout=HEALTH_TIMEOUT_SECONDS)
        health = client.cluster.health()
        # Not `client.info()`: the minimal distribution answers GET / with 405.
        nodes = client.nodes.info(node_id="_local", filter_path="nodes.*.version")
    except (TransportError, ApiError, ValueError) as error:
        return {**status, **_outbox_state(), "ok": False, "error": error.__class__.__name__}
    versions = [node["version"] for node in nodes.get("nodes", {}).values()]
    return {
        **status,
        **_outbox_state(),
        "ok": health["status"] in {"green", "yellow"},
        "cluster_status": health["status"],
        "version": versions[0] if versions else None,
    }


def _outbox_state() -> dict:
    """Index changes waiting to be applied (they pile up while Elasticsearch is down)."""
    from django.db import DatabaseError

    from search.models import SearchOutbox

    try:
        return {"pending_changes": SearchOutbox.objects.pending().count()}
    except DatabaseError:
        return {}
