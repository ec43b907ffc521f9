"""Who may open which address: every URL pattern of the project, for every kind of person.

Add a row when you add a URL. The test fails for a pattern without a row, so nothing is
published without someone deciding who may see it. Third-party URL collections (Wagtail
admin, allauth, Django admin, Wagtail documents and page serving) are mounts: one or more
representative addresses stand for the whole collection.
"""

from importlib import import_module

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from accounts.roles import Role
from tests.authorization import ACTORS, STAFF_ONLY, everyone, signed_in
from tests.factories import InvitationFactory, OrganisationFactory, UserFactory, user_with_role

THIRD_PARTY_PREFIXES = ("wagtail", "allauth", "django.")
APP_ROW_MODULES = [
    "tests.kb.authorization",
    "tests.courses.authorization",
    "tests.forum.authorization",
    "tests.casestudies.authorization",
    "tests.roadmap.authorization",
]

# route pattern (as Django spells it) -> list of (address, expected status per actor).
# "{token}" is replaced by a pending invitation addressed to nobody in ACTORS.
# i18n: True rows are checked at the Czech address and again under /en/.
MATRIX = {
    "healthz": [("/healthz", everyone(200), False)],
    "robots.txt": [("/robots.txt", everyone(200), False)],
    "sitemap.xml": [("/sitemap.xml", everyone(200), False)],
    "i18n/setlang/": [("/i18n/setlang/", everyone(302), False)],
    # Wagtail's login page only redirects to allauth's (or on, for people with admin access).
    "admin/login/": [
        (
            "/admin/login/",
            {**everyone(403), "anonymous": 302, "adviser": 302, "moderator": 302, "admin": 302},
            False,
        )
    ],
    # Moderators use the admin (forum moderation) but edit no pages.
    "admin/": [
        ("/admin/", STAFF_ONLY, False),
        ("/admin/pages/", {**STAFF_ONLY, "moderator": 302}, False),
    ],
    "django-admin/": [("/django-admin/", {**everyone(302), "admin": 200}, False)],
    "documents/": [("/documents/999999/neexistuje.pdf", everyone(404), False)],
    "jsi18n/": [("/jsi18n/", everyone(200), True)],
    "ucet/profil/": [("/ucet/profil/", signed_in(200, anonymous=302), True)],
    # Join requests: anyone signed in asks; advisers and administrators decide.
    "ucet/zadost-o-clenstvi/": [("/ucet/zadost-o-clenstvi/", signed_in(200, anonymous=302), True)],
    "ucet/zadosti-o-clenstvi/": [
        (
            "/ucet/zadosti-o-clenstvi/",
            {**everyone(403), "anonymous": 302, "adviser": 200, "admin": 200},
            True,
        )
    ],
    "ucet/zadosti-o-clenstvi/<int:pk>/": [
        ("/ucet/zadosti-o-clenstvi/999999/", signed_in(405, anonymous=302), True)
    ],
    # A person's own data: the page, the download (POST only) and the erasure form.
    "ucet/moje-data/": [("/ucet/moje-data/", signed_in(200, anonymous=302), True)],
    "ucet/moje-data/stahnout/": [
        ("/ucet/moje-data/stahnout/", signed_in(405, anonymous=302), True)
    ],
    "ucet/smazat-ucet/": [("/ucet/smazat-ucet/", signed_in(200, anonymous=302), True)],
    # The contact form posts here; the page itself is a Wagtail page.
    "kontakt/<int:page_id>/odeslat/": [("/kontakt/999999/odeslat/", everyone(405), True)],
    # Wagtail's plain login form is replaced by a redirect to allauth's.
    "_util/login/": [("/_util/login/", everyone(302), True)],
    "ucet/pozvanky/nova/": [
        (
            "/ucet/pozvanky/nova/",
            {**everyone(403), "anonymous": 302, "adviser": 200, "admin": 200},
            True,
        )
    ],
    "ucet/pozvanky/<str:token>/": [
        ("/ucet/pozvanky/{token}/", signed_in(403, anonymous=200), True)
    ],
    # allauth: the entrance pages for visitors, the settings pages for people signed in.
    "ucet/ (allauth)": [
        ("/ucet/login/", signed_in(302, anonymous=200), True),
        ("/ucet/signup/", signed_in(302, anonymous=200), True),
        ("/ucet/password/reset/", everyone(200), True),
        ("/ucet/email/", signed_in(200, anonymous=302), True),
        ("/ucet/password/change/", signed_in(200, anonymous=302), True),
        ("/ucet/2fa/", signed_in(200, anonymous=302), True),
        ("/ucet/logout/", signed_in(200, anonymous=302), True),
    ],
    "api/case-studies/": [
        ("/api/case-studies/", everyone(200), False),
        ("/api/case-studies/?page=0", everyone(400), False),
    ],
    # Search: everyone may search; what each person finds is limited inside the query.
    "search/": [
        ("/search/?q=krizovy+byt", everyone(200), True),
        ("/search/?q=byt&strana=-1&kind=nic", everyone(200), True),
    ],
    "search/navrhy/": [("/search/navrhy/?q=kr", everyone(200), True)],
    "search/vysledek/": [("/search/vysledek/?key=neni", everyone(404), True)],
    "api/search/": [
        ("/api/search/?q=byt", everyone(200), False),
        ("/api/search/?q=byt&page=0", everyone(400), False),
    ],
    "admin/ (search analytics)": [
        ("/admin/vyhledavani/", {**everyone(302), "adviser": 200, "admin": 200}, False)
    ],
    "(wagtail pages)": [
        ("/", everyone(200), True),
        ("/neexistujici-stranka/", everyone(404), True),
        # Case studies (routes of CaseStudyIndexPage and CaseStudyPage): public open data.
        ("/pripadove-studie/", everyone(200), True),
        ("/pripadove-studie/?kraj=XX&strana=-1", everyone(200), True),
        ("/pripadove-studie/verejna/", everyone(200), True),
        ("/pripadove-studie/verejna/pdf/", everyone(200), True),
        # A draft is served to nobody on the site (editors preview it in the admin).
        ("/pripadove-studie/koncept/", everyone(404), True),
        ("/pripadove-studie/koncept/pdf/", everyone(404), True),
        ("/pripadove-studie/porovnani/", everyone(200), True),
        ("/pripadove-studie/porovnani/?obec=matice", everyone(400), True),
        ("/pripadove-studie/vysledky/", everyone(200), True),
        ("/pripadove-studie/export/csv/", everyone(200), True),
        ("/pripadove-studie/export/xlsx/", everyone(200), True),
        ("/pripadove-studie/obce/matice/", everyone(200), True),
        ("/pripadove-studie/obce/neexistuje/", everyone(404), True),
    ],
}
for _module_name in APP_ROW_MODULES:
    for _key, _rows_of_app in import_module(_module_name).ROWS.items():
        MATRIX.setdefault(_key, []).extend(_rows_of_app)


