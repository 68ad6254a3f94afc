"""Django settings for Common Ground.

Everything that differs between a laptop and production comes from the
environment (see README, "Configuration"). With nothing set the service runs
on SQLite with Celery tasks executed eagerly in-process, so `make run` gives a
working site; `DATABASE_URL` and `CELERY_BROKER_URL` switch to PostgreSQL and
real workers.
"""

import os
import re
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .env import email_url_settings, env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# A local `.env` (written by `make install`; git and the container image ignore it) lets
# plain `manage.py` commands run on a developer's machine. Real environment variables
# always win. DJANGO_ENV_FILE names another file; set it empty to read none.
_ENV_FILE = os.environ.get("DJANGO_ENV_FILE", str(BASE_DIR / ".env"))
if _ENV_FILE and Path(_ENV_FILE).is_file():
    environ.Env.read_env(_ENV_FILE, overwrite=False)

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    # Only ever used with debug on, on a developer's machine.
    SECRET_KEY = "insecure-local-development-key-not-for-production-use-0123456789"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

SITE_NAME = env_str("SITE_NAME", "Common Ground")
SITE_URL = (env_str("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
# Who runs this deployment: named in the footer and the privacy notice. Only an NHS
# organisation may show the NHS logo, so the pages and emails show it only when this says so.
SITE_OPERATOR_NAME = env_str("SITE_OPERATOR_NAME", f"the {SITE_NAME} team")
SITE_OPERATOR_IS_NHS = env_bool("SITE_OPERATOR_IS_NHS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <no-reply@commonground.localhost>")
# One subject convention for every email: "[Common Ground] What happened". Django's own setting
# (its error emails use it); allauth's emails and the notifications follow it.
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "core",
    "accounts",
    "notifications",
    "institutions",
    "movements",
    "engagements",
    "moderation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PrivateCacheMiddleware",
    "core.middleware.RateLimitStatusMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    # Last, so its process_exception sees a view's Conflict first.
    "core.middleware.ContractErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
FORM_RENDERER = "core.forms.NHSFormRenderer"
# One success banner per page, however many steps reported success (core/messages.py).
MESSAGE_STORAGE = "core.messages.OneSuccessStorage"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "notifications.context_processors.unread",
            ],
            "builtins": ["core.templatetags.nhsuk", "core.templatetags.layout"],
        },
    }
]

