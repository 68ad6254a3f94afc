"""Who runs the site decides what it may show: the NHS logo and icons only when an NHS
organisation runs it (SITE_OPERATOR_IS_NHS); the operator is named in the footer and the
privacy notice; /favicon.ico is the operator's icon."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.core.test_settings_env import load_settings, settings_for

NHS_LOGO = 'class="nhsuk-header__logo"'
NHS_ICON = "vendor/nhsuk-frontend/assets/images/favicon"

PAGES = ["/", "/movements/", "/institutions/", "/about/", "/privacy/", "/accounts/login/", "/no-such-page/"]


@pytest.fixture
def nhs_operator(settings):
    settings.SITE_OPERATOR_IS_NHS = True
    settings.SITE_OPERATOR_NAME = "Example NHS Foundation Trust"


def header(body):
    return body.split("</header>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_not_nhs_by_default_no_nhs_logo_title_or_icons(client, url):
    body = client.get(url).content.decode()
    assert NHS_LOGO not in body
    assert "<title>NHS" not in body and "– NHS</title>" not in body
    assert NHS_ICON not in body and "nhsuk-icon-180" not in body and "nhsuk-opengraph" not in body
    assert re.search(r'<a class="nhsuk-header__service-name[^"]*" href="/"[^>]*>Common Ground</a>', header(body))
    footer = body.split('<footer class="nhsuk-footer"')[1]
    assert "run by the Common Ground team. It is independent of the NHS." in footer
    assert 'href="/static/images/favicon.svg"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_an_nhs_operator_shows_the_nhs_logo_and_says_who_runs_it(client, nhs_operator, url):
    body = client.get(url).content.decode()
    assert NHS_LOGO in header(body)
    assert 'aria-label="NHS Common Ground homepage"' in header(body)
    assert re.search(r"– NHS</title>|<title>Common Ground – NHS</title>", body)
    assert f'href="/static/{NHS_ICON}.svg"' in body
    footer = body.split('<footer class="nhsuk-footer"')[1]
    assert "run by Example NHS Foundation Trust." in footer
    assert "independent of the NHS" not in footer


@pytest.mark.django_db
def test_privacy_notice_and_about_page_name_the_operator(client, settings):
    settings.SITE_OPERATOR_NAME = "Healthy Futures CIC"
    privacy = client.get("/privacy/").content.decode()
    assert "Common Ground is run by Healthy Futures CIC, the data controller" in privacy
    about = client.get("/about/").content.decode()
    assert "run by Healthy Futures CIC, independently of NHS England" in about


@pytest.mark.django_db
@pytest.mark.parametrize(("is_nhs", "icon"), [(False, "images/favicon.ico"), (True, f"{NHS_ICON}.ico")])
def test_favicon_ico_is_the_operators_icon(client, settings, is_nhs, icon):
    settings.SITE_OPERATOR_IS_NHS = is_nhs
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == f"/static/{icon}"
    assert "max-age" in response["Cache-Control"]
    found = finders.find(icon)
    assert found, icon
    with open(found, "rb") as ico:
        assert ico.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    assert client.get(response["Location"]).status_code == 200


def test_favicon_has_a_url_name():
    assert reverse("favicon") == "/favicon.ico"


def test_operator_settings_come_from_the_environment():
    values = settings_for(
        {"DJANGO_DEBUG": "true", "SITE_OPERATOR_NAME": "Example ICB", "SITE_OPERATOR_IS_NHS": "yes"},
        "SITE_OPERATOR_NAME",
        "SITE_OPERATOR_IS_NHS",
    )
    assert values["SITE_OPERATOR_NAME"] == "Example ICB"
    assert values["SITE_OPERATOR_IS_NHS"] is True
    defaults = settings_for({"DJANGO_DEBUG": "true"}, "SITE_OPERATOR_NAME", "SITE_OPERATOR_IS_NHS")
    assert defaults == {**defaults, "SITE_OPERATOR_NAME": "the Common Ground team", "SITE_OPERATOR_IS_NHS": False}


def test_operator_is_nhs_is_a_strict_boolean():
    result = load_settings({"DJANGO_DEBUG": "true", "SITE_OPERATOR_IS_NHS": "NHS"}, ["SITE_OPERATOR_IS_NHS"])
    assert result.returncode != 0
    assert "SITE_OPERATOR_IS_NHS must be one of true/false" in result.stderr
