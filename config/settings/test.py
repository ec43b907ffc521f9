"""Settings for pytest. DATABASE_URL and ELASTICSEARCH_URL come from the environment."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", "test")
# No page cache (a dummy): tests see every change at once without relying on its
# invalidation; tests/core/test_page_cache.py turns it on (LocMemCache) to test it.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}

# Serve static files straight from the app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The site search is the project's own (search/); Wagtail's index is not read by any page, so
# tests do not keep it up to date on every save (about a third of the time of a page save).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
}
# Wagtail's reference index ("usage" in the admin) is switched off for tests in
# tests/conftest.py (it has no setting); a test about usage counts asks for the
# `wagtail_reference_index` fixture.

# TEST_SQLITE_PATH=/path/test.sqlite3 keeps the SQLite test database in a file, so that
# `pytest --reuse-db` skips the migrations on the next run (`make mutation` runs pytest once per
# mutant). Without it the SQLite test database lives in memory.
if env("TEST_SQLITE_PATH", "") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_SQLITE_PATH", "")}  # noqa: F405
