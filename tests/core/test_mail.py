"""The durable e-mail outbox (core.mail): delivered or retried, never lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from core.mail import deliver_due, resend, retry_delay, send_email
from core.models import OutgoingEmail
from tests.core.smtp_sink import SmtpSink
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _make_due():
    """Time passes: every waiting message's next attempt has come."""
    OutgoingEmail.objects.pending().update(next_attempt_at=timezone.now() - timedelta(seconds=1))


@pytest.fixture
def smtp(settings):
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield sink
    sink.stop()


def test_message_is_stored_in_the_callers_transaction_and_sent_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_email(to="jana@example.org", subject="Ahoj", body_text="Text")
        assert mail.outbox == []  # nothing leaves before the commit
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.SENT
    assert message.attempts == 1
    assert [m.to for m in mail.outbox] == [["jana@example.org"]]


def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_email(to="jana@example.org", subject="Ahoj", body_text="Text")
        raise RuntimeError("the caller's write failed")
    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []


def test_dedupe_key_stores_one_message():
    first = send_email(to="a@example.org", subject="S", body_text="B", dedupe_key="digest:1")
    second = send_email(to="a@example.org", subject="S", body_text="B", dedupe_key="digest:1")
    assert first is not None and second is None
    assert OutgoingEmail.objects.count() == 1


def test_failure_is_retried_with_growing_delay_then_marked_failed(settings, monkeypatch):
    settings.MAIL_MAX_ATTEMPTS = 3
    settings.MAIL_RETRY_BASE_SECONDS = 60
    settings.MAIL_RETRY_MAX_SECONDS = 150
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 150, 150]

    def refuse(self, messages):
        raise ConnectionRefusedError("server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    message = send_email(to="a@example.org", subject="S", body_text="B")
    before = timezone.now()
    assert deliver_due() == {"sent": 0, "retry": 1, "failed": 0}
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.PENDING
    assert message.attempts == 1
    assert "server down" in message.last_error
    assert message.next_attempt_at >= before + timedelta(seconds=59)
    assert deliver_due() == {"sent": 0, "retry": 0, "failed": 0}  # not due yet
    _make_due()
    deliver_due()
    _make_due()
    assert deliver_due() == {"sent": 0, "retry": 0, "failed": 1}
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.FAILED
    assert message.attempts == 3


def test_backend_that_accepts_nothing_does_not_mark_sent(monkeypatch):
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", lambda self, m: 0
    )
    message = send_email(to="a@example.org", subject="S", body_text="B")
    deliver_due()
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.PENDING
    assert message.sent_at is None


def test_claimed_message_is_not_sent_by_a_second_run():
    message = send_email(to="a@example.org", subject="S", body_text="B")
    lease_end = timezone.now() + timedelta(minutes=5)
    OutgoingEmail.objects.filter(pk=message.pk).update(next_attempt_at=lease_end)
    assert deliver_due()["sent"] == 0
    assert mail.outbox == []


def test_real_smtp_server_stopped_mid_test_loses_nothing(smtp):
    first = [send_email(to=f"p{n}@example.org", subject=f"E {n}", body_text="x") for n in range(5)]
    assert deliver_due()["sent"] == 5
    smtp.stop()
    second = [send_email(to=f"q{n}@example.org", subject=f"F {n}", body_text="y") for n in range(5)]
    result = deliver_due()
    assert result["sent"] == 0 and result["retry"] == 5
    assert OutgoingEmail.objects.pending().count() == 5
    smtp.start()
    _make_due()
    assert deliver_due()["sent"] == 5
    assert sorted(smtp.ids) == sorted(str(m.pk) for m in first + second)  # each exactly once
    assert OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).count() == 0


def test_old_email_send_task_goes_through_the_outbox(smtp, django_capture_on_commit_callbacks):
    from core.tasks import email_send

    smtp.stop()
    with django_capture_on_commit_callbacks(execute=True):
        email_send.enqueue(subject="S", body="B", recipients=["a@example.org"])
    message = OutgoingEmail.objects.get()
    assert message.status == OutgoingEmail.Status.PENDING and message.attempts == 1
    smtp.start()
    _make_due()
    deliver_due()
    assert smtp.ids == [str(message.pk)]


def test_resend_puts_failed_messages_back_from_the_first_attempt():
    message = send_email(to="a@example.org", subject="S", body_text="B")
    OutgoingEmail.objects.filter(pk=message.pk).update(
        status=OutgoingEmail.Status.FAILED, attempts=10
    )
    assert resend(ids=[message.pk]) == 1
    deliver_due()
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.SENT and message.attempts == 1


# --- the report in the Wagtail admin ---------------------------------------------------


def _failed(n=1):
    rows = []
    for index in range(n):
        message = send_email(to=f"f{index}@example.org", subject=f"Zpráva {index}", body_text="B")
        rows.append(message)
    OutgoingEmail.objects.update(
        status=OutgoingEmail.Status.FAILED, attempts=10, last_error="ConnectionRefusedError"
    )
    return rows


def test_administrator_sees_failed_messages(client, django_assert_max_num_queries):
    _failed(3)
    client.force_login(user_with_role(Role.ADMIN))
    url = reverse("core_outgoing_email_report")
    with django_assert_max_num_queries(40):
        response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('class="outgoing-email-row"') == 3
    assert "ConnectionRefusedError" in content
    _failed(20)
    with django_assert_max_num_queries(40):
        assert client.get(url).content.decode().count('class="outgoing-email-row"') == 23


def test_administrator_resends_checked_messages(client, django_capture_on_commit_callbacks):
    rows = _failed(2)
    client.force_login(user_with_role(Role.ADMIN))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core_outgoing_email_report"), {"message": [str(rows[0].pk)]}
        )
    assert response.status_code == 302
    statuses = dict(OutgoingEmail.objects.values_list("pk", "status"))
    assert statuses == {rows[0].pk: "sent", rows[1].pk: "failed"}
    assert [m.to for m in mail.outbox] == [["f0@example.org"]]


def test_resend_without_a_choice_says_what_to_do(client):
    _failed(1)
    client.force_login(user_with_role(Role.ADMIN))
    response = client.post(reverse("core_outgoing_email_report"), {"message": ["x"]}, follow=True)
    assert "Vyberte alespoň jeden e-mail" in response.content.decode()
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.FAILED


@pytest.mark.parametrize("role", [Role.ADVISER, Role.MODERATOR])
def test_staff_without_the_permission_may_not_see_or_resend(client, role):
    rows = _failed(1)
    client.force_login(user_with_role(role))
    url = reverse("core_outgoing_email_report")
    # The Wagtail admin answers a refused permission with a redirect to its dashboard.
    response = client.get(url)
    assert (response.status_code, response.url) == (302, "/admin/")
    response = client.post(url, {"message": [str(rows[0].pk)]})
    assert (response.status_code, response.url) == (302, "/admin/")
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.FAILED


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("core_outgoing_email_report"))
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_templated_email_renders_subject_and_text_now():
    from core.mail import send_templated_email
    from tests.factories import UserFactory

    message = send_templated_email(
        to="garant@example.org",
        template_prefix="kb/email/review_reminder",
        context={"owner": UserFactory(), "articles": [], "admin_url": "http://testserver/admin/"},
        dedupe_key="kb-review:test",
    )
    assert message.subject and "\n" not in message.subject
    assert "http://testserver/admin/" in message.body_text
    assert message.body_html == ""  # no HTML template: text only
