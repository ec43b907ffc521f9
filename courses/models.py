"""Courses: the pages editors write (course → modules → lessons with quizzes) and the plain
models of what people do (cohorts, enrolments, completed lessons, quiz attempts,
certificates, feedback, reminders).

Quiz questions and their options are Orderable inlines of the lesson page, not StreamField
items, so that attempts can point to them. An attempt also keeps its own copy of what it was
scored against (score, pass/fail, each answer's correctness and the question text), so
editing or deleting a question later never changes a stored result.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.locales import in_any_translation_of, localized, order_by_source_path, source_page
from core.models import BasePage
from courses.blocks import LessonBodyBlock

# --- pages ------------------------------------------------------------------------------


class CourseIndexPage(BasePage):
    """The list of live courses."""

    intro = models.TextField(
        _("úvod"), blank=True, help_text=_("Jeden odstavec nad seznamem kurzů: komu jsou určeny.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("rozcestník kurzů")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = order_by_source_path(
            localized(CoursePage.objects.filter(in_any_translation_of(self)).live().public())
        ).specific()
        return context


class CoursePage(RoutablePageMixin, BasePage):
    """A course's public overview; enrolment, leaving and the final evaluation are its routes."""

    summary = models.TextField(
        _("shrnutí"),
        max_length=500,
        help_text=_(
            "Dvě až tři věty o tom, co si účastníci z kurzu odnesou. Ukazuje se v seznamu."
        ),
    )
    goals = RichTextField(
        _("cíle"),
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("Co účastníci po kurzu budou umět, nejlépe jako odrážky."),
    )
    audience = models.TextField(
        _("pro koho"),
        help_text=_("Například „sociální pracovníci, bytové odbory, politici obcí“."),
    )
    hours = models.DecimalField(
        _("délka v hodinách"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0)],
        help_text=_("Odhad celkové doby studia; tiskne se na certifikát."),
    )
    prerequisites = models.TextField(
        _("předpoklady"), blank=True, help_text=_("Co by účastníci měli znát předem. Nepovinné.")
    )
    instructors = models.TextField(
        _("lektoři"),
        help_text=_("Jména a funkce lektorů, každý na samostatný řádek."),
    )
    enrolment_info = models.TextField(
        _("jak se přihlásit"),
        blank=True,
        help_text=_(
            "Pro kurzy bez samostatného zápisu: na koho se obrátit (například na poradce sítě)."
        ),
    )
    is_open_for_self_enrolment = models.BooleanField(
        _("otevřený zápis"),
        default=True,
        help_text=_(
            "Zapnuto: kdokoli přihlášený se může zapsat sám. Vypnuto: zapisují jen poradci."
        ),
    )
    certificate_issuer = models.CharField(
        _("vydavatel certifikátu"),
        max_length=200,
        blank=True,
        help_text=_(
            "Organizace, která certifikát vydává a za kurz ručí, například „Platforma pro "
            "sociální bydlení“. Prázdné: název webu."
        ),
    )
    certificate_signatory_name = models.CharField(
        _("kdo certifikát podepisuje"),
        max_length=200,
        blank=True,
        help_text=_("Jméno člověka, který za vydavatele certifikát podepisuje, s tituly."),
    )
    certificate_signatory_role = models.CharField(
        _("funkce podepisujícího"),
        max_length=200,
        blank=True,
        help_text=_("Například „vedoucí vzdělávání“."),
    )
    topics = ParentalManyToManyField(
        "core.Topic",
        verbose_name=_("témata"),
        related_name="courses",
        blank=True,
        help_text=_("Metody, které kurz učí. Znalostní báze podle nich ukazuje související kurzy."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("goals"),
        FieldPanel("audience"),
        FieldRowPanel([FieldPanel("hours"), FieldPanel("is_open_for_self_enrolment")]),
        FieldPanel("prerequisites"),
        FieldPanel("instructors"),
        FieldPanel("enrolment_info"),
        MultiFieldPanel(
            [
                FieldPanel("certificate_issuer"),
                FieldRowPanel(
                    [
                        FieldPanel("certificate_signatory_name"),
                        FieldPanel("certificate_signatory_role"),
                    ]
                ),
            ],
            heading=_("Certifikát"),
        ),
        FieldPanel("topics"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.CourseModulePage"]

    class Meta:
        verbose_name = _("kurz")
        verbose_name_plural = _("kurzy")

    @path("")
    def overview(self, request):
        from courses.views import course

        return course.course_overview(request, self)

    @path("zapsat/")
    def enrol(self, request):
        from courses.views import course

        return course.course_enrol(request, source_page(self))

    @path("odhlasit/")
    def leave(self, request):
        from courses.views import course

        return course.course_leave(request, source_page(self))

    @path("hodnoceni/")
    def feedback(self, request):
        from courses.views import course

        return course.course_feedback(request, source_page(self))

    @property
    def instructor_lines(self) -> list[str]:
        return [line.strip() for line in self.instructors.splitlines() if line.strip()]

    @property
    def issuer_name(self) -> str:
        return self.certificate_issuer or settings.WAGTAIL_SITE_NAME


class CourseModulePage(BasePage):
    """A group of lessons within a course. Its page lists the lessons (titles only)."""

    intro = models.TextField(
        _("úvod"), blank=True, help_text=_("Jedna až dvě věty: o čem modul je.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("modul kurzu")
        verbose_name_plural = _("moduly kurzu")

    def get_context(self, request, *args, **kwargs):
        from courses import permissions, progress

        context = super().get_context(request, *args, **kwargs)
        course = self.get_parent().specific
        structure = progress.course_structure(course)
        enrolment = (
            Enrolment.objects.active().filter(user=request.user, course=course).first()
            if request.user.is_authenticated
            else None
        )
        learner = progress.learner_progress(request.user, structure) if enrolment else None
        context["course"] = course
        context["learner"] = learner
        context["outline"] = [
            module for module in progress.outline(structure, learner) if module.page.pk == self.pk
        ]
        context["show_links"] = bool(learner) or permissions.can_see_all_lessons(request.user)
        context["continue_lesson"] = (
            learner.next_lesson.page if learner and learner.next_lesson else None
        )
        return context


class LessonPageForm(WagtailAdminPageForm):
    """Checks each quiz question's options: at least one right, exactly one for single choice."""

    def clean(self):
        cleaned_data = super().clean()
        questions = self.formsets.get("quiz_questions")
        if questions is None or not questions.is_valid():
            return cleaned_data
        for form in questions.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            options = [
                option
                for option in form.formsets["options"].forms
                if option.cleaned_data and not option.cleaned_data.get("DELETE")
            ]
            correct = sum(1 for option in options if option.cleaned_data.get("is_correct"))
            text = form.cleaned_data.get("text", "")
            if correct == 0:
                raise ValidationError(
                    _("U otázky „{question}“ označte alespoň jednu správnou možnost.").format(
                        question=text
                    )
                )
            if form.cleaned_data.get("kind") == QuizQuestion.Kind.SINGLE and correct > 1:
                raise ValidationError(
                    _(
                        "Otázka „{question}“ má jednu správnou odpověď, ale označeno je jich "
                        "víc. Změňte druh otázky, nebo nechte jen jednu správnou."
                    ).format(question=text)
                )
        return cleaned_data


class QuizGrading(models.TextChoices):
    HIGHEST = "highest", _("Nejlepší pokus")
    LAST = "last", _("Poslední pokus")


class LessonPage(RoutablePageMixin, BasePage):
    """A lesson, for enrolled learners (and advisers and admins) only, with an optional quiz."""

    base_form_class = LessonPageForm
    show_in_sitemap = False  # visitors would get the "enrol first" page

    estimated_minutes = models.PositiveSmallIntegerField(
        _("odhad doby v minutách"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Kolik minut lekce zabere včetně kvízu."),
    )
    is_required = models.BooleanField(
        _("povinná"),
        default=True,
        help_text=_(
            "Povinné lekce (a jejich kvízy) musí být hotové, aby účastník dostal certifikát."
        ),
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("obsah lekce"), blank=True)
    quiz_pass_percent = models.PositiveSmallIntegerField(
        _("hranice úspěchu kvízu (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Kolik procent otázek musí být zodpovězeno správně."),
    )
    quiz_max_attempts = models.PositiveSmallIntegerField(
        _("počet pokusů"),
        default=3,
        validators=[MaxValueValidator(20)],
        help_text=_("Kolikrát smí účastník kvíz odeslat; 0 znamená neomezeně."),
    )
    quiz_retry_wait_hours = models.PositiveSmallIntegerField(
        _("čekání na další pokus (hodiny)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
        help_text=_(
            "Kdo vyčerpá pokusy a kvíz nesplní, smí po této době odeslat další pokus "
            "(a po dalším neúspěchu znovu čekat). Poradce mu může pokus přidat i hned."
        ),
    )
    quiz_grading = models.CharField(
        _("který pokus se počítá"),
        max_length=10,
        choices=QuizGrading.choices,
        default=QuizGrading.HIGHEST,
        help_text=_("Výsledek kvízu, který vidí účastník a poradce: nejlepší, nebo poslední."),
    )
    quiz_show_answers = models.BooleanField(
        _("po pokusu ukázat správné odpovědi"),
        default=True,
        help_text=_(
            "Zapnuto: po odeslání se ukáže, které možnosti byly správné, a vysvětlení. "
            "Vypnuto: jen které otázky byly zodpovězeny správně."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("is_required")]),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("quiz_pass_percent"), FieldPanel("quiz_max_attempts")]),
                FieldRowPanel([FieldPanel("quiz_retry_wait_hours"), FieldPanel("quiz_grading")]),
                FieldPanel("quiz_show_answers"),
                InlinePanel("quiz_questions", label=_("Otázka")),
            ],
            heading=_("Kvíz"),
        ),
    ]
    search_fields = [*Page.search_fields]
    parent_page_types = ["courses.CourseModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lekce")
        verbose_name_plural = _("lekce")

    @path("")
    def detail(self, request):
        from courses.views import lesson

        return lesson.lesson_detail(request, self)

    @path("hotovo/")
    def complete(self, request):
        from courses.views import lesson

        return lesson.lesson_complete_view(request, self)

    @path("kviz/")
    def quiz(self, request):
        from courses.views import lesson

        return lesson.quiz_submit_view(request, self)

    def course_page(self) -> "CoursePage":
        """The course this lesson belongs to (lesson → module → course)."""
        return CoursePage.objects.ancestor_of(self).get()


class QuizQuestion(Orderable, ClusterableModel):
    """A question of a lesson's quiz; single choice when exactly one option is correct."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Jedna správná odpověď")
        MULTIPLE = "multiple", _("Více správných odpovědí")

    lesson = ParentalKey(LessonPage, on_delete=models.CASCADE, related_name="quiz_questions")
    text = models.CharField(_("otázka"), max_length=400)
    kind = models.CharField(
        _("druh"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.SINGLE,
        help_text=_("U více správných odpovědí musí účastník označit všechny a žádnou navíc."),
    )
    explanation = models.TextField(
        _("vysvětlení"),
        help_text=_("Ukáže se po odeslání: proč je správná odpověď správná."),
    )

    panels = [
        FieldPanel("text"),
        FieldPanel("kind"),
        FieldPanel("explanation"),
        InlinePanel("options", label=_("Možnost"), min_num=2),
    ]

    class Meta(Orderable.Meta):
        # pk breaks ties: rows created in code may share a sort order (or have none).
        ordering = ["sort_order", "pk"]
        verbose_name = _("otázka kvízu")
        verbose_name_plural = _("otázky kvízu")

    def __str__(self):
        return self.text


class QuizOption(Orderable):
    question = ParentalKey(QuizQuestion, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("možnost"), max_length=300)
    is_correct = models.BooleanField(_("správná"), default=False)

    panels = [FieldPanel("text"), FieldPanel("is_correct")]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "pk"]
        verbose_name = _("možnost")
        verbose_name_plural = _("možnosti")

    def __str__(self):
        return self.text


# --- what people do ---------------------------------------------------------------------


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admins see every cohort, advisers the cohorts they run, everyone else none."""
        from courses import permissions

        if permissions.is_admin(user):
            return self
        if permissions.is_adviser(user):
            return self.filter(adviser=user)
        return self.none()


class Cohort(models.Model):
    """A run of a course for a group of people from one or more organisations, with an adviser."""

    course = models.ForeignKey(
        CoursePage, verbose_name=_("kurz"), on_delete=models.CASCADE, related_name="cohorts"
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
        from accounts.roles import Role

        if self.adviser_id and not (
            self.adviser.is_superuser or self.adviser.has_role(Role.ADVISER, Role.ADMIN)
        ):
            raise ValidationError({"adviser": _("Skupinu může vést jen poradce nebo správce.")})

    @property
    def is_overdue(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.localdate()


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_at__isnull=True)

    def visible_to(self, user):
        """Learners see their own enrolments, advisers those of their cohorts, admins all."""
        from courses import permissions

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
        from courses import permissions

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
        CoursePage, verbose_name=_("kurz"), on_delete=models.CASCADE, related_name="enrolments"
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
        LessonPage,
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


class LessonCompletion(models.Model):
    """A lesson the learner marked as done (once per lesson)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="completions")
    # The course, stored so that progress of a whole cohort is one query.
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("dokončená lekce")
        verbose_name_plural = _("dokončené lekce")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lesson_completed_once"),
        ]

    def __str__(self):
        return f"{self.user} – {self.lesson}"


def _new_attempt_token() -> uuid.UUID:
    return uuid.uuid4()


class QuizAttempt(models.Model):
    """One submission of a lesson's quiz, scored on the server when it arrived.

    The token comes from the form the learner filled in, so sending that form again (a double
    click, the back button) finds this row instead of counting a second attempt.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="quiz_attempts")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField(default=_new_attempt_token, unique=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    correct_count = models.PositiveSmallIntegerField()
    question_count = models.PositiveSmallIntegerField()
    score_percent = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    passed = models.BooleanField()

    class Meta:
        verbose_name = _("pokus o kvíz")
        verbose_name_plural = _("pokusy o kvíz")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(correct_count__lte=models.F("question_count")),
                name="quiz_attempt_correct_at_most_questions",
            ),
            models.CheckConstraint(
                condition=Q(score_percent__lte=100), name="quiz_attempt_percent_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.lesson} ({self.score_percent} %)"


class QuizAttemptGrant(models.Model):
    """Extra attempts at a lesson's quiz that an adviser or administrator gave one learner,
    with the reason; the row is also the log of who did it and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("účastník"),
        on_delete=models.CASCADE,
        related_name="quiz_attempt_grants",
    )
    lesson = models.ForeignKey(
        LessonPage, verbose_name=_("lekce"), on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    extra_attempts = models.PositiveSmallIntegerField(
        _("pokusů navíc"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reason = models.TextField(_("důvod"), max_length=1000)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("přidal(a)"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("kdy"), default=timezone.now)

    class Meta:
        verbose_name = _("přidané pokusy o kvíz")
        verbose_name_plural = _("přidané pokusy o kvíz")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extra_attempts__gte=1, extra_attempts__lte=10),
                name="quiz_grant_1_to_10_attempts",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="quiz_grant_has_a_reason"),
        ]

    def __str__(self):
        return f"{self.user} – {self.lesson} (+{self.extra_attempts})"


class QuizAnswer(models.Model):
    """What the learner answered to one question, and whether it was right at the time."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        QuizQuestion, null=True, on_delete=models.SET_NULL, related_name="answers"
    )
    question_text = models.CharField(max_length=400)
    selected_options = models.ManyToManyField(QuizOption, blank=True, related_name="+")
    is_correct = models.BooleanField()

    class Meta:
        verbose_name = _("odpověď v kvízu")
        verbose_name_plural = _("odpovědi v kvízu")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="quiz_answer_once_per_question"
            ),
        ]

    def __str__(self):
        return self.question_text


