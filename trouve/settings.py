"""One settings module, every knob read from the environment.

Defaults run on SQLite with no setup. ``PRODUCTION=True`` switches on the hardening that a public deployment needs.
Booleans accept only "True" or "False" so that a typo fails loudly instead of turning a feature on.
"""

import ipaddress
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from lib.mailers import mailer_from_email_config

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()


def envbool(name: str, default: bool) -> bool:
    raw = env.str(name, default=str(default))
    if raw not in ("True", "False"):
        raise ValueError(f"{name} must be True or False, not {raw!r}")
    return raw == "True"


PRODUCTION = envbool("PRODUCTION", False)
DEBUG = envbool("DEBUG", not PRODUCTION)
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else "dev-only-insecure-key-change-me-0123456789abcdef")
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ValueError("SECRET_KEY must be set to at least 50 random characters when PRODUCTION=True")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "auditlog",
    "django_tasks_db",
    # Domain apps, named after the nouns of the product.
    "pages",
    "geography",
    "directory",
    "eligibility",
    "finder",
    "accounts",
    "referrals",
    "outbox",
    "ratelimits",
    "funding",
    "guides",
    "posters",
    "insights",
    "api",
    "speed",
    "embeds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lib.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "insights.visits.VisitMiddleware",  # where landings come from, counted on page-cache hits too (insights/visits.py)
    "speed.pagecache.PageCacheMiddleware",  # whole public pages from the shared cache, before sessions (speed/)
    # Framing and CSP headers on every answer of the site, error pages of the middleware below included; inside the
    # page cache, so a cached page keeps its own (the embed pages' frame-ancestors *, embeds/views.py).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "pages.errors.ErrorPagesMiddleware",  # 405/413/429 pages and JSON; oversized requests refused early
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "trouve.urls"
CSRF_FAILURE_VIEW = "pages.errors.csrf_failure"  # in the person's language, with the site's layout
WSGI_APPLICATION = "trouve.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let a few workers share the file; SQLite is the embedded default, not production.
    # Connections persist like PostgreSQL's (CONN_MAX_AGE): opening one, with its PRAGMAs, cost about 1.7 ms of every
    # request that queries (bench/reports/2026-12-06-cheap-misses.md, "Misses made cheaper").
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Prepared statements for the hand-written statements of the hot paths (lib/sql.py asks for them explicitly and
    # binds on the server); Django's own client-side cursors never prepare, so the ORM is unchanged. A threshold of
    # None, Django's default, would disable them on the connection altogether.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state (cache, rate limits, lockouts, sessions) lives in the database or Redis, never in process memory,
# so several app servers can run behind one load balancer.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://django_cache")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "lib.rediscache.ReusedClientRedisCache"  # one client per pool, not per call
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "referrals:inbox"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "lib.clientaddr.client_ip"
# Beyond axes' lock per (account, address): a growing delay per account across addresses, a limit per address across
# accounts (accounts/lockout.py).
LOGIN_ACCOUNT_FAILURES_BEFORE_DELAY = env.int("LOGIN_ACCOUNT_FAILURES_BEFORE_DELAY", default=10)
LOGIN_ACCOUNT_DELAY_SECONDS = env.int("LOGIN_ACCOUNT_DELAY_SECONDS", default=30)
LOGIN_ACCOUNT_MAX_DELAY_SECONDS = env.int("LOGIN_ACCOUNT_MAX_DELAY_SECONDS", default=600)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=30)

# Reverse proxies / load balancers whose X-Forwarded-For is believed (addresses or networks, comma-separated). The
# client is the right-most hop that is not one of them. Empty: REMOTE_ADDR is the client (no proxy).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _network in TRUSTED_PROXIES:
    ipaddress.ip_network(_network.strip(), strict=False)  # a typo fails at start, not silently per request

# Internationalisation: French first, English complete. URLs carry the language (/fr/…, /en/…).
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fr", "en")}
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["trouve.formats"]  # unambiguous dates: "6 déc. 2026 07 h 37", "Dec 6, 2026, 7:37 a.m."
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

MAILERS = {
    "default": mailer_from_email_config(
        env.email_url("EMAIL_URL", default="consolemail://" if not PRODUCTION else "smtp://localhost:25")
    )
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Trouve ton X <no-reply@trouvetonx.example>")

# Background work (e-mails, purges, reminders) without a broker: django.tasks stored in the database.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# The map: a tile URL template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png. Empty draws no base map
# (markers and the list still work), which keeps tests and offline installs free of network calls.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")

# Where the full postal codes come from; replace with a licensed file (same columns) if you hold one.
POSTAL_CODES_FILE = env.path("POSTAL_CODES_FILE", default=BASE_DIR / "data" / "geography" / "qc_postal_codes.csv.gz")

# Security headers. The CSP has no 'unsafe-inline': scripts and styles are files served by the project.
def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


_tile_origin = _origin(MAP_TILE_URL) if MAP_TILE_URL else ""
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"] + ([_tile_origin] if _tile_origin else []),
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)"
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe app servers over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Public forms: accepted contact requests per client address and window; password-reset requests per address and
# per e-mail (rate limits shared by every app server: Redis with REDIS_URL, else the database).
CONTACT_REQUEST_RATE_LIMIT = env.int("CONTACT_REQUEST_RATE_LIMIT", default=10)
CONTACT_REQUEST_RATE_WINDOW = env.int("CONTACT_REQUEST_RATE_WINDOW", default=3600)
PASSWORD_RESET_RATE_LIMIT = env.int("PASSWORD_RESET_RATE_LIMIT", default=5)
PASSWORD_RESET_EMAIL_LIMIT = env.int("PASSWORD_RESET_EMAIL_LIMIT", default=3)

# Personal data (Law 25): a closed request keeps it REQUEST_RETENTION_DAYS days, any request at most
# REQUEST_MAX_AGE_MONTHS months from its creation; sent e-mails keep body and recipient SENT_MAIL_KEEP_DAYS days.
REQUEST_RETENTION_DAYS = env.int("REQUEST_RETENTION_DAYS", default=90)
REQUEST_MAX_AGE_MONTHS = env.int("REQUEST_MAX_AGE_MONTHS", default=12)
SENT_MAIL_KEEP_DAYS = env.int("SENT_MAIL_KEEP_DAYS", default=3)

# Redis is optional: when REDIS_URL is set, rate limits use it; otherwise they use the database.
REDIS_URL = env.str("REDIS_URL", default="")

# Campaign-day speed (speed/): whole public pages in the shared cache (CACHE_URL), retired by the data version that
# every write bumps; anonymous events queued in Redis (REDIS_URL) and written in batches by the task worker.
PAGE_CACHE = envbool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)
PAGE_CACHE_SLOT_MINUTES = env.int("PAGE_CACHE_SLOT_MINUTES", default=5)  # pages saying "open now" (speed/pagecache)
EVENTS_DRAIN_SECONDS = env.int("EVENTS_DRAIN_SECONDS", default=5)
# Fragments of a page-cache miss (result cards, API results, related guides) per data version: "process" (a bounded
# LRU per worker), "shared" (the cache) or "off" (speed/fragments.py).
FRAGMENT_STORE = env.str("FRAGMENT_STORE", default="process")
FRAGMENT_PROCESS_ENTRIES = env.int("FRAGMENT_PROCESS_ENTRIES", default=20_000)
EVENTS_REDIS_PREFIX = env.str("EVENTS_REDIS_PREFIX", default="trouve")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Tests swap the password hasher for a fast one (see conftest.py); production keeps Django's default.
