"""Settings shared by every environment; everything that differs between machines comes from the environment."""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "oauth2_provider",
    "motcua.core",
    "motcua.org",
    "motcua.machines",
    "motcua.catalog",
    "motcua.calendars",
    "motcua.documents",
    "motcua.integrations",
    "motcua.dossiers",
    "motcua.feedback",
    "motcua.office",
    "motcua.portal",
    "motcua.reports",
    "motcua.surveys",
    "motcua.simulation",
    "motcua.demo",
    # The public reform pages (issue 14): Wagtail, edited by the communication officers (motcua.cms).
    "motcua.cms",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Body depth and size checked before anything parses the body (core.limits).
    "motcua.core.limits.RequestLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Machine clients (issue 13): one audit row per request made with a token, after the answer
    # (outside OutageMiddleware, so a 503 is recorded too).
    "motcua.machines.audit.MachineAuditMiddleware",
    # Inside the two above: the CMS admin's own policy, on its path only (motcua.cms.middleware).
    "motcua.cms.middleware.AdminPolicyMiddleware",
    # Faults (issue 8): innermost, so a view's database or Redis outage becomes a 503 (core.outage).
    "motcua.core.middleware.OutageMiddleware",
    # Read replica (issue 8): the list and report views read from it when configured (core.db).
    "motcua.core.db.ReplicaReadsMiddleware",
    # Last: turns a login refused during a lockout into the lockout page (core.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # motcua/templates: the few admin templates overridden to translate what Django hard-codes
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'var' / 'motcua.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request reuses it: after a database restart the first
        # request gets a fresh connection, not the dead one (recovery without a process restart).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short OLTP queries: JIT compilation (triggered by the cost estimates of a million rows) costs
    # 0.5–0.7 s per query and buys nothing here.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# --- Read replica (issue 8; motcua.core.db) -------------------------------------------------------------
# DATABASE_REPLICA_URL: a streaming replica of the primary. Lists, searches and reports (the views below,
# and selectors wrapped in core.db.reads_from_replica) read from it; writes, locking reads, reads inside
# a transaction and sessions/auth stay on the primary.
MOTCUA_READ_REPLICA = None
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    MOTCUA_READ_REPLICA = "replica"
DATABASE_ROUTERS = ["motcua.core.db.ReplicaRouter"]
MOTCUA_REPLICA_VIEWS = [
    "dossier-list",  # GET /api/v1/dossiers/
    "procedure-list",
    "agency-list",
    "desk-list",
    "office:search",
    "tracking-api",
    "tracking:status",
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Vietnamese first; English complete. Source strings are Vietnamese, English lives in locale/en.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
USE_I18N = True
# Dates typed and shown dd/mm/yyyy (Django's `vi` locale has no input formats): motcua/core/formats/vi.
FORMAT_MODULE_PATH = ["motcua.core.formats"]
# Vietnamese for what Django's own admin catalogue leaves in English (motcua/locale/vi).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", PROJECT_DIR / "var" / "media"))
# Files are never served from MEDIA_URL: every file goes through a view that checks access, then
# is streamed by Django ("django", the embedded default), or handed to the web server with
# X-Accel-Redirect ("nginx": an `internal` location MOTCUA_FILE_INTERNAL_URL aliased to
# MEDIA_ROOT) or X-Sendfile ("sendfile": Apache mod_xsendfile, lighttpd). See core.files.
MOTCUA_FILE_SERVING = os.environ.get("MOTCUA_FILE_SERVING", "django")
MOTCUA_FILE_INTERNAL_URL = os.environ.get("MOTCUA_FILE_INTERNAL_URL", "/_protected/")

# --- File storage (issue 8) ------------------------------------------------------------------------------
# Local folder by default; object storage through django-storages (S3 API: AWS, MinIO, Ceph, the cloud
# providers' S3-compatible stores) when MOTCUA_S3_BUCKET is set. Files are private either way: no public
# ACL, links signed for MOTCUA_S3_URL_SECONDS; the app's views check access and stream or redirect.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("MOTCUA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MOTCUA_S3_BUCKET"],
            "endpoint_url": os.environ.get("MOTCUA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MOTCUA_S3_REGION") or None,
            "access_key": os.environ.get("MOTCUA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("MOTCUA_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("MOTCUA_S3_PREFIX", ""),
            "default_acl": None,  # the bucket's policy: private
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("MOTCUA_S3_URL_SECONDS", "300")),
            "file_overwrite": False,
            "addressing_style": os.environ.get("MOTCUA_S3_ADDRESSING_STYLE") or None,
        },
    }
