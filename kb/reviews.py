"""The review cycle: when an article is due for review, and reminding its owner once.

An article is due `review_interval_months` after `last_reviewed_on`. When that day has
passed, the article is listed for its owner in the Wagtail admin, flagged on the page, and
its owner gets one e-mail per due date (`review_reminders_send`, run daily).
"""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.templated_mail import send_templated_email
from kb.dates import add_months  # noqa: F401 (re-exported: the review cycle's date rule)
from kb.models import ArticlePage, ReviewReminder


def overdue_articles(*, today: date | None = None, owner=None):
    """Live articles whose review date has passed, oldest due first."""
    articles = ArticlePage.objects.live().filter(review_due_on__lt=today or timezone.localdate())
    if owner is not None:
        articles = articles.filter(content_owner=owner)
    return articles.select_related("content_owner").order_by("review_due_on", "title")


def review_reminders_send(*, today: date | None = None) -> int:
    """E-mail each owner about their overdue articles, once per article and due date.

    Returns the number of e-mails queued. Articles without an owner or whose owner has no
    active account are left to the admin report. The reminder records and the e-mails
    (core.mail's outbox) commit together, so a reminder recorded is a reminder delivered or
    retried, and a second run sends nothing again.
    """
    with transaction.atomic():
        due_by_owner: dict = {}
        for article in overdue_articles(today=today).filter(content_owner__is_active=True):
            try:
                with transaction.atomic():
                    ReviewReminder.objects.create(
                        page=article, due_on=article.review_due_on, owner=article.content_owner
                    )
            except IntegrityError:
                continue  # this due date was already reminded
            due_by_owner.setdefault(article.content_owner, []).append(article)

        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("kb_reviews:index")
        for owner, articles in due_by_owner.items():
            send_templated_email(
                to=owner.email,
                template="kb/email/review_reminder",
                context={"owner": owner, "articles": articles, "admin_url": admin_url},
                language=settings.LANGUAGE_CODE,
            )
    return len(due_by_owner)
