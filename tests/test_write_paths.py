"""Who may write where: a POST to every URL pattern of the project, for every kind of person.

The companion of tests/test_authorization_matrix.py, which sends GETs. A pattern without a
row here fails the suite, so no write path is published without someone deciding who may
use it. The POSTs carry an empty form: the rule (who may) is checked before the form (what
is valid), so a person who may not gets 302 (to log in), 403, 404 or 405, and a person who
may gets the form's own answer (400, or the form again) or the action's redirect. The same
people and objects as the matrix (its `actors` fixture and the apps' `prepare`).

Every POST is also refused without a CSRF token, whatever the address.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import get_resolver

from tests.authorization import ACTORS, everyone, signed_in
from tests.factories import InvitationFactory, UserFactory
from tests.test_authorization_matrix import _matrix_key, _walk, actors  # noqa: F401

NOBODY = everyone(405)  # the view answers GET only
STAFF = ("adviser", "moderator", "admin")
_DASHBOARD = {**everyone(403), "anonymous": 302, "adviser": 200, "admin": 200}
_MODERATORS_READ = {**everyone(403), "anonymous": 302, "moderator": 200, "admin": 200}
_MODERATORS_WRITE = {**everyone(403), "anonymous": 302, "moderator": 400, "admin": 400}
_CLOSED_READERS = ("partner_member", "moderator", "admin", "other_organisation")
# A view that reads and answers a POST as it answers a GET: it writes nothing.
_READ = {"anonymous": 200, **signed_in(200, anonymous=200)}
QUIZ_ATTEMPT = {"pokus": "3f1c2a64-1d7e-4f0e-9a55-0c1b2d3e4f50"}


def _closed(status, *, anonymous=302):
    """`status` for the closed group's readers, 404 for everyone else who is signed in."""
    return {
        **{actor: (status if actor in _CLOSED_READERS else 404) for actor in ACTORS},
        "anonymous": anonymous,
    }


def _accepted_answer():
    from forum.models import Topic

    return Topic.objects.get(pk=9001).accepted_answer_id


