"""Settings read from the environment: strict booleans, secrets from files, the
secret key required in production, and Celery eager only without a broker.

Whole-settings behaviour is checked by importing the real settings module in a
fresh interpreter with a controlled environment, exactly as a server would.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_SECRET = "a-production-like-secret-for-tests-only-" + "x" * 30

# Every variable the settings read, so the caller's environment cannot leak in.
SETTINGS_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_SECRET_KEY_FILE",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_SECURE_HSTS_SECONDS",
    "DATABASE_URL",
    "DATABASE_URL_FILE",
    "DJANGO_ENV_FILE",
    "EMAIL_URL_FILE",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "CACHE_URL",
    "EMAIL_URL",
    "SITE_URL",
    "SITE_NAME",
    "SITE_OPERATOR_NAME",
    "SITE_OPERATOR_IS_NHS",
    "DEFAULT_FROM_EMAIL",
    "LOG_LEVEL",
    "CELERY_ENQUEUE_TIMEOUT_SECONDS",
    "NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS",
    "NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS",
)


def load_settings(env: dict[str, str], names: list[str]) -> subprocess.CompletedProcess:
    """Import config.settings (and the Celery app) in a new interpreter; print `names` as JSON."""
    clean = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    # A developer's .env must not colour what "unset" means here; tests that want a file name one.
    clean["DJANGO_ENV_FILE"] = ""
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    code = (
        "import json\n"
        "from django.conf import settings\n"
        "from config.celery import app\n"
        f"values = {{name: getattr(settings, name) for name in {names!r}}}\n"
        "values['celery_always_eager'] = app.conf.task_always_eager\n"
        "values['celery_broker_url'] = app.conf.broker_url\n"
        "print(json.dumps(values, default=str))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=False
    )


def settings_for(env: dict[str, str], *names: str) -> dict:
    result = load_settings(env, list(names))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- config/env.py readers ---------------------------------------------------


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "True", "yes", "on", " true "])
def test_env_bool_reads_true(monkeypatch, raw):
    monkeypatch.setenv("CG_TEST_FLAG", raw)
    assert env_bool("CG_TEST_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "FALSE", "no", "off", " off "])
def test_env_bool_reads_false(monkeypatch, raw):
    monkeypatch.setenv("CG_TEST_FLAG", raw)
    assert env_bool("CG_TEST_FLAG", True) is False


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_env_bool_unset_or_blank_means_the_default(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("CG_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("CG_TEST_FLAG", raw)
    assert env_bool("CG_TEST_FLAG", True) is True
    assert env_bool("CG_TEST_FLAG", False) is False


@pytest.mark.parametrize("raw", ["ture", "y", "2", "enabled", "false!"])
def test_env_bool_refuses_anything_else_and_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("CG_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="CG_TEST_FLAG"):
        env_bool("CG_TEST_FLAG", False)


def test_env_str_file_variant_wins_and_is_stripped(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-the-file\n")
    monkeypatch.setenv("CG_TEST_SECRET", "from-the-variable")
    monkeypatch.setenv("CG_TEST_SECRET_FILE", str(secret))
    assert env_str("CG_TEST_SECRET") == "from-the-file"


def test_env_str_unreadable_file_is_an_error_naming_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("CG_TEST_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="CG_TEST_SECRET_FILE"):
        env_str("CG_TEST_SECRET")


def test_env_str_empty_means_the_default(monkeypatch):
    monkeypatch.setenv("CG_TEST_VALUE", "")
    monkeypatch.delenv("CG_TEST_VALUE_FILE", raising=False)
    assert env_str("CG_TEST_VALUE", "fallback") == "fallback"


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("CG_TEST_LIST", " a.example , b.example,,")
    assert env_list("CG_TEST_LIST", ["default"]) == ["a.example", "b.example"]
    monkeypatch.delenv("CG_TEST_LIST")
    assert env_list("CG_TEST_LIST", ["default"]) == ["default"]


def test_env_int_refuses_words(monkeypatch):
    monkeypatch.setenv("CG_TEST_NUMBER", "a year")
    with pytest.raises(ImproperlyConfigured, match="CG_TEST_NUMBER"):
        env_int("CG_TEST_NUMBER", 1)
    monkeypatch.setenv("CG_TEST_NUMBER", "42")
    assert env_int("CG_TEST_NUMBER", 1) == 42


# --- the settings module as a server loads it --------------------------------


def test_secret_key_is_required_when_debug_is_off():
    result = load_settings({}, ["DEBUG"])
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_debug_on_runs_with_a_local_key_sqlite_and_eager_celery():
    values = settings_for({"DJANGO_DEBUG": "true"}, "DEBUG", "SECRET_KEY", "DATABASES", "ALLOWED_HOSTS")
    assert values["DEBUG"] is True
    assert values["SECRET_KEY"].startswith("insecure-local-development-key")
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1"]
    assert values["celery_always_eager"] is True


def test_a_misspelt_boolean_stops_the_server_starting():
    result = load_settings({"DJANGO_DEBUG": "ture"}, ["DEBUG"])
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret_file = tmp_path / "django_secret_key"
    secret_file.write_text(PRODUCTION_SECRET + "\n")
    values = settings_for(
        {"DJANGO_SECRET_KEY": "ignored-because-the-file-wins", "DJANGO_SECRET_KEY_FILE": str(secret_file)},
        "SECRET_KEY",
        "DEBUG",
    )
    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == PRODUCTION_SECRET


def test_database_and_email_urls_can_come_from_files(tmp_path):
    """Both URLs carry passwords, so they are secrets like any other."""
    db_file = tmp_path / "database_url"
    db_file.write_text("postgres://app:s3cret@db.internal:5432/commonground\n")
    email_file = tmp_path / "email_url"
    email_file.write_text("smtp+tls://mailer:pa55@smtp.example:587\n")
    values = settings_for(
        {"DJANGO_DEBUG": "true", "DATABASE_URL_FILE": str(db_file), "EMAIL_URL_FILE": str(email_file)},
        "DATABASES",
        "EMAIL_HOST",
        "EMAIL_HOST_PASSWORD",
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"], database["PASSWORD"]) == ("db.internal", "commonground", "s3cret")
    assert values["EMAIL_HOST"] == "smtp.example"
    assert values["EMAIL_HOST_PASSWORD"] == "pa55"


def test_a_local_env_file_is_read_but_the_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=true\nSITE_NAME=From the file\nSITE_URL=https://file.example\n")
    values = settings_for(
        {"DJANGO_ENV_FILE": str(env_file), "SITE_URL": "https://environment.example"},
        "DEBUG",
        "SITE_NAME",
        "SITE_URL",
    )
    assert values == {
        "DEBUG": True,
        "SITE_NAME": "From the file",
        "SITE_URL": "https://environment.example",
        "celery_always_eager": True,
        "celery_broker_url": "memory://",
    }


def test_manage_py_explains_a_configuration_error_plainly():
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env.update({"DJANGO_ENV_FILE": "", "DJANGO_SETTINGS_MODULE": "config.settings"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "Configuration error: DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off." in result.stderr
    assert "Traceback" not in result.stderr


def test_production_defaults_are_secure():
    values = settings_for(
        {"DJANGO_SECRET_KEY": PRODUCTION_SECRET},
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
    )
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_ssl_redirect_can_be_turned_off_for_plain_http_servers():
    values = settings_for(
        {"DJANGO_SECRET_KEY": PRODUCTION_SECRET, "DJANGO_SECURE_SSL_REDIRECT": "false"}, "SECURE_SSL_REDIRECT"
    )
    assert values["SECURE_SSL_REDIRECT"] is False


def test_celery_is_eager_without_a_broker():
    values = settings_for({"DJANGO_SECRET_KEY": PRODUCTION_SECRET}, "CELERY_TASK_ALWAYS_EAGER")
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True
    assert values["celery_always_eager"] is True


def test_celery_uses_the_broker_when_one_is_configured():
    broker = "redis://broker.invalid:6379/3"
    values = settings_for({"DJANGO_SECRET_KEY": PRODUCTION_SECRET, "CELERY_BROKER_URL": broker}, "CELERY_BROKER_URL")
    assert values["CELERY_BROKER_URL"] == broker
    assert values["celery_always_eager"] is False
    assert values["celery_broker_url"] == broker


def test_redis_url_alone_gives_the_broker_and_a_shared_cache():
    redis = "redis://redis.invalid:6379/2"
    values = settings_for({"DJANGO_SECRET_KEY": PRODUCTION_SECRET, "REDIS_URL": redis}, "CACHES")
    assert values["celery_always_eager"] is False
    assert values["celery_broker_url"] == redis
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == redis


def test_database_url_selects_postgresql():
    values = settings_for(
        {"DJANGO_SECRET_KEY": PRODUCTION_SECRET, "DATABASE_URL": "postgres://someone@db.invalid:5432/commonground"},
        "DATABASES",
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["HOST"], database["USER"]) == ("commonground", "db.invalid", "someone")


def test_email_url_selects_smtp():
    values = settings_for(
        {"DJANGO_SECRET_KEY": PRODUCTION_SECRET, "EMAIL_URL": "smtp://mailpit:1025"},
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
    )
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("mailpit", 1025)


def test_without_email_url_emails_go_to_the_console():
    values = settings_for({"DJANGO_DEBUG": "true"}, "EMAIL_BACKEND")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
