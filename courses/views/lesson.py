"""A lesson: its content for those who may see it, marking it complete, and its quiz."""

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from courses import attempts, permissions, progress, services
from courses.models import Enrolment
from courses.views.common import problem, require_post_and_login

QUESTION_FIELD = "otazka-{id}"


def _enrolment(user, course):
    if not user.is_authenticated:
        return None
    return (
        Enrolment.objects.filter(user=user, course=course).select_related("cohort__adviser").first()
    )


def _locked(request, lesson, course, enrolment):
    """The page people get instead of a lesson they may not read: why, and how to get in."""
    return render(
        request,
        "courses/lesson_locked.html",
        {
            "page": lesson,
            "self": lesson,
            "course": course,
            "enrolment": enrolment,
            "can_enrol_self": permissions.can_enrol_self(request.user, course),
        },
        status=403,
    )


def _neighbours(structure, lesson):
    ids = [item.id for item in structure.lessons]
    if lesson.pk not in ids:
        return None, None
    index = ids.index(lesson.pk)
    previous = structure.lessons[index - 1].page if index > 0 else None
    following = structure.lessons[index + 1].page if index + 1 < len(ids) else None
    return previous, following


def _quiz_errors(question_rows, quiz_error) -> list[dict]:
    """The error summary of a refused quiz: each unanswered question (marked `missing` in its
    row) with a link to its first option, or the service's message when all were answered."""
    if not quiz_error:
        return []
    errors = []
    for number, row in enumerate(question_rows, start=1):
        row["missing"] = not row["selected"]
        options = list(row["question"].options.all())
        if row["missing"] and options:
            errors.append(
                {
                    "text": _("Otázka {number}: vyberte odpověď.").format(number=number),
                    "anchor": f"{row['field']}-{options[0].pk}",
                }
            )
    return errors or [{"text": quiz_error, "anchor": ""}]


def lesson_context(request, lesson, course, enrolment, *, selected=None, quiz_error=""):
    structure = progress.course_structure(course)
    is_learner = enrolment is not None and enrolment.is_active
    learner = progress.learner_progress(request.user, structure) if is_learner else None
    questions = list(lesson.quiz_questions.prefetch_related("options"))
    state = attempts.quiz_state(request.user, lesson) if is_learner and questions else None
    shown_attempt = None
    token = request.GET.get("pokus", "")
    if token and state is not None:
        shown_attempt = next((a for a in state.attempts if str(a.token) == token), None)
    answers = {}
    if shown_attempt is not None:
        for answer in shown_attempt.answers.prefetch_related("selected_options"):
            answers[answer.question_id] = answer
    previous, following = _neighbours(structure, lesson)
    question_rows = [
        {
            "question": question,
            "field": QUESTION_FIELD.format(id=question.pk),
            "answer": answers.get(question.pk),
            "selected": (selected or {}).get(str(question.pk), []),
        }
        for question in questions
    ]
    quiz_errors = _quiz_errors(question_rows, quiz_error)
    next_undone = learner.next_lesson if learner else None
    return {
        "page": lesson,
        "self": lesson,
        "course": course,
        "module": lesson.get_parent(),
        "enrolment": enrolment,
        "is_learner": is_learner,
        "learner": learner,
        "outline": progress.outline(structure, learner),
        "continue_lesson": next_undone.page
        if next_undone and next_undone.id != lesson.pk
        else None,
        "is_read": learner is not None and lesson.pk in learner.completed,
        "question_rows": question_rows,
        "has_quiz": bool(questions),
        "quiz": state,
        "can_submit_quiz": state is not None and state.can_submit,
        "quiz_token": uuid.uuid4(),
        "shown_attempt": shown_attempt,
        "quiz_error": quiz_error,
        "quiz_errors": quiz_errors,
        "has_errors": bool(quiz_errors),
        "previous_lesson": previous,
        "next_lesson": following,
        "quiz_in_body": any(block.block_type == "quiz" for block in lesson.body),
    }


def lesson_detail(request, lesson):
    course = lesson.course_page()
    enrolment = _enrolment(request.user, course)
    if not permissions.can_view_lesson(request.user, enrolment):
        return _locked(request, lesson, course, enrolment)
    return render(
        request, "courses/lesson_page.html", lesson_context(request, lesson, course, enrolment)
    )


def lesson_complete_view(request, lesson):
    if response := require_post_and_login(request):
        return response
    course = lesson.course_page()
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


def quiz_submit_view(request, lesson):
    if response := require_post_and_login(request):
        return response
    course = lesson.course_page()
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
        enrolment = _enrolment(request.user, course)
        if error.status == 400 and enrolment is not None and enrolment.is_active:
            context = lesson_context(
                request, lesson, course, enrolment, selected=answers, quiz_error=error.message
            )
            return render(request, "courses/lesson_page.html", context, status=400)
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
