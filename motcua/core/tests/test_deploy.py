"""Production settings: `check --deploy` is clean (issue 8, defect 9) and every switch reads the environment."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _env(**extra):
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests in this process, never in production.
    skip = ("SECURE_", "CSRF_", "MOTCUA_BEHIND", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(DJANGO_SETTINGS_MODULE="motcua.settings.production", SECRET_KEY=secrets.token_urlsafe(50))
    env.update(extra)
    return env


def _production_settings(**extra) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({n: getattr(s, n, None) for n in "
        "['SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE',"
        " 'CSRF_COOKIE_SECURE', 'CSRF_TRUSTED_ORIGINS', 'ALLOWED_HOSTS', 'SECURE_PROXY_SSL_HEADER',"
        " 'USE_X_FORWARDED_HOST', 'CONTENT_SECURITY_POLICY', 'DEBUG', 'SECURE_REDIRECT_EXEMPT']}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_env(**extra), capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_check_deploy_passes_with_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_defaults_are_the_safe_ones():
    s = _production_settings()
    assert s["DEBUG"] is False
    assert s["SECURE_HSTS_SECONDS"] >= 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SECURE_SSL_REDIRECT"] and s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_PROXY_SSL_HEADER"] is None  # X-Forwarded-Proto is trusted only when told
    assert s["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["script-src"] == ["'self'"]


def test_production_reads_the_environment():
    s = _production_settings(
        SECURE_HSTS_SECONDS="300",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="motcua.example.gov.vn,10.0.0.5",
        CSRF_TRUSTED_ORIGINS="https://motcua.example.gov.vn",
        MOTCUA_BEHIND_PROXY="1",
        USE_X_FORWARDED_HOST="1",
    )
    assert s["SECURE_HSTS_SECONDS"] == 300
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["ALLOWED_HOSTS"] == ["motcua.example.gov.vn", "10.0.0.5"]
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://motcua.example.gov.vn"]
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["USE_X_FORWARDED_HOST"] is True


def test_production_refuses_to_start_without_a_secret_key():
    env = _env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_healthz_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = _production_settings()["SECURE_REDIRECT_EXEMPT"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
