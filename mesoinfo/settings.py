"""MésoInfo settings: everything that differs between machines comes from the environment.

Every variable is documented in `.env.example`. With `DJANGO_DEBUG` off (the default), the site runs with
production settings and refuses to start without `DJANGO_SECRET_KEY`.
"""

import datetime
import hashlib
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. It is required when DJANGO_DEBUG is off: set it to a long "
            "random value (python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-local-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The admin lives at /admin/ unless configured elsewhere.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin, as its documentation requires
    "mesoinfo.staff.apps.AdminConfig",  # django.contrib.admin with the two-factor admin site (mesoinfo.staff)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",  # its sitemap.xml template, for /sitemap.xml
    "csp",
    "simple_history",  # history of every save in the admin
    "django_prose_editor",  # the admin's rich-text editor
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # backup codes
    "axes",
    # The site-wide apps, core first (see the README, "Layout"); then the page types. Their order is the
    # order in which content is loaded (articles before the questions that link to them).
    "mesoinfo.legacy",
    "mesoinfo.editorial",
    "mesoinfo.pagecache",
    "mesoinfo.pages",
    "mesoinfo.search",
    "mesoinfo.feedback",
    "mesoinfo.staff",
    "mesoinfo.ops",
    "articles",
    "faq",
]
# Development tools (benchmarks, load tests, Lighthouse, generated content): never in production; the
# Makefile targets that need them set DJANGO_DEV_TOOLS=1.
if env_bool("DJANGO_DEV_TOOLS", False):
    INSTALLED_APPS.append("tools")

MIDDLEWARE = [
    "mesoinfo.pagecache.middleware.PageCacheMiddleware",  # first: stores pages with every header the others set
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Near the top, so that error responses made by inner middleware (400 for a bad host) carry it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "mesoinfo.staff.middleware.AdminContentSecurityPolicyMiddleware",  # after CSPMiddleware: adjusts its header
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "mesoinfo.pages.addresses.OtherLanguageAddressMiddleware",  # another language's address words: redirect
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mesoinfo.staff.middleware.StaffNeverCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who made each change, inlines included
    "django_otp.middleware.OTPMiddleware",
    "mesoinfo.staff.middleware.TwoFactorMiddleware",  # after OTPMiddleware: unverified staff are visitors
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires: it turns a lockout into its page
]

ROOT_URLCONF = "mesoinfo.urls"
WSGI_APPLICATION = "mesoinfo.wsgi.application"

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
                "mesoinfo.pages.context_processors.site",
            ],
        },
    },
]

# Database: SQLite in the project by default (DATABASE_URL unset or empty); PostgreSQL with
# DATABASE_URL=postgres://user:pass@host/db.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that stops answering fails requests in seconds, not after gunicorn's timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default, Redis when REDIS_URL is set (shared by every app server). A Redis that
# stops answering must not slow the site: each call waits at most DJANGO_REDIS_TIMEOUT_MS (connect and read),
# is never retried, a request's calls share a budget of twice that, and after a failure every call fails at
# once for a second before one tries again (mesoinfo/pagecache/shared_cache.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("DJANGO_CACHE_KEY_PREFIX", "mesoinfo")
REDIS_TIMEOUT = int(os.environ.get("DJANGO_REDIS_TIMEOUT_MS", "50")) / 1000
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "mesoinfo.pagecache.shared_cache.GuardedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"socket_timeout": REDIS_TIMEOUT, "request_budget": 2 * REDIS_TIMEOUT, "breaker_seconds": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},  # every page in both languages, for a site of a few thousand
        }
    }
# Without Redis, each gunicorn worker caches pages in its own memory; the generation that says whether they
# are still current lives in a small file mapped in memory by them all, so an edit made through one worker
# (or any process on the machine) is seen by every worker at once (mesoinfo/pagecache/generations.py). One
# file per project folder, database and cache, so that a benchmark or a test run does not renew a running
# server's pages. Beside it, the record of an invalidation that did not reach Redis (fail safe: the shared
# cache is bypassed until a new generation is written there).
_LOCAL_FILES = Path(tempfile.gettempdir()) / "mesoinfo-{}".format(
    hashlib.sha256(f"{BASE_DIR} {DATABASES} {REDIS_URL} {CACHE_KEY_PREFIX}".encode()).hexdigest()[:16]
)
PAGE_CACHE_GENERATION_FILE = (
    "" if REDIS_URL else os.environ.get("DJANGO_PAGE_CACHE_GENERATION_FILE") or f"{_LOCAL_FILES}.generation"
)
PAGE_CACHE_FAILURE_FILE = f"{_LOCAL_FILES}.failures"
# The search slots shared by the workers of this machine (mesoinfo/search/throttle.py): one small file each.
SEARCH_SLOTS_FILE = f"{_LOCAL_FILES}.search-slot"

# The site's public address (https://mesoinfo.example.org): every absolute address on its pages (canonical,
# language alternates, sitemap, feed) uses it, whichever allowed host a request named, and the page cache
# keys pages by it. Empty: the request's host, in its canonical form (mesoinfo/pagecache/addresses.py).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/")
# The site lives at the root: no request header (gunicorn honours SCRIPT_NAME from its forwarded-allow
# addresses) may move it elsewhere.
FORCE_SCRIPT_NAME = ""

