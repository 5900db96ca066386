"""Settings for the Kela portal, all read from the environment.

Production is the default: DJANGO_DEBUG is off unless set, and then DJANGO_SECRET_KEY must be
given. Every variable is documented once, in the configuration table of README.md (a test
checks that each variable read here is there).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY: it is required when DJANGO_DEBUG is off."
        )
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - debug mode only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "kela_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "reversion",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_prose_editor",
    "corsheaders",
    "kela_portal",
    "publishing",
    "search",
    "feedback",
    "organisation",
    "partners",
    "stats",
    "pages",
    "api",
]

MIDDLEWARE = [
    "kela_portal.middleware.RequestLogMiddleware",
    # A host not in ALLOWED_HOSTS: a small 400 page, before anything asks for the host.
    "kela_portal.middleware.DisallowedHostMiddleware",
    # Before anything that queries the database: the watchdog of a web worker counts statements.
    "kela_portal.database.StatementCountMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CORS headers (only under /api/) on every answer there, a 304 or a 429 included.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kela_portal.middleware.SecurityHeadersMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Counts searches (cached ones too) for the query report: before the page cache.
    "search.report.QueryReportMiddleware",
    # The open data API's rate limit and validators (ETag from the content version).
    "api.middleware.OpenDataMiddleware",
    # The page cache serves anonymous pages before sessions, CSRF and URL resolving, so a
    # cached page costs little more than a file; it stores them after everything below.
    "kela_portal.cache.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The admin in the language each editor has chosen.
    "publishing.middleware.AdminLanguageMiddleware",
    # Pages shown to logged-in staff (drafts) are private and never stored.
    "publishing.middleware.PrivateStaffPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-axes last: it locks out repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
    # A page not found at an address an item had before redirects to the item's new address.
    "publishing.middleware.MovedItemsMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
# Per user name and address; an address failing with many names is locked out as a whole.
AXES_LOCKOUT_PARAMETERS = "kela_portal.lockout.lockout_parameters"
LOGIN_FAILURE_ADDRESS_RECORDS = max(20, AXES_FAILURE_LIMIT)
# Attempts during a lockout are refused without being recorded: no record grows with them.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# The proxies in front (count or networks, kela_portal.proxies): the feedback limit and the
# login lockout count per client address read through them, never through others.
TRUSTED_PROXIES = os.environ.get("DJANGO_TRUSTED_PROXIES", "")
AXES_CLIENT_IP_CALLABLE = "kela_portal.proxies.client_address"
# Staff log in to the admin with a second factor, the code of an authenticator app (TOTP,
# django-otp; `manage.py enrol_totp USER` gives a user one). On unless debugging.
ADMIN_REQUIRE_2FA = env_bool("DJANGO_ADMIN_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "Kela portal"

ROOT_URLCONF = "kela_portal.urls"
WSGI_APPLICATION = "kela_portal.wsgi.application"

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
                # No django.template.context_processors.i18n: every template that needs the
                # language asks for it ({% get_current_language %}), and the processor asked
                # for it (and its direction) at every render.
                "csp.context_processors.nonce",
                "publishing.context_processors.preview",
            ],
        },
    },
]

# Database: PostgreSQL (psycopg 3) from DATABASE_URL; an embedded SQLite file otherwise.
CONN_MAX_AGE = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'kela.sqlite3'}",
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
# A database that hangs must not hang the site: connections give up after a few seconds, and
# each statement of a web request is cancelled after DATABASE_STATEMENT_TIMEOUT seconds (a
# watchdog in each web worker cuts a connection that does not answer at all: kela_portal.database).
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "2"))
DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT", "1.5"))
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
    # Parameters are bound on the server, and psycopg prepares a statement once it has run
    # prepare_threshold times on a connection: the hot queries are parsed and planned once per
    # connection. Prepared statements belong to a connection: a pooler in front of PostgreSQL
    # must not share connections between clients in transaction mode (PgBouncer before 1.21).
    DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5
if os.environ.get("DJANGO_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DJANGO_TEST_DB_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL (or CACHE_URL) is given, local memory otherwise.
CACHE_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")
REDIS_TIMEOUT = float(os.environ.get("DJANGO_REDIS_TIMEOUT", "0.25"))
# The Redis channel announcing content changes: every node that shares the Redis must use the
# same name, however it spells the Redis address.
PAGE_CACHE_CHANNEL = os.environ.get("DJANGO_PAGE_CACHE_CHANNEL", "kela:content-version")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "kela",
            # A Redis that hangs costs a fraction of a second: the page is then served uncached.
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole-page cache of anonymous pages (kela_portal.cache), invalidated on content changes.
CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "300"))

# Days the search query counts (language, week, query, count) are kept before
# `delete_old_search_queries` deletes them.
SEARCH_QUERY_RETENTION_DAYS = int(os.environ.get("DJANGO_SEARCH_QUERY_RETENTION_DAYS", "180"))
# Each worker counts the searches in memory and writes them at most this often (search.report).
SEARCH_QUERY_WRITE_SECONDS = int(os.environ.get("DJANGO_SEARCH_QUERY_WRITE_SECONDS", "60"))
# Pages each worker also keeps in its own memory (the most recently used).
PAGE_CACHE_LOCAL_ENTRIES = int(os.environ.get("DJANGO_PAGE_CACHE_LOCAL_ENTRIES", "500"))
# …and at most this many megabytes of them; as much again for the fragments (kela_portal.fragments).
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("DJANGO_PAGE_CACHE_LOCAL_MB", "32")) * 2**20
# After a content change, how long requests for a page wait for the one render under way.
PAGE_CACHE_RENDER_WAIT_SECONDS = float(os.environ.get("DJANGO_PAGE_CACHE_RENDER_WAIT", "1"))

# The open data API (api/): each client address may make API_RATE_LIMIT requests per
# API_RATE_WINDOW seconds. Any web page may read it (CORS, GET only), and nothing else.
API_RATE_LIMIT = int(os.environ.get("DJANGO_API_RATE_LIMIT", "120"))
API_RATE_WINDOW = 60
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

# Four eyes (publishing.workflow): nobody publishes a change they made or submitted themselves.
PUBLISHING_FOUR_EYES = env_bool("DJANGO_PUBLISHING_FOUR_EYES", default=True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},  # OWASP ASVS 2.1.1
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the one list of the portal's languages, Finnish first (the default and the
# language every item must have). Models, search, the admin and the tests derive from it.
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LANGUAGE_CODE = LANGUAGES[0][0]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["kela_portal.formats"]
USE_TZ = True
TIME_ZONE = "Europe/Helsinki"

# Feedback messages are deleted this many months after they arrive (delete_old_feedback);
# the privacy notice states the period.
FEEDBACK_RETENTION_MONTHS = int(os.environ.get("DJANGO_FEEDBACK_RETENTION_MONTHS", "24"))

# django-modeltranslation: Finnish is the required language and the explicit fallback.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": (LANGUAGE_CODE,)}
# The admin's language tabs need jQuery UI: served from our own static files (CSP: 'self').
JQUERY_UI_URL = "/static/vendor/jquery-ui/jquery-ui.min.js"
# The rich-text editor (django-prose-editor, publishing/editor.py) loads the language mark and
# the paste report (which adds no markup), extensions of our own, from this module.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("publishing/admin/rich_text.js")],
        "extensions": {
            "LanguageMark": html_tags(["span"], {"span": ["lang"]}),
            "PasteReport": html_tags([]),
        },
    }
]

# Static files: hashed, compressed, served by whitenoise with far-future headers.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "kela_portal.storage.PortalStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000

# Security: safe production defaults; `manage.py check --deploy` is clean with debug off.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# Sessions are staff's (visitors have none): one ends after this many idle hours, each request
# keeping it alive, and its cookie is forgotten when the browser closes.
SESSION_COOKIE_AGE = int(float(os.environ.get("DJANGO_SESSION_IDLE_HOURS", "8")) * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Messages are the admin's, shown to staff, who have a session: kept there rather than in
# a signed cookie, so no cookie signer is made for every visitor's request.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # The nonces are for the rich-text editor of the admin (publishing/editor.py): its
        # import map and Tiptap's stylesheet. Pages without the editor have no nonce.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logging: one JSON line per request to stdout; warnings and errors (with traceback) to stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "kela_portal.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "kela_portal.logging.StandardStreamHandler",
            "which": "stdout",
            "formatter": "json",
        },
        "stderr": {
            "class": "kela_portal.logging.StandardStreamHandler",
            "which": "stderr",
            "formatter": "json",
        },
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "kela_portal.requests": {
            "handlers": ["stdout"],
            "level": os.environ.get("DJANGO_REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "kela_portal": {"level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
        # The request log above replaces the access logs of the servers.
        "django.server": {"handlers": [], "propagate": False},
        # Errors only: the request log already records each 4xx answer, which Django would
        # log a second time as a warning ("Not Found: /…"), a line per scanner's request.
        "django.request": {"level": "ERROR"},
    },
}
