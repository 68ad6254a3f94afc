"""Production settings: Django's deployment checklist passes, and responses carry
the security headers and cookie flags that those settings promise.

The production values are read from the real settings module in a fresh
interpreter with a production-like environment, then applied to this test
process, so the headers below come from what production would actually run.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
HOST = "commonground.example"

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "production-like-secret-for-the-deploy-check-only-4f0c2b9e7d1a6c3f8e5b",
    "DJANGO_ALLOWED_HOSTS": HOST,
    "SITE_URL": f"https://{HOST}",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
    # As in production: the shared cache (nothing here connects to it).
    "REDIS_URL": "redis://redis.internal:6379/0",
}

# The security-relevant settings, copied from production into this process.
SECURITY_SETTINGS = [
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_NAME",
]


def production_env(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_"))}
    for key in ("DATABASE_URL", "REDIS_URL", "CACHE_URL", "EMAIL_URL", "SITE_URL"):
        env.pop(key, None)
    env.update(PRODUCTION_ENV)
    env["DJANGO_ENV_FILE"] = ""  # a developer's .env plays no part in production
    env.update(overrides)
    return env


def deploy_check(**overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_settings():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_a_protection_is_turned_off():
    # The check is not vacuous: without the HTTPS redirect it flags security.W008.
    result = deploy_check(DJANGO_SECURE_SSL_REDIRECT="false")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_check_deploy_fails_with_a_per_process_cache():
    # Several gunicorn workers each with their own cache: rate limits and used codes per process.
    result = deploy_check(REDIS_URL="", WEB_CONCURRENCY="3")
    assert result.returncode != 0
    assert "core.W001" in result.stdout + result.stderr


@pytest.fixture(scope="module")
def production_security_settings():
    code = (
        "import json\n"
        "from django.conf import settings\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(production_security_settings):
    """A test client that talks to the site as configured for production."""
    with override_settings(**production_security_settings):
        # Created inside the override: the security middleware reads its
        # settings when the client's handler first loads the middleware.
        yield Client(HTTP_HOST=HOST)


def test_production_settings_are_the_secure_ones(production_security_settings):
    values = production_security_settings
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    # __Host- cookies are only accepted by browsers when Secure, host-only, Path=/.
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(production):
    response = production.get("/about/")
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/about/"


@pytest.mark.django_db
def test_https_behind_the_proxy_is_served(production):
    # The proxy in front says the original request came over HTTPS.
    response = production.get("/about/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_an_unknown_host_is_refused_with_400(production):
    response = production.get("/about/", secure=True, headers={"Host": "attacker.example"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_responses_carry_the_security_headers(production):
    response = production.get(reverse("home"), secure=True)
    assert response.status_code == 200

    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    csp = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"] + csp["style-src"]
    assert any(source.startswith("'nonce-") for source in csp["script-src"])


@pytest.mark.django_db
def test_csrf_cookie_is_secure_and_host_only(production):
    response = production.get(reverse("account_login"), secure=True)
    assert response.status_code == 200
    cookie = response.cookies["__Host-csrftoken"]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"]


@pytest.mark.django_db
def test_session_cookie_is_secure_httponly_and_host_only(production, password):
    user = UserFactory(email="deploy-check@example.org")
    response = production.post(reverse("account_login"), {"login": user.email, "password": password}, secure=True)
    assert response.status_code == 302
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"]
