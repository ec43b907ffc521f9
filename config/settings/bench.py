"""`make bench` (scripts/bench.py): the development settings as production runs them (no
DEBUG, the cache the workers share), on a throw-away SQLite database."""

from .dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Workers must share allauth's rate-limit counts and the page cache's generation.
CACHES = {
    **CACHES,  # noqa: F405
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    },
}
