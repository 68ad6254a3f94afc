"""Settings for the broker and the email sweep, read as a server reads them."""

import pytest

from .test_settings_env import load_settings, settings_for

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