def _walk(patterns, prefix=""):
    """Yield (route, mount_name) for every pattern; third-party includes are yielded once."""
    for pattern in patterns:
        route = prefix + (
            "" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
        )
        if isinstance(pattern, URLResolver):
            # admin.site.urls is a list, not a module: name it after its app.
            module = getattr(pattern.urlconf_module, "__name__", "") or (
                "django.contrib.admin" if pattern.app_name == "admin" else ""
            )
            if module.startswith(THIRD_PARTY_PREFIXES):
                yield route, module
            else:
                yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, None


def _matrix_key(route, module):
    if module is None:
        return route
    if module.startswith("allauth"):
        return f"{route} (allauth)"
    if module == "wagtail.urls":
        return "(wagtail pages)" if route == "" else route
    return route


def test_every_url_pattern_has_a_row():
    missing = sorted(
        {_matrix_key(route, module) for route, module in _walk(get_resolver().url_patterns)}
        - set(MATRIX)
    )
    assert not missing, f"URL patterns without a row in the authorization matrix: {missing}"


@pytest.fixture(scope="module")
def actors(module_db):
    """The world the rows address, built once for the module (every row only reads it)."""
    with module_db():
        yield _build_world()


def _build_world():
    from tests.factories import case_study_create, home_page_create

    home_page_create()
    case_study_create(
        organisation=OrganisationFactory(short_name="Matice", slug="matice"),
        slug="verejna",
        values=[("households-housed", 3, "2024-01-01")],
    )
    case_study_create(organisation=OrganisationFactory(slug="skryta"), slug="koncept", live=False)
    organisation = OrganisationFactory(short_name="Jihlava")
    people = {role.value: user_with_role(role, organisation=organisation) for role in Role}
    people["other_organisation"] = user_with_role(
        Role.PARTNER_MEMBER, organisation=OrganisationFactory()
    )
    people["anonymous"] = None
    for module_name in APP_ROW_MODULES:
        import_module(module_name).prepare(people)
    return people


def _rows():
    for key, rows in MATRIX.items():
        for address, expected, localised in rows:
            yield pytest.param(address, expected, id=f"{key}:{address}")
            if localised:
                yield pytest.param(f"/en{address}", expected, id=f"{key}:/en{address}")


@pytest.mark.parametrize(("address", "expected"), list(_rows()))
def test_matrix(db, client, actors, address, expected):
    invitation = InvitationFactory(invited_by=UserFactory())
    address = address.replace("{token}", invitation.token)
    actual = {}
    for actor in ACTORS:
        client.logout()
        if actors[actor] is not None:
            client.force_login(actors[actor])
        response = client.get(address)
        actual[actor] = response.status_code
    assert actual == expected
