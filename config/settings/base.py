"""Settings shared by every environment.

Everything that differs between machines is read from environment variables;
see README.md ("Configuration") for the full list.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
]
LOCAL_APPS = [
    "core",
    "accounts",
    "casestudies",
    "roadmap",
    "kb",
    "courses",
    "forum",
    "search",
    "legal",
    "privacy",
    "home",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that can fail, so that error pages carry the headers too.
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Whole pages for anonymous visitors (no session cookie): after the language is known,
    # before everything that reads the database. See core/page_cache.py.
    "core.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication and before every middleware that reads the database: it
    # loads the signed-in person itself, so a database outage is a 503 for everybody.
    "core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireTwoFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.site_name",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as error:  # malformed URL: say which variable, not a traceback
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a valid database URL ({error}). "
        "Use e.g. postgres://user:password@host:5432/name or sqlite:///path/db.sqlite3."
    ) from None
DATABASES["default"]["OPTIONS"] = DATABASES["default"].get("OPTIONS", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (gunicorn's workers, the task worker) write to one file: with the
    # write-ahead log readers never wait for a writer, and a commit appends to the log
    # without waiting for the disk (synchronous=NORMAL: a power cut may lose the last
    # commits, never corrupt the file); before, each search's query-log row waited for
    # several fsyncs while holding the file's lock (docs/benchmarks.md, "Pages under load").
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Bydlení v praxi] "
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupProfileForm"
# allauth's defaults are already on; spelled out so that nobody switches them off by accident.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Bydlení v praxi"

# --- Internationalisation ----------------------------------------------------
LANGUAGE_CODE = "cs"
LANGUAGES = [("cs", "Čeština"), ("en", "English")]
# The project's catalogues (made by `make messages`), then `locale_thirdparty`: Czech for the
# strings Wagtail, Django and allauth have not translated yet, and the counted units whose
# plural forms are chosen at run time (casestudies.models), which makemessages cannot see.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]
TIME_ZONE = "Europe/Prague"
USE_I18N = True
USE_TZ = True
# Content is written in Czech; editors may add an English version of any page (Wagtail's
# content localisation with simple_translation: Stránka → Přeložit). Every list of pages is
# limited to one locale through core.locales.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files that are not served by the web server and must survive a new release of the code:
# outside the code folder by default (next to it, "<code folder>-data"). See docs/OPERATIONS.md.
DATA_DIR = Path(env("DATA_DIR", str(BASE_DIR.parent / f"{BASE_DIR.name}-data")))
FORUM_ATTACHMENT_ROOT = Path(env("FORUM_ATTACHMENT_ROOT", str(DATA_DIR / "private" / "forum")))
ROADMAP_EVIDENCE_ROOT = Path(env("ROADMAP_EVIDENCE_ROOT", str(DATA_DIR / "private" / "roadmap")))
ROADMAP_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- E-mail --------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Bydlení v praxi <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP connection may take; a silent server must not hold the worker.
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
# The e-mail outbox (core.mail): retries after 1, 2, 4, … minutes (at most an hour), then
# "failed" for an administrator to send again; a send in progress holds a message this long.
MAIL_MAX_ATTEMPTS = int(env("MAIL_MAX_ATTEMPTS", "10"))
MAIL_RETRY_BASE_SECONDS = int(env("MAIL_RETRY_BASE_SECONDS", "60"))
MAIL_RETRY_MAX_SECONDS = int(env("MAIL_RETRY_MAX_SECONDS", "3600"))
MAIL_LEASE_SECONDS = int(env("MAIL_LEASE_SECONDS", "300"))

# --- Background tasks -----------------------------------------------------------
# E-mail and (later) search index updates go through django-tasks. Development and
# tests run tasks at once; production stores them in the database for `db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# /healthz says "degraded" when work waits longer than this (the oldest due task, e-mail or
# search change) or no worker was seen for WORKER_STALE_AFTER_SECONDS; a task RUNNING on a
# worker not seen for that long is put back in the queue (`manage.py tasks_reclaim`).
HEALTH_STUCK_AFTER_SECONDS = int(env("HEALTH_STUCK_AFTER_SECONDS", "300"))
WORKER_HEARTBEAT_SECONDS = int(env("WORKER_HEARTBEAT_SECONDS", "15"))
WORKER_STALE_AFTER_SECONDS = int(env("WORKER_STALE_AFTER_SECONDS", "120"))

# --- Caches ---------------------------------------------------------------------
# "default": allauth's rate limits, the search caches (synonyms, facet labels, results) and
# their generation numbers; production shares it through the database (production.py).
# "pages": whole anonymous pages (core.page_cache), on disk so that every gunicorn worker of
# the machine reads and empties the same one without a new service (docs/benchmarks.md).
# PAGE_CACHE_SECONDS=0 turns the page cache off.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("PAGE_CACHE_DIR", str(DATA_DIR / "page-cache")),
        "TIMEOUT": PAGE_CACHE_SECONDS,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

# --- Search ---------------------------------------------------------------------
# The project's own search engine (search/) uses Elasticsearch when ELASTICSEARCH_URL
# is set and the database engine otherwise.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", "housing")
# Replicas of the content index: 0 on a single node, 1 or more on a production cluster.
SEARCH_INDEX_REPLICAS = int(env("SEARCH_INDEX_REPLICAS", "0"))
# While Elasticsearch does not answer, index changes wait 5 s, 10 s, 20 s, … at most this long.
SEARCH_RETRY_BASE_SECONDS = int(env("SEARCH_RETRY_BASE_SECONDS", "5"))
SEARCH_RETRY_MAX_SECONDS = int(env("SEARCH_RETRY_MAX_SECONDS", "120"))
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Wagtail ------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Bydlení v praxi"
# The public address of the site, for links made without a request (e-mails, tasks).
# core.absolute_urls is the one place that builds absolute URLs.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("cs", "Čeština"), ("en", "English")]
# Sign-in, password reset and password change go through allauth only (its rate limits,
# e-mail verification, second factor and notification e-mails): Wagtail's own are off.
# Visitors of login-restricted pages sign in through allauth too.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILADMIN_LOGIN_URL = "wagtail_admin_login"  # accounts.views: redirects to allauth
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# The admin talks to no other site: no Gravatar (it would send a hash of each editor's
# e-mail address) and no update check (both also outside the admin's Content-Security-Policy).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Page addresses in ASCII ("pisek-krizovy-byt"), never percent-encoded Czech letters;
# `pages_ascii_slugs` converts older pages and keeps their old addresses as redirects.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "odt", "xlsx", "xls", "ods", "pptx", "csv", "txt"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# The document library's documents carry type, year, language, topics and extracted text.
WAGTAILDOCS_DOCUMENT_MODEL = "kb.LibraryDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "kb.document_forms.LibraryDocumentFormBase"
KB_DOCUMENT_MAX_UPLOAD_SIZE = int(env("KB_DOCUMENT_MAX_UPLOAD_SIZE", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Personal data -------------------------------------------------------------
# How many days rows are kept before `privacy_enforce_retention` (daily) deletes them.
PRIVACY_RETENTION_DAYS = {
    "search_queries": int(env("RETENTION_SEARCH_QUERIES_DAYS", "365")),
    "search_clicks": int(env("RETENTION_SEARCH_CLICKS_DAYS", "365")),
    "forum_notifications": int(env("RETENTION_FORUM_NOTIFICATIONS_DAYS", "180")),
    "contact_messages": int(env("RETENTION_CONTACT_MESSAGES_DAYS", "730")),
}

# --- Security -------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"
# Content-Security-Policy of the site's pages (core.middleware.SecurityHeadersMiddleware):
# its JavaScript and CSS are static files, nothing inline. Videos of lessons may live on an
# organisation's own storage (https).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "media-src": "'self' https:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-src": "'self' https://www.youtube-nocookie.com https://player.vimeo.com",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}
# The Wagtail and Django admin use inline scripts and styles, and show images and previews
# of embeds from other sites: their own, looser policy, still without plugins or framing
# by other sites.
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
CONTENT_SECURITY_POLICY_ADMIN = {
    "default-src": "'self'",
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob: https:",
    "media-src": "'self' https:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "frame-src": "'self' https:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}
# Browser features no page of the site uses.
PERMISSIONS_POLICY = {
    "camera": "()",
    "microphone": "()",
    "geolocation": "()",
    "payment": "()",
    "usb": "()",
    "fullscreen": "(self)",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # WeasyPrint reports each rendering step at INFO; only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
