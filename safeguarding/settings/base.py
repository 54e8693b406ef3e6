"""Settings shared by every environment. Everything a deployment changes comes from the environment.

Development defaults are safe: SQLite beside the code, console e-mail, local files, DEBUG off
unless asked for. `production.py` refuses to start without the values a live service needs.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="development-only-not-secret-" + "x" * 40)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Demo mode lists the demo accounts on the sign-in page and shows their two-factor codes.
# It must never be on where real data is held; the production settings refuse it.
DEMO_MODE = env.bool("DEMO_MODE", default=False)
DEMO_PASSWORD = "demo-password-2026"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "safeguarding.core",
    "safeguarding.accounts",
    "safeguarding.partnership",
    "safeguarding.meetings",
    "safeguarding.reviews",
    "safeguarding.child_deaths",
    "safeguarding.assurance",
    "safeguarding.learning",
    "safeguarding.escalations",
    "safeguarding.engagement",
    "safeguarding.intelligence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "safeguarding.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "safeguarding.accounts.middleware.SessionEndedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safeguarding.urls"
WSGI_APPLICATION = "safeguarding.wsgi.application"
ASGI_APPLICATION = "safeguarding.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "safeguarding" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safeguarding.core.context_processors.service",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# A connection the database dropped (a restart, a failover) is noticed and replaced at the start
# of the next request, not reported as an error to it (docs/operations.md).
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "safeguarding.accounts.backends.PolicyBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:my-work"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Sessions end after this much idle time: every request pushes the expiry on.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "safeguarding.core.views.csrf_failure"

# Lock an account (not an address) after repeated failed sign-ins.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Locking by address too would lock out a whole council behind one NAT address after a few
# mistakes; the account lock (plus the two-factor step) is the control here.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Safeguarding Partnership Platform")
OTP_TOTP_THROTTLE_FACTOR = 1
# Operators may remove a lost device but never read a secret or a recovery code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "safeguarding" / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {
        "BACKEND": env.str("FILE_STORAGE",
                           default="django.core.files.storage.FileSystemStorage"),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Papers, reports and evidence: refused above this size, whatever the page.
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_MB", default=20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@safeguarding.localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Shared by every app server (the API's rate limits count across processes): the database by
# default, or any cache a deployment names (`CACHE_URL`, e.g. redis://...). The table is made by
# `migrate` (core migration 0003).
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://app_cache")}

# Identifying details of children are encrypted at rest (core/fields.py): the first key encrypts,
# every key decrypts; `manage.py rotate_field_key` re-encrypts with the first. Development and
# tests derive a key from SECRET_KEY; production must set its own (production.py).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# The JSON API (docs/api.md): API tokens only, JSON only, refusals as RFC 9457 problem details.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "safeguarding.accounts.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["safeguarding.core.parsers.JsonParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "safeguarding.core.api.problem_handler",
    # Rate limits (docs/api.md): each token on its own, all the tokens of one agency's people
    # together, and each address for calls without a token (the public endpoints). Over any,
    # the call is answered 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": [
        "safeguarding.accounts.throttling.TokenRateThrottle",
        "safeguarding.accounts.throttling.AgencyRateThrottle",
        "safeguarding.accounts.throttling.AddressRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "api_token": env.str("API_RATE_PER_TOKEN", default="120/minute"),
        "api_agency": env.str("API_RATE_PER_AGENCY", default="600/minute"),
        "api_address": env.str("API_RATE_PER_ADDRESS", default="120/minute"),
    },
    # How many proxies in front of the app append to X-Forwarded-For: the caller's address is
    # that many from the header's end. 0 ignores the header, which a caller could forge.
    "NUM_PROXIES": env.int("API_TRUSTED_PROXIES", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Safeguarding Partnership Platform API",
    "DESCRIPTION": "For agencies' own case-management systems. Send an API token made on your "
                   "account page as `Authorization: Bearer <token>`. Refusals are RFC 9457 "
                   "problem details (`application/problem+json`).",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "safeguarding.core.api.ids_in_paths_are_positive"],
    # Another model's `status` choices beside the notifications' own: each named for what it is.
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "safeguarding.reviews.models.Incident.Status",
        "ImportStatusEnum": "safeguarding.intelligence.models.DataImport.Status",
        "ChildDeathStatusEnum": "safeguarding.child_deaths.models.ChildDeath.Status",
        "SexEnum": "safeguarding.reviews.models.Sex",
        "ChildDeathSexEnum": "safeguarding.child_deaths.models.Sex",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# A strict Content Security Policy: no inline script or style, nothing from another origin.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

SERVICE_NAME = "Safeguarding Partnership Platform"
# Where people reach the service, for links in e-mails sent by background tasks.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
PHASE = env.str("PHASE", default="beta")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# The operators' admin lives at a path of its own choosing, away from the usual guess.
ADMIN_PATH = env.str("ADMIN_PATH", default="operators")
