"""Settings for Reconnect, in one module driven by the environment.

Every deployment difference is an environment variable with a safe default;
the README lists them all. With none set, the site runs on SQLite with local
media, console email and tasks run inline.
"""

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


# What PFIF record ids start with when no domain is set for them and the site runs on a local address.
LOCAL_PFIF_DOMAIN = "reconnect.localhost"


def pfif_domain_for(site_url: str) -> str:
    """A domain name for PFIF record ids (`<domain>/person.1`) from the site's address: its host, without the
    port. PFIF wants a domain name there (Person Finder's validator refuses `127.0.0.1:8000/person.1`), so a
    local address, `localhost` or an IP address, becomes `reconnect.localhost` (RFC 6761 keeps it local)."""
    host = (urlsplit(site_url).hostname or "").rstrip(".").lower()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        is_address = False
    else:
        is_address = True
    if not host or is_address or host == "localhost":
        return LOCAL_PFIF_DOMAIN
    return host


DEBUG = env_bool("DJANGO_DEBUG", False)

# Without DJANGO_SECRET_KEY an insecure development key is used, so that management
# commands (check, migrate, shell) work on a fresh checkout; serving the site with it
# and debugging off is refused (reconnect/wsgi.py, asgi.py), and `check --deploy`
# reports it as an error (posts/checks.py).
_DEV_SECRET_KEY = "django-insecure-reconnect-local-development-only"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
SECRET_KEY_FROM_ENVIRONMENT = bool(SECRET_KEY)
if not SECRET_KEY:
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "accounts",
    "posts",
    "reconnect.apps.ReconnectAdminConfig",  # django.contrib.admin, its site reconnect.admin.ReconnectAdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    # allauth.account and allauth.mfa, with admin section names that are not a second "Accounts".
    "accounts.apps.SignInConfig",
    "accounts.apps.TwoFactorConfig",
    "django_countries",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
]

MIDDLEWARE = [
    # /healthz and /readyz, before the HTTPS redirect and the allowed-hosts check (reconnect/health.py).
    "reconnect.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Kept pages for readers who are not logged in, served before the rest (reconnect/pagecache.py).
    "reconnect.pagecache.EarlyPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A member's role and header counts, and their page's versions, read together (posts/reach/header.py).
    "posts.reach.header.MemberPagesMiddleware",
    # Every response to a logged-in member is "private, no-store" unless its view says otherwise.
    "reconnect.cachecontrol.PrivateMemberPagesMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Photos, feeds and files get a policy of their own, so a browser's image or XML viewer is not blocked.
    "reconnect.contentpolicy.NonDocumentPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "reconnect.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "posts.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "reconnect.wsgi.application"

DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_health_checks=True)}
# A new PostgreSQL connection costs more than a one-query page (about 7×): in production, a worker keeps
# its connection for a minute, checked before each request reuses it (CONN_HEALTH_CHECKS), so a restarted
# database costs one failed check, not one failed request. SQLite opens a file: nothing to save there.
DATABASES["default"]["CONN_MAX_AGE"] = env_int(
    "DATABASE_CONN_MAX_AGE",
    60 if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not DEBUG else 0,
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite that takes concurrent writers: readers never block the writer (WAL); a transaction takes the
    # write lock when it begins, so two never deadlock upgrading from read to write (IMMEDIATE), and a
    # writer waits its turn for up to 20 s instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("DJANGO_SQLITE_TIMEOUT", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Trigram lookups for name search (posts/search.py).
    INSTALLED_APPS.append("django.contrib.postgres")


def redis_caches(url: str, *, key_prefix: str = "reconnect") -> dict:
    """One cache in Redis, shared by every process: pages, Reconnect's and allauth's rate limits, sessions."""
    return {
        "default": {
            "BACKEND": "reconnect.cache.SharedClientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            # A Redis that stops answering must fail a request in seconds, not hold a worker until gunicorn's timeout.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }


# Without REDIS_URL every process counts on its own (reconnect.W001 in `check --deploy`).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, key_prefix=os.environ.get("DJANGO_CACHE_KEY_PREFIX", "reconnect"))
    # Read from Redis, written through to the database: a session outlives a flushed cache. Each process keeps
    # copies of the sessions it read, dropped when Redis says one changed (reconnect/sessions.py).
    SESSION_ENGINE = "reconnect.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# allauth: email is the login, and an address must be verified before use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm", "login": "accounts.forms.LoginForm"}
# A code sent by email logs in too: the way in for the owner of an account locked by failed passwords.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, spelled out so they are visible and tunable here.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    # Per address, and per account (the key is the email address): 5 wrong passwords lock the account for
    # 15 minutes, from every address, on the site's log-in and the admin's alike (accounts/lockout.py).
    "login_failed": "10/m/ip,5/15m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Reconnect] "
# Two-factor log-in (allauth.mfa): an authenticator app, with recovery codes for the day the phone is lost.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Reconnect"
# Moderators must have an authenticator app to use the admin (reconnect/admin.py); off by default while debugging.
RECONNECT_MODERATOR_MFA = env_bool("DJANGO_MODERATOR_MFA", not DEBUG)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
# Dates nobody can misread, with the time zone after every time (reconnect/formats/).
FORMAT_MODULE_PATH = ["reconnect.formats"]
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploaded photos are never served straight from MEDIA_ROOT: a view checks
# that the request they belong to is visible to the reader first.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"


def object_storage(environ) -> dict:
    """The default storage on an S3-compatible bucket (django-storages), from AWS_* variables in `environ`.

    Objects are private (no ACL; the bucket must not be public): a photo leaves the
    bucket only through posts/requests/photo_files.py, after the visibility check.
    """
    endpoint = environ.get("AWS_S3_ENDPOINT_URL") or None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": endpoint,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": environ.get("AWS_LOCATION", ""),
            # Servers other than AWS (SeaweedFS, MinIO) want /bucket/key addresses.
            "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE") or ("path" if endpoint else None),
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": RECONNECT_SIGNED_URL_SECONDS,
            # Two uploads with the same name must both survive.
            "file_overwrite": False,
        },
    }


