"""The actions of a lesson (the lesson itself renders in `LessonPage`): marking it complete
and sending its quiz. Addressed by the slugs of course, module and lesson under /studium/kurzy/."""

import uuid

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from courses import queries, services
from courses.views.common import lesson_or_404, problem, require_post_and_login


def lesson_complete(request, course, module, lesson):
    if response := require_post_and_login(request):
        return response
    course, lesson = lesson_or_404(request, course, module, lesson)
    try:
        created = services.lesson_complete(user=request.user, lesson=lesson, course=course)
    except services.CourseError as error:
        return problem(
            request,
            title=_("Lekci nelze označit jako hotovou"),
            message=error.message,
            status=error.status,
            back_url=course.url,
            back_label=_("Přejít na stránku kurzu"),
        )
    if created:
        messages.success(request, _("Lekce je označena jako hotová."))
    else:
        messages.info(request, _("Tuto lekci už máte hotovou."))
    return redirect(lesson.url)


def _raw_answers(post) -> dict[str, list[str]]:
    answers = {}
    for key in post:
        if key.startswith("otazka-"):
            answers[key.removeprefix("otazka-")] = [v for v in post.getlist(key) if v]
    return answers


def quiz_attempt_submit(request, course, module, lesson):
    if response := require_post_and_login(request):
        return response
    course, lesson = lesson_or_404(request, course, module, lesson)
    try:
        token = uuid.UUID(request.POST.get("pokus", ""))
    except ValueError:
        return problem(
            request,
            title=_("Kvíz nelze vyhodnotit"),
            message=_(
                "Formulář kvízu je neúplný. Načtěte lekci znovu a odešlete kvíz ještě jednou."
            ),
            status=400,
            back_url=lesson.url,
            back_label=_("Zpět na lekci"),
        )
    answers = _raw_answers(request.POST)
    try:
        result = services.quiz_attempt_submit(
            user=request.user, lesson=lesson, course=course, token=token, answers=answers
        )
    except services.CourseError as error:
        enrolment = queries.enrolment_of(request.user, course)
        if error.status == 400 and enrolment is not None and enrolment.is_active:
            response = lesson.render(
                request,
                context_overrides=queries.lesson_view(
                    lesson,
                    request.user,
                    course=course,
                    enrolment=enrolment,
                    selected=answers,
                    quiz_error=error.message,
                ),
            )
            response.status_code = 400
            return response
        return problem(
            request,
            title=_("Kvíz nelze vyhodnotit"),
            message=error.message,
            status=error.status,
            back_url=lesson.url if error.status != 403 else course.url,
            back_label=_("Zpět na lekci") if error.status != 403 else _("Přejít na stránku kurzu"),
        )
    attempt = result.attempt
    if not result.created:
        messages.info(request, _("Tento pokus už byl odeslán a vyhodnocen; znovu se nepočítá."))
    elif attempt.passed:
        messages.success(
            request,
            _("Kvíz je splněný: {correct} z {total} správně.").format(
                correct=attempt.correct_count, total=attempt.question_count
            ),
        )
    else:
        messages.warning(
            request,
            _(
                "Tentokrát {correct} z {total} správně, k úspěchu je potřeba {percent} %. "
                "Přečtěte si vysvětlení a zkuste to znovu."
            ).format(
                correct=attempt.correct_count,
                total=attempt.question_count,
                percent=lesson.quiz_pass_percent,
            ),
        )
    return redirect(f"{lesson.url}?pokus={attempt.token}#kviz")
