"""The Django admin shows one "Accounts" section: people, their sign-in email addresses and
their two-factor authenticators (allauth's own sections folded into ours)."""

from django.contrib import admin
from django.test import RequestFactory

from tests.factories import UserFactory


def test_one_accounts_section_holding_allauths_tables(db):
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    sections = {app["name"]: [model["name"] for model in app["models"]] for app in admin.site.get_app_list(request)}
    assert list(sections).count("Accounts") == 1
    assert sections["Accounts"] == ["Email addresses", "Two-factor authenticators", "Users"]
    assert "MFA" not in sections
    names = [app["name"].lower() for app in admin.site.get_app_list(request)]
    assert len(names) == len(set(names)), names
