"""/health/: anyone learns ok or not (200/503) and nothing more; operators who send the
HEALTH_CHECK_TOKEN see each check and its error; failures are logged for operators."""

import logging

import pytest
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOKEN = "operators-only-5b2f0c6e9d1a4738"


@pytest.fixture
def token(settings):
    settings.HEALTH_CHECK_TOKEN = TOKEN
    return TOKEN


@pytest.fixture
def database_down(monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise ConnectionError("database went away")

    monkeypatch.setattr(connection, "cursor", broken_cursor)


def bearer(value):
    return {"Authorization": f"Bearer {value}"}


def test_the_public_answer_is_ok_and_nothing_else(client, token):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_the_public_answer_when_unavailable_names_no_check_and_no_error(client, token, database_down):
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert b"ConnectionError" not in response.content
    assert b"database" not in response.content


def test_operators_with_the_token_see_each_check(client, token):
    response = client.get(reverse("health"), headers=bearer(TOKEN))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())


def test_operators_with_the_token_see_what_failed(client, token, database_down):
    response = client.get(reverse("health"), headers=bearer(TOKEN))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": False, "detail": "ConnectionError: database went away"}
    assert body["checks"]["cache"]["ok"] is True


@pytest.mark.parametrize(
    "headers",
    [
        bearer("operators-only-5b2f0c6e9d1a4739"),  # one character off
        bearer(TOKEN[:-1]),
        bearer(""),
        {"Authorization": TOKEN},  # no scheme
        {"Authorization": f"Basic {TOKEN}"},
        bearer("jeton-opérateur-✓"),  # not ASCII: compared as bytes, never a 500
        {"X-Health-Check-Token": TOKEN},
    ],
    ids=["one-off", "prefix", "empty", "no-scheme", "basic", "non-ascii", "other-header"],
)
def test_anything_but_the_token_gets_the_public_answer(client, token, database_down, headers):
    response = client.get(reverse("health"), headers=headers)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_without_a_token_configured_nobody_sees_the_detail(client, settings, database_down):
    settings.HEALTH_CHECK_TOKEN = None
    for headers in ({}, bearer(""), bearer("None")):
        response = client.get(reverse("health"), headers=headers)
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable"}


def test_a_failure_is_logged_for_operators_in_one_line(client, database_down, caplog):
    with caplog.at_level(logging.WARNING, logger="core.health"):
        client.get(reverse("health"))
    (record,) = [r for r in caplog.records if r.name == "core.health"]
    assert record.getMessage() == "Health check failed: database: ConnectionError: database went away"
    assert record.exc_info is None
