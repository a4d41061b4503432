"""Settings for Evidence Desk.

Every difference between environments is an environment variable, read here
and nowhere else (see README.md, "Configuration").
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is a convenience for developers; real deployments set variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Secrets have no production default: outside DEBUG a missing key is an error.
if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-only-for-local-demo-0123456789")
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin, with a sign-in that asks staff who enrolled for their two-factor code (accounts.signin.admin_site).
    "accounts.apps.EvidenceAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files (CSP allows only self)
    "django_tasks_db",  # background tasks stored in our database, run by `manage.py db_worker`
    "corsheaders",  # CORS for the API, for origins listed in EVIDENCE_API_CORS_ORIGINS only
    "accounts",
    "evidence",
    "evidence.api",
    "evidence.enquiries",
    "evidence.operations",
    "evidence.workbench",  # the admin editor's live preview, autosaved drafts and edit conflicts
    "evidence.retractions",
    "evidence.media",  # figures: uploads checked by content, renditions, snapshots reviewed with the article
    "evidence.comments",  # reviewers' comment threads on an article's text; approval waits for open ones
    "evidence.prepared",  # live articles' pages rendered at publication, read back in one query
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that can answer: a browser's preflight for the API is answered here, without a key.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database outage answers 503 with a page or JSON instead of a 500 and a traceback.
    "config.middleware.DatabaseUnavailableMiddleware",
    # Axes turns a locked-out sign-in into the lockout page; its docs ask for it last.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The demo runs on a SQLite file inside the project so it needs no server.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer fails the request in seconds (503) instead of holding a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
    # PostgreSQL's JIT compiler pays off in long reports, not in web requests: on a large library it added
    # about 280 ms to a home-page query whose estimated cost crossed jit_above_cost (docs/benchmarks.md).
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # A Redis outage degrades to "no cache" instead of failing requests (evidence/caching/backend.py).
    CACHES = {
        "default": {
            "BACKEND": "evidence.caching.backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whether every web worker and cron job share one cache, so a version kept there is seen by all.
EVIDENCE_SHARED_CACHE = bool(REDIS_URL)
# Whether whole public pages and API answers are kept in the cache (ETags and 304s work either way).
# Off only to measure what a page costs to build (the benchmark's "uncached" phase).
EVIDENCE_RESPONSE_CACHE = env.bool("EVIDENCE_RESPONSE_CACHE", default=True)

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Sign-in hardening (docs/security.md). Axes goes first so a locked-out address is refused before any password check.
AUTHENTICATION_BACKENDS = [
    "accounts.signin.lockout.SignInGuardBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("DJANGO_SIGNIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_SIGNIN_LOCKOUT_MINUTES", default=15))
# By address, not by account: a stranger cannot lock a named reviewer out of their own admin.
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the admin form's field, which holds the e-mail address
AXES_USERNAME_CALLABLE = "accounts.signin.lockout.signin_username"
AXES_CLIENT_IP_CALLABLE = "accounts.signin.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.signin.lockout.lockout_response"
# How many proxies in front of the app append to X-Forwarded-For; 0 trusts only the socket address.
EVIDENCE_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
# Two-factor sign-in is optional per person unless this makes it mandatory for all staff.
EVIDENCE_REQUIRE_2FA = env.bool("EVIDENCE_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = "Evidence Desk"
# Reset links asked for per e-mail address and per client address in a window; beyond, the same page, no mail.
EVIDENCE_PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("DJANGO_PASSWORD_RESET_LIMIT_PER_ADDRESS", default=3)
EVIDENCE_PASSWORD_RESET_LIMIT_PER_CLIENT = env.int("DJANGO_PASSWORD_RESET_LIMIT_PER_CLIENT", default=10)
EVIDENCE_PASSWORD_RESET_LIMIT_MINUTES = env.int("DJANGO_PASSWORD_RESET_LIMIT_MINUTES", default=60)
# Public forms' double opt-in (evidence/enquiries): how long a confirmation link works, how many confirmation
# e-mails one address gets a day, and how long an unconfirmed enquiry is kept before it is deleted.
EVIDENCE_ENQUIRY_CONFIRM_HOURS = env.int("EVIDENCE_ENQUIRY_CONFIRM_HOURS", default=48)
EVIDENCE_ENQUIRY_CONFIRMATIONS_PER_ADDRESS = env.int("EVIDENCE_ENQUIRY_CONFIRMATIONS_PER_ADDRESS", default=3)
EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS = env.int("EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS", default=7)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("DJANGO_TIME_ZONE", default="UTC")
# One date format across the admin ("6 Dec 2026", "6 Dec 2026, 14:05 UTC"); dates typed as YYYY-MM-DD.
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root whatever the page says (/favicon.ico, /apple-touch-icon.png): WhiteNoise
# serves this folder at "/" (docs/make_icons.py draws them).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# Uploaded files (the default storage). /healthz writes, reads and deletes a probe file there; backups include it.
# Local files under media/ (git-ignored) by default; with EVIDENCE_MEDIA_S3_BUCKET set, an S3-compatible object
# store through django-storages (docs/operations.md, "Uploaded files").
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "media/"  # served by evidence.media.views (local storage); an object store has its own URLs
EVIDENCE_MEDIA_S3_BUCKET = env("EVIDENCE_MEDIA_S3_BUCKET", default="")
_default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if EVIDENCE_MEDIA_S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": EVIDENCE_MEDIA_S3_BUCKET,
            "endpoint_url": env("EVIDENCE_MEDIA_S3_ENDPOINT_URL", default="") or None,  # empty: AWS itself
            "region_name": env("EVIDENCE_MEDIA_S3_REGION", default="") or None,
            # Empty keys leave boto3 to its own chain (instance role, ~/.aws); secrets have no default.
            "access_key": env("EVIDENCE_MEDIA_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("EVIDENCE_MEDIA_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env("EVIDENCE_MEDIA_S3_PREFIX", default=""),
            "custom_domain": env("EVIDENCE_MEDIA_S3_CUSTOM_DOMAIN", default="") or None,
            # Rendition names are unguessable and never change, so plain URLs suit cached public pages;
            # signed URLs would expire inside a page the cache keeps.
            "querystring_auth": env.bool("EVIDENCE_MEDIA_S3_SIGNED_URLS", default=False),
            "default_acl": None,  # the bucket's policy decides who may read
            "file_overwrite": False,
        },
    }
# Where figure images are served from when that is not this site (an S3 bucket or its CDN), for the CSP.
EVIDENCE_MEDIA_ORIGIN = env("EVIDENCE_MEDIA_ORIGIN", default="")
# Upload limits (evidence/media/validation.py): bytes of one file, and pixels, which stop decompression bombs.
EVIDENCE_MEDIA_MAX_BYTES = env.int("EVIDENCE_MEDIA_MAX_BYTES", default=15 * 1024 * 1024)
EVIDENCE_MEDIA_MAX_PIXELS = env.int("EVIDENCE_MEDIA_MAX_PIXELS", default=40_000_000)
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: EMAIL_URL such as smtp+tls://user:password@smtp.example.com:587
# (default: print mails to the console, which suits the demo).
_email = env.email_url("EMAIL_URL", default="consolemail://")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            name.lower(): _email[key]
            for key, name in (
                ("EMAIL_HOST", "host"),
                ("EMAIL_PORT", "port"),
                ("EMAIL_HOST_USER", "username"),
                ("EMAIL_HOST_PASSWORD", "password"),
                ("EMAIL_USE_TLS", "use_tls"),
                ("EMAIL_USE_SSL", "use_ssl"),
            )
            if _email.get(key) and _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        },
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Evidence Desk <no-reply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Security: strict by default, relaxed only where DEBUG serves plain http.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Staff sessions end after a working day, and when the browser closes.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_SECONDS", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *([EVIDENCE_MEDIA_ORIGIN] if EVIDENCE_MEDIA_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Content rules that editors may tune per deployment.
EVIDENCE_REVIEW_INTERVAL_DAYS = env.int("EVIDENCE_REVIEW_INTERVAL_DAYS", default=365)
# The reading age plain-language health writing aims at; the integrity report flags summaries above it.
EVIDENCE_READING_AGE_TARGET = env.int("EVIDENCE_READING_AGE_TARGET", default=11)
EVIDENCE_SITE_URL = env("EVIDENCE_SITE_URL", default="http://127.0.0.1:8000")
# Where the marketing API is reached from outside: every link in its answers and in webhooks starts here.
EVIDENCE_API_BASE_URL = env("EVIDENCE_API_BASE_URL", default=EVIDENCE_SITE_URL)
# Where `make backup` writes; backups hold password hashes, so keep the folder private.
EVIDENCE_BACKUP_DIR = env("EVIDENCE_BACKUP_DIR", default=str(BASE_DIR / "backups"))
SERIALIZATION_MODULES = {"backup": "evidence.operations.backup_format"}  # JSON that keeps times to the microsecond

# The marketing API at /api/v1/ (docs/api.md): keys, limits, caching, changes feed and webhooks.
EVIDENCE_API_REQUESTS_PER_MINUTE = env.int("EVIDENCE_API_REQUESTS_PER_MINUTE", default=120)
EVIDENCE_API_PAGE_SIZE = env.int("EVIDENCE_API_PAGE_SIZE", default=20)
EVIDENCE_API_MAX_PAGE_SIZE = env.int("EVIDENCE_API_MAX_PAGE_SIZE", default=100)
EVIDENCE_API_CACHE_SECONDS = env.int("EVIDENCE_API_CACHE_SECONDS", default=60)
# Changes younger than this wait before the feed and ETags show them, so a slower transaction that
# committed late is never skipped by a cursor that already moved past it.
EVIDENCE_API_SETTLE_SECONDS = env.int("EVIDENCE_API_SETTLE_SECONDS", default=5)
EVIDENCE_WEBHOOK_TIMEOUT_SECONDS = env.float("EVIDENCE_WEBHOOK_TIMEOUT_SECONDS", default=5.0)
EVIDENCE_WEBHOOK_MAX_ATTEMPTS = env.int("EVIDENCE_WEBHOOK_MAX_ATTEMPTS", default=10)
EVIDENCE_WEBHOOK_RETRY_SECONDS = env.int("EVIDENCE_WEBHOOK_RETRY_SECONDS", default=60)
EVIDENCE_WEBHOOK_SECRET_OVERLAP_HOURS = env.int("EVIDENCE_WEBHOOK_SECRET_OVERLAP_HOURS", default=24)
# A change shown on more items than this (a disclaimer on every article) records the rest in background
# tasks of this many items each, so the editor's request stays short.
EVIDENCE_FAN_OUT_BATCH = env.int("EVIDENCE_FAN_OUT_BATCH", default=1000)
# Article pages prepared again after a change, per background task (evidence.prepared): about 10 ms each.
EVIDENCE_PREPARE_BATCH = env.int("EVIDENCE_PREPARE_BATCH", default=200)
# Browsers on these origins (e.g. https://newsletter.example.org) may call the API with a key; none by default.
CORS_ALLOWED_ORIGINS = env.list("EVIDENCE_API_CORS_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]

# A CDN in front of the site (docs/architecture.md, "Beyond one server"): "fastly", "cloudflare" or empty for
# none. After each publication the tags of what changed are purged there by a background task.
EVIDENCE_CDN = env("EVIDENCE_CDN", default="")
EVIDENCE_CDN_API_URL = env(
    "EVIDENCE_CDN_API_URL",
    default={"fastly": "https://api.fastly.com", "cloudflare": "https://api.cloudflare.com"}.get(EVIDENCE_CDN, ""),
)
EVIDENCE_CDN_SERVICE = env("EVIDENCE_CDN_SERVICE", default="")  # Fastly service id or Cloudflare zone id
EVIDENCE_CDN_TOKEN = env("EVIDENCE_CDN_TOKEN", default="")
EVIDENCE_CDN_TIMEOUT_SECONDS = env.float("EVIDENCE_CDN_TIMEOUT_SECONDS", default=10.0)

# Retraction watch (evidence/retractions, docs/architecture.md): Crossref's REST API for update notices on works.
# Crossref asks callers to name a contact address (its "polite pool"); it goes in the User-Agent.
EVIDENCE_CROSSREF_API = env("EVIDENCE_CROSSREF_API", default="https://api.crossref.org")
EVIDENCE_CONTACT_EMAIL = env("EVIDENCE_CONTACT_EMAIL", default="")
EVIDENCE_CROSSREF_TIMEOUT_SECONDS = env.float("EVIDENCE_CROSSREF_TIMEOUT_SECONDS", default=10.0)
EVIDENCE_CROSSREF_CACHE_SECONDS = env.int("EVIDENCE_CROSSREF_CACHE_SECONDS", default=3600)
# The writer's workbench fills a study in from its DOI, PMID or PMCID (evidence/lookups): Crossref above and
# PubMed's E-utilities here, with the same contact address.
EVIDENCE_PUBMED_API = env("EVIDENCE_PUBMED_API", default="https://eutils.ncbi.nlm.nih.gov/entrez/eutils")
EVIDENCE_PUBMED_TIMEOUT_SECONDS = env.float("EVIDENCE_PUBMED_TIMEOUT_SECONDS", default=10.0)
EVIDENCE_PUBMED_CACHE_SECONDS = env.int("EVIDENCE_PUBMED_CACHE_SECONDS", default=3600)

# Background tasks (evidence/tasks.py, evidence/api/tasks.py): e-mail, webhook delivery, scheduled publishing.
# They wait in the database until `manage.py db_worker` runs them (`make run` starts one; docs/operations.md).
# EVIDENCE_TASKS_IMMEDIATE=true runs each task inside the request that queued it: no worker needed, no retries.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if env.bool("EVIDENCE_TASKS_IMMEDIATE", default=False)
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}
# A failed e-mail is tried again after 1, 2, 4 … times this many seconds, up to the number of tries below.
EVIDENCE_TASK_RETRY_SECONDS = env.int("EVIDENCE_TASK_RETRY_SECONDS", default=60)
EVIDENCE_TASK_MAX_ATTEMPTS = env.int("EVIDENCE_TASK_MAX_ATTEMPTS", default=5)
# The local hour at which `run_scheduler` queues the day's overdue-review e-mail.
EVIDENCE_OVERDUE_REMINDER_HOUR = env.int("EVIDENCE_OVERDUE_REMINDER_HOUR", default=7)
# The worker (`run_worker`) records a heartbeat this often; one silent for EVIDENCE_WORKER_SILENT_SECONDS is
# gone: /healthz names it, and the tasks it left running are queued again (evidence/operations/worker.py).
EVIDENCE_WORKER_HEARTBEAT_SECONDS = env.float("EVIDENCE_WORKER_HEARTBEAT_SECONDS", default=5.0)
EVIDENCE_WORKER_SILENT_SECONDS = env.float("EVIDENCE_WORKER_SILENT_SECONDS", default=30.0)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["evidence.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["evidence.api.permissions.HasApiKey"],
    "DEFAULT_THROTTLE_CLASSES": ["evidence.api.throttling.ApiKeyRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["drf_orjson_renderer.renderers.ORJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "evidence.api.negotiation.UsualAcceptFirst",
    "DEFAULT_SCHEMA_CLASS": "evidence.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "evidence.api.views.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Evidence Desk marketing API",
    "DESCRIPTION": "Read-only access to published, medically reviewed summaries, the studies they cite, "
    "conditions and disclaimers. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # With ?fields= a client may ask for a subset, so no response property is promised to be present.
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "evidence.api.schema.comma_separated_lists",
        "evidence.api.schema.fields_may_be_left_out",
    ],
    "ENUM_NAME_OVERRIDES": {},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Operators (docs/operations.md). /healthz answers 503 when one of these parts fails (every failing part is
# named either way; ?strict answers 503 for any): by default only the database, without which nothing is served.
EVIDENCE_HEALTH_REQUIRED = env.list("EVIDENCE_HEALTH_REQUIRED", default=["database"])
# Prometheus metrics at /metrics: off unless asked for, and then only for these addresses or networks.
EVIDENCE_METRICS = env.bool("EVIDENCE_METRICS", default=False)
EVIDENCE_METRICS_ALLOWED_IPS = env.list("EVIDENCE_METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
if EVIDENCE_METRICS:
    MIDDLEWARE.insert(0, "evidence.operations.metrics.RequestMetricsMiddleware")
# Every request gets an id (X-Request-ID from the proxy if sane, else a new one): in the response header and in
# every log line written while it is served. LOG_FORMAT=json writes one JSON object per line.
MIDDLEWARE.insert(0, "evidence.operations.request_ids.RequestIdMiddleware")
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "evidence.operations.request_ids.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
