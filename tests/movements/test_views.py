"""Creating and editing movements through the pages, old addresses, and the admin actions."""

import pytest
from django.urls import reverse

from moderation.models import ModerationAction
from movements.models import Movement, WayOfImpact
from movements.services import movement_slug_change
from notifications.models import Notification
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _form_data(**overrides):
    ways = WayOfImpact.objects.filter(slug__in=["care-experience", "knowledge-and-evidence"])
    data = {
        "name": "  Patients Together   Leeds ",
        "summary": "Patients improving outpatient care.",
        "description": "We meet monthly.\n\nSee https://example.org/about for more.",
        "ways_of_impact": [str(w.pk) for w in ways],
        "direction": "promote",
        "stage": "emergence",
        "regions": ["north-east-yorkshire"],
        "size": "10-50",
        "website": "example.org",
        "social_links": "https://social.example/@patients\n\n",
        "open_to_proposals": "on",
    }
    data.update(overrides)
    return data


def test_create_through_the_form(client, user, moderator):
    client.force_login(user)
    response = client.post(reverse("movements:create"), _form_data())
    movement = Movement.objects.get()
    assert response.status_code == 302 and response.url == f"/movements/{movement.slug}/"
    assert movement.name == "Patients Together Leeds"
    assert movement.slug == "patients-together-leeds"
    assert movement.website == "https://example.org"
    assert movement.social_links == "https://social.example/@patients"
    assert movement.status == Movement.Status.PENDING
    page = client.get(response.url).content.decode()
    assert "waiting for a moderator" in page
    assert '<a href="https://example.org/about" rel="nofollow noopener ugc">' in page  # usertext links
    assert Notification.objects.filter(kind="movements.submitted", recipient=moderator).exists()


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"name": ""}, "name", "Enter the movement's name"),
        ({"summary": "x" * 281}, "summary", "280 characters or fewer"),
        ({"ways_of_impact": []}, "ways_of_impact", "Select at least one way"),
        ({"regions": []}, "regions", "Select at least one region"),
        ({"direction": "sideways"}, "direction", "Select a valid choice"),
        ({"website": "javascript:alert(1)"}, "website", "starting with https://"),
        ({"website": "ftp://example.org"}, "website", "starting with https://"),
        ({"social_links": "https://ok.example\nnot a link"}, "social_links", "(you entered not a link)"),
    ],
)
def test_bad_input_is_explained_and_nothing_typed_is_lost(client, user, overrides, field, message):
    client.force_login(user)
    response = client.post(reverse("movements:create"), _form_data(**overrides))
    assert response.status_code == 400
    assert message in " ".join(str(e) for e in response.context["form"].errors[field])
    body = response.content.decode()
    assert "There is a problem" in body
    assert "We meet monthly." in body  # the description typed is still there
    assert not Movement.objects.exists()


def test_edit_shows_last_updated_and_keeps_the_slug(client, lead_a, movement_a):
    client.force_login(lead_a)
    url = reverse("movements:edit", kwargs={"slug": movement_a.slug})
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="london"' in form.content.decode() and "checked" in form.content.decode()
    response = client.post(url, _form_data(name="Breathe Together Again"))
    assert response.status_code == 302 and response.url == "/movements/breathe-together/"
    movement_a.refresh_from_db()
    assert movement_a.name == "Breathe Together Again"
    assert list(movement_a.region_rows.values_list("region", flat=True)) == ["north-east-yorkshire"]
    assert "Last updated" in client.get(response.url).content.decode()


def test_invalid_edit_keeps_the_stored_name_in_the_heading(client, lead_a, movement_a):
    client.force_login(lead_a)
    response = client.post(reverse("movements:edit", kwargs={"slug": movement_a.slug}), _form_data(name="", stage=""))
    assert response.status_code == 400
    assert response.context["movement"].name == "Breathe Together"


def test_rejected_movement_edit_and_resubmit(client, organiser_a, rejected_movement, moderator):
    client.force_login(organiser_a)
    url = reverse("movements:edit", kwargs={"slug": rejected_movement.slug})
    page = client.get(url).content.decode()
    assert "Say more about what you want to change." in page
    assert "Save and send for review again" in page
    client.post(url, _form_data(resubmit="1"))
    rejected_movement.refresh_from_db()
    assert rejected_movement.status == Movement.Status.PENDING
    assert Notification.objects.filter(kind="movements.submitted", recipient=moderator).exists()


def test_rejected_movement_saved_without_resubmitting_stays_rejected(client, organiser_a, rejected_movement):
    client.force_login(organiser_a)
    client.post(reverse("movements:edit", kwargs={"slug": rejected_movement.slug}), _form_data())
    rejected_movement.refresh_from_db()
    assert rejected_movement.status == Movement.Status.REJECTED


