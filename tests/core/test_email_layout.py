"""One email layout and one subject convention for every email the site sends: allauth's and
every notification kind's, HTML and plain text, checked over every template there is."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import ExtendsNode

from notifications.models import EmailDelivery
from notifications.registry import all_kinds as registered_kinds
from notifications.rendering import delivery_message, render_text

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
LAYOUT = {"html": "emails/base.html", "txt": "emails/base.txt"}
PREFIX = "[Common Ground] "


def all_kinds():
    """The site's kinds (the notification tests register kinds of their own)."""
    labels = {config.label for config in apps.get_app_configs()}
    return [kind for kind in registered_kinds() if kind.key.split(".")[0] in labels]


def allauth_emails():
    """Every email template allauth may render (bodies), named without the folder."""
    return sorted(
        str(path.relative_to(TEMPLATES))
        for folder in ("account/email", "mfa/email")
        for path in (TEMPLATES / folder).glob("*_message.*")
        if not path.name.startswith("base_")
    )


def kind_bodies():
    return sorted(f"{kind.template_dir}/body.{ext}" for kind in all_kinds() for ext in ("html", "txt"))


def layout_of(name):
    """The template at the top of the {% extends %} chain."""
    template = get_template(name).template
    while True:
        parents = [node for node in template.nodelist if isinstance(node, ExtendsNode)]
        if not parents:
            return template.name
        template = get_template(parents[0].parent_name.var).template


@pytest.mark.parametrize("name", allauth_emails() + kind_bodies())
def test_every_email_body_extends_the_one_layout(name):
    assert layout_of(name) == LAYOUT[name.rsplit(".", 1)[1]]


def test_there_is_one_html_layout_and_one_text_layout():
    doctypes = [str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html") if "<!DOCTYPE" in p.read_text()]
    assert sorted(doctypes) == ["base.html", "emails/base.html"]  # the site's page, the emails' page
    assert not (TEMPLATES / "emails" / "_button.html").read_text().count("style=")


CONTEXT = {
    "user": None,
    "email": "a@example.org",
    "activate_url": "https://example.org/confirm/",
    "password_reset_url": "https://example.org/reset/",
    "signup_url": "https://example.org/signup/",
    "code": "",
    "from_email": "old@example.org",
    "to_email": "new@example.org",
    "deleted_email": "gone@example.org",
    "ip": "192.0.2.1",
    "user_agent": "Firefox",
}


def delivery(kind):
    return EmailDelivery(kind=kind.key, category=kind.category, context={}, url="/somewhere/", to_email="a@example.org")


def all_messages():
    """(name, subject, text, html) of every email: allauth's rendered from its templates, and
    every notification kind through the pipeline's own rendering."""
    messages = []
    for name in allauth_emails():
        if name.endswith(".html"):
            prefix = name.removesuffix("_message.html")
            subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + render_to_string(f"{prefix}_subject.txt", CONTEXT).strip()
            text = render_to_string(f"{prefix}_message.txt", CONTEXT)
            messages.append((prefix, subject, text, render_to_string(name, CONTEXT)))
    for kind in all_kinds():
        message = delivery_message(delivery(kind))
        messages.append((kind.key, message.subject, message.body, message.alternatives[0][0]))
    return messages


@pytest.mark.django_db
def test_every_email_has_the_layouts_header_body_and_footer():
    for name, _subject, text, html in all_messages():
        html = html.strip()
        assert html.startswith("<!DOCTYPE html>") and html.count("<!DOCTYPE") == 1, name
        assert 'class="email-header" bgcolor="#005eb8"' in html, name
        assert '<a href="http://127.0.0.1:8000/">Common Ground</a>' in html, name
        assert "connects NHS organisations with health social movements. It is run by the Common Ground team." in html
        assert "style=" not in html, name  # the layout's stylesheet styles every email alike
        assert "NHS</font></span>" not in html, name  # the NHS logo: only for an NHS operator
        assert "Hello " in text.split("\n", 1)[0], name
        assert text.rstrip().endswith("Please do not reply to this email.\nhttp://127.0.0.1:8000/"), name
        assert "<p>" not in text and "&amp;" not in text, name


@pytest.mark.django_db
def test_the_nhs_logo_is_in_emails_only_for_an_nhs_operator(settings):
    settings.SITE_OPERATOR_IS_NHS = True
    settings.SITE_OPERATOR_NAME = "Example NHS Trust"
    for name, _subject, text, html in all_messages():
        assert '<span class="email-logo"><font color="#005eb8">NHS</font></span>' in html, name
        assert "It is run by Example NHS Trust." in text, name


@pytest.mark.django_db
def test_every_subject_is_the_prefix_then_what_happened():
    for name, subject, _text, _html in all_messages():
        assert subject.startswith(PREFIX), (name, subject)
        what = subject.removeprefix(PREFIX)
        assert what.strip() and "\n" not in subject, name
        # The prefix names the site; the words after it never repeat it.
        assert "Common Ground" not in what, (name, subject)


def test_subject_prefix_is_one_setting():
    assert settings.EMAIL_SUBJECT_PREFIX == PREFIX
    assert settings.ACCOUNT_EMAIL_SUBJECT_PREFIX == settings.EMAIL_SUBJECT_PREFIX


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda kind: kind.key)
def test_subjects_never_name_the_site(kind):
    subject = render_text(f"{kind.template_dir}/subject.txt", {"site_name": "Common Ground"})
    assert not re.search(r"site_name|Common Ground", subject), subject
