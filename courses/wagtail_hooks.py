"""Courses in the Wagtail admin: cohorts (advisers and admins set them up), and read-only
lists of enrolments, certificates and feedback."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from courses.models import Certificate, Cohort, CourseFeedback, Enrolment


class CohortViewSet(ModelViewSet):
    name = "course_cohorts"
    url_prefix = "courses/cohorts"
    model = Cohort
    icon = "group"
    menu_label = _("Studijní skupiny")
    form_fields = ["course", "name", "start_date", "deadline", "adviser", "organisations"]
    list_display = ["name", "course", "start_date", "deadline", "adviser"]
    list_filter = ["course"]
    search_fields = ["name"]

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update=for_update)
        if for_update:
            return form_class
        from courses.forms import cohort_admin_form

        return cohort_admin_form(form_class)


class EnrolmentViewSet(ModelViewSet):
    name = "course_enrolments"
    url_prefix = "courses/enrolments"
    model = Enrolment
    icon = "user"
    menu_label = _("Zápisy")
    form_fields = ["cohort", "left_at"]
    list_display = ["user", "course", "cohort", "enrolled_at", "left_at", "last_activity_at"]
    list_filter = ["course", "cohort"]
    search_fields = ["user__email", "user__last_name"]


class CertificateViewSet(ModelViewSet):
    name = "course_certificates"
    url_prefix = "courses/certificates"
    model = Certificate
    icon = "success"
    menu_label = _("Certifikáty")
    form_fields = ["learner_name"]
    list_display = [
        "code",
        "learner_name",
        "course_title",
        "issuer_name",
        "issued_at",
        "revoked_at",
    ]
    search_fields = ["code", "learner_name"]


class CourseFeedbackViewSet(ModelViewSet):
    name = "course_feedback"
    url_prefix = "courses/feedback"
    model = CourseFeedback
    icon = "comment"
    menu_label = _("Hodnocení kurzů")
    form_fields = ["rating", "most_useful", "to_improve"]
    list_display = ["course", "rating", "created_at"]
    list_filter = ["course", "rating"]


class CoursesGroup(ViewSetGroup):
    menu_label = _("Kurzy")
    menu_icon = "folder-open-inverse"
    menu_order = 230
    items = (CohortViewSet, EnrolmentViewSet, CertificateViewSet, CourseFeedbackViewSet)


@hooks.register("register_admin_viewset")
def register_courses_viewsets():
    return CoursesGroup()
