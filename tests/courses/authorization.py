"""Rows of the authorization matrix for courses (see tests/authorization.py).

prepare() builds a small course (/kurzy/kurz-matice/modul-1/lekce-1/ with a one-question quiz),
enrols the learner and gives them a certificate, and makes two cohorts: one run by the
adviser actor (pk 9001) and one run by another adviser (pk 9002).
"""

from tests.authorization import everyone, signed_in

CERTIFICATE_CODE = "MATI-CE00-0001"
TEAM_CERTIFICATE_CODE = "OBEC-MATI-CE01"
REVOKED_TEAM_CERTIFICATE_CODE = "OBEC-MATI-CE02"
TOWN = "obec-matice"  # a municipality taking part in the adviser's cohort
OWN_COHORT = 9001
OTHER_COHORT = 9002
COHORT_ENROLMENT = 9101  # a learner of the adviser's cohort

DASHBOARD = {**everyone(403), "anonymous": 302, "adviser": 200, "admin": 200}
LESSON = {**everyone(403), "learner": 200, "adviser": 200, "admin": 200}

ROWS: dict[str, list] = {
    "studium/": [("/studium/", signed_in(200, anonymous=302), True)],
    "studium/certifikaty/<str:code>/pdf/": [
        (
            f"/studium/certifikaty/{CERTIFICATE_CODE}/pdf/",
            {**everyone(404), "anonymous": 302, "learner": 200, "admin": 200},
            True,
        ),
        ("/studium/certifikaty/NENI-TAKO-VY00/pdf/", signed_in(404, anonymous=302), True),
    ],
    # Revoking a certificate: administrators only.
    "studium/certifikaty/<str:code>/zrusit/": [
        (
            f"/studium/certifikaty/{CERTIFICATE_CODE}/zrusit/",
            {**everyone(403), "anonymous": 302, "admin": 200},
            True,
        ),
        (
            "/studium/certifikaty/NENI-TAKO-VY00/zrusit/",
            {**everyone(403), "anonymous": 302, "admin": 404},
            True,
        ),
    ],
    # Extra quiz attempts: the cohort's adviser and administrators; another adviser's
    # learner does not exist for an adviser.
    "studium/prehled/pokusy/<int:enrolment_pk>/": [
        (f"/studium/prehled/pokusy/{COHORT_ENROLMENT}/", DASHBOARD, True),
        ("/studium/prehled/pokusy/999999/", {**DASHBOARD, "adviser": 404, "admin": 404}, True),
    ],
    "studium/overeni/": [
        ("/studium/overeni/", everyone(200), True),
        ("/studium/overeni/?kod=", everyone(400), True),
    ],
    "studium/overeni/<str:code>/": [
        (f"/studium/overeni/{CERTIFICATE_CODE}/", everyone(200), True),
        ("/studium/overeni/NENI-TAKO-VY00/", everyone(404), True),
    ],
    # Town (team) certificates: the town's adviser and administrators issue and revoke them,
    # anyone verifies them; the PDF of a revoked one is gone (410).
    "studium/obce/<slug:organisation>/certifikat/": [
        (f"/studium/obce/{TOWN}/certifikat/", DASHBOARD, True),
        ("/studium/obce/neni-takova/certifikat/", signed_in(404, anonymous=302), True),
    ],
    "studium/certifikaty-obci/<str:code>/": [
        (f"/studium/certifikaty-obci/{TEAM_CERTIFICATE_CODE}/", everyone(200), True),
        (f"/studium/certifikaty-obci/{REVOKED_TEAM_CERTIFICATE_CODE}/", everyone(200), True),
        ("/studium/certifikaty-obci/NENI-TAKO-VY00/", everyone(404), True),
    ],
    "studium/certifikaty-obci/<str:code>/pdf/": [
        (f"/studium/certifikaty-obci/{REVOKED_TEAM_CERTIFICATE_CODE}/pdf/", everyone(410), True),
        ("/studium/certifikaty-obci/NENI-TAKO-VY00/pdf/", everyone(404), True),
    ],
    "studium/certifikaty-obci/<str:code>/zrusit/": [
        (f"/studium/certifikaty-obci/{TEAM_CERTIFICATE_CODE}/zrusit/", DASHBOARD, True),
        ("/studium/certifikaty-obci/NENI-TAKO-VY00/zrusit/", signed_in(404, anonymous=302), True),
    ],
    # Creating a cohort's working group is a POST.
    "studium/prehled/skupiny/<int:pk>/pracovni-skupina/": [
        (
            f"/studium/prehled/skupiny/{OWN_COHORT}/pracovni-skupina/",
            signed_in(405, anonymous=302),
            True,
        )
    ],
    "studium/upozorneni/": [("/studium/upozorneni/", signed_in(200, anonymous=302), True)],
    "studium/prehled/": [("/studium/prehled/", DASHBOARD, True)],
    "studium/prehled/skupiny/<int:pk>/": [
        (f"/studium/prehled/skupiny/{OWN_COHORT}/", DASHBOARD, True),
        # Another adviser's cohort does not exist for this adviser.
        (f"/studium/prehled/skupiny/{OTHER_COHORT}/", {**DASHBOARD, "adviser": 404}, True),
    ],
    "studium/prehled/skupiny/<int:pk>/csv/": [
        (f"/studium/prehled/skupiny/{OWN_COHORT}/csv/", DASHBOARD, True),
        (f"/studium/prehled/skupiny/{OTHER_COHORT}/csv/", {**DASHBOARD, "adviser": 404}, True),
    ],
    # GET is the preview of a bulk enrolment; without an organisation it is a 400.
    "studium/prehled/skupiny/<int:pk>/zapsat-organizaci/": [
        (
            f"/studium/prehled/skupiny/{OWN_COHORT}/zapsat-organizaci/",
            {**DASHBOARD, "adviser": 400, "admin": 400},
            True,
        ),
        (
            f"/studium/prehled/skupiny/{OTHER_COHORT}/zapsat-organizaci/",
            {**DASHBOARD, "adviser": 404, "admin": 400},
            True,
        ),
    ],
    "(wagtail pages: courses)": [
        ("/kurzy/", everyone(200), True),
        ("/kurzy/kurz-matice/", everyone(200), True),
        ("/kurzy/kurz-matice/modul-1/", everyone(200), True),
        # Lessons: enrolled learners, advisers and admins; others get the 403 explanation.
        ("/kurzy/kurz-matice/modul-1/lekce-1/", LESSON, True),
        # Actions of the pages take POST only.
        ("/kurzy/kurz-matice/zapsat/", everyone(405), True),
        ("/kurzy/kurz-matice/odhlasit/", everyone(405), True),
        ("/kurzy/kurz-matice/modul-1/lekce-1/hotovo/", everyone(405), True),
        ("/kurzy/kurz-matice/modul-1/lekce-1/kviz/", everyone(405), True),
        # The final evaluation: only for those who finished (the learner has a certificate).
        (
            "/kurzy/kurz-matice/hodnoceni/",
            {**everyone(403), "anonymous": 302, "learner": 200},
            True,
        ),
    ],
}


