"""The one place that builds the Elasticsearch client from settings."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from elasticsearch import Elasticsearch


def elasticsearch_configured() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def redacted_url(url: str) -> str:
    """The URL without user name and password, safe to show in logs and /healthz."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


_clients: dict[tuple[str, float], Elasticsearch] = {}


def _client(url: str, timeout: float) -> Elasticsearch:
    """One client per address and timeout and process; every call goes through the circuit
    breaker of its node (search.breaker)."""
    from search.breaker import GuardedNode

    key = (url, timeout)
    if key not in _clients:
        _clients[key] = Elasticsearch(
            url,
            request_timeout=timeout,
            retry_on_timeout=False,
            max_retries=0,
            node_class=GuardedNode,
        )
    return _clients[key]


def _clear_clients() -> None:
    """Forget the clients and the breakers' state (tests, after restarting a node)."""
    from search.breaker import reset

    _clients.clear()
    reset()


_client.cache_clear = _clear_clients


def get_client(timeout: float = 10.0) -> Elasticsearch:
    """A client for ELASTICSEARCH_URL; raises RuntimeError when none is configured."""
    if not elasticsearch_configured():
        raise RuntimeError("ELASTICSEARCH_URL is not set.")
    return _client(settings.ELASTICSEARCH_URL, timeout)


def index_name(name: str) -> str:
    """Index names carry the environment's prefix, so environments and test runs never collide."""
    return f"{settings.SEARCH_INDEX_PREFIX}-{name}"