# How files reach the browser after a view checked access (MOTCUA_FILE_SERVING, MOTCUA_FILE_INTERNAL_URL:
# the abuse work's core.files; deploy/nginx holds the `internal` location /_protected/).

# Uploads: one limit per file, for JSON (base64) and multipart alike, applied by
# core.uploads.check_upload; a request may carry a few such files (MOTCUA_REQUEST_MAX_BYTES, checked
# before the body is read, core.limits). Django's in-memory limit is the same, so a JSON body
# holding a 20 MB file in base64 is not refused with a bare 400 near 2.5 MB.
MOTCUA_UPLOAD_MAX_BYTES = int(os.environ.get("MOTCUA_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
MOTCUA_REQUEST_MAX_BYTES = int(
    os.environ.get("MOTCUA_REQUEST_MAX_BYTES", str(4 * MOTCUA_UPLOAD_MAX_BYTES * 4 // 3 + 1024 * 1024))
)
DATA_UPLOAD_MAX_MEMORY_SIZE = MOTCUA_REQUEST_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger multipart files spool to a temporary file
MOTCUA_JSON_MAX_DEPTH = int(os.environ.get("MOTCUA_JSON_MAX_DEPTH", "64"))
# What a PDF may inflate to (all its streams together) and how many pixels an image may hold.
MOTCUA_UPLOAD_MAX_INFLATED_BYTES = int(
    os.environ.get("MOTCUA_UPLOAD_MAX_INFLATED_BYTES", str(512 * 1024 * 1024))
)
MOTCUA_UPLOAD_MAX_PIXELS = int(os.environ.get("MOTCUA_UPLOAD_MAX_PIXELS", str(120_000_000)))
# The antivirus hook: ClamAV's daemon (clamd) on a unix socket or host:port; empty: no scan.
MOTCUA_CLAMD_SOCKET = os.environ.get("MOTCUA_CLAMD_SOCKET", "")
MOTCUA_CLAMD_HOST = os.environ.get("MOTCUA_CLAMD_HOST", "")
MOTCUA_CLAMD_PORT = int(os.environ.get("MOTCUA_CLAMD_PORT", "3310"))
MOTCUA_CLAMD_TIMEOUT = float(os.environ.get("MOTCUA_CLAMD_TIMEOUT", "30"))

# Axes first (refuses a locked-out username + address before any password is checked), then the
# ModelBackend that brings the officer's Staff record along with the user (one query, not two).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "motcua.org.auth.StaffBackend",
    # Citizens' national e-ID login (OIDC); it authenticates only an OIDC callback, never a password.
    "motcua.portal.accounts.backends.VNeIDBackend",
]
LOGIN_URL = "office:login"
LOGIN_REDIRECT_URL = "office:queue"

# Password guessing (django-axes, on the officers' login page, the admin and the API's session
# login): after AXES_FAILURE_LIMIT failures for one username from one address, every login for that
# pair is refused, the right password included, for the cool-off time; a success resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("MOTCUA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MOTCUA_LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "motcua.core.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "motcua.core.lockout.client_ip"
AXES_VERBOSE = False
# Reverse proxies in front of the application whose X-Forwarded-For is believed (0: none).
MOTCUA_TRUSTED_PROXY_COUNT = int(os.environ.get("MOTCUA_TRUSTED_PROXY_COUNT", "0"))


def vneid_settings(issuer: str, client_id: str, client_secret: str) -> dict:
    """The OIDC client's settings (mozilla-django-oidc) for a provider at `issuer`; each endpoint may
    be given on its own by the environment (the real provider's registration papers name them)."""
    issuer = issuer.rstrip("/")
    env = os.environ.get
    return {
        "MOTCUA_VNEID_ISSUER": issuer,
        "MOTCUA_VNEID_DISCOVERY_ENDPOINT": env(
            "MOTCUA_VNEID_DISCOVERY_ENDPOINT", f"{issuer}/.well-known/openid-configuration" if issuer else ""
        ),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": env(
            "MOTCUA_VNEID_AUTHORIZATION_ENDPOINT", f"{issuer}/authorize" if issuer else ""
        ),
        "OIDC_OP_TOKEN_ENDPOINT": env("MOTCUA_VNEID_TOKEN_ENDPOINT", f"{issuer}/token" if issuer else ""),
        "OIDC_OP_USER_ENDPOINT": env(
            "MOTCUA_VNEID_USERINFO_ENDPOINT", f"{issuer}/userinfo" if issuer else ""
        ),
        "OIDC_OP_JWKS_ENDPOINT": env("MOTCUA_VNEID_JWKS_ENDPOINT", f"{issuer}/jwks" if issuer else ""),
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_RP_CLIENT_SECRET": client_secret,
    }


# The national e-ID (VNeID) over OpenID Connect: authorisation code + PKCE S256, nonce and state, an
# RS256 ID token verified against the provider's JWKS (motcua.portal.accounts.backends adds issuer,
# audience and expiry). Production: MOTCUA_VNEID_ISSUER, _CLIENT_ID, _CLIENT_SECRET from the
# environment; the demo and the tests point at the simulator (/mo-phong/vneid/).
MOTCUA_IDENTITY_PROVIDER = "vneid"
globals().update(
    vneid_settings(
        os.environ.get("MOTCUA_VNEID_ISSUER", ""),
        os.environ.get("MOTCUA_VNEID_CLIENT_ID", ""),
        os.environ.get("MOTCUA_VNEID_CLIENT_SECRET", ""),
    )
)
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid profile phone address"
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
OIDC_TIMEOUT = 5
OIDC_AUTHENTICATION_CALLBACK_URL = "portal:vneid-callback"
LOGIN_REDIRECT_URL_FAILURE = "/dang-nhap/?loi=vneid"
# The simulators' state (the VNeID simulator's signing key, the people the demo registers).
MOTCUA_SIMULATOR_DIR = os.environ.get("MOTCUA_SIMULATOR_DIR", str(PROJECT_DIR / "var" / "simulators"))
# The population database: "simulator" (in process, the VNeID simulator's people) or "national"
# (the data-sharing gateway at MOTCUA_POPULATION_URL with MOTCUA_POPULATION_KEY).
MOTCUA_POPULATION_SOURCE = os.environ.get("MOTCUA_POPULATION_SOURCE", "national")
MOTCUA_POPULATION_URL = os.environ.get("MOTCUA_POPULATION_URL", "")
MOTCUA_POPULATION_KEY = os.environ.get("MOTCUA_POPULATION_KEY", "")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # People: the session (no HTTP Basic, so no password guessing without a CSRF token and the
    # lockout). Machine clients (issue 13): OAuth2 bearer tokens of registered clients, checked for
    # the endpoint, the scope and the agency (motcua.machines); a person's session is never a machine.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "motcua.core.authentication.SessionAuthentication",
        "motcua.machines.authentication.MachineTokenAuthentication",
    ],
    # Scoped throttles (core.throttles), counted in the default cache (local memory in the
    # embedded default, Redis when REDIS_CACHE_URL is set).
    "DEFAULT_THROTTLE_RATES": {
        "public_lookup": os.environ.get("MOTCUA_THROTTLE_PUBLIC_LOOKUP", "60/minute"),
        "submission": os.environ.get("MOTCUA_THROTTLE_SUBMISSION", "30/minute"),
        # The citizens' logins (VNeID start and callback), per address.
        "portal_login": os.environ.get("MOTCUA_THROTTLE_PORTAL_LOGIN", "20/minute"),
        # The machine clients' token endpoint (/o/token/, /o/revoke_token/), per address.
        "machine_token": os.environ.get("MOTCUA_THROTTLE_MACHINE_TOKEN", "30/minute"),
        # Survey links opened and kiosk codes typed, per address (motcua.surveys).
        "survey_link": os.environ.get("MOTCUA_THROTTLE_SURVEY_LINK", "120/minute"),
        "survey_kiosk": os.environ.get("MOTCUA_THROTTLE_SURVEY_KIOSK", "20/minute"),
        # A partner's callbacks with a bearer token (the national portal's acknowledgements), per address.
        "partner_callback": os.environ.get("MOTCUA_THROTTLE_PARTNER_CALLBACK", "600/minute"),
    },
    "EXCEPTION_HANDLER": "motcua.core.api.exception_handler",
}
# Machine clients (issue 13): OAuth2 client credentials (docs/machine-clients.md). Each operation is
# a scope; which agencies a client may act for, per scope, is the client's own record
# (motcua.machines.MachineGrant). A view serves machines for the scopes it names in `machine_scopes`,
# or in `required_scopes` (oauth2_provider.contrib.rest_framework.TokenHasScope).
OAUTH2_PROVIDER = {
    "SCOPES": {
        "dossiers:read": "Đọc hồ sơ",
        "dossiers:write": "Tạo và cập nhật hồ sơ",
        "catalog:read": "Đọc danh mục thủ tục",
        "reports:read": "Đọc số liệu báo cáo",
        "sync": "Đồng bộ với Cổng Dịch vụ công quốc gia",
        "events": "Đăng ký nhận thông báo sự kiện",
    },
    "DEFAULT_SCOPES": [],
    # RFC 9700 (the OAuth 2.0 security best practice), ahead of django-oauth-toolkit 4.0's defaults:
    # no implicit or password grant, S256 PKCE only, tokens in the header only, tokens stored
    # hashed, refresh-token replay revokes the family, https redirect URIs only.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("MOTCUA_MACHINE_TOKEN_SECONDS", "3600")),
    # The token endpoint knows the client credentials grant only; a revoked client does not
    # authenticate; a client asks only for the scopes granted to it (motcua.machines.oauth).
    "OAUTH2_SERVER_CLASS": "oauthlib.oauth2.BackendApplicationServer",
    "OAUTH2_VALIDATOR_CLASS": "motcua.machines.oauth.MachineValidator",
    "SCOPES_BACKEND_CLASS": "motcua.machines.oauth.MachineScopes",
}
# django-oauth-toolkit's swappable Application model, named so the machines' migration that points at it resolves.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
# The bearer-token authentication of machine clients (audited), for the APIs that take tokens only
# (integrations.webhooks: a base package, so it names the class here instead of importing it).
MOTCUA_MACHINE_AUTHENTICATION = "motcua.machines.authentication.MachineTokenAuthentication"
# Days the audit of the machine clients' requests is kept (machines.prune_requests, nightly); 0: forever.
MOTCUA_MACHINE_AUDIT_DAYS = int(os.environ.get("MOTCUA_MACHINE_AUDIT_DAYS", "365"))
# The REST API's version (motcua/core/api_version.py; docs/api/CHANGELOG.md says when to raise it).
MOTCUA_API_VERSION = "1.0.0"
SPECTACULAR_SETTINGS = {
    "TITLE": "MotCua API",
    "DESCRIPTION": "Hệ thống thông tin giải quyết thủ tục hành chính — API",
    "VERSION": MOTCUA_API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's assets are served by this site: the machines that run MotCua may have no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The CMS admin's internal API (Wagtail's page explorer) is not MotCua's API (motcua.cms.schema).
    "PREPROCESSING_HOOKS": ["motcua.cms.schema.exclude_cms_admin"],
    # Every operation documents its error answers in the one error body (issue 8, schemathesis).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "motcua.core.api.document_errors",
    ],
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # The outbox's safety net: retries failed hand-offs and sends what never reached the broker.
    "send-due-notifications": {"task": "integrations.send_due_notifications", "schedule": 60.0},
    # The same for the records to other systems (integrations.dispatch): retries after backoff.
    "send-due-deliveries": {"task": "integrations.send_due_deliveries", "schedule": 30.0},
    # Forms whose rendering failed after commit are rendered again.
    "render-missing-forms": {"task": "dossiers.render_missing_forms", "schedule": 300.0},
}
# Nightly consistency check (issue 8): every dossier whose last event disagrees with its state is
# logged as an error (dossiers.tasks.check_consistency; `manage.py check_dossier_states` by hand).
CELERY_BEAT_SCHEDULE["nightly-consistency-check"] = {
    "task": "dossiers.check_consistency",
    "schedule": crontab(hour=2, minute=30),
}