def test_rejection_reason_is_shown_to_organisers(client, organiser_a, rejected_movement):
    client.force_login(organiser_a)
    page = client.get(reverse("movements:detail", kwargs={"slug": rejected_movement.slug})).content.decode()
    assert "did not approve" in page and "Say more about what you want to change." in page


def test_old_addresses_redirect_permanently(client, movement_a, moderator, lead_a):
    movement_slug_change(actor=moderator, movement=movement_a, slug="breathe-north")
    response = client.get("/movements/breathe-together/")
    assert response.status_code == 301 and response.url == "/movements/breathe-north/"
    client.force_login(lead_a)
    response = client.get("/movements/breathe-together/organisers/?x=1")
    assert response.status_code == 301 and response.url == "/movements/breathe-north/organisers/?x=1"


def test_user_text_is_escaped(client, lead_a):
    from .factories import MovementFactory

    MovementFactory(name="<b>Bold</b>", slug="bold", description="<script>alert(1)</script>", lead=lead_a)
    body = client.get("/movements/bold/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body and "&lt;b&gt;Bold&lt;/b&gt;" in body


def test_last_lead_sees_a_clear_message(client, lead_a, movement_a):
    client.force_login(lead_a)
    response = client.post(reverse("movements:organiser_leave", kwargs={"slug": movement_a.slug}))
    assert response.status_code == 409
    assert "only lead organiser" in response.content.decode()
    row = movement_a.organisers.get(user=lead_a)
    url = reverse("movements:organiser_role", kwargs={"slug": movement_a.slug, "organiser_uuid": row.uuid})
    response = client.post(url, {"role": "organiser"})
    assert response.status_code == 409
    assert "at least one lead" in response.content.decode()


def test_organiser_leaves_through_the_page(client, organiser_a, movement_a):
    client.force_login(organiser_a)
    response = client.post(reverse("movements:organiser_leave", kwargs={"slug": movement_a.slug}))
    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert not movement_a.organisers.filter(user=organiser_a).exists()


# --- Django admin ---------------------------------------------------------------


@pytest.fixture
def admin_client_2fa(client, moderator):
    moderator.is_staff = True
    moderator.is_superuser = True
    moderator.save()
    sign_in(client, moderator)
    return client


def test_admin_approve_action(admin_client_2fa, pending_movement):
    url = reverse("admin:movements_movement_changelist")
    response = admin_client_2fa.post(url, {"action": "approve_selected", "_selected_action": [pending_movement.pk]})
    assert response.status_code == 302
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.APPROVED
    assert ModerationAction.objects.get().action == "movement_approve"


def test_admin_reject_action_asks_for_a_reason(admin_client_2fa, pending_movement):
    url = reverse("admin:movements_movement_changelist")
    data = {"action": "reject_selected", "_selected_action": [pending_movement.pk]}
    page = admin_client_2fa.post(url, data)
    assert page.status_code == 200 and "Reason" in page.content.decode()
    empty = admin_client_2fa.post(url, {**data, "apply": "1", "reason": ""})
    assert "Enter a reason" in empty.content.decode()
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.PENDING
    done = admin_client_2fa.post(url, {**data, "apply": "1", "reason": "Please describe your aims."})
    assert done.status_code == 302
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.REJECTED
    assert pending_movement.rejection_reason == "Please describe your aims."


def test_admin_reports_movements_it_could_not_change(admin_client_2fa, movement_a):
    url = reverse("admin:movements_movement_changelist")
    response = admin_client_2fa.post(
        url, {"action": "approve_selected", "_selected_action": [movement_a.pk]}, follow=True
    )
    assert "already approved" in response.content.decode()


def test_demo_seed_is_idempotent(db):
    import io

    from accounts import demo as accounts_demo
    from movements import demo

    out = io.StringIO()
    accounts_demo.seed(stdout=out, show_passwords=False)
    demo.seed(stdout=out, show_passwords=False)
    first = Movement.objects.count()
    demo.seed(stdout=out, show_passwords=False)
    assert Movement.objects.count() == first >= 30
    statuses = set(Movement.objects.values_list("status", flat=True))
    assert statuses == {"approved", "pending", "rejected"}
    organiser = accounts_demo.demo_user("organiser")
    assert organiser.movement_roles.filter(role="lead").count() >= 5
    assert accounts_demo.demo_user("co_organiser").movement_roles.count() == 1
    # Every way of impact, stage and several regions are represented.
    approved = Movement.objects.filter(status="approved")
    assert WayOfImpact.objects.exclude(movements__in=approved).count() == 0
    assert set(approved.values_list("stage", flat=True)) == set(Movement.Stage.values)
