"""Settings of the network portal: one module, configured by environment variables.

With no variable set the portal runs on safe development defaults: SQLite in
``var/``, Celery tasks run in-process, email written to the console, debug
pages on. A real deployment sets ``DJANGO_ENV=production`` and at least
``SECRET_KEY`` and ``ALLOWED_HOSTS``; it then refuses to start without them
(django-environ raises ``ImproperlyConfigured``), and ``manage.py check
--deploy`` reports nothing. Layout after cookiecutter-django; every variable
is listed in the README.
"""

from pathlib import Path

import environ
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from network import languages
from network.notifications.schedule import BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise environ.ImproperlyConfigured(
        f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}"
    )
PRODUCTION = DJANGO_ENV == "production"

# --- Core -------------------------------------------------------------------

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)
if PRODUCTION:
    # No default: a production process without them must not start.
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="development-only-key-never-used-in-production-mode-3f9c1e"
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

VAR_DIR = Path(env.str("NETWORK_VAR_DIR", default=str(BASE_DIR / "var")))

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "rules.apps.AutodiscoverRulesConfig",
    # Ground floor.
    "network.accounts",
    "network.notifications",
    "network.pages",
    # Domain apps.
    "members",
    "dialogues",
    "strategy",
    "network.progress",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "network.pages.middleware.RejectNullCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "network.accounts.middleware.RequireTwoFactorMiddleware",
]

ROOT_URLCONF = "network.urls"
WSGI_APPLICATION = "network.wsgi.application"
ASGI_APPLICATION = "network.asgi.application"

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
                "network.notifications.context_processors.inbox",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

if PRODUCTION:
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write transactions take the lock when they begin, and wait for it
    # (seconds), instead of failing with "database is locked" mid-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
# Persistent connections: a new PostgreSQL connection per request halved the
# throughput in bench/RESULTS.md. Health checks drop a dead one before use.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if "CACHE_URL" in env:
    # redis://127.0.0.1:6379/1 selects django-redis (django-environ's mapping).
    CACHES = {"default": env.cache("CACHE_URL")}
else:
    # Rate limits live in the cache; one process in development, so local memory.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts ---------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
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
LOGIN_REDIRECT_URL = "pages:dashboard"
LOGOUT_REDIRECT_URL = "pages:home"

# django-allauth 65.x (https://docs.allauth.org/en/latest/account/configuration.html)
ACCOUNT_ADAPTER = "network.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "network.accounts.forms.SignupExtraForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Failed logins: 10 a minute per address, 10 per 5 minutes per account; the
# next one is answered 429 (see AccountAdapter.pre_authenticate).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,10/5m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Réseau sécurité humaine Mali"
# Sessions are recorded at login; tracking each request would cost 4 queries a page.
USERSESSIONS_TRACK_ACTIVITY = False
# Rate limits count per client address. Behind a reverse proxy every request
# comes from the proxy: trust that many proxies' X-Forwarded-For entries.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if PRODUCTION else 0)

# Coordinators and administrators must set up two-factor authentication
# before anything else (DESIGN.md, "Do no harm"). On by default in
# production; the embedded development defaults exempt the demo accounts.
NETWORK_REQUIRE_TWO_FACTOR = env.bool("NETWORK_REQUIRE_TWO_FACTOR", default=PRODUCTION)

# Seconds a computed indicator's figures are kept in the cache (network.progress):
# each costs an aggregate query over the whole network, and past periods hardly
# change. 0 computes them on every page.
NETWORK_PROGRESS_CACHE_SECONDS = env.int("NETWORK_PROGRESS_CACHE_SECONDS", default=300)

# --- Languages --------------------------------------------------------------

LANG_INFO.update(languages.EXTRA_LANG_INFO)
LANGUAGE_CODE = languages.DEFAULT_LANGUAGE
LANGUAGES = [(code, _(name)) for code, name in languages.LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365  # the switcher's choice outlives the browser session
FORMAT_MODULE_PATH = ["network.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Bamako"

MODELTRANSLATION_DEFAULT_LANGUAGE = languages.DEFAULT_LANGUAGE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in languages.LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = (languages.DEFAULT_LANGUAGE,)

# --- Static files -----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Files served only through views that check permissions (report attachments).
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
# Outside production, whitenoise serves straight from the app folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Email ------------------------------------------------------------------

if "EMAIL_URL" in env:
    vars().update(env.email("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND",
        default=(
            "django.core.mail.backends.smtp.EmailBackend"
            if PRODUCTION
            else "django.core.mail.backends.console.EmailBackend"
        ),
    )
# Where links in emails point: the address readers type to reach the portal.
NETWORK_BASE_URL = env.str(
    "NETWORK_BASE_URL",
    default="" if PRODUCTION else "http://127.0.0.1:8000",
)
if PRODUCTION and not NETWORK_BASE_URL:
    raise environ.ImproperlyConfigured("Set the NETWORK_BASE_URL environment variable")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portail@reseau-securite-humaine.ml")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery (https://docs.celeryq.dev/en/stable/django/) ---------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker, tasks run in-process (the README's run command).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_TIME_LIMIT = 5 * 60  # seconds: the worker kills the task
CELERY_TASK_SOFT_TIME_LIMIT = 60  # seconds: the task gets SoftTimeLimitExceeded
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3  # seconds: a dead broker must not hold a request
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# The schedule lives in code; crontab hours are in CELERY_TIMEZONE (= TIME_ZONE).
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# --- Security ---------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "network.pages.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the shared cache and written through to the database: a logged-in
# page does not query the session table, and a session outlives a cache flush.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False  # the language switcher and forms post plain HTML

# Content-Security-Policy (django-csp): our own files only, nothing inline, no
# eval, no frames. Pages have no script and no inline style; "data:" images are
# the QR code of the two-factor set-up (allauth draws it as a data URI).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
    },
}
# Permissions-Policy: the portal uses none of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb", "browsing-topics", "interest-cohort",
    )
}  # fmt: skip
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