# The daily payment reconciliation (issue 11): yesterday's online payments against the gateway's list.
CELERY_BEAT_SCHEDULE["daily-payment-reconciliation"] = {
    "task": "dossiers.reconcile_payments",
    "schedule": crontab(hour=3, minute=0),
}
# The statistics' rollups (issue 12): refresh the dossiers with an event in the last two days, in case
# an after-commit refresh was lost (reports.rollups; `manage.py rebuild_rollups` rebuilds them all).
# The national portal (issue 13): the dossiers received in the last MOTCUA_NATIONAL_RECONCILE_DAYS
# against what the portal holds; the difference is sent again (dossiers.national_reconcile).
CELERY_BEAT_SCHEDULE["nightly-national-portal-reconciliation"] = {
    "task": "dossiers.reconcile_national_portal",
    "schedule": crontab(hour=1, minute=30),
}
CELERY_BEAT_SCHEDULE["catch-up-rollups"] = {"task": "reports.catch_up_rollups", "schedule": 900.0}


CELERY_BEAT_SCHEDULE["prune-machine-requests"] = {
    "task": "machines.prune_requests",
    "schedule": crontab(hour=1, minute=40),
}

# At-risk dossiers (issue 12): scores refreshed every working hour (and the Mẫu 04 drafts one
# working day before a predicted miss), the digest to holders and unit heads each morning.
CELERY_BEAT_SCHEDULE["refresh-risk-scores"] = {
    "task": "reports.refresh_risk",
    "schedule": crontab(minute=5, hour="7-17", day_of_week="mon-sat"),
}
CELERY_BEAT_SCHEDULE["daily-risk-digest"] = {
    "task": "reports.risk_digest",
    "schedule": crontab(hour=7, minute=30, day_of_week="mon-sat"),
}
# The probability above which a dossier is predicted to miss its promised time (reports.risk).
MOTCUA_RISK_THRESHOLD = float(os.environ.get("MOTCUA_RISK_THRESHOLD", "0.5"))
# The online payment gateway (integrations/payment): MOTCUA_VNPAY's TMN_CODE, SECRET, URL and
# TRANSACTIONS_URL; empty: the simulator at /mo-phong/thanh-toan/ (demo and tests only).
MOTCUA_PAYMENT_GATEWAY = os.environ.get("MOTCUA_PAYMENT_GATEWAY", "vnpay")
MOTCUA_VNPAY = {
    "TMN_CODE": os.environ.get("MOTCUA_VNPAY_TMN_CODE", ""),
    "SECRET": os.environ.get("MOTCUA_VNPAY_SECRET", ""),
    "URL": os.environ.get("MOTCUA_VNPAY_URL", ""),
    "TRANSACTIONS_URL": os.environ.get("MOTCUA_VNPAY_TRANSACTIONS_URL", ""),
}
# Public post (integrations/postal): URL and SECRET of the postal service; empty: the simulator.
MOTCUA_POSTAL = {
    "URL": os.environ.get("MOTCUA_POSTAL_URL", ""),
    "SECRET": os.environ.get("MOTCUA_POSTAL_SECRET", ""),
}

