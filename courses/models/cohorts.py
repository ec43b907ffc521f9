"""Cohorts, enrolments and their history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import permissions


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admins see every cohort, advisers the cohorts they run, everyone else none."""
        if permissions.is_admin(user):
            return self
        if permissions.is_adviser(user):
            return self.filter(adviser=user)
        return self.none()


class Cohort(models.Model):
    """A run of a course for a group of people from one or more organisations, with an adviser."""

    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("kurz"),
        on_delete=models.CASCADE,
        related_name="cohorts",
    )
    name = models.CharField(
        _("název"), max_length=120, help_text=_("Například „Jaro 2026 – Vysočina“.")
    )
    start_date = models.DateField(_("začátek"))
    deadline = models.DateField(
        _("termín dokončení"), null=True, blank=True, help_text=_("Do kdy mají účastníci skončit.")
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("poradce"),
        on_delete=models.PROTECT,
        related_name="advised_cohorts",
        help_text=_("Poradce, který skupinu vede a vidí její pokrok."),
    )
    organisations = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("organizace"),
        blank=True,
        related_name="cohorts",
        help_text=_("Obce, jejichž pracovníci ve skupině studují."),
    )
    forum_group = models.OneToOneField(
        "forum.Category",
        verbose_name=_("pracovní skupina ve fóru"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cohort",
        help_text=_(
            "Uzavřená skupina ve fóru pro tým jedné obce; její členy drží v souladu se "
            "zápisy do skupiny (courses.cohort_groups)."
        ),
    )
    created_at = models.DateTimeField(_("vytvořeno"), auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("studijní skupina")
        verbose_name_plural = _("studijní skupiny")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("start_date")),
                name="cohort_deadline_after_start",
                violation_error_message=_("Termín dokončení nemůže být dřív než začátek."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.adviser_id and not permissions.can_run_cohort(self.adviser):
            raise ValidationError({"adviser": _("Skupinu může vést jen poradce nebo správce.")})

    @property
    def is_overdue(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.localdate()


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_at__isnull=True)

    def visible_to(self, user):
        """Learners see their own enrolments, advisers those of their cohorts, admins all."""
        if not user.is_authenticated:
            return self.none()
        if permissions.is_admin(user):
            return self
        if permissions.is_adviser(user):
            return self.filter(Q(cohort__adviser=user) | Q(user=user))
        return self.filter(user=user)

    def supervised_by(self, user):
        """The enrolments whose learners the person looks after: admins all of them, advisers
        those of the cohorts they run (never their own)."""
        if permissions.is_admin(user):
            return self.exclude(user=user)
        if permissions.is_adviser(user):
            return self.filter(cohort__adviser=user).exclude(user=user)
        return self.none()


class Enrolment(models.Model):
    """A person studying a course (once per course; leaving keeps the progress for a return)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("účastník"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("kurz"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("skupina"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    enrolled_at = models.DateTimeField(_("zapsáno"), default=timezone.now)
    left_at = models.DateTimeField(_("odhlášeno"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("poslední aktivita"), default=timezone.now)
    last_lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("poslední lekce"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("zápis do kurzu")
        verbose_name_plural = _("zápisy do kurzů")
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrolment_once_per_course"),
        ]

    def __str__(self):
        return f"{self.user} – {self.course}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class EnrolmentEvent(models.Model):
    """A line of a learner's history in a course: enrolled, left, came back, changed cohort.

    Cohort names are copied so that the history still reads right after a cohort is renamed
    or deleted."""

    class Kind(models.TextChoices):
        ENROLLED = "enrolled", _("Zápis do kurzu")
        LEFT = "left", _("Odhlášení z kurzu")
        RETURNED = "returned", _("Návrat do kurzu")
        JOINED_COHORT = "joined", _("Zařazení do skupiny")
        MOVED = "moved", _("Přesun do jiné skupiny")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("událost"), max_length=10, choices=Kind.choices)
    from_cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_cohort_name = models.CharField(_("z jaké skupiny"), max_length=120, blank=True)
    to_cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_cohort_name = models.CharField(_("do jaké skupiny"), max_length=120, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kdo změnu provedl"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("kdy"), default=timezone.now)

    class Meta:
        verbose_name = _("událost zápisu")
        verbose_name_plural = _("historie zápisů")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.enrolment} – {self.get_kind_display()}"
