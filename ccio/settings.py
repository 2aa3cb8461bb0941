"""Settings for the CCIO Network.

Everything that differs between a laptop and production is read from the
environment (see the configuration table in README.md). The defaults are for
a local run: DEBUG on, SQLite, console email, local-memory cache.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core.admin_site.SiteAdminConfig",  # django.contrib.admin, asking core.second_factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    # Third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    # The CCIO Network: the shared building blocks at the bottom, the project on top
    "core",
    "ccio",
    "accounts",
    "notifications",
    "editorial",
    "profiles",
    "articles",
    "forum",
    "events",
    "resources",
    "messaging",
    "surveys",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RejectNulMiddleware",
    "core.middleware.MethodNotAllowedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.StaffMFAMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.content_cache.ContentChangeMiddleware",
]

ROOT_URLCONF = "ccio.urls"
WSGI_APPLICATION = "ccio.wsgi.application"

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
                "ccio.context_processors.site",
                "notifications.context_processors.notifications",
            ],
            # {% url %} remembering the addresses it has worked out (core/templatetags/kept_urls.py).
            "builtins": ["core.templatetags.kept_urls"],
        },
    },
]

# Database: SQLite for a one-command local run, PostgreSQL in production and CI.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
# A database that stops answering costs a page at most these many seconds, then the
# site's 503 page (core/outage.py), instead of hanging until gunicorn kills the worker.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 20)  # 0: no limit
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two
    # registrations for the last place cannot both read "one left".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": DATABASE_STATEMENT_TIMEOUT or 3600,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    if DATABASE_STATEMENT_TIMEOUT:
        _timeout = f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
        _options["options"] = f"{_options.get('options', '')} {_timeout}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's backends, loading the person's roles with them (one query, not two).
    "accounts.backends.UsernameBackend",
    "accounts.backends.EmailOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "phone_number"
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_BLACKLIST = ["admin", "administrator", "moderator", "editor", "staff", "ccio"]
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CCIO Network] "
ACCOUNT_SESSION_REMEMBER = None
# The client's address, for sign-in rate limits and the signed-in sessions list. Behind a
# reverse proxy every request comes from the proxy: say how many proxies you run, and the
# client's address is read from X-Forwarded-For (or from the header your proxy sets).
# 0 (the default) trusts no header: only right when nothing sits in front of gunicorn.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CCIO Network"
# Recording activity on every request would write to the database per page view.
USERSESSIONS_TRACK_ACTIVITY = False

# Email domains whose verified owners join Members without a moderator's decision.
NHS_EMAIL_DOMAINS = env_list("NHS_EMAIL_DOMAINS", ["nhs.net", "nhs.uk", "nhs.scot", "wales.nhs.uk", "hscni.net"])

FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour: "example.org" means https://example.org

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Internationalisation: stored in UTC, shown in London time with British formats.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# The site's own wording for allauth's pages (sentence case): locale/en_GB/LC_MESSAGES/django.po.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Third-party front-end assets come from their npm packages at setup time.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STATICFILES_DIRS = [d for d in STATICFILES_DIRS if Path(d[1] if isinstance(d, tuple) else d).exists()]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded documents (core/files.py): never served by the web server, only by views that check access.
PRIVATE_MEDIA_ROOT = Path(env_str("DJANGO_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "core.static_storage.KeptAddressStaticFilesStorage"
    },
}
# Uploads larger than this are refused before they reach a form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440 * 2
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Cache: local memory by default (a real cache, so rate limits work), Redis when configured.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Redis unreachable: reads miss and writes are skipped instead of failing the page (core/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": env_int("REDIS_TIMEOUT_MS", 500) / 1000,
                "socket_timeout": env_int("REDIS_TIMEOUT_MS", 500) / 1000,
            },
        }
    }
    # Sessions read from the shared cache, written through to the database: one query
    # fewer on every signed-in page. Never with a per-process cache, which would let one
    # process keep a session another has ended.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ccio"}}

# Whole pages for visitors and forum search results, cached under a content version
# (core/content_cache.py). The version must be shared by every server process, so
# this is on with Redis or a single dev process.
CONTENT_CACHE = env_bool("CONTENT_CACHE", bool(REDIS_URL) or DEBUG)
# A save or delete of a model in these apps changes content, except rows written for
# one member's own use (some on every page they read).
CONTENT_CACHE_APPS = {"accounts", "articles", "editorial", "events", "forum", "profiles", "resources", "surveys"}
CONTENT_CACHE_PRIVATE_MODELS = {
    "forum.readstate",
    "forum.watch",
    "forum.bookmark",
    "events.calendartoken",
    "events.sessionstar",
    "resources.usefulmark",
    "resources.planitem",
    "resources.cpdentry",
    # A survey's responses are never on a visitor's page (poll votes are: their answers change content).
    "surveys.response",
    "surveys.participation",
    # Private messages are never public content (messaging is not in CONTENT_CACHE_APPS either).
    "messaging.conversation",
    "messaging.participant",
    "messaging.message",
    "messaging.preferences",
    "messaging.block",
    "messaging.report",
}
# Columns of content models that visitors never see: writing only these is no content change.
CONTENT_CACHE_PRIVATE_FIELDS = {"accounts.user": {"last_login"}}

# Background work: immediate in development and tests, a database queue in production.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Email. Every message goes into the outbox in the sender's transaction (notifications/outbox.py);
# the task worker sends it through EMAIL_DELIVERY_BACKEND, retrying temporary failures.
EMAIL_BACKEND = "notifications.outbox.OutboxBackend"
EMAIL_DELIVERY_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)  # seconds an SMTP server may take to answer
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 12)  # then "failed", retried by hand (manage.py outbox)
EMAIL_RETRY_BASE_SECONDS = env_int("EMAIL_RETRY_BASE_SECONDS", 60)  # doubling after each failure...
EMAIL_RETRY_MAX_SECONDS = env_int("EMAIL_RETRY_MAX_SECONDS", 3600)  # ...up to this
EMAIL_SENDING_TIMEOUT = env_int("EMAIL_SENDING_TIMEOUT", 300)  # a send claimed longer ago: its worker died
TASKS_STALE_SECONDS = env_int("TASKS_STALE_SECONDS", 900)  # a task "running" longer: its worker died
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CCIO Network <no-reply@ccio.example>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Absolute links in emails (verification, notifications, unsubscribe).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "CCIO Network"

# Content Security Policy: only the site's own scripts and styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Security: strict by default in production; the proxy terminates TLS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Messages ride in the session, not a cookie of their own: the site sets only the session and CSRF
# cookies, as the cookies page (/cookies/) says; tests/pages/test_cookies.py keeps it true.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

# Serves /bench/floor/, a trivial view the benchmark compares every page with.
BENCH_FLOOR_VIEW = env_bool("BENCH_FLOOR_VIEW", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO"), "propagate": False},
    },
}

# Forum abuse limits and read-state cut-off (see forum/).
FORUM_NEW_MEMBER_DAYS = env_int("FORUM_NEW_MEMBER_DAYS", 7)
FORUM_NEW_MEMBER_POSTS_PER_MINUTE = env_int("FORUM_NEW_MEMBER_POSTS_PER_MINUTE", 3)
FORUM_NEW_MEMBER_TOPICS_PER_DAY = env_int("FORUM_NEW_MEMBER_TOPICS_PER_DAY", 5)
FORUM_READ_STATE_CUTOFF_DAYS = env_int("FORUM_READ_STATE_CUTOFF_DAYS", 90)
# Private messages (see messaging/): limits for new members (as the forum counts them).
MESSAGING_NEW_MEMBER_MESSAGES_PER_MINUTE = env_int("MESSAGING_NEW_MEMBER_MESSAGES_PER_MINUTE", 5)
MESSAGING_NEW_MEMBER_CONVERSATIONS_PER_DAY = env_int("MESSAGING_NEW_MEMBER_CONVERSATIONS_PER_DAY", 5)
# Markdown previews (live and the Preview button) each member may ask for per minute.
FORUM_PREVIEWS_PER_MINUTE = env_int("FORUM_PREVIEWS_PER_MINUTE", 20)
# Members may delete their own post within this many minutes of posting.
FORUM_DELETE_WINDOW_MINUTES = env_int("FORUM_DELETE_WINDOW_MINUTES", 30)

# Editorial workflow (see editorial/): may the editor who submitted an item also approve it?
EDITORIAL_ALLOW_SELF_APPROVAL = env_bool("EDITORIAL_ALLOW_SELF_APPROVAL", False)
# Image uploads (core/images.py): the largest file accepted, in bytes.
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
# Document uploads (core/files.py: resources, CPD evidence): the largest file accepted, in bytes.
DOCUMENT_UPLOAD_MAX_BYTES = env_int("DOCUMENT_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Other uploads (event materials: slides, documents, recordings), checked by core.images.FileContentValidator.
FILE_UPLOAD_MAX_BYTES = env_int("FILE_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