# The public address printed in QR codes and links sent to applicants.
MOTCUA_PUBLIC_BASE_URL = os.environ.get("MOTCUA_PUBLIC_BASE_URL", "")  # empty: site-relative links
# The local simulators of the national systems at /mo-phong/ (integrations/<system>/simulator): the demo
# and the tests turn them on; production never serves them.
MOTCUA_SIMULATORS = env_bool("MOTCUA_SIMULATORS", False)
# Records to other systems (issue 13, integrations.dispatch): partner name → its Transport class.
MOTCUA_DISPATCH_TRANSPORTS: dict[str, str] = {
    "national_portal": "motcua.integrations.national_portal.transport.NationalPortalTransport",
}
# The subscribers' signed notifications (integrations.webhooks, docs/events.md).
MOTCUA_DISPATCH_TRANSPORTS["webhook"] = "motcua.integrations.webhooks.transport.WebhookTransport"
# Where notifications may go (webhooks.urlguard): https to public addresses only, unless a closed
# network needs plain http or private addresses; the seconds one POST may take.
MOTCUA_WEBHOOK_ALLOW_HTTP = env_bool("MOTCUA_WEBHOOK_ALLOW_HTTP", False)
MOTCUA_WEBHOOK_ALLOW_PRIVATE = env_bool("MOTCUA_WEBHOOK_ALLOW_PRIVATE", False)
MOTCUA_WEBHOOK_TIMEOUT_SECONDS = int(os.environ.get("MOTCUA_WEBHOOK_TIMEOUT_SECONDS", "10"))
# The national public-service portal (integrations/national_portal/client.py): empty URL = the
# simulator at /mo-phong/cong-dvc/ (demo and tests only); PATHS can be overridden per contract.
MOTCUA_NATIONAL_PORTAL = {
    "URL": os.environ.get("MOTCUA_NATIONAL_PORTAL_URL", ""),
    "CLIENT_ID": os.environ.get("MOTCUA_NATIONAL_PORTAL_CLIENT_ID", ""),
    "CLIENT_SECRET": os.environ.get("MOTCUA_NATIONAL_PORTAL_CLIENT_SECRET", ""),
    "MA_DON_VI_TIEP_NHAN": os.environ.get("MOTCUA_NATIONAL_PORTAL_UNIT", ""),
    "CALLBACK_TOKEN": os.environ.get("MOTCUA_NATIONAL_PORTAL_CALLBACK_TOKEN", ""),
    "TIMEOUT_SECONDS": float(os.environ.get("MOTCUA_NATIONAL_PORTAL_TIMEOUT", "10")),
}
MOTCUA_NATIONAL_RECONCILE_DAYS = int(os.environ.get("MOTCUA_NATIONAL_RECONCILE_DAYS", "60"))
# Tries before a record is parked as dead (an operator replays it), and the first retry's delay in
# seconds (then 2×, 4× …, at most 6 hours).
MOTCUA_DISPATCH_MAX_ATTEMPTS = int(os.environ.get("MOTCUA_DISPATCH_MAX_ATTEMPTS", "10"))
MOTCUA_DISPATCH_BACKOFF_SECONDS = int(os.environ.get("MOTCUA_DISPATCH_BACKOFF_SECONDS", "30"))
# Sector systems (integrations/sector): code → {NAME, URL, SECRET, TRANSPORT}, as JSON in the
# environment; an empty URL is the simulator (/mo-phong/he-thong-nganh/, demo and tests only). Which
# procedure goes to which system is the catalog's (a process step's `sector_system`).
MOTCUA_SECTOR_SYSTEMS: dict[str, dict] = json.loads(os.environ.get("MOTCUA_SECTOR_SYSTEMS", "") or "{}")


