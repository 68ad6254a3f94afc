"""A request to join can carry a short note for the admins; the profile and join page say who joins at once."""

import html
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from institutions import services
from institutions.models import Membership
from tests.institutions.factories import VerifiedDomainFactory

pytestmark = pytest.mark.django_db

NOTE = "Staff nurse, ward 12 <b>(nights)</b>"
WHO_JOINS = (
    "People with an email address ending @example-trust.nhs.uk join straight away; others ask and an admin decides."
)


def page_text(response) -> str:
    """What the page says: tags left out, spaces collapsed."""
    body = re.sub(r"<script.*?</script>|<[^>]+>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(body).split()).replace(" ;", ";").replace(" ,", ",")


def join_url(institution):
    return reverse("institutions:join", kwargs={"ods_code": institution.ods_code})


@pytest.fixture
def ask(as_persona, django_capture_on_commit_callbacks):
    """ask(persona, institution, note): the join form posted, its emails sent."""

    def post(name, institution, note):
        client = as_persona(name)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(join_url(institution), {"request_note": note})

    return post


def test_the_join_page_says_who_joins_at_once_and_offers_a_note(as_persona, institution_x):
    page = as_persona("user").get(join_url(institution_x))
    assert page.status_code == 200
    text = page_text(page)
    assert WHO_JOINS in text
    assert 'name="request_note"' in page.content.decode()
    assert "A note for the admins (optional)" in text


def test_someone_who_joins_at_once_is_not_asked_for_a_note(as_persona, user, institution_x):
    EmailAddress.objects.create(user=user, email="una@example-trust.nhs.uk", verified=True)
    page = as_persona("user").get(join_url(institution_x))
    assert "you will be a verified member straight away" in page_text(page)
    assert 'name="request_note"' not in page.content.decode()


def test_the_note_reaches_the_admins_escaped(ask, as_persona, user, admin_x, institution_x):
    response = ask("user", institution_x, f"  {NOTE}  ")
    assert response.status_code == 302
    membership = Membership.objects.get(user=user, institution=institution_x)
    assert membership.is_pending and membership.request_note == NOTE

    # The admins' email: the note as typed in the text part, escaped in the HTML part.
    [email] = [m for m in mail.outbox if admin_x.email in m.to]
    assert NOTE in email.body
    html = email.alternatives[0][0]
    assert "Staff nurse, ward 12 &lt;b&gt;(nights)&lt;/b&gt;" in html and "<b>(nights)" not in html

    # The requests page and the decide page show it, escaped.
    admin = as_persona("admin_x")
    for url in (
        reverse("institutions:members", kwargs={"ods_code": "RX1"}),
        reverse("institutions:member_decide", kwargs={"ods_code": "RX1", "membership_uuid": membership.uuid}),
    ):
        body = admin.get(url).content.decode()
        assert "Staff nurse, ward 12 &lt;b&gt;(nights)&lt;/b&gt;" in body, url
        assert "<b>(nights)" not in body


def test_the_note_is_optional(ask, user, institution_x):
    assert ask("user", institution_x, "").status_code == 302
    assert Membership.objects.get(user=user, institution=institution_x).request_note == ""


def test_a_note_over_300_characters_is_refused_and_kept(ask, user, institution_x):
    long_note = "Ward sister on the children's ward. " * 9  # 323 characters once trimmed
    response = ask("user", institution_x, long_note)
    assert response.status_code == 400
    text = page_text(response)
    assert f"Your note must be 300 characters or fewer (it has {len(long_note.strip())})" in text
    assert long_note.strip() in text  # what was typed is still in the box
    assert not Membership.objects.filter(user=user).exists()


def test_the_service_holds_the_limit_too(user, institution_x):
    with pytest.raises(ValidationError) as refused:
        services.membership_request(actor=user, institution=institution_x, request_note="x" * 301)
    assert refused.value.message_dict == {"request_note": ["Your note must be 300 characters or fewer (it has 301)"]}
    assert services.membership_request(actor=user, institution=institution_x, request_note="x" * 300).request_note


def test_over_the_request_limit_the_note_is_kept(ask, user, institution_x, institution_y, settings):
    settings.CREATION_RATE_LIMITS = {**settings.CREATION_RATE_LIMITS, "membership_request": "1/h/user"}
    assert ask("user", institution_y, "").status_code == 302
    response = ask("user", institution_x, "Physiotherapist, outpatients")
    assert response.status_code == 429
    assert "Physiotherapist, outpatients" in page_text(response)


# --- The public profile ---------------------------------------------------------------------------


def test_the_profile_says_who_joins_at_once(as_persona, institution_x):
    url = institution_x.get_absolute_url()
    assert WHO_JOINS in page_text(as_persona("visitor").get(url))
    assert WHO_JOINS in page_text(as_persona("user").get(url))


def test_several_domains_are_all_named(as_persona, institution_x):
    VerifiedDomainFactory(institution=institution_x, domain="wards.example-trust.nhs.uk")
    VerifiedDomainFactory(institution=institution_x, domain="another-trust.nhs.uk")
    text = page_text(as_persona("visitor").get(institution_x.get_absolute_url()))
    assert (
        "People with an email address ending @another-trust.nhs.uk, @example-trust.nhs.uk or "
        "@wards.example-trust.nhs.uk join straight away" in text
    )


def test_without_domains_everyone_waits(as_persona, institution_y):
    institution_y.domains.all().delete()
    text = page_text(as_persona("user").get(join_url(institution_y)))
    assert "Other Trust has no verified email domains yet, so everyone who asks to join waits" in text