# A visible photo is streamed through the app server ("stream") or, on object storage, answered with a
# redirect to a signed address that expires in RECONNECT_SIGNED_URL_SECONDS (at most 60: once a request is
# hidden, an address already handed out works that long at most).
RECONNECT_PHOTO_DELIVERY = os.environ.get("DJANGO_PHOTO_DELIVERY", "stream")
RECONNECT_SIGNED_URL_SECONDS = max(1, min(env_int("DJANGO_SIGNED_URL_SECONDS", 30), 60))
DJANGO_STORAGE = os.environ.get("DJANGO_STORAGE", "local")
STORAGES = {
    "default": (
        object_storage(os.environ)
        if DJANGO_STORAGE == "s3"
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DJANGO_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 70 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 12

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# For django.core.mail.backends.filebased.EmailBackend: the folder each email is written into.
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Reconnect <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Shown on the Contact page beside its form, for people who would rather write an email; empty shows the form only.
RECONNECT_CONTACT_EMAIL = os.environ.get("DJANGO_CONTACT_EMAIL", "")

# Tasks (emails, thumbnails, match updates, alerts, exports) run inline by default. In production set
# DJANGO_TASKS_BACKEND=django_tasks_db.DatabaseBackend and run `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Security headers. HTTPS settings follow DEBUG so that `check --deploy` is
# clean in production while local development works over plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
# How many proxies of ours append to X-Forwarded-For in front of the app servers; the client is that many
# entries from the right (reconnect/clientip.py). allauth's limits read the same count.
RECONNECT_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = RECONNECT_TRUSTED_PROXY_COUNT
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

COUNTRIES_FIRST = []

# Reconnect's own limits.
RECONNECT_MAX_PHOTOS = 6
# How long an unsubscribe link in an email works (posts/reach/unsubscribe.py); older ones point to the settings page.
RECONNECT_UNSUBSCRIBE_LINK_DAYS = env_int("RECONNECT_UNSUBSCRIBE_LINK_DAYS", 60)
# A visitor's link to verify their address and send what they wrote works once, for this long
# (posts/contact/visitors.py); the link to their conversation in each email, for the days after.
RECONNECT_VISITOR_LINK_HOURS = env_int("RECONNECT_VISITOR_LINK_HOURS", 48)
RECONNECT_VISITOR_CONVERSATION_LINK_DAYS = env_int("RECONNECT_VISITOR_CONVERSATION_LINK_DAYS", 60)
# How long photos kept across a form that came back with errors are kept (posts/requests/uploads.py).
RECONNECT_PARKED_PHOTO_HOURS = env_int("RECONNECT_PARKED_PHOTO_HOURS", 1)
# A member may ask for a copy of their data once in this many hours (accounts/privacy/data.py).
RECONNECT_EXPORT_INTERVAL_HOURS = env_int("RECONNECT_EXPORT_INTERVAL_HOURS", 24)
RECONNECT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
RECONNECT_MAX_IMAGE_PIXELS = 40_000_000
# Photos are stored at most this many pixels a side (thumbnails are made from that copy).
RECONNECT_PHOTO_MAX_SIDE = env_int("DJANGO_PHOTO_MAX_SIDE", 2560)
# What decoding one upload may take, checked from its header before a pixel is decoded
# (width × height × the bytes Pillow holds a pixel in: 4 for RGB, 1 for grey, 1-bit and palette).
RECONNECT_PHOTO_MEMORY_BYTES = env_int("DJANGO_PHOTO_MEMORY_MB", 128) * 1024 * 1024
RECONNECT_PAGE_SIZE = 20
# How long a page kept for anonymous readers (and a fragment the same for everyone) lives at most; changes
# make it stale at once through versioned keys (reconnect/pagecache.py). This bounds what no version
# tracks, such as "posted 3 hours ago". 0 turns the page cache off.
RECONNECT_PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 300)
# What each process keeps of those pages itself, so that a hit asks the shared cache only for their versions.
RECONNECT_PAGE_CACHE_LOCAL_BYTES = env_int("DJANGO_PAGE_CACHE_LOCAL_MB", 32) * 1024 * 1024
# Leads and comments shown on one page of a request (`?comments=N` for the others).
RECONNECT_COMMENTS_PAGE_SIZE = env_int("RECONNECT_COMMENTS_PAGE_SIZE", 50)
RECONNECT_SITE_URL = os.environ.get("RECONNECT_SITE_URL", "http://127.0.0.1:8000")
# A form sent back sooner than this after it was shown is taken for a robot's (reconnect/antispam.py); 0 turns it off.
RECONNECT_MIN_FILL_SECONDS = env_int("RECONNECT_MIN_FILL_SECONDS", 3)
# Lists count their rows up to this many, then say "more than 1,000" (reconnect/paginator.py).
RECONNECT_COUNT_CAP = 1000
# Limits on writing, per member and per address ("count/period", period m, h or d); over them: HTTP 429.
RECONNECT_RATE_LIMITS = {
    "post": {"user": "5/d", "ip": "20/d"},
    "comment": {"user": "30/h", "ip": "60/h"},
    "report": {"user": "20/h", "ip": "40/h"},
    "saved_search": {"user": "30/h"},
    "message": {"user": "60/h", "ip": "120/h"},
    "claim": {"user": "10/d", "ip": "30/d"},
    "contact": {"user": "10/d", "ip": "20/d"},
    # A visitor's form sends an email to the address typed: per address as well, so nobody's inbox is flooded.
    "visitor": {"ip": "20/d", "email": "5/d"},
    "admin_login": {"ip": "10/m"},
}
# How many times the per-member limits above a member gets: a dotted path to a function of the member that
# returns a whole number (trusted members get more, posts/moderation/trust.py). Unset: everyone gets 1.
RECONNECT_RATE_FACTOR = "posts.moderation.trust.rate_factor"
# The URLconf of the moderators' own pages, which ReconnectAdminSite mounts inside /admin/ (reconnect/admin.py).
RECONNECT_ADMIN_URLS = "posts.moderation.urls"
# PFIF interchange (posts/pfif.py, docs/pfif.md): the domain in this site's record ids,
# "<domain>/person.<pk>". Keep it stable once other systems hold our records.
RECONNECT_PFIF_DOMAIN = os.environ.get("RECONNECT_PFIF_DOMAIN") or pfif_domain_for(RECONNECT_SITE_URL)
