"""Background work queued once, and what the worker leaves behind.

`enqueue_once` keeps one waiting run of a "drain" task (the e-mail outbox, the search
outbox) instead of one per change: a change made while a run waits is picked up by that run.
`reclaim_stale_tasks` puts back the tasks a dead worker left "RUNNING" for ever.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)


def _database_backend(task):
    from django_tasks_db.backend import DatabaseBackend

    backend = task.get_backend()
    return backend if isinstance(backend, DatabaseBackend) else None


def enqueue_once(
    task, *, run_after: datetime | None = None, coalesce_within: timedelta = timedelta(0)
) -> bool:
    """Queue `task` (no arguments) unless a run of it already waits to start no later than
    `run_after` (now when None) plus `coalesce_within` (a drain in backoff takes the changes
    made meanwhile). Returns whether a run was queued. Never raises: the outboxes keep their
    rows, and the periodic commands (deploy/) drain them if queueing failed."""
    try:
        backend = _database_backend(task)
        if backend is None:
            if run_after is not None:
                return False  # runs at once (development, tests): the periodic commands retry
            task.enqueue()
            return True
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult, get_date_max

        deadline = (run_after or timezone.now()) + coalesce_within
        waiting = DBTaskResult.objects.filter(
            status=TaskResultStatus.READY,
            task_path=task.module_path,
            backend_name=backend.alias,
        ).filter(Q(run_after=get_date_max()) | Q(run_after__lte=deadline))
        if waiting.exists():
            return False
        (task.using(run_after=run_after) if run_after else task).enqueue()
        return True
    except Exception:
        logger.exception("Could not queue %s; the periodic commands will run it", task.name)
        return False


def reclaim_stale_tasks(*, older_than: timedelta | None = None) -> int:
    """Put back to READY the RUNNING tasks of workers not seen for `older_than` (default
    WORKER_STALE_AFTER_SECONDS): a worker killed mid-task leaves its task RUNNING for ever.
    The tasks of this project are safe to run twice (outboxes, idempotent commands)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from core.models import WorkerHeartbeat

    older_than = older_than or timedelta(seconds=settings.WORKER_STALE_AFTER_SECONDS)
    cutoff = timezone.now() - older_than
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    reclaimed = 0
    for result in DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ):
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        reclaimed += DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING
        ).update(status=TaskResultStatus.READY, started_at=None)
    if reclaimed:
        logger.warning("Reclaimed %s task(s) left running by a dead worker", reclaimed)
    return reclaimed
