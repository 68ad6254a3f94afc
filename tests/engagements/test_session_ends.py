"""Nothing typed into a proposal is lost when the person's session ends before they press Continue."""

import pytest
from django.urls import reverse

from engagements.models import Engagement
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TYPED = "Six sessions a year,\nand a nurse to co-host."


def step(engagement, name="ask"):
    return reverse("engagements:step", kwargs={"engagement_uuid": engagement.uuid, "step": name})


def test_what_was_typed_comes_back_after_signing_in_again(client, draft, organiser_a):
    url = step(draft)
    # Their session has ended: the POST is answered with the sign-in page, not a lost form.
    response = client.post(url, {"ask": TYPED})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    signed_in = client.post(reverse("account_login"), {"login": organiser_a.email, "password": PASSWORD})
    assert signed_in.status_code == 302

    page = client.get(url)
    body = page.content.decode()
    assert "You were signed out before this was saved" in body
    assert "Six sessions a year,\nand a nurse to co-host.</textarea>" in body
    assert Engagement.objects.get(pk=draft.pk).ask != TYPED  # shown to check, not saved behind their back

    # Offered once: the next visit shows the saved draft again.
    assert "You were signed out" not in client.get(url).content.decode()


def test_only_the_same_page_gets_it_back(client, draft, organiser_a):
    client.post(step(draft, "ask"), {"ask": TYPED})
    client.post(reverse("account_login"), {"login": organiser_a.email, "password": PASSWORD})
    assert "Six sessions a year" not in client.get(step(draft, "title")).content.decode()


def test_someone_who_may_not_edit_it_gets_nothing(client, draft, lead_b):
    client.post(step(draft), {"ask": TYPED})
    client.post(reverse("account_login"), {"login": lead_b.email, "password": PASSWORD})
    response = client.get(step(draft))
    assert response.status_code == 404 and "Six sessions a year" not in response.content.decode()
