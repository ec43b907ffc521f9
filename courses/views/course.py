"""The course overview and its actions: enrol, leave, final evaluation."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.locales import source_page
from courses import permissions, progress, queries, services
from courses.forms import CourseFeedbackForm
from courses.models import Certificate, CourseFeedback, Enrolment
from courses.views.common import problem, require_post_and_login


def _enrolment(user, course):
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, course=course).select_related("cohort").first()


def course_overview(request, page):
    # An English version of a course shows its own texts; lessons, enrolments and
    # certificates belong to the Czech course (core.locales.source_page).
    course = source_page(page)
    structure = progress.course_structure(course)
    enrolment = _enrolment(request.user, course)
    learner = None
    certificate = None
    feedback = None
    history = []
    if enrolment is not None and enrolment.is_active:
        learner = progress.learner_progress(request.user, structure)
        certificate = Certificate.objects.filter(user=request.user, course=course).first()
        if certificate is not None:
            feedback = CourseFeedback.objects.filter(user=request.user, course=course).first()
    if enrolment is not None:
        history = queries.learner_history(enrolment)
    context = {
        "page": page,
        "self": page,
        "structure": structure,
        "enrolment": enrolment,
        "learner": learner,
        "certificate": certificate,
        "feedback": feedback,
        "history": history,
        "outline": progress.outline(structure, learner),
        "can_enrol_self": permissions.can_enrol_self(request.user, course),
        "can_see_all_lessons": permissions.can_see_all_lessons(request.user),
        "topics": list(course.topics.all()),
        "total_minutes": structure.total_minutes,
    }
    return render(request, "courses/course_page.html", context)


def course_enrol(request, course):
    if response := require_post_and_login(request):
        return response
    try:
        _enrolment_row, changed = services.enrolment_create(
            user=request.user, course=course, language=getattr(request, "LANGUAGE_CODE", "")
        )
    except services.CourseError as error:
        return problem(
            request,
            title=_("Do kurzu se nelze zapsat"),
            message=error.message,
            status=error.status,
            back_url=course.url,
            back_label=_("Zpět na kurz"),
        )
    if changed:
        messages.success(request, _("Jste zapsáni do kurzu. Začněte první lekcí."))
    else:
        messages.info(request, _("Do tohoto kurzu už jste zapsáni."))
    return redirect(course.url)


def course_leave(request, course):
    if response := require_post_and_login(request):
        return response
    enrolment = _enrolment(request.user, course)
    if enrolment is None:
        return problem(
            request,
            title=_("Z kurzu se nelze odhlásit"),
            message=_("Do tohoto kurzu nejste zapsáni."),
            status=409,
            back_url=course.url,
            back_label=_("Zpět na kurz"),
        )
    try:
        services.enrolment_leave(enrolment=enrolment)
    except services.CourseError as error:
        messages.info(request, error.message)
        return redirect(course.url)
    messages.success(
        request,
        _("Z kurzu jste se odhlásili. Váš pokrok zůstává uložen, pokud byste se chtěli vrátit."),
    )
    return redirect(course.url)


def course_feedback(request, course):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = CourseFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _feedback, created = services.course_feedback_submit(
                user=request.user, course=course, **form.cleaned_data
            )
        except services.CourseError as error:
            return problem(
                request,
                title=_("Hodnocení nelze uložit"),
                message=error.message,
                status=error.status,
                back_url=course.url,
                back_label=_("Zpět na kurz"),
            )
        if created:
            messages.success(request, _("Děkujeme za hodnocení. Pomůže nám kurz zlepšit."))
        else:
            messages.info(
                request, _("Vaše hodnocení jsme už dostali dříve; platí to první. Děkujeme.")
            )
        return redirect(course.url)
    if not Certificate.objects.filter(user=request.user, course=course).exists():
        return problem(
            request,
            title=_("Kurz zatím nelze hodnotit"),
            message=_("Kurz můžete ohodnotit, až ho dokončíte."),
            status=403,
            back_url=course.url,
            back_label=_("Zpět na kurz"),
        )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "courses/feedback_form.html",
        {"page": course, "self": course, "form": form},
        status=status,
    )
