from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import wagtail_admin_login, wagtail_frontend_login
from core import views as core_views
from core.sitemaps import SITEMAPS
from search import views as search_views

# Every sign-in goes through allauth's login (rate limits, e-mail verification, second factor):
# the admin login pages redirect to it instead of accepting a password themselves.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("admin/login/", wagtail_admin_login, name="wagtail_admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include("casestudies.urls")),
    path("api/search/", search_views.search_api, name="api_search"),
]

urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("ucet/", include("accounts.urls")),
    path("ucet/", include("allauth.urls")),
    path("ucet/", include("privacy.urls")),
    path("studium/", include("courses.urls")),
    path("forum/", include("forum.urls")),
    path("search/", include("search.urls")),
    path("cesta/", include("roadmap.urls")),
    path("", include("legal.urls")),
    # Wagtail's own login form for restricted pages is replaced by allauth's.
    path("_util/login/", wagtail_frontend_login, name="wagtailcore_login"),
    # Wagtail's page serving stays last: it matches every remaining path.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
handler429 = "core.views.too_many_requests"
