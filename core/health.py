"""What /healthz reports: the task queue, the workers and the e-mail outbox (work waiting
longer than HEALTH_STUCK_AFTER_SECONDS, or no worker seen for WORKER_STALE_AFTER_SECONDS,
makes the site "degraded"), and the components that apps above core register (search).
"""

from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

_components: dict[str, Callable[[], dict]] = {}


def register_component(name: str, status: Callable[[], dict]) -> None:
    """Report `status()` under `name` in /healthz; its `ok` counts for the site's state.

    Called from an app's `AppConfig.ready()`, so that core need not import the app."""
    _components[name] = status


def component_statuses() -> dict[str, dict]:
    """The state of every registered component, in the order they were registered."""
    return {name: status() for name, status in _components.items()}


def _age_seconds(moment) -> int | None:
    return None if moment is None else max(int((timezone.now() - moment).total_seconds()), 0)


def _queue_uses_worker() -> bool:
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def tasks_status() -> dict:
    """The oldest task ready to run and the last worker heartbeat (database queue only: in
    development tasks run at once and no worker is needed)."""
    if not _queue_uses_worker():
        return {"ok": True, "queue": "immediate"}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    from core.models import WorkerHeartbeat

    now = timezone.now()
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    oldest_immediate = (
        ready.filter(run_after=get_date_max())
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
    ).first()
    oldest_deferred = (
        ready.filter(run_after__lte=now).order_by("run_after").values_list("run_after", flat=True)
    ).first()
    waiting_since = min(
        (moment for moment in (oldest_immediate, oldest_deferred) if moment), default=None
    )
    last_seen = (
        WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    )
    oldest_age = _age_seconds(waiting_since)
    worker_age = _age_seconds(last_seen)
    problems = []
    if oldest_age is not None and oldest_age > settings.HEALTH_STUCK_AFTER_SECONDS:
        problems.append("tasks-waiting")
    if worker_age is None or worker_age > settings.WORKER_STALE_AFTER_SECONDS:
        problems.append("no-worker")
    return {
        "ok": not problems,
        "queue": "database",
        "oldest_ready_seconds": oldest_age,
        "worker_seen_seconds_ago": worker_age,
        "running": DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
        "problems": problems,
    }


def mail_status() -> dict:
    from core.models import OutgoingEmail

    oldest = (
        OutgoingEmail.objects.pending().order_by("created_at").values_list("created_at", flat=True)
    ).first()
    oldest_age = _age_seconds(oldest)
    return {
        "ok": oldest_age is None or oldest_age <= settings.HEALTH_STUCK_AFTER_SECONDS,
        "pending": OutgoingEmail.objects.pending().count(),
        "oldest_pending_seconds": oldest_age,
        "failed": OutgoingEmail.objects.failed().count(),
    }


def work_status() -> dict:
    try:
        return {"tasks": tasks_status(), "mail": mail_status()}
    except DatabaseError:
        return {}