def sector_transports(systems: dict[str, dict]) -> dict[str, str]:
    """Each sector system's outbox transport (partner `sector.<code>`): its TRANSPORT or the HTTP plugin."""
    default = "motcua.integrations.sector.transport.HttpTransport"
    return {f"sector.{code}": entry.get("TRANSPORT") or default for code, entry in systems.items()}


MOTCUA_DISPATCH_TRANSPORTS.update(sector_transports(MOTCUA_SECTOR_SYSTEMS))

# Seconds between retries of the outbox's due messages after a request (integrations.retry), for
# deployments without Celery beat (the embedded demo sets 60); 0: off, beat does it.
MOTCUA_OUTBOX_RETRY_EVERY = int(os.environ.get("MOTCUA_OUTBOX_RETRY_EVERY", "0"))
# This system's code in the national portal's sync records (MaCSDL); set per deployment.
MOTCUA_SYNC_DATABASE_CODE = os.environ.get("MOTCUA_SYNC_DATABASE_CODE", "MOTCUA")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_CACHE_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_CACHE_URL"],
    }
    # Every officer's request reads its session: from Redis, with the database behind it (a session
    # survives a cache flush). Without a shared cache, sessions stay in the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# How long each process remembers procedure versions and agencies read at intake (core.refcache);
