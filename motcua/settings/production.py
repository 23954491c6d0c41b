"""Production: PostgreSQL via DATABASE_URL, a real Celery broker, secrets from the environment.

Everything below reads the environment (deploy/README.md lists the variables); the defaults are the
safe ones, so `manage.py check --deploy` is clean out of the box (motcua/core/tests/test_deploy.py)."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
CELERY_TASK_ALWAYS_EAGER = False

# --- Hosts and origins ---------------------------------------------------------------------------------
# ALLOWED_HOSTS comes from base (comma-separated env). The origins a browser may post from, with scheme:
# CSRF_TRUSTED_ORIGINS=https://motcua.example.gov.vn,https://dichvucong.example.gov.vn
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# --- HTTPS (issue 8, defect 9) -------------------------------------------------------------------------
# HSTS: a year, subdomains and preload by default; SECURE_HSTS_SECONDS=0 turns it off (e.g. while a
# site is first tried over HTTPS: start low, then raise).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Probes of the orchestrator and the proxy speak plain HTTP inside the cluster.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "same-origin")
X_FRAME_OPTIONS = "DENY"

# --- Trusted proxies -----------------------------------------------------------------------------------
# Behind nginx (deploy/): the proxy terminates TLS and says so in X-Forwarded-Proto; trust it only when
# the app is reachable through the proxy alone (MOTCUA_BEHIND_PROXY=1, the default of deploy/).
if env_bool("MOTCUA_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + os.environ.get("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto").upper().replace("-", "_"),
        "https",
    )
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
USE_X_FORWARDED_PORT = env_bool("USE_X_FORWARDED_PORT", False)

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
