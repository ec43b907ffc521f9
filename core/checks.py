"""Start-up checks: say in one sentence what is wrong with the configuration.

They run with every management command (`runserver`, `migrate`, ...), so that an unreachable
database stops the command with a message instead of a traceback, and an unreachable
Elasticsearch node is reported while the site goes on with the database search engine.
"""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.db import DatabaseError, connections

from search.health import search_engine_status

CONNECTIVITY_TAG = "connectivity"


def _describe_database(alias: str) -> str:
    config = settings.DATABASES[alias]
    if config["ENGINE"].endswith("sqlite3"):
        return f"SQLite ({config['NAME']})"
    return f"{config['ENGINE'].rsplit('.', 1)[-1]} {config.get('HOST') or 'localhost'}:{config.get('PORT') or ''}"


@register(CONNECTIVITY_TAG)
def check_database_reachable(app_configs=None, **kwargs):
    errors = []
    for alias in connections:
        try:
            connections[alias].ensure_connection()
        except DatabaseError as error:
            reason = (
                str(error).strip().splitlines()[0]
                if str(error).strip()
                else error.__class__.__name__
            )
            errors.append(
                Error(
                    f"The database in DATABASE_URL ({_describe_database(alias)}) cannot be reached: {reason}",
                    hint="Start the database server or correct DATABASE_URL.",
                    id="core.E001",
                )
            )
    return errors


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
                id="core.W002",
            )
        ]
    if "error" not in status:
        return []  # the node answers; waiting work is /healthz's business
    return [
        Warning(
            f"Elasticsearch at ELASTICSEARCH_URL ({status['url']}) does not answer: {status['error']}",
            hint="Search falls back to the database engine. Start the node "
            "(scripts/elasticsearch start) or correct ELASTICSEARCH_URL.",
            id="core.W001",
        )
    ]
