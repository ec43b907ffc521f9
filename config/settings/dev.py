"""Local development: `make run`. SQLite and the database search engine by default."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-secret-key-not-for-production")
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Unknown addresses get the project's own 404 page (as in production), not Django's technical
# page; DEBUG_TECHNICAL_404=1 asks for the technical one. See core/debug_404.py.
MIDDLEWARE = [*MIDDLEWARE, "core.debug_404.ProjectNotFoundPageMiddleware"]  # noqa: F405
DEBUG_TECHNICAL_404 = env_bool("DEBUG_TECHNICAL_404", False)
