"""Background work of search (django-tasks)."""

from django_tasks import task


@task()
def search_outbox_drain() -> dict:
    """Apply the pending index changes to the engines (see search.outbox)."""
    from search.outbox import outbox_drain

    return outbox_drain()
