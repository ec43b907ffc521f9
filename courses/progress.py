"""Progress through a course: what is done, percentages per module and course, where to go on.

The unit of progress is a step: reading a lesson (marking it complete) is one step, passing
its quiz (when it has one) is another. A lesson is done when all its steps are. A course is
complete when every *required* lesson is done; percentages count every live lesson.

Reads are a fixed number of queries: the structure of a course is two, one learner's
progress two more, and the progress of any number of learners in any number of courses
(`progress_for_enrolments`) three in all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

# The page module, not its classes: page models build their context with these reads.
from courses.models import pages as page_models
from courses.models.learning import LessonCompletion, QuizAttempt

STEP = 4  # characters per level of a Wagtail tree path


@dataclass
class LessonItem:
    page: page_models.LessonPage
    module_path: str
    has_quiz: bool

    @property
    def id(self) -> int:
        return self.page.pk

    @property
    def steps(self) -> int:
        return 2 if self.has_quiz else 1


@dataclass
class ModuleItem:
    page: page_models.CourseModulePage | None
    lessons: list[LessonItem] = field(default_factory=list)


@dataclass
class CourseStructure:
    course_id: int
    modules: list[ModuleItem]
    lessons: list[LessonItem]

    @property
    def total_steps(self) -> int:
        return sum(lesson.steps for lesson in self.lessons)

    @property
    def total_minutes(self) -> int:
        return sum(lesson.page.estimated_minutes for lesson in self.lessons)


def _lessons_queryset():
    return (
        page_models.LessonPage.objects.live()
        .defer_streamfields()
        .annotate(has_quiz=Exists(page_models.QuizQuestion.objects.filter(lesson=OuterRef("pk"))))
        .order_by("path")
    )


def course_structure(course: page_models.CoursePage) -> CourseStructure:
    """Live modules and lessons of the course in tree order (two queries)."""
    modules = [
        ModuleItem(page=module)
        for module in page_models.CourseModulePage.objects.child_of(course).live().order_by("path")
    ]
    by_path = {module.page.path: module for module in modules}
    lessons = []
    for page in _lessons_queryset().descendant_of(course):
        module = by_path.get(page.path[:-STEP])
        if module is None:  # a lesson under an unpublished module is not part of the course
            continue
        item = LessonItem(page=page, module_path=module.page.path, has_quiz=page.has_quiz)
        module.lessons.append(item)
        lessons.append(item)
    return CourseStructure(course_id=course.pk, modules=modules, lessons=lessons)


def structures_for_courses(course_ids) -> dict[int, CourseStructure]:
    """Lessons (without module pages) of several courses at once, for dashboards (two queries)."""
    courses = list(
        page_models.CoursePage.objects.filter(pk__in=set(course_ids)).only("pk", "path", "depth")
    )
    structures = {course.pk: CourseStructure(course.pk, [], []) for course in courses}
    if not courses:
        return structures
    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path, depth=course.depth + 2)
    by_prefix = {course.path: course.pk for course in courses}
    module_paths = set(
        page_models.CourseModulePage.objects.live()
        .filter(condition_for_modules(courses))
        .values_list("path", flat=True)
    )
    for page in _lessons_queryset().filter(condition):
        if page.path[:-STEP] not in module_paths:
            continue
        course_id = by_prefix[page.path[: -2 * STEP]]
        structures[course_id].lessons.append(
            LessonItem(page=page, module_path=page.path[:-STEP], has_quiz=page.has_quiz)
        )
    return structures


def condition_for_modules(courses) -> Q:
    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path, depth=course.depth + 1)
    return condition


@dataclass
class LearnerProgress:
    structure: CourseStructure
    completed: set[int]
    passed: set[int]

    def lesson_is_read(self, lesson: LessonItem) -> bool:
        return lesson.id in self.completed

    def lesson_quiz_passed(self, lesson: LessonItem) -> bool:
        return lesson.has_quiz and lesson.id in self.passed

    def lesson_done_steps(self, lesson: LessonItem) -> int:
        return int(lesson.id in self.completed) + int(lesson.has_quiz and lesson.id in self.passed)

    def lesson_is_done(self, lesson: LessonItem) -> bool:
        return self.lesson_done_steps(lesson) == lesson.steps

    def _percent(self, lessons) -> int:
        total = sum(lesson.steps for lesson in lessons)
        if not total:
            return 0
        done = sum(self.lesson_done_steps(lesson) for lesson in lessons)
        return done * 100 // total

    def module_percent(self, module: ModuleItem) -> int:
        return self._percent(module.lessons)

    @property
    def percent(self) -> int:
        return self._percent(self.structure.lessons)

    @property
    def done_lessons(self) -> int:
        return sum(1 for lesson in self.structure.lessons if self.lesson_is_done(lesson))

    @property
    def is_started(self) -> bool:
        return bool(self.completed or self.passed)

    @property
    def is_complete(self) -> bool:
        required = [lesson for lesson in self.structure.lessons if lesson.page.is_required]
        return bool(required) and all(self.lesson_is_done(lesson) for lesson in required)

    @property
    def next_lesson(self) -> LessonItem | None:
        """Where to continue: the first lesson in course order that is not done yet."""
        for lesson in self.structure.lessons:
            if not self.lesson_is_done(lesson):
                return lesson
        return None

    def lesson_status(self, lesson: LessonItem) -> str:
        """ "done", "read" (quiz still to pass), "quiz_passed" (still to mark as read), "todo"."""
        if self.lesson_is_done(lesson):
            return "done"
        if self.lesson_is_read(lesson):
            return "read"
        if self.lesson_quiz_passed(lesson):
            return "quiz_passed"
        return "todo"


@dataclass
class OutlineLesson:
    item: LessonItem
    status: str  # see LearnerProgress.lesson_status; "" for people who do not study the course

    @property
    def page(self):
        return self.item.page


@dataclass
class OutlineModule:
    module: ModuleItem
    percent: int | None
    lessons: list[OutlineLesson]

    @property
    def page(self):
        return self.module.page


def outline(structure: CourseStructure, learner: LearnerProgress | None) -> list[OutlineModule]:
    """The course index (Moodle's name): modules and lessons with each one's completion mark
    for the learner (none for visitors, advisers and admins). No queries."""
    return [
        OutlineModule(
            module=module,
            percent=learner.module_percent(module) if learner else None,
            lessons=[
                OutlineLesson(item=lesson, status=learner.lesson_status(lesson) if learner else "")
                for lesson in module.lessons
            ],
        )
        for module in structure.modules
    ]


def learner_progress(user, structure: CourseStructure) -> LearnerProgress:
    """One learner's progress in a course whose structure is known (two queries)."""
    completed = set(
        LessonCompletion.objects.filter(user=user, course_id=structure.course_id).values_list(
            "lesson_id", flat=True
        )
    )
    passed = set(
        QuizAttempt.objects.filter(
            user=user, course_id=structure.course_id, passed=True
        ).values_list("lesson_id", flat=True)
    )
    return LearnerProgress(structure=structure, completed=completed, passed=passed)


def progress_for_enrolments(enrolments, structures=None) -> dict[int, LearnerProgress]:
    """Progress of each enrolment (by its id), whatever their number: three or four queries."""
    enrolments = list(enrolments)
    if structures is None:
        structures = structures_for_courses({e.course_id for e in enrolments})
    user_ids = {e.user_id for e in enrolments}
    course_ids = {e.course_id for e in enrolments}
    completed: dict[tuple[int, int], set[int]] = {}
    passed: dict[tuple[int, int], set[int]] = {}
    if enrolments:
        for user_id, course_id, lesson_id in LessonCompletion.objects.filter(
            user_id__in=user_ids, course_id__in=course_ids
        ).values_list("user_id", "course_id", "lesson_id"):
            completed.setdefault((user_id, course_id), set()).add(lesson_id)
        for user_id, course_id, lesson_id in (
            QuizAttempt.objects.filter(user_id__in=user_ids, course_id__in=course_ids, passed=True)
            .order_by()
            .values_list("user_id", "course_id", "lesson_id")
            .distinct()
        ):
            passed.setdefault((user_id, course_id), set()).add(lesson_id)
    return {
        e.pk: LearnerProgress(
            structure=structures.get(e.course_id) or CourseStructure(e.course_id, [], []),
            completed=completed.get((e.user_id, e.course_id), set()),
            passed=passed.get((e.user_id, e.course_id), set()),
        )
        for e in enrolments
    }
