"""What every app builds on: the abstract base page, the shared topics, the e-mail outbox and
the worker heartbeats. Nothing here imports an app above core."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core import locales


class BasePage(Page):
    """Abstract parent of every page type of the project."""

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """Wagtail's routing, where the next part of the address may name a child of this
        page or of any of its language versions: the English interface shows a Czech page
        at its Czech path under `/en/` while it has no English version, and an English
        version is reached also when its parents are not translated. A live version in the
        interface's language is preferred, then a live Czech one (one query per level, as
        Wagtail's own routing)."""
        if not path_components:
            return super().route(request, path_components)
        candidates = list(
            Page.objects.filter(locales.in_any_translation_of(self), slug=path_components[0])
        )
        if not candidates:
            raise Http404
        preference = [locales.active_locale_id(), self.locale_id, locales.default_locale_id()]
        subpage = min(
            candidates,
            key=lambda page: (
                not page.live,
                page.alias_of_id is not None,
                preference.index(page.locale_id) if page.locale_id in preference else 3,
            ),
        )
        if subpage.path[: -self.steplen] == self.path:
            subpage._cached_parent_obj = self  # as Wagtail's routing: get_parent() is free
        return subpage.specific.route(request, path_components[1:])

    def get_url_parts(self, request=None):
        """Wagtail's address of the page, in the interface's language for a default-locale
        page (a Czech page without an English version keeps the English interface: `/en/…`);
        a page in another locale keeps its own language prefix."""
        return locales.interface_url_parts(self, super().get_url_parts(request))


class TopicQuerySet(models.QuerySet):
    def used_by_live_pages(self, page_model):
        """Topics that at least one live page of `page_model` uses."""
        return self.filter(pk__in=page_model.objects.live().values("topics")).distinct()


class Topic(models.Model):
    """A method or tool of housing practice, shared by case studies, articles and courses."""

    name = models.CharField(
        _("název"),
        max_length=80,
        unique=True,
        help_text=_("Například „Housing First“ nebo „Krizové bydlení“."),
    )
    slug = models.SlugField(
        _("adresa"),
        max_length=80,
        unique=True,
        help_text=_("Část adresy pro filtry, jen malá písmena bez diakritiky a pomlčky."),
    )
    description = models.TextField(
        _("popis"), blank=True, help_text=_("Jedna až dvě věty pro čtenáře, kteří metodu neznají.")
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("téma")
        verbose_name_plural = _("témata")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Pending messages whose next attempt has come (not held by a running send)."""
        from django.utils import timezone

        return self.filter(
            status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now or timezone.now()
        )

    def pending(self):
        return self.filter(status=OutgoingEmail.Status.PENDING)

    def failed(self):
        return self.filter(status=OutgoingEmail.Status.FAILED)


class OutgoingEmail(models.Model):
    """One e-mail in the durable outbox (core.mail): written in the transaction of the change
    that causes it, marked sent only after the mail server accepted it, retried with backoff,
    and left as failed after `MAIL_MAX_ATTEMPTS` for an administrator to send again."""

    class Status(models.TextChoices):
        PENDING = "pending", _("čeká na odeslání")
        SENT = "sent", _("odesláno")
        FAILED = "failed", _("nepodařilo se odeslat")

    to = models.JSONField(_("příjemci"))
    from_email = models.CharField(_("odesílatel"), max_length=254)
    subject = models.CharField(_("předmět"), max_length=998)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # Optional: a second message with the same key is not stored (digests, reminders).
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(
        _("stav"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pokusů"), default=0)
    # Also the lease of a send in progress: a claimed message is pushed into the future.
    next_attempt_at = models.DateTimeField(_("další pokus"), db_index=True)
    last_error = models.CharField(_("poslední chyba"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("vytvořeno"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("odesláno"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("odchozí e-mail")
        verbose_name_plural = _("odchozí e-maily")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sent", "failed"]),
                name="core_outgoingemail_status_valid",
            )
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"


class WorkerHeartbeat(models.Model):
    """The last time a background worker (`manage.py run_worker`) was seen, for /healthz and
    for reclaiming the tasks of a worker that died while running them."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("běh pracovního procesu")
        verbose_name_plural = _("běhy pracovních procesů")

    def __str__(self):
        return self.worker_id
