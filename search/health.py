"""State of the search engine, for /healthz and the start-up checks."""

from django.conf import settings
from django.utils import timezone
from elasticsearch import ApiError, TransportError

from search.client import elasticsearch_configured, get_client, redacted_url

HEALTH_TIMEOUT_SECONDS = 1.0


def search_engine_status() -> dict:
    """Which engine serves search and whether it answers.

    The database engine is always available when the database is; Elasticsearch is asked
    for its cluster health with a short timeout so that a dead node never slows a page.
    Not ok either when the index behind the alias is missing (writes wait for
    `search_rebuild`) or index changes have waited longer than HEALTH_STUCK_AFTER_SECONDS.
    """
    if not elasticsearch_configured():
        outbox = _outbox_state()
        return {"engine": "database", "ok": not outbox.get("stuck", False), **outbox}
    status = {"engine": "elasticsearch", "url": redacted_url(settings.ELASTICSEARCH_URL)}
    try:
        client = get_client(timeout=HEALTH_TIMEOUT_SECONDS)
        health = client.cluster.health()
        # Not `client.info()`: the minimal distribution answers GET / with 405.
        nodes = client.nodes.info(node_id="_local", filter_path="nodes.*.version")
        index_present = bool(client.indices.exists_alias(name=_alias_name()))
    except (TransportError, ApiError, ValueError) as error:
        return {**status, **_outbox_state(), "ok": False, "error": error.__class__.__name__}
    versions = [node["version"] for node in nodes.get("nodes", {}).values()]
    outbox = _outbox_state()
    result = {
        **status,
        **outbox,
        "ok": health["status"] in {"green", "yellow"}
        and index_present
        and not outbox.get("stuck", False),
        "cluster_status": health["status"],
        "version": versions[0] if versions else None,
        "index_present": index_present,
    }
    if not index_present:
        result["error"] = "index-missing: run search_rebuild"
    return result


def _alias_name() -> str:
    from search.engines.elasticsearch import alias_name

    return alias_name()


def _outbox_state() -> dict:
    """Index changes waiting to be applied (they pile up while Elasticsearch is down)."""
    from django.db import DatabaseError

    from search.models import SearchOutbox

    try:
        pending = SearchOutbox.objects.pending()
        oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
    except DatabaseError:
        return {}
    state = {"pending_changes": pending.count()}
    if oldest is not None:
        age = max(int((timezone.now() - oldest).total_seconds()), 0)
        state["oldest_pending_seconds"] = age
        state["stuck"] = age > settings.HEALTH_STUCK_AFTER_SECONDS
    return state