# 0: read them every time.
MOTCUA_REFERENCE_CACHE_SECONDS = int(os.environ.get("MOTCUA_REFERENCE_CACHE_SECONDS", "60"))
# The public pages (procedure page, catalogue search, the lookup by code) served from the cache above,
# invalidated when what they show changes (core.pagecache). On by default with the shared Redis cache
# only: local memory is per process, and a change made in one worker would not reach another's copy
# (the embedded demo, one process, turns it on in settings.dev).
MOTCUA_PAGE_CACHE = env_bool("MOTCUA_PAGE_CACHE", bool(os.environ.get("REDIS_CACHE_URL")))

# --- Content-Security-Policy (issue 8; django-csp 4's dict format) -------------------------------------
# The same policy everywhere (demo, tests, production), so a page that breaks it breaks in the browser
# tests too. Scripts come only from this site (htmx, office.js, Swagger UI's sidecar assets; the docs
# page loads its initialiser as a file, SpectacularSwaggerSplitView); inline styles stay allowed (the
# catalogue's and the admin's <style> blocks, htmx's indicator style, Swagger UI). Reports go to
# CSP_REPORT_URI when set; CSP_REPORT_ONLY=1 sends the policy as Report-Only (for a trial run).
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if os.environ.get("CSP_REPORT_URI"):
    _CSP["DIRECTIVES"]["report-uri"] = [os.environ["CSP_REPORT_URI"]]
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

