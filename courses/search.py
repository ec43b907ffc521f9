"""What courses contribute to search: course overviews for everyone who may open them, and
lessons only for the people who may read them (enrolled learners, advisers and admins).

A lesson's audiences are "course:<id>" and "course-staff"; `course_audiences` gives a person
those they hold, so a search never shows a snippet of a lesson to someone it is locked for.
"""

from django.utils.translation import gettext_lazy as _

from courses import permissions
from courses.models import CoursePage, Enrolment, LessonPage
from search import registry
from search.documents import PUBLIC, SearchDocument, html_text, plain_text
from search.pages import in_batches, index_pages, page_access_of, page_audiences

BATCH_SIZE = 200

STAFF_AUDIENCE = "course-staff"


def course_audience(course_id: int) -> str:
    return f"course:{course_id}"


def course_audiences(user) -> set[str]:
    """The course audiences of a person: their active enrolments, and staff for advisers and
    admins (one query)."""
    audiences = {
        course_audience(course_id)
        for course_id in Enrolment.objects.active()
        .filter(user=user)
        .values_list("course_id", flat=True)
    }
    if permissions.can_see_all_lessons(user):
        audiences.add(STAFF_AUDIENCE)
    return audiences


def course_document(page: CoursePage, *, access=None) -> SearchDocument | None:
    audiences = page_audiences(page, access)
    url = page.get_url()
    if audiences is None or not url:
        return None
    return SearchDocument(
        key=registry.document_key(page),
        kind="course",
        title=page.title,
        url=url,
        summary=page.summary,
        body=plain_text(html_text(page.goals), page.audience, page.prerequisites),
        date=page.first_published_at.date() if page.first_published_at else None,
        place=page.title,
        topics=tuple(topic.slug for topic in page.topics.all()),
        audiences=audiences,
    )


def _lesson_text(page: LessonPage) -> str:
    """The words of the lesson's own blocks (text, headings, questions to think about, video
    transcripts); quiz answers are never indexed."""
    parts = []
    for block in page.body:
        if block.block_type == "text":
            parts.append(html_text(block.value.source))
        elif block.block_type == "heading":
            parts.append(str(block.value))
        elif block.block_type == "reflection":
            parts.append(block.value["question"])
        elif block.block_type == "video":
            parts += [block.value["title"], block.value["transcript"]]
    return plain_text(*parts)


def lesson_document(
    page: LessonPage, *, access=None, courses: dict | None = None
) -> SearchDocument | None:
    """`access` (search.pages.page_access_of) and `courses` (by path, topics prefetched) when read for a batch."""
    audiences = page_audiences(page, access)
    url = page.get_url()
    if audiences is None or not url:
        return None
    if courses is None:
        courses = _courses_above([page])
    course = next(
        (courses[path] for path in sorted(courses, key=len) if page.path.startswith(path)), None
    )
    if course is None:
        return None
    if any(not audience.startswith(f"{PUBLIC}@") for audience in audiences):
        # A restricted lesson stays for staff only rather than guessing who else may read it.
        lesson_audiences = (STAFF_AUDIENCE,)
    else:
        lesson_audiences = (course_audience(course.pk), STAFF_AUDIENCE)
    return SearchDocument(
        key=registry.document_key(page),
        kind="lesson",
        title=page.title,
        url=url,
        summary=_lesson_text(page)[:300],
        body=_lesson_text(page),
        date=page.last_published_at.date() if page.last_published_at else None,
        place=course.title,
        topics=tuple(topic.slug for topic in course.topics.all()),
        audiences=lesson_audiences,
    )


def _courses_above(pages) -> dict[str, CoursePage]:
    """The courses that are ancestors of the pages, by path (one query, topics prefetched)."""
    steplen = CoursePage.steplen
    paths = {
        page.path[:length] for page in pages for length in range(steplen, len(page.path), steplen)
    }
    return {
        course.path: course
        for course in CoursePage.objects.filter(path__in=paths).prefetch_related("topics")
    }


def _course_batch(pages: list[CoursePage]) -> list[SearchDocument]:
    access = page_access_of(pages)
    documents = (course_document(page, access=access[page.pk]) for page in pages)
    return [document for document in documents if document is not None]


def _lesson_batch(pages: list[LessonPage]) -> list[SearchDocument]:
    access = page_access_of(pages)
    courses = _courses_above(pages)
    documents = (lesson_document(page, access=access[page.pk], courses=courses) for page in pages)
    return [document for document in documents if document is not None]


def _courses_for(pks: list[int]) -> list[SearchDocument]:
    return _course_batch(
        list(CoursePage.objects.live().prefetch_related("topics").filter(pk__in=pks))
    )


def _course(pk: int) -> SearchDocument | None:
    return next(iter(_courses_for([pk])), None)


def _courses():
    for pages in in_batches(CoursePage.objects.live().prefetch_related("topics"), BATCH_SIZE):
        yield from _course_batch(pages)


def _lessons_for(pks: list[int]) -> list[SearchDocument]:
    return _lesson_batch(list(LessonPage.objects.live().filter(pk__in=pks)))


def _lesson(pk: int) -> SearchDocument | None:
    return next(iter(_lessons_for([pk])), None)


def _lessons():
    for pages in in_batches(LessonPage.objects.live(), BATCH_SIZE):
        yield from _lesson_batch(pages)


registry.register_kind("course", _("Kurz"))
registry.register_kind("lesson", _("Lekce"))
registry.register_source(
    registry.Source("courses.coursepage", ("course",), _courses, _course, _courses_for)
)
registry.register_source(
    registry.Source("courses.lessonpage", ("lesson",), _lessons, _lesson, _lessons_for)
)
registry.register_audience_provider(course_audiences)
index_pages(CoursePage, LessonPage)