# route pattern -> [(address, expected per actor[, form data[, what to read after the POST]])].
# With a check, the expected value is (status, what the check reads afterwards).
# The partner member wrote every forum post of `prepare` and is still a new member (limited
# to 3 posts an hour, hence 403 when writing more).
WRITES = {
    "healthz": [("/healthz", NOBODY)],
    "robots.txt": [("/robots.txt", NOBODY)],
    "sitemap.xml": [("/sitemap.xml", _READ)],
    "i18n/setlang/": [("/i18n/setlang/", everyone(302))],
    "admin/login/": [
        ("/admin/login/", {**everyone(403), "anonymous": 302, **dict.fromkeys(STAFF, 302)})
    ],
    "admin/": [
        ("/admin/documents/add/", {**everyone(302), "adviser": 200, "admin": 200}),
    ],
    # The form's own answer to an empty POST for the admin: no such object to add a user to.
    "django-admin/": [("/django-admin/accounts/user/add/", {**everyone(302), "admin": 404})],
    "documents/": [("/documents/999999/neexistuje.pdf", everyone(404))],
    "api/case-studies/": [("/api/case-studies/", NOBODY)],
    "api/v1/case-studies/": [("/api/v1/case-studies/", NOBODY)],
    "api/v1/municipalities/": [("/api/v1/municipalities/", NOBODY)],
    "api/v1/datapackage.json": [("/api/v1/datapackage.json", NOBODY)],
    "api/v1/openapi.json": [("/api/v1/openapi.json", NOBODY)],
    "api/search/": [("/api/search/", NOBODY)],
    "jsi18n/": [("/jsi18n/", NOBODY)],
    "ucet/profil/": [("/ucet/profil/", signed_in(200, anonymous=302))],
    "ucet/zadost-o-clenstvi/": [("/ucet/zadost-o-clenstvi/", signed_in(400, anonymous=302))],
    "ucet/zadosti-o-clenstvi/": [("/ucet/zadosti-o-clenstvi/", signed_in(405, anonymous=302))],
    "ucet/zadosti-o-clenstvi/<int:pk>/": [
        (
            "/ucet/zadosti-o-clenstvi/999999/",
            {**everyone(403), "anonymous": 302, "adviser": 404, "admin": 404},
        )
    ],
    "ucet/moje-data/": [("/ucet/moje-data/", signed_in(405, anonymous=302))],
    # The download writes nothing: a signed-in person gets their archive.
    "ucet/moje-data/stahnout/": [("/ucet/moje-data/stahnout/", signed_in(200, anonymous=302))],
    # The empty form is a 400; for the cohort's adviser and the only administrator of the
    # matrix's world, erasure is refused first (409).
    "ucet/smazat-ucet/": [
        (
            "/ucet/smazat-ucet/",
            {**signed_in(400, anonymous=302), "adviser": 409, "admin": 409},
        )
    ],
    "kontakt/<int:page_id>/odeslat/": [("/kontakt/999999/odeslat/", everyone(404))],
    "_util/login/": [("/_util/login/", everyone(302))],
    "ucet/pozvanky/nova/": [
        ("/ucet/pozvanky/nova/", {**everyone(403), "anonymous": 302, "adviser": 400, "admin": 400})
    ],
    "ucet/pozvanky/<str:token>/": [("/ucet/pozvanky/{token}/", signed_in(403, anonymous=302))],
    "ucet/ (allauth)": [
        ("/ucet/email/", everyone(302)),
        ("/ucet/password/change/", signed_in(200, anonymous=302)),
    ],
    "studium/": [("/studium/", signed_in(200, anonymous=302))],
    # Revoking is for administrators; an unknown code is a 404 only for them.
    "studium/certifikaty/<str:code>/zrusit/": [
        (
            "/studium/certifikaty/NENI-TAKO-VY00/zrusit/",
            {**everyone(403), "anonymous": 302, "admin": 404},
        )
    ],
    # Extra attempts: the dashboard's people; a learner they do not look after is a 404.
    "studium/prehled/pokusy/<int:enrolment_pk>/": [
        ("/studium/prehled/pokusy/999999/", {**_DASHBOARD, "adviser": 404, "admin": 404})
    ],
    "studium/certifikaty/<str:code>/pdf/": [
        ("/studium/certifikaty/NENI-TAKO-VY00/pdf/", signed_in(404, anonymous=302))
    ],
    "studium/overeni/": [("/studium/overeni/", everyone(200))],
    # Town certificates: the matrix's town has completed nothing, so issuing is refused (409)
    # for the people who may issue; an empty revocation form is a 400 for them.
    "studium/obce/<slug:organisation>/certifikat/": [
        ("/studium/obce/obec-matice/certifikat/", {**_DASHBOARD, "adviser": 409, "admin": 409})
    ],
    "studium/certifikaty-obci/<str:code>/": [("/studium/certifikaty-obci/OBEC-MATI-CE01/", _READ)],
    "studium/certifikaty-obci/<str:code>/pdf/": [
        ("/studium/certifikaty-obci/NENI-TAKO-VY00/pdf/", everyone(404))
    ],
    "studium/certifikaty-obci/<str:code>/zrusit/": [
        (
            "/studium/certifikaty-obci/OBEC-MATI-CE01/zrusit/",
            {**_DASHBOARD, "adviser": 400, "admin": 400},
        ),
        ("/studium/certifikaty-obci/NENI-TAKO-VY00/zrusit/", signed_in(404, anonymous=302)),
    ],
    # The cohort of one town gets its working group (302); the other adviser's cohort is
    # unseen by the adviser, and for the admin it has no town (400).
    "studium/prehled/skupiny/<int:pk>/pracovni-skupina/": [
        (
            "/studium/prehled/skupiny/9001/pracovni-skupina/",
            {**_DASHBOARD, "adviser": 302, "admin": 302},
        ),
        (
            "/studium/prehled/skupiny/9002/pracovni-skupina/",
            {**_DASHBOARD, "adviser": 404, "admin": 400},
        ),
    ],
    "studium/overeni/<str:code>/": [("/studium/overeni/NENI-TAKO-VY00/", everyone(404))],
    # One's own reminder settings: an empty form switches the reminders off.
    "studium/upozorneni/": [("/studium/upozorneni/", everyone(302))],
    "studium/prehled/": [("/studium/prehled/", _DASHBOARD)],
    "studium/prehled/skupiny/<int:pk>/": [("/studium/prehled/skupiny/9001/", _DASHBOARD)],
    "studium/prehled/skupiny/<int:pk>/csv/": [("/studium/prehled/skupiny/9001/csv/", _DASHBOARD)],
    "studium/prehled/skupiny/<int:pk>/zapsat-organizaci/": [
        (
            "/studium/prehled/skupiny/9001/zapsat-organizaci/",
            {**_DASHBOARD, "adviser": 400, "admin": 400},
        ),
        (
            "/studium/prehled/skupiny/9002/zapsat-organizaci/",
            {**_DASHBOARD, "adviser": 404, "admin": 400},
        ),
    ],
    "forum/": [("/forum/", everyone(200))],
    "forum/novinky/": [("/forum/novinky/", signed_in(200, anonymous=302))],
    "forum/novinky/precteno/": [("/forum/novinky/precteno/", everyone(302))],
    "forum/moderace/skupiny/": [("/forum/moderace/skupiny/", _MODERATORS_READ)],
    "forum/moderace/skupiny/<slug:category>/": [
        ("/forum/moderace/skupiny/skupina/", _MODERATORS_WRITE)
    ],
    "forum/moderace/skupiny/<slug:category>/odebrat/<int:pk>/": [
        (
            "/forum/moderace/skupiny/skupina/odebrat/9001/",
            {**_MODERATORS_WRITE, "moderator": 404, "admin": 404},
        )
    ],
    # The suggestions answer a POST as a GET: they write nothing.
    "forum/prispevek/zminky/": [("/forum/prispevek/zminky/", signed_in(200, anonymous=302))],
    # Not accepted answers: refused with a 400 for the people who may hand over.
    "forum/prispevek/<int:pk>/do-znalosti/": [
        (
            "/forum/prispevek/9002/do-znalosti/",
            {**signed_in(403, anonymous=302), "adviser": 400, "moderator": 400, "admin": 400},
        ),
        (
            "/forum/prispevek/9003/do-znalosti/",
            {**signed_in(403, anonymous=302), "adviser": 404, "moderator": 400, "admin": 400},
        ),
    ],
    "forum/prispevek/<int:pk>/pomohlo/": [
        # Its author may not mark their own post as helpful.
        ("/forum/prispevek/9002/pomohlo/", {**signed_in(302, anonymous=302), "partner_member": 403})
    ],
    "forum/nezodpovezene/": [("/forum/nezodpovezene/", everyone(200))],
    "forum/upozorneni/": [("/forum/upozorneni/", signed_in(200, anonymous=302))],
    "forum/upozorneni/precist/": [("/forum/upozorneni/precist/", everyone(302))],
    "forum/upozorneni/<int:pk>/": [
        ("/forum/upozorneni/9001/", {**signed_in(404, anonymous=302), "partner_member": 302})
    ],
    "forum/nastaveni/": [("/forum/nastaveni/", signed_in(400, anonymous=302))],
    "forum/odhlasit/<str:token>/": [("/forum/odhlasit/neplatny/", everyone(400))],
    "forum/moderace/": [("/forum/moderace/", _MODERATORS_READ)],
    "forum/moderace/zaznam/": [("/forum/moderace/zaznam/", _MODERATORS_READ)],
    "forum/moderace/prispevek/<int:pk>/": [("/forum/moderace/prispevek/9001/", _MODERATORS_WRITE)],
    "forum/moderace/tema/<int:pk>/": [("/forum/moderace/tema/9001/", _MODERATORS_WRITE)],
    "forum/moderace/clen/<int:pk>/": [("/forum/moderace/clen/9001/", _MODERATORS_WRITE)],
    "forum/prispevek/<int:pk>/": [("/forum/prispevek/9001/", everyone(302))],
    "forum/prispevek/<int:pk>/upravit/": [
        (
            "/forum/prispevek/9001/upravit/",
            {
                **signed_in(403, anonymous=302),
                "partner_member": 400,
                "moderator": 400,
                "admin": 400,
            },
        ),
        (
            "/forum/prispevek/9003/upravit/",
            {**_closed(403), "partner_member": 400, "moderator": 400, "admin": 400},
        ),
    ],
    # Authors delete their own posts; moderators hide them instead.
    "forum/prispevek/<int:pk>/smazat/": [
        ("/forum/prispevek/9002/smazat/", {**signed_in(403, anonymous=302), "partner_member": 302})
    ],
    "forum/prispevek/<int:pk>/nahlasit/": [
        (
            "/forum/prispevek/9002/nahlasit/",
            {**signed_in(400, anonymous=302), "partner_member": 403},
        ),
        ("/forum/prispevek/9003/nahlasit/", {**_closed(400), "partner_member": 403}),
    ],
    "forum/prispevek/<int:pk>/historie/": [("/forum/prispevek/9001/historie/", _MODERATORS_READ)],
    # Refused or not, the answer is a redirect to the topic: what counts is the mark.
    "forum/prispevek/<int:pk>/reseni/": [
        (
            "/forum/prispevek/9002/reseni/",
            {
                **dict.fromkeys(ACTORS, (302, None)),
                "partner_member": (302, 9002),
                "moderator": (302, 9002),
                "admin": (302, 9002),
            },
            {},
            _accepted_answer,
        )
    ],
    "forum/priloha/<int:pk>/<str:filename>": [
        ("/forum/priloha/9001/plan.pdf", {**_closed(200, anonymous=404)})
    ],
    "forum/<slug:category>/": [("/forum/verejna/", everyone(200))],
    "forum/<slug:category>/nove-tema/": [
        ("/forum/verejna/nove-tema/", {**signed_in(400, anonymous=302), "partner_member": 403}),
        ("/forum/skupina/nove-tema/", {**_closed(400), "partner_member": 403}),
    ],
    "forum/<slug:category>/odber/": [
        ("/forum/verejna/odber/", signed_in(302, anonymous=302)),
        ("/forum/skupina/odber/", _closed(302)),
    ],
    "forum/<slug:category>/precteno/": [("/forum/verejna/precteno/", everyone(302))],
    "forum/<slug:category>/<int:topic>/": [("/forum/verejna/9001/", everyone(200))],
    "forum/<slug:category>/<int:topic>/neprectene/": [
        ("/forum/verejna/9001/neprectene/", everyone(302))
    ],
    "forum/<slug:category>/<int:topic>/odpovedet/": [
        (
            "/forum/verejna/9001/odpovedet/",
            {**signed_in(400, anonymous=302), "partner_member": 403},
        ),
        ("/forum/skupina/9003/odpovedet/", {**_closed(400), "partner_member": 403}),
    ],
    "forum/<slug:category>/<int:topic>/odber/": [
        ("/forum/verejna/9001/odber/", signed_in(302, anonymous=302)),
        ("/forum/skupina/9003/odber/", _closed(302)),
    ],
    # Roadmap: only the town's advisers and administrators record (400: an empty form).
    "cesta/<slug:organisation>/<slug:milestone>/zapsat/": [
        (
            "/cesta/obec-akteru/crisis-flat/zapsat/",
            {**signed_in(403, anonymous=302), "adviser": 400, "admin": 400},
        )
    ],
    "cesta/<slug:organisation>/<slug:milestone>/doklad/": [
        ("/cesta/obec-akteru/crisis-flat/doklad/", NOBODY)
    ],
    "search/": [("/search/", NOBODY)],
    "search/navrhy/": [("/search/navrhy/", NOBODY)],
    "search/vysledek/": [("/search/vysledek/", NOBODY)],
    "(wagtail pages)": [
        ("/", everyone(200)),
        ("/pripadove-studie/export/csv/", everyone(200)),
        ("/pripadove-studie/obce/obec-akteru/cesta/", everyone(200)),
        ("/znalosti/oddil/clanek/zpetna-vazba/", everyone(400)),
        ("/znalosti/oddil/koncept/zpetna-vazba/", everyone(404)),
    ],
    # Actions of the course pages (courses.urls), addressed by the pages' slugs.
    "studium/kurzy/<str:course>/zapsat/": [
        ("/studium/kurzy/kurz-matice/zapsat/", signed_in(302, anonymous=302)),
        ("/studium/kurzy/neni-takovy/zapsat/", signed_in(404, anonymous=302)),
    ],
    # Leaving: the enrolled learner leaves; others are not enrolled (409).
    "studium/kurzy/<str:course>/odhlasit/": [
        ("/studium/kurzy/kurz-matice/odhlasit/", {**signed_in(409, anonymous=302), "learner": 302})
    ],
    # The evaluation: only who finished (the learner) reaches the form (400: empty).
    "studium/kurzy/<str:course>/hodnoceni/": [
        ("/studium/kurzy/kurz-matice/hodnoceni/", {**signed_in(403, anonymous=302), "learner": 400})
    ],
    "studium/kurzy/<str:course>/<str:module>/<str:lesson>/hotovo/": [
        (
            "/studium/kurzy/kurz-matice/modul-1/lekce-1/hotovo/",
            {**signed_in(403, anonymous=302), "learner": 302},
        ),
        ("/studium/kurzy/kurz-matice/modul-1/neni/hotovo/", signed_in(404, anonymous=302)),
    ],
    # Only the enrolled learner reaches the quiz form (400: no answers).
    "studium/kurzy/<str:course>/<str:module>/<str:lesson>/kviz/": [
        (
            "/studium/kurzy/kurz-matice/modul-1/lekce-1/kviz/",
            {**signed_in(403, anonymous=302), "learner": 400},
            QUIZ_ATTEMPT,
        ),
    ],
}