# --- Data -------------------------------------------------------------------
# URLs carry passwords, so they too may come from a file (DATABASE_URL_FILE).
DATABASES = {
    "default": environ.Env.db_url_config(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

REDIS_URL = env_str("REDIS_URL")
CACHE_URL = env_str("CACHE_URL", REDIS_URL)
if CACHE_URL and CACHE_URL.startswith(("redis://", "rediss://")):
    # Shared by every web process: allauth's rate limits must be counted in one place.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "commonground"}}

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so a reader sees they are on, and one of our own.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    # Failed passwords: per address, and per address and account (accounts/lockout.py).
    "login_failed": "10/m/ip,5/5m/key",
    # One account from all addresses together: wider than one address can reach (15 in 15 min).
    "login_failed_account": "30/15m/key",
    "confirm_email": "1/3m/key",
}
# The client's address, which the per-address limits above count. X-Forwarded-For can be
# forged by anyone, so by default (0) it is ignored and the connecting address is used. Behind
# N proxies you run, set TRUSTED_PROXY_COUNT=N: the address is then the one the outermost proxy
# added (the N-th from the right), and entries a client made up further left are ignored.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# Or a header the proxy sets to the client address and strips from clients (e.g. X-Real-IP).
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER")
if ALLAUTH_TRUSTED_CLIENT_IP_HEADER and not re.fullmatch(r"[A-Za-z0-9-]+", ALLAUTH_TRUSTED_CLIENT_IP_HEADER):
    raise ImproperlyConfigured(
        f"TRUSTED_CLIENT_IP_HEADER must be a header name such as X-Real-IP, not {ALLAUTH_TRUSTED_CLIENT_IP_HEADER!r}."
    )
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_MAX_EMAIL_ADDRESSES = 5
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_RECOVERY_CODE_COUNT = 10
# Accept the code from the previous 30-second step as well (RFC 6238 §5.2): a code
# typed as the step turns over is not refused. Each code still works only once.
MFA_TOTP_TOLERANCE = 1

# Per account, on creating things that notify other people, counted in the shared cache like
# ACCOUNT_RATE_LIMITS (the same notation: "5/h/user" is five an hour per account; "off" for none).
CREATION_RATE_LIMITS = {
    "movement_create": env_str("RATE_LIMIT_MOVEMENT_CREATE", "5/h/user"),
    "institution_register": env_str("RATE_LIMIT_INSTITUTION_REGISTER", "3/h/user"),
    "invitation_create": env_str("RATE_LIMIT_INVITATION_CREATE", "20/h/user"),
    "membership_request": env_str("RATE_LIMIT_MEMBERSHIP_REQUEST", "10/h/user"),
}

# --- Email ------------------------------------------------------------------
# Any backend: SMTP, or for a local run the console or a folder of files (README, "EMAIL_URL").
_email = email_url_settings(env_str("EMAIL_URL", "consolemail://"), base_dir=BASE_DIR)
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
EMAIL_FILE_PATH = _email.pop("EMAIL_FILE_PATH", None)
globals().update(_email)  # SMTP host, port, user, password and TLS/SSL, as the URL gives them
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A commit must never wait long on a broker that is down, or that accepts connections
# but never answers: the rows stay pending and the sweep re-enqueues them. This caps
# connecting (retries included) and each wait for an answer. The workers' own
# consuming is not affected: kombu's event loop applies no socket timeout.
CELERY_ENQUEUE_TIMEOUT_SECONDS = env_float("CELERY_ENQUEUE_TIMEOUT_SECONDS", 1.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "connect_retries_timeout": CELERY_ENQUEUE_TIMEOUT_SECONDS,
    "socket_connect_timeout": CELERY_ENQUEUE_TIMEOUT_SECONDS,
    "socket_timeout": CELERY_ENQUEUE_TIMEOUT_SECONDS,
}
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE: dict = {}

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security ---------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # On by default: NHS services sit on HTTPS-only domains; set false for a domain not ready for the preload list.
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Enforced in every environment so that development and tests catch pages
# that would break under the production policy. Fonts come from the NHS
# font host; everything else is our own.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "https://assets.nhs.uk"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Operators send it as "Authorization: Bearer <token>" to see which check failed on /health/.
HEALTH_CHECK_TOKEN = env_str("HEALTH_CHECK_TOKEN")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Notifications ------------------------------------------------------------
from celery.schedules import crontab  # noqa: E402 (kept with the schedule it serves)

# Read notifications older than this are deleted by the nightly clean-up.
NOTIFICATIONS_RETENTION_DAYS = env_int("NOTIFICATIONS_RETENTION_DAYS", 90)
# Unsubscribe links in emails work for this many days after sending: long enough to act on
# a weekly digest (and for mail clients' one-click unsubscribe), not for ever.
NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS = env_int("NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS", 90)
if NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS < 7:
    raise ImproperlyConfigured(
        "NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS must be at least 7, so a weekly digest's link works."
    )
# A failing email is tried this many times, waiting 30s, 60s, 120s, … between tries.
NOTIFICATIONS_EMAIL_MAX_ATTEMPTS = env_int("NOTIFICATIONS_EMAIL_MAX_ATTEMPTS", 5)
NOTIFICATIONS_EMAIL_RETRY_BASE_SECONDS = env_int("NOTIFICATIONS_EMAIL_RETRY_BASE_SECONDS", 30)
# The sweep re-enqueues emails still pending after this long (the broker was down at commit).
NOTIFICATIONS_SWEEP_PENDING_AFTER_SECONDS = env_int("NOTIFICATIONS_SWEEP_PENDING_AFTER_SECONDS", 120)
# An email left "sending" this long belongs to a worker that died mid-send; the sweep tries it
# again. It must outlast the hard task time limit, after which no send can still be running.
NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS = env_int("NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS", 300)
if NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        f"NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS must be more than the {CELERY_TASK_TIME_LIMIT}s task time "
        "limit, or an email still being sent could be sent twice."
    )

CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,
    "notifications-sweep": {"task": "notifications.deliveries_sweep", "schedule": 60.0},
    "notifications-daily-digest": {
        "task": "notifications.digests_send",
        "schedule": crontab(hour=7, minute=0),
        "args": ["daily"],
    },
    "notifications-weekly-digest": {
        "task": "notifications.digests_send",
        "schedule": crontab(hour=7, minute=0, day_of_week="monday"),
        "args": ["weekly"],
    },
    "notifications-cleanup": {"task": "notifications.cleanup", "schedule": crontab(hour=3, minute=30)},
    # Early on working days (the service skips the others), before reviewers start their day.
    "engagements-deadline-reminders": {
        "task": "engagements.deadline_reminders_send",
        "schedule": crontab(hour=6, minute=30),
    },
    # Daily; the service skips weekends and bank holidays, and catches up on the next working day.
    "engagements-accountability-reminders": {
        "task": "engagements.accountability_reminders_send",
        "schedule": crontab(hour=6, minute=45),
    },
}

# GOV.UK Notify, the email service NHS teams already use, replaces SMTP when its key is set.
# Notify sends the plain-text body through one "plain" template that has ((subject)) and ((body)).
GOVUK_NOTIFY_API_KEY = env_str("GOVUK_NOTIFY_API_KEY")
if GOVUK_NOTIFY_API_KEY:
    EMAIL_BACKEND = "django_gov_notify.backends.NotifyEmailBackend"
    GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = env_str("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID")
    if not GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID:
        raise ImproperlyConfigured("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID is required with GOVUK_NOTIFY_API_KEY.")
