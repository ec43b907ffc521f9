"""Demo content for courses, created by `load_demo` from courses/demo_content/. Idempotent: a
second run changes nothing.

A Housing First course in Czech, written in our own words from the project's source documents
(the Platform's work with municipalities and Ostrava's pilot of crisis, social and affordable
housing): three modules, five lessons, each with a quiz. Two cohorts run by the demo adviser
with fictional learners at different stages. No quotes are attributed to real people.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.roles import Role
from accounts.services import membership_set
from core.demo_data import demo_file, demo_files
from core.models import Topic
from courses import services
from courses.models import (
    Certificate,
    Cohort,
    CourseIndexPage,
    CourseModulePage,
    CoursePage,
    Enrolment,
    LessonPage,
    QuizOption,
    QuizQuestion,
)
from home.models import HomePage, HomePageSection

# Fields of course.toml's [course] table stored on CoursePage as they are.
COURSE_FIELDS = (
    "title",
    "summary",
    "goals",
    "audience",
    "prerequisites",
    "instructors",
    "enrolment_info",
    "is_open_for_self_enrolment",
    "certificate_issuer",
    "certificate_signatory_name",
    "certificate_signatory_role",
)


def _lesson_body(lesson: dict, heading: str, case_studies: dict):
    body = [("heading", heading)]
    body += [("text", f"<p>{paragraph}</p>") for paragraph in lesson["paragraphs"]]
    page = case_studies.get(lesson["case_study"])
    if page is not None:
        body.append(("case_study", {"page": page, "why": lesson["case_study_why"]}))
    body.append(("reflection", {"question": lesson["reflection"], "hint": ""}))
    body.append(("quiz", None))
    return body


def _quiz_settings(*settings: dict) -> dict:
    """LessonPage quiz fields from course.toml's defaults and a lesson's overrides."""
    return {f"quiz_{name}": value for item in settings for name, value in item.items()}


def _lesson_create(
    module: CourseModulePage, code: str, item: dict, course_data: dict, case_studies: dict
) -> None:
    lesson = LessonPage(
        title=item["title"],
        slug=code,
        estimated_minutes=item["minutes"],
        body=_lesson_body(item, course_data["lesson_heading"], case_studies),
        **_quiz_settings(course_data["quiz"], item.get("quiz", {})),
    )
    for question_order, question_data in enumerate(item["questions"]):
        question = QuizQuestion(
            sort_order=question_order,
            text=question_data["text"],
            explanation=question_data["explanation"],
            kind=QuizQuestion.Kind.MULTIPLE
            if question_data["multiple"]
            else QuizQuestion.Kind.SINGLE,
        )
        for option_order, option in enumerate(question_data["options"]):
            question.options.add(
                QuizOption(
                    sort_order=option_order, text=option["text"], is_correct=option["correct"]
                )
            )
        lesson.quiz_questions.add(question)
    module.add_child(instance=lesson)
    lesson.save_revision().publish()


def _course_create(index: CourseIndexPage, data: dict, stdout) -> CoursePage:
    from casestudies.models import CaseStudyPage

    case_studies = {page.slug: page for page in CaseStudyPage.objects.live()}
    course = CoursePage(
        slug=data["code"],
        hours=Decimal(data["hours"]),
        **{name: data[name] for name in COURSE_FIELDS},
    )
    course.topics = list(Topic.objects.filter(slug__in=data["topics"]))
    index.add_child(instance=course)
    course.save_revision().publish()
    for module_data in data["modules"]:
        module = CourseModulePage(
            title=module_data["title"], slug=module_data["code"], intro=module_data["intro"]
        )
        course.add_child(instance=module)
        module.save_revision().publish()
        lessons = demo_files("courses", "lessons", module_data["lessons"])
        for code, item in lessons.items():
            _lesson_create(module, code, item, data, case_studies)
    stdout.write(f"  course {course.title}")
    return course


def _answers(lesson: LessonPage) -> dict[str, list[str]]:
    return {
        str(question.pk): [str(o.pk) for o in question.options.all() if o.is_correct]
        for question in lesson.quiz_questions.prefetch_related("options")
    }


def _wrong_answers(lesson: LessonPage) -> dict[str, list[str]]:
    return {
        str(question.pk): [str(next(o.pk for o in question.options.all() if not o.is_correct))]
        for question in lesson.quiz_questions.prefetch_related("options")
        if any(not o.is_correct for o in question.options.all())
    }


def _study(
    user: User, course: CoursePage, lessons: list[LessonPage], *, stumble: bool = False
) -> None:
    """Read the lessons and pass their quizzes, as the learner would; `stumble`: fail each
    quiz once first (so that the dashboard has questions answered wrongly)."""
    for lesson in lessons:
        services.lesson_complete(user=user, lesson=lesson, course=course)
        wrong = _wrong_answers(lesson)
        if stumble and len(wrong) == lesson.quiz_questions.count():
            services.quiz_attempt_submit(
                user=user, lesson=lesson, course=course, token=uuid.uuid4(), answers=wrong
            )
        services.quiz_attempt_submit(
            user=user, lesson=lesson, course=course, token=uuid.uuid4(), answers=_answers(lesson)
        )


def _person(email, first_name, last_name, organisation_slug) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, first_name=first_name, last_name=last_name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        membership_set(
            user=user,
            organisation=Organisation.objects.get(slug=organisation_slug),
            role=Role.LEARNER,
        )
    return user


@transaction.atomic
def load(*, stdout) -> None:
    data = demo_file("courses", "course")
    home = HomePage.objects.first()  # the Czech one: English versions come later
    index = CourseIndexPage.objects.first()
    if index is None:
        index_data = data["index"]
        index = CourseIndexPage(
            title=index_data["title"], slug=index_data["slug"], intro=index_data["intro"]
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        stdout.write("  course index created")
    HomePageSection.objects.filter(
        page=home, title=data["index"]["home_section"], link_page__isnull=True
    ).update(link_page=index)

    course = CoursePage.objects.filter(slug=data["course"]["code"]).first()
    if course is None:
        course = _course_create(index, data["course"], stdout)
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))

    study = demo_file("courses", "cohorts")
    adviser = User.objects.filter(email=study["adviser"]).first()
    if adviser is None:
        stdout.write("  courses: no demo adviser, cohorts skipped")
        return
    today = timezone.localdate()
    cohorts = {}
    for item in study["cohorts"]:
        cohort, created = Cohort.objects.get_or_create(
            course=course,
            name=item["name"],
            defaults={
                "adviser": adviser,
                "start_date": today + timedelta(days=item["start_days"]),
                "deadline": today + timedelta(days=item["deadline_days"]),
            },
        )
        if created:
            cohort.organisations.set(Organisation.objects.filter(slug__in=item["organisations"]))
            stdout.write(f"  cohort {cohort.name}")
        cohorts[item["code"]] = cohort

    people = [*study["learners"]]
    if User.objects.filter(email=study["demo_learner"]["email"]).exists():
        people.append(study["demo_learner"])
    for person in people:
        email, stage = person["email"], person["stage"]
        user = _person(
            email,
            person.get("first_name", ""),
            person.get("last_name", ""),
            person["organisation"],
        )
        if Enrolment.objects.filter(user=user, course=course).exists():
            continue
        services.enrolment_create(
            user=user,
            course=course,
            cohort=cohorts[person["cohort"]],
            by_adviser=True,
            actor=adviser,
        )
        if stage == "finished":
            _study(user, course, lessons)
            services.course_feedback_submit(user=user, course=course, **study["feedback"])
        elif stage == "halfway":
            _study(user, course, lessons[:2], stumble=True)
            services.lesson_complete(user=user, lesson=lessons[2], course=course)
        elif stage == "one_lesson":
            _study(user, course, lessons[:1])
        elif stage == "not_started":
            Enrolment.objects.filter(user=user, course=course).update(
                last_activity_at=timezone.now() - timedelta(days=40),
                enrolled_at=timezone.now() - timedelta(days=50),
            )
            # Trutnov takes part in both cohorts; the adviser moved him to the autumn one
            # (his overdue spring deadline no longer applies; the move is in his history).
            services.enrolment_move(
                enrolment=Enrolment.objects.get(user=user, course=course),
                cohort=cohorts[study["moved_to"]],
                actor=adviser,
            )
        elif stage in ("waiting", "granted"):
            first = lessons[0]
            services.lesson_complete(user=user, lesson=first, course=course)
            for _attempt in range(first.quiz_max_attempts):
                services.quiz_attempt_submit(
                    user=user,
                    lesson=first,
                    course=course,
                    token=uuid.uuid4(),
                    answers=_wrong_answers(first),
                )
            if stage == "granted":
                services.quiz_attempts_grant(
                    actor=adviser,
                    enrolment=Enrolment.objects.get(user=user, course=course),
                    lesson=first,
                    extra_attempts=1,
                    reason=study["attempt_grant_reason"],
                )
                _study(user, course, [first])
        elif stage == "revoked":
            _study(user, course, lessons)
            admin = User.objects.filter(email=study["admin"]).first()
            if admin is not None:
                services.certificate_revoke(
                    actor=admin,
                    certificate=Certificate.objects.get(user=user, course=course),
                    reason=study["revocation_reason"],
                )
        stdout.write(f"  enrolment {email} ({stage})")

    # Towns' teams: a one-town cohort with its forum group, and a town certificate.
    from courses import demo_teams

    demo_teams.load(course=course, study=_study, stdout=stdout)
