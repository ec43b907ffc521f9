"""What courses contribute to search: course overviews for everyone who may open them, and
lessons only for the people who may read them (enrolled learners, advisers and admins).

A lesson's audiences are "course:<id>" and "course-staff"; `course_audiences` gives a person
those they hold, so a search never shows a snippet of a lesson to someone it is locked for.
"""

from courses import permissions
from courses.models import CoursePage, Enrolment, LessonPage
from search import registry
from search.documents import PUBLIC, SearchDocument, html_text, plain_text
from search.pages import index_pages, page_audiences

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


def course_document(page: CoursePage) -> SearchDocument | None:
    audiences = page_audiences(page)
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
        topics=tuple(page.topics.values_list("slug", flat=True)),
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


def lesson_document(page: LessonPage) -> SearchDocument | None:
    audiences = page_audiences(page)
    url = page.get_url()
    if audiences is None or not url:
        return None
    course = CoursePage.objects.ancestor_of(page).first()
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
        topics=tuple(course.topics.values_list("slug", flat=True)),
        audiences=lesson_audiences,
    )


def _course(pk: int) -> SearchDocument | None:
    page = CoursePage.objects.live().filter(pk=pk).first()
    return course_document(page) if page else None


def _courses():
    for page in CoursePage.objects.live():
        document = course_document(page)
        if document is not None:
            yield document


def _lesson(pk: int) -> SearchDocument | None:
    page = LessonPage.objects.live().filter(pk=pk).first()
    return lesson_document(page) if page else None


def _lessons():
    for page in LessonPage.objects.live():
        document = lesson_document(page)
        if document is not None:
            yield document


registry.register_source(registry.Source("courses.coursepage", ("course",), _courses, _course))
registry.register_source(registry.Source("courses.lessonpage", ("lesson",), _lessons, _lesson))
registry.register_audience_provider(course_audiences)
index_pages(CoursePage, LessonPage)
