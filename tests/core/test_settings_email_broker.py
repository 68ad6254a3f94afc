"""Settings for email, the broker and notifications, read as a server reads them: every
EMAIL_URL scheme, the broker timeout, the sweep's timeout and how long unsubscribe links last."""

import os
import subprocess
import sys

import pytest

from .test_settings_env import ROOT, SETTINGS_VARIABLES, load_settings, settings_for

# --- email ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url,backend,extra",
    [
        ("consolemail://", "console", {}),
        ("memorymail://", "locmem", {}),
        ("dummymail://", "dummy", {}),
        ("smtp://mailer:pa55@smtp.example:2525", "smtp", {"EMAIL_HOST_USER": "mailer", "EMAIL_PORT": 2525}),
        ("smtp+tls://smtp.example:587", "smtp", {"EMAIL_USE_TLS": True, "EMAIL_PORT": 587}),
        ("smtps://smtp.example:587", "smtp", {"EMAIL_USE_TLS": True}),
        ("smtp+ssl://smtp.example:465", "smtp", {"EMAIL_USE_SSL": True, "EMAIL_PORT": 465}),
    ],
)
def test_email_url_selects_every_backend_django_environ_knows(url, backend, extra):
    values = settings_for({"DJANGO_DEBUG": "true", "EMAIL_URL": url}, "EMAIL_BACKEND", *extra)
    assert values["EMAIL_BACKEND"] == f"django.core.mail.backends.{backend}.EmailBackend"
    assert {name: values[name] for name in extra} == extra


def test_filemail_keeps_emails_in_a_folder_in_the_project_or_at_an_absolute_path(tmp_path):
    relative = settings_for({"DJANGO_DEBUG": "true", "EMAIL_URL": "filemail:///sent-emails"}, "EMAIL_FILE_PATH")
    assert relative["EMAIL_FILE_PATH"] == str(ROOT / "sent-emails")
    absolute = settings_for(
        {"DJANGO_DEBUG": "true", "EMAIL_URL": f"filemail:///{tmp_path}"}, "EMAIL_BACKEND", "EMAIL_FILE_PATH"
    )
    assert absolute["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert absolute["EMAIL_FILE_PATH"] == str(tmp_path)


def test_a_local_run_with_filemail_writes_each_email_to_a_file(tmp_path):
    """End to end, as a developer runs it: Django's sendtestemail command, a file per email."""
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    folder = tmp_path / "emails"
    env.update(
        {
            "DJANGO_ENV_FILE": "",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "true",
            "EMAIL_URL": f"filemail:///{folder}",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "sendtestemail", "someone@example.org"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [kept] = list(folder.iterdir())
    text = kept.read_text()
    assert "To: someone@example.org" in text
    assert "Subject: Test email from" in text


@pytest.mark.parametrize(
    "url,message",
    [
        ("filemail://", "EMAIL_URL=filemail:// needs a folder, e.g. filemail:///sent-emails."),
        ("smpt://mailer:s3cret-pa55@smtp.example:587", "EMAIL_URL must start with one of smtp://, smtps://"),
        ("smtp://mailer:s3cret-pa55@smtp.example:port", "EMAIL_URL cannot be read"),
    ],
)
def test_a_wrong_email_url_is_explained_without_repeating_its_password(url, message):
    result = load_settings({"DJANGO_DEBUG": "true", "EMAIL_URL": url}, ["EMAIL_BACKEND"])
    assert result.returncode != 0
    assert message in result.stderr
    assert "s3cret-pa55" not in result.stderr


# --- the broker and the sweep --------------------------------------------------


def test_handing_work_to_the_broker_waits_about_a_second_at_most_by_default():
    values = settings_for({"DJANGO_DEBUG": "true"}, "CELERY_ENQUEUE_TIMEOUT_SECONDS", "CELERY_BROKER_TRANSPORT_OPTIONS")
    assert values["CELERY_ENQUEUE_TIMEOUT_SECONDS"] == 1
    options = values["CELERY_BROKER_TRANSPORT_OPTIONS"]
    assert options["socket_connect_timeout"] == options["socket_timeout"] == options["connect_retries_timeout"] == 1


def test_the_enqueue_timeout_comes_from_the_environment():
    values = settings_for(
        {"DJANGO_DEBUG": "true", "CELERY_ENQUEUE_TIMEOUT_SECONDS": "0.4"}, "CELERY_BROKER_TRANSPORT_OPTIONS"
    )
    options = values["CELERY_BROKER_TRANSPORT_OPTIONS"]
    assert options["socket_connect_timeout"] == options["socket_timeout"] == options["connect_retries_timeout"] == 0.4


@pytest.mark.parametrize("raw", ["soon", "0", "-1", "nan", "inf"])
def test_a_senseless_enqueue_timeout_stops_the_server_starting(raw):
    result = load_settings({"DJANGO_DEBUG": "true", "CELERY_ENQUEUE_TIMEOUT_SECONDS": raw}, ["DEBUG"])
    assert result.returncode != 0
    assert "CELERY_ENQUEUE_TIMEOUT_SECONDS must be" in result.stderr


def test_the_sweep_sending_timeout_defaults_to_five_minutes_and_comes_from_the_environment():
    assert settings_for({"DJANGO_DEBUG": "true"}, "NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS") == {
        "NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS": 300,
        "celery_always_eager": True,
        "celery_broker_url": "memory://",
    }
    values = settings_for(
        {"DJANGO_DEBUG": "true", "NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS": "1800"},
        "NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS",
    )
    assert values["NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS"] == 1800


def test_the_sweep_sending_timeout_must_outlast_the_task_time_limit():
    # A shorter timeout would hand a send that is still running to a second worker.
    result = load_settings({"DJANGO_DEBUG": "true", "NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS": "120"}, ["DEBUG"])
    assert result.returncode != 0
    assert "must be more than the 120s task time limit" in result.stderr


def test_unsubscribe_links_last_90_days_unless_the_environment_says_otherwise():
    values = settings_for({"DJANGO_DEBUG": "true"}, "NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS")
    assert values["NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS"] == 90
    values = settings_for(
        {"DJANGO_DEBUG": "true", "NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS": "30"}, "NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS"
    )
    assert values["NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS"] == 30


def test_unsubscribe_links_must_outlive_a_weekly_digest():
    result = load_settings({"DJANGO_DEBUG": "true", "NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS": "6"}, ["DEBUG"])
    assert result.returncode != 0
    assert "NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS must be at least 7" in result.stderr