def test_every_url_pattern_has_a_write_row():
    routes = {_matrix_key(route, module) for route, module in _walk(get_resolver().url_patterns)}
    missing = sorted(routes - set(WRITES))
    assert not missing, f"URL patterns without a row in tests/test_write_paths.py: {missing}"


def _rows():
    for key, rows in WRITES.items():
        for address, expected, *extra in rows:
            yield pytest.param(address, expected, *extra, id=f"{key}:{address}")


def _padded_rows():
    for param in _rows():
        address, expected, *extra = param.values
        data, check = (*extra, None, None)[:2]
        yield pytest.param(address, expected, data or {}, check, id=param.id)


@pytest.mark.parametrize(("address", "expected", "data", "check"), list(_padded_rows()))
def test_post(client, actors, address, expected, data, check):  # noqa: F811  (the matrix's fixture)
    """Each person posts to the same starting state (a savepoint rolled back after each)."""
    invitation = InvitationFactory(invited_by=UserFactory())
    address = address.replace("{token}", invitation.token)
    actual = {}
    for actor in ACTORS:
        cache.clear()  # rate limits of one person must not count for the next
        with transaction.atomic():
            client.logout()
            if actors[actor] is not None:
                client.force_login(actors[actor])
            status = client.post(address, data).status_code
            actual[actor] = status if check is None else (status, check())
            transaction.set_rollback(True)
    assert actual == expected


# Addresses exempt from CSRF, with their answer to a POST: the open-data API reads only.
# The read-only open-data API is exempt from CSRF (other sites' programs read it); POST is 405.
CSRF_EXEMPT = dict.fromkeys(
    [
        "/api/case-studies/",
        "/api/v1/case-studies/",
        "/api/v1/municipalities/",
        "/api/v1/datapackage.json",
        "/api/v1/openapi.json",
    ],
    405,
) | {
    # The language switch: no token (pages stay cacheable), other sites refused by their
    # Origin (tests/core/test_pages.py).
    "/i18n/setlang/": 302,
}


@pytest.mark.django_db
@pytest.mark.parametrize(("address", "expected", "data", "check"), list(_padded_rows()))
def test_post_without_csrf_token_is_refused(home_page, address, expected, data, check):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post(address.replace("{token}", "neplatny"), data)
    assert response.status_code == CSRF_EXEMPT.get(address, 403)