# Faults (issue 8): what a 503 during a database or Redis outage tells clients to wait (Retry-After).
MOTCUA_RETRY_AFTER_SECONDS = int(os.environ.get("MOTCUA_RETRY_AFTER_SECONDS", "5"))

# Where the project's data files (national catalogue facts) live.
DATA_DIR = PROJECT_DIR / "data"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Compliance cost per procedure (reports.cost, issue 12): the value of one hour of the applicant's
# time (đồng), the hours one trip to the desk takes (travel, queue, counter), and the share of an
# hour lost per working hour of waiting for the result.
MOTCUA_COMPLIANCE_COST = {
    "hourly_cost_vnd": int(os.environ.get("MOTCUA_COST_HOURLY_VND", "40000")),
    "visit_hours": os.environ.get("MOTCUA_COST_VISIT_HOURS", "2.5"),
    "processing_hour_share": os.environ.get("MOTCUA_COST_PROCESSING_SHARE", "0.1"),
}


# --- The public reform pages (issue 14; motcua.cms, docs/cms.md) ----------------------------------------
# Wagtail at /cai-cach/ (pages), its admin at /cms-admin/ for the communication officers and approvers.
WAGTAIL_SITE_NAME = "MotCua — Cải cách hành chính"
# Links in the admin's notification e-mails (moderation: submitted, approved, rejected).
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", MOTCUA_PUBLIC_BASE_URL or "http://localhost")
# Vietnamese with English: Wagtail's own translations (one page per language, each with its drafts,
# moderation and revisions); a page not yet translated is shown in Vietnamese (cms.models.ReformHomePage).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The database search backend (PostgreSQL's full text, SQLite's FTS): no search server to run.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents (the province's plans and decisions) are streamed by Wagtail's view, which checks the
# collection's privacy; never a redirect to the storage.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "mp4", "webm"]
# Uploads pass MotCua's one check (core.uploads; videos: their content, size and the antivirus).
WAGTAILIMAGES_IMAGE_FORM_BASE = "motcua.cms.forms.CheckedImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "motcua.cms.forms.CheckedDocumentForm"
# A video comes in one request: within MOTCUA_REQUEST_MAX_BYTES (core.limits).
MOTCUA_CMS_VIDEO_MAX_BYTES = int(os.environ.get("MOTCUA_CMS_VIDEO_MAX_BYTES", str(100 * 1024 * 1024)))
# No avatar fetched from gravatar.com (the CSP allows images from this site only; no tracking).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MOTCUA_UPLOAD_MAX_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = MOTCUA_UPLOAD_MAX_PIXELS
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin asks no outside server
