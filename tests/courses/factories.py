"""Builders for courses: a course with modules, lessons and quizzes, cohorts, enrolments."""

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import factory

from courses.models import (
    Cohort,
    CourseIndexPage,
    CourseModulePage,
    CoursePage,
    Enrolment,
    LessonPage,
    QuizOption,
    QuizQuestion,
)
from tests.factories import home_page_create, publish_page


def course_index_create() -> CourseIndexPage:
    from home.models import HomePage

    existing = CourseIndexPage.objects.first()
    if existing is not None:
        return existing
    home = HomePage.objects.first() or home_page_create()
    index = CourseIndexPage(title="Kurzy", slug="kurzy")
    return publish_page(home, index)


@dataclass
class BuiltCourse:
    course: CoursePage
    modules: list[CourseModulePage] = field(default_factory=list)
    lessons: list[LessonPage] = field(default_factory=list)

    def questions(self, lesson: LessonPage) -> list[QuizQuestion]:
        return list(QuizQuestion.objects.filter(lesson=lesson))

    def correct_answers(self, lesson: LessonPage) -> dict[str, list[str]]:
        return {
            str(question.pk): [
                str(option.pk) for option in question.options.all() if option.is_correct
            ]
            for question in self.questions(lesson)
        }

    def wrong_answers(self, lesson: LessonPage) -> dict[str, list[str]]:
        return {
            str(question.pk): [
                str(next(option.pk for option in question.options.all() if not option.is_correct))
            ]
            for question in self.questions(lesson)
        }


def course_create(
    *,
    slug: str = "kurz",
    title: str = "Housing First v obci",
    modules: int = 1,
    lessons_per_module: int = 2,
    questions_per_quiz: int = 2,
    quiz: bool = True,
    open_for_self_enrolment: bool = True,
    hours: str = "6",
    optional_lessons: int = 0,
) -> BuiltCourse:
    """A published course; every lesson has a quiz of `questions_per_quiz` single-choice
    questions (first option right) unless quiz=False; the last `optional_lessons` are optional."""
    index = course_index_create()
    course = CoursePage(
        title=title,
        slug=slug,
        summary="Kurz pro pracovníky obcí.",
        goals="<ul><li>Rozumět principům.</li></ul>",
        audience="sociální pracovníci",
        hours=Decimal(hours),
        instructors="Jana Lektorová, poradkyně",
        is_open_for_self_enrolment=open_for_self_enrolment,
    )
    publish_page(index, course)
    built = BuiltCourse(course=course)
    total = modules * lessons_per_module
    number = 0
    for module_number in range(1, modules + 1):
        module = CourseModulePage(title=f"Modul {module_number}", slug=f"modul-{module_number}")
        publish_page(course, module)
        built.modules.append(module)
        for _ in range(lessons_per_module):
            number += 1
            lesson = LessonPage(
                title=f"Lekce {number}",
                slug=f"lekce-{number}",
                estimated_minutes=30,
                is_required=number <= total - optional_lessons,
                body=[("text", f"<p>Obsah lekce {number}: tajný obsah.</p>")],
                quiz_pass_percent=50,
                quiz_max_attempts=2,
            )
            if quiz:
                for question_number in range(1, questions_per_quiz + 1):
                    question = QuizQuestion(
                        sort_order=question_number,
                        text=f"Otázka {number}.{question_number}?",
                        explanation="Protože to tak je.",
                    )
                    for order, (text, is_correct) in enumerate(
                        [("Správně", True), ("Špatně", False), ("Také špatně", False)]
                    ):
                        question.options.add(
                            QuizOption(sort_order=order, text=text, is_correct=is_correct)
                        )
                    lesson.quiz_questions.add(question)
            publish_page(module, lesson)
            built.lessons.append(LessonPage.objects.get(pk=lesson.pk))
    return built


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Skupina {n}")
    start_date = date(2026, 1, 1)
    deadline = None

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment


def complete_course(built: BuiltCourse, user) -> None:
    """Read every lesson and pass every quiz through the services."""
    from courses import services

    for lesson in built.lessons:
        services.lesson_complete(user=user, lesson=lesson, course=built.course)
        if built.questions(lesson):
            services.quiz_attempt_submit(
                user=user,
                lesson=lesson,
                course=built.course,
                token=uuid.uuid4(),
                answers=built.correct_answers(lesson),
            )


def fail_quiz(built: BuiltCourse, user, lesson: LessonPage):
    """Send one attempt at the lesson's quiz with a wrong answer to every question."""
    from courses import services

    return services.quiz_attempt_submit(
        user=user,
        lesson=lesson,
        course=built.course,
        token=uuid.uuid4(),
        answers=built.wrong_answers(lesson),
    )
