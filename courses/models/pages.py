"""The pages editors write: course → modules → lessons, with quiz questions and options as
Orderable inlines of the lesson (not StreamField items) so that attempts can point to them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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
from courses import permissions, queries
from courses.blocks import LessonBodyBlock


class CourseIndexPage(BasePage):
    """The list of live courses."""

    intro = models.TextField(
        _("úvod"), blank=True, help_text=_("Jeden odstavec nad seznamem kurzů: komu jsou určeny.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
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
        # An English version of a course shows its own texts; lessons, enrolments and
        # certificates belong to the Czech course (core.locales.source_page).
        return self.render(
            request, context_overrides=queries.course_overview(source_page(self), request.user)
        )

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
        context = super().get_context(request, *args, **kwargs)
        context.update(queries.module_overview(self, request.user))
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
        """The lesson for those who may read it; for others a 403 page saying how to enrol."""
        course = self.course_page()
        enrolment = queries.enrolment_of(request.user, course)
        if not permissions.can_view_lesson(request.user, enrolment):
            response = self.render(
                request,
                template="courses/lesson_locked.html",
                context_overrides=queries.lesson_locked(
                    self, request.user, course=course, enrolment=enrolment
                ),
            )
            response.status_code = 403
            return response
        return self.render(
            request,
            context_overrides=queries.lesson_view(
                self,
                request.user,
                course=course,
                enrolment=enrolment,
                shown_token=request.GET.get("pokus", ""),
            ),
        )

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