def _new_certificate_code() -> str:
    """12 characters without look-alikes (0/O, 1/I), grouped in fours: "K7MQ-4XRT-9PZB"."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    """Proof that a learner completed a course; issued once, verifiable by its code.

    Name, course title and hours are copied at issue, so a certificate says what it said when
    it was issued even if the person or the course changes later.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    course = models.ForeignKey(
        CoursePage, null=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    code = models.CharField(
        _("ověřovací kód"), max_length=20, unique=True, default=_new_certificate_code
    )
    issued_at = models.DateTimeField(_("vydáno"), default=timezone.now)
    learner_name = models.CharField(_("jméno"), max_length=300)
    course_title = models.CharField(_("kurz"), max_length=255)
    hours = models.DecimalField(_("hodin"), max_digits=4, decimal_places=1)
    issuer_name = models.CharField(_("vydavatel"), max_length=200, blank=True)
    signatory_name = models.CharField(_("podepisuje"), max_length=200, blank=True)
    signatory_role = models.CharField(_("funkce podepisujícího"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("zrušeno"), null=True, blank=True)
    revocation_reason = models.TextField(_("důvod zrušení"), max_length=1000, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zrušil(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("certifikát")
        verbose_name_plural = _("certifikáty")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="certificate_once_per_course"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="certificate_revocation_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.learner_name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class CourseFeedback(models.Model):
    """The short evaluation a learner gives at the end of a course (once per course)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_feedback"
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="feedback_entries"
    )
    rating = models.PositiveSmallIntegerField(
        _("celkové hodnocení"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    most_useful = models.TextField(_("co bylo nejužitečnější"), max_length=2000, blank=True)
    to_improve = models.TextField(_("co zlepšit"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hodnocení kurzu")
        verbose_name_plural = _("hodnocení kurzů")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="feedback_once_per_course"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.course} – {self.rating}/5"


class ReminderPreference(models.Model):
    """A person's choice about course e-mails: reminders on or off, and their language
    (no row = reminders on, in the site's language)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_reminder_preference",
    )
    reminders_enabled = models.BooleanField(_("posílat připomínky"), default=True)
    language = models.CharField(
        _("jazyk e-mailů"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Prázdné: jazyk webu."),
    )

    class Meta:
        verbose_name = _("nastavení připomínek")
        verbose_name_plural = _("nastavení připomínek")

    def __str__(self):
        return f"{self.user}: {self.reminders_enabled}"


class ReminderLog(models.Model):
    """A reminder that was sent; the unique key makes each reminder go out once."""

    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("Blíží se termín")
        INACTIVITY = "inactivity", _("Dlouho bez aktivity")
        WEEKLY_SUMMARY = "weekly_summary", _("Týdenní souhrn pro poradce")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_reminders"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("odeslaná připomínka")
        verbose_name_plural = _("odeslané připomínky")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="reminder_sent_once"),
        ]

    def __str__(self):
        return f"{self.user} – {self.kind} {self.key}"
