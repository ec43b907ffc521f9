"""The supervised background worker: django-tasks' `db_worker`, plus a heartbeat, reclaiming
the tasks of dead workers, and surviving a database outage.

Run it under a supervisor (deploy/housing-worker.service restarts it on failure). While
PostgreSQL is away it waits and tries again instead of exiting; /healthz shows "degraded"
when no worker has written its heartbeat for WORKER_STALE_AFTER_SECONDS.
"""

import logging
import os
import socket
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from core.models import WorkerHeartbeat
from core.scheduling import reclaim_stale_tasks

logger = logging.getLogger("core.worker")
MAX_OUTAGE_WAIT_SECONDS = 30


def heartbeat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": timezone.now(), "hostname": socket.gethostname(), "pid": os.getpid()},
    )


class SupervisedWorker(Worker):
    """Runs the queue in batches (upstream's loop until it is empty), beating between tasks
    and between batches."""

    _last_beat = 0.0

    def beat(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last_beat >= settings.WORKER_HEARTBEAT_SECONDS:
            heartbeat(self.worker_id)
            self._last_beat = now

    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        self.beat()

    def run(self) -> None:
        outage_wait = 1.0
        started = False
        while self.running:
            try:
                if not started:
                    reclaim_stale_tasks()
                    started = True
                self.beat(force=True)
                super().run()  # batch mode: returns when no task is ready
                self.startup_delay = False  # the random delay is for the first start only
                outage_wait = 1.0
            except (DatabaseError, InterfaceError) as error:
                logger.warning("Database unavailable (%s); retrying in %.0f s", error, outage_wait)
                close_old_connections()
                time.sleep(outage_wait)
                outage_wait = min(outage_wait * 2, MAX_OUTAGE_WAIT_SECONDS)
                continue
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running:
                time.sleep(self.interval)


class Command(DbWorkerCommand):
    help = "Run the background worker (db_worker with heartbeat, reclaim and outage retry)."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--once", action="store_true", help="Run the tasks that are ready, then exit."
        )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        backend_name,
        startup_delay,
        max_tasks,
        worker_id,
        once=False,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        worker = SupervisedWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=True,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
        )
        if once:
            worker.beat(force=True)
            Worker.run(worker)
            return
        worker.configure_signals()
        worker.run()
