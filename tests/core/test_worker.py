"""The supervised worker: heartbeat, reclaiming dead workers' tasks, /healthz on stuck work."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.mail import send_email
from core.models import OutgoingEmail, WorkerHeartbeat
from core.scheduling import reclaim_stale_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WORKER_STALE_AFTER_SECONDS = 120
    settings.HEALTH_STUCK_AFTER_SECONDS = 300


def _queue_drain():
    from core.tasks import email_outbox_deliver

    return DBTaskResult.objects.get(pk=email_outbox_deliver.enqueue().id)


def _health(client):
    return client.get("/healthz").json()


def test_no_worker_seen_makes_healthz_degraded(client, database_queue):
    payload = _health(client)
    assert payload["status"] == "degraded"
    assert payload["tasks"]["problems"] == ["no-worker"]
    WorkerHeartbeat.objects.create(worker_id="w1", seen_at=timezone.now())
    assert _health(client)["status"] == "ok"
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=121))
    assert _health(client)["status"] == "degraded"


def test_a_task_waiting_too_long_makes_healthz_degraded(client, database_queue):
    WorkerHeartbeat.objects.create(worker_id="w1", seen_at=timezone.now())
    result = _queue_drain()
    assert _health(client)["status"] == "ok"
    DBTaskResult.objects.filter(pk=result.pk).update(
        enqueued_at=timezone.now() - timedelta(seconds=301)
    )
    payload = _health(client)
    assert payload["status"] == "degraded"
    assert payload["tasks"]["problems"] == ["tasks-waiting"]


def test_an_email_waiting_too_long_makes_healthz_degraded(client, monkeypatch):
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        lambda self, messages: 0,
    )
    send_email(to="a@example.org", subject="S", body_text="B")
    assert _health(client)["status"] == "ok"
    OutgoingEmail.objects.update(created_at=timezone.now() - timedelta(seconds=301))
    payload = _health(client)
    assert payload["status"] == "degraded"
    assert payload["mail"]["pending"] == 1 and payload["mail"]["ok"] is False


def test_tasks_of_a_dead_worker_are_reclaimed(database_queue):
    dead = _queue_drain()
    alive = _queue_drain()
    long_ago = timezone.now() - timedelta(minutes=10)
    DBTaskResult.objects.filter(pk=dead.pk).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["gone"]
    )
    DBTaskResult.objects.filter(pk=alive.pk).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["busy"]
    )
    WorkerHeartbeat.objects.create(worker_id="busy", seen_at=timezone.now())
    WorkerHeartbeat.objects.create(worker_id="gone", seen_at=long_ago)
    assert reclaim_stale_tasks() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == TaskResultStatus.READY and dead.started_at is None
    assert alive.status == TaskResultStatus.RUNNING


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker commits
def test_worker_runs_ready_tasks_and_writes_its_heartbeat(database_queue, mailoutbox):
    message = send_email(to="a@example.org", subject="S", body_text="B")
    _queue_drain()
    call_command("run_worker", "--once", "--worker-id", "test-worker", "--no-startup-delay")
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.SENT
    assert WorkerHeartbeat.objects.get(
        worker_id="test-worker"
    ).seen_at > timezone.now() - timedelta(seconds=10)
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_failed_delivery_queues_the_next_retry_for_later(database_queue, monkeypatch):
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        lambda self, messages: 0,
    )
    send_email(to="a@example.org", subject="S", body_text="B")
    from core.mail import deliver_due

    deliver_due()
    (retry,) = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert retry.task_path == "core.tasks.email_outbox_deliver"
    assert retry.run_after > timezone.now() + timedelta(seconds=30)
