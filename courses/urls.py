from django.urls import path

from courses.views import adviser, course, learner, lesson, teams

app_name = "courses"

urlpatterns = [
    path("", learner.my_courses, name="my_courses"),
    path("certifikaty/<str:code>/pdf/", learner.certificate_pdf, name="certificate_pdf"),
    path("certifikaty/<str:code>/zrusit/", learner.certificate_revoke, name="certificate_revoke"),
    # Actions of the course pages, addressed by the slugs of the pages.
    path("kurzy/<str:course>/zapsat/", course.course_enrol, name="course_enrol"),
    path("kurzy/<str:course>/odhlasit/", course.course_leave, name="course_leave"),
    path("kurzy/<str:course>/hodnoceni/", course.course_feedback, name="course_feedback"),
    path(
        "kurzy/<str:course>/<str:module>/<str:lesson>/hotovo/",
        lesson.lesson_complete,
        name="lesson_complete",
    ),
    path(
        "kurzy/<str:course>/<str:module>/<str:lesson>/kviz/",
        lesson.quiz_attempt_submit,
        name="quiz_attempt_submit",
    ),
    path("overeni/", learner.verify, name="verify"),
    path(
        "obce/<slug:organisation>/certifikat/",
        teams.team_certificate_issue_view,
        name="team_certificate_issue",
    ),
    path("certifikaty-obci/<str:code>/", teams.team_certificate_view, name="team_certificate"),
    path(
        "certifikaty-obci/<str:code>/pdf/", teams.team_certificate_pdf, name="team_certificate_pdf"
    ),
    path(
        "certifikaty-obci/<str:code>/zrusit/",
        teams.team_certificate_revoke_view,
        name="team_certificate_revoke",
    ),
    path("overeni/<str:code>/", learner.verify_code, name="verify_code"),
    path("upozorneni/", learner.reminder_preferences, name="reminder_preferences"),
    path("prehled/", adviser.dashboard_index, name="dashboard"),
    path("prehled/skupiny/<int:pk>/", adviser.cohort_detail, name="cohort_detail"),
    path("prehled/skupiny/<int:pk>/csv/", adviser.cohort_csv, name="cohort_csv"),
    path(
        "prehled/skupiny/<int:pk>/zapsat-organizaci/",
        adviser.cohort_enrol_organisation,
        name="cohort_enrol_organisation",
    ),
    path(
        "prehled/skupiny/<int:pk>/pracovni-skupina/",
        teams.cohort_forum_group,
        name="cohort_forum_group",
    ),
    path(
        "prehled/pokusy/<int:enrolment_pk>/",
        adviser.quiz_attempts_grant,
        name="quiz_attempts_grant",
    ),
]
