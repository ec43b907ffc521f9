"""Helpers shared by the course views."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from wagtail.models import Locale

from core.locales import source_page
from courses.models import CourseModulePage, CoursePage, LessonPage


def problem(request, *, title: str, message: str, status: int, back_url: str = "", back_label=""):
    """A page that says in Czech what went wrong and where to go next, with the right status."""
    return render(
        request,
        "courses/problem.html",
        {"title": title, "message": message, "back_url": back_url, "back_label": back_label},
        status=status,
    )


def require_post_and_login(request):
    """None when the request may go on; otherwise the response to give (405 or login)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _readable(request, page):
    """`page` if this request may see it (Wagtail's privacy settings), else a 404."""
    if page is None or not all(r.accept_request(request) for r in page.get_view_restrictions()):
        raise Http404
    return page


def course_or_404(request, slug: str) -> CoursePage:
    """The live course with this slug, preferring the version in the language of the request;
    enrolments, lessons and certificates belong to its Czech original (core.locales)."""
    active = Locale.get_active()
    candidates = sorted(
        CoursePage.objects.live().filter(slug=slug),
        key=lambda page: page.locale_id != active.pk,
    )
    course = source_page(candidates[0]) if candidates else None
    return _readable(request, course)


def lesson_or_404(request, course_slug: str, module_slug: str, slug: str):
    """(course, lesson) addressed by their slugs, as in the pages' own addresses."""
    course = course_or_404(request, course_slug)
    module = CourseModulePage.objects.live().child_of(course).filter(slug=module_slug).first()
    if module is None:
        raise Http404
    lesson = LessonPage.objects.live().child_of(module).filter(slug=slug).first()
    return course, _readable(request, lesson)
