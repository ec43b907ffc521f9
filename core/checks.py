"""Start-up checks: say in one sentence what is wrong with the configuration.

They run with every management command (`runserver`, `migrate`, ...), so that an unreachable
database stops the command with a message instead of a traceback. Apps above core add their
own checks under `CONNECTIVITY_TAG` (search: an unreachable Elasticsearch node).
"""

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError, connections

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