def prepare(people) -> None:
    """Create the objects the rows address; `people` maps each actor to a user (or None)."""
    from decimal import Decimal

    from accounts.roles import Role
    from courses.models import Certificate, Cohort, Enrolment
    from courses.team_models import TeamCertificate
    from tests.courses.factories import course_create
    from tests.factories import OrganisationFactory, user_with_role

    built = course_create(slug="kurz-matice", lessons_per_module=1, questions_per_quiz=1)
    course = built.course
    learner = people["learner"]
    Enrolment.objects.create(user=learner, course=course)
    Certificate.objects.create(
        user=learner,
        course=course,
        code=CERTIFICATE_CODE,
        learner_name=learner.get_full_name(),
        course_title=course.title,
        hours=Decimal("6"),
    )
    own = Cohort.objects.create(
        pk=OWN_COHORT,
        course=course,
        name="Skupina poradce",
        start_date="2026-01-01",
        adviser=people["adviser"],
    )
    Enrolment.objects.create(
        pk=COHORT_ENROLMENT, user=user_with_role(Role.LEARNER), course=course, cohort=own
    )
    town = OrganisationFactory(short_name="Obec Matice", slug=TOWN, kind="municipality")
    own.organisations.add(town)
    TeamCertificate.objects.create(
        organisation=town,
        code=TEAM_CERTIFICATE_CODE,
        municipality_name="Obec Matice",
        members_count=1,
        completed=[{"course": course.title, "hours": "6", "finished": 1, "modules": []}],
    )
    TeamCertificate.objects.create(
        organisation=town,
        code=REVOKED_TEAM_CERTIFICATE_CODE,
        municipality_name="Obec Matice",
        members_count=1,
        completed=[],
        revoked_at="2026-01-02T00:00:00Z",
        revocation_reason="Vydán omylem.",
    )

    Cohort.objects.create(
        pk=OTHER_COHORT,
        course=course,
        name="Skupina jiného poradce",
        start_date="2026-01-01",
        adviser=user_with_role(Role.ADVISER),
    )
