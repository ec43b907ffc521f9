"""Start-up check of the search engine: an unreachable Elasticsearch node, or one without
the index, is a warning while the site goes on with the database search engine."""

from django.core.checks import Warning, register

from core.checks import CONNECTIVITY_TAG
from search.health import search_engine_status


@register(CONNECTIVITY_TAG)
def check_search_engine_reachable(app_configs=None, **kwargs):
    status = search_engine_status()
    if status["ok"]:
        return []
    if status.get("index_present") is False:
        return [
            Warning(
                f"Elasticsearch at ELASTICSEARCH_URL ({status['url']}) has no search index "
                "behind its alias; index changes wait until it is rebuilt.",
                hint="Run `python manage.py search_rebuild` (a new installation, or the index "
                "was deleted).",
                id="search.W002",
            )
        ]
    if "error" not in status:
        return []  # the node answers; waiting work is /healthz's business
    return [
        Warning(
            f"Elasticsearch at ELASTICSEARCH_URL ({status['url']}) does not answer: {status['error']}",
            hint="Search falls back to the database engine. Start the node "
            "(scripts/elasticsearch start) or correct ELASTICSEARCH_URL.",
            id="search.W001",
        )
    ]