# Page cache (mesoinfo/pagecache/cache.py): how long browsers and CDNs may keep a page, and serve it stale while
# they fetch it again. The app's own cache is renewed on every edit; these only delay what CDNs show.
PAGE_CACHE_MAX_AGE = int(os.environ.get("DJANGO_PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_STALE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_STALE_SECONDS", "60"))

# Searches one client may run a minute (mesoinfo/search/throttle.py), counted in the cache; 0: no limit. Seconds
# a page of search results is kept in the cache (mesoinfo/search/responses.py); 0: every search is rendered.
SEARCH_RATE_LIMIT = int(os.environ.get("DJANGO_SEARCH_RATE_LIMIT", "30"))
SEARCH_CACHE_SECONDS = int(os.environ.get("DJANGO_SEARCH_CACHE_SECONDS", "600"))
# Searches worked out at once on this machine, by all its workers together; more are refused (503) at once, so
# that a crowd of searches leaves a worker and a core to every other page. Default: one less than the cores (at
# least one); 0: no bound.
SEARCH_CONCURRENCY = int(os.environ.get("DJANGO_SEARCH_CONCURRENCY") or max(1, (os.cpu_count() or 1) - 1))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: French is the default (URLs without prefix), English lives under /en/.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# jQuery UI for the admin's language tabs, served from our own static files (no third-party host).
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# Static and media files. Static files are hashed, compressed and served by WhiteNoise.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads in S3-compatible object storage (AWS S3, Scaleway, OVH, MinIO…) when a bucket is named, so that
# several app servers share them; the local folder DJANGO_MEDIA_ROOT otherwise.
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("DJANGO_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("DJANGO_S3_PREFIX", "media"),
            "querystring_auth": env_bool("DJANGO_S3_SIGNED_URLS", False),  # public images need no signature
            "file_overwrite": False,
            "default_acl": None,  # the bucket's policy decides
        },
    }
WHITENOISE_MAX_AGE = 60 * 60  # unhashed files; hashed ones are immutable for a year
WHITENOISE_ROOT = BASE_DIR / "static" / "root"  # files served at the site's root: /favicon.ico

# Security. Behind the reverse proxy, X-Forwarded-Proto: https marks a secure request.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe app servers over plain HTTP
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: no inline script or style anywhere, admin included.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Rich-text editor: visible buttons for headings and paragraphs rather than a drop-down whose
# option labels django-prose-editor does not translate.
DJANGO_PROSE_EDITOR_MENU_GROUPS = [
    {"group": "blockType -lists"},
    {"group": "lists"},
    {"group": "nodes -blockType -lists"},
    {"group": "marks"},
    {"group": "link"},
    {"group": "history"},
]

# Permissions-Policy: the site uses no powerful browser feature, so every one of them is denied, for the
# page and for anything it could embed; interest-cohort and browsing-topics keep visitors out of ad profiling.
# Only features that browsers know are named: Chromium logs a console error for each one it does not
# (ambient-light-sensor and bluetooth were dropped for that reason; tests/browser checks the console).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "encrypted-media",
        "gamepad", "geolocation", "gyroscope", "hid", "idle-detection", "interest-cohort", "local-fonts",
        "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock",
        "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip

# Admin login throttling (django-axes): 5 failures lock the account (from any address) and the address (for
# any account) for 15 minutes. The lock runs from the 5th failure: attempts during it do not prolong it, so
# an attacker cannot keep a staff member out for longer than that.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked-out login is refused before any password check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "mesoinfo.staff.login_throttling.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["otp_token"]  # the password is always masked in the attempt records
# The client's address: REMOTE_ADDR, unless DJANGO_TRUSTED_PROXY_COUNT reverse proxies stand in front of the
# app; then the address that the outermost of them saw, read from the right of X-Forwarded-For, where a
# client cannot forge it (see mesoinfo/staff/login_throttling.py and the README).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "mesoinfo.staff.login_throttling.client_ip"

# Two-factor authentication (django-otp, TOTP) for staff: optional, or mandatory for every staff account
# with DJANGO_ADMIN_REQUIRE_2FA=1, in which case staff without a device are taken to the enrolment page.
ADMIN_REQUIRE_2FA = env_bool("DJANGO_ADMIN_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "MésoInfo"

# E-mail, used only to tell staff of new error reports, and only when DJANGO_FEEDBACK_NOTIFY_EMAILS names them
# (off by default). Without DJANGO_EMAIL_HOST the messages are written to the log instead of being sent.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", not EMAIL_USE_SSL)
EMAIL_TIMEOUT = 10  # seconds: a mail server that does not answer must not hold a reader's report for long
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
FEEDBACK_NOTIFY_EMAILS = env_list("DJANGO_FEEDBACK_NOTIFY_EMAILS")

# System checks to silence, e.g. a go-live warning (golive.W001…) on a site that is not public yet.
SILENCED_SYSTEM_CHECKS = env_list("DJANGO_SILENCED_SYSTEM_CHECKS")

# One line per request with a bad Host (not a traceback: anyone can send them, by the thousand).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line": {"()": "mesoinfo.ops.logging.OneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.security.DisallowedHost": {"level": "ERROR", "filters": ["one_line"]}},
}
