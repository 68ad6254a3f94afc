"""Every link and button an institution's members page and profile offer is one the services accept.

Each offered action is followed to its page and sent every way a person could (each role in
turn), as everyone who manages members, in every shape of institution; any refusal fails. The
rules that decide what is offered (institutions.can_*) are also checked against the services.
"""

import pytest
from django.urls import reverse

from institutions import services
from institutions.models import Membership
from tests.factories import UserFactory
from tests.offered import accepted_then_undone, offered, press_everything
from tests.personas import PERSONAS, with_totp
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

ACTION_LINKS = {
    "institutions:member_decide",
    "institutions:member_change",
    "institutions:member_remove",
    "institutions:leave",
}
STAFF_X = ["member_x", "reviewer_x", "signatory_x", "pending_member_x"]


def _members_url(institution):
    return reverse("institutions:members", kwargs={"ods_code": institution.ods_code})


@pytest.fixture
def staffed_x(request, institution_x, admin_x):
    """Institution X with its only admin, a member, a reviewer, a signatory and a request waiting."""
    for name in STAFF_X:
        request.getfixturevalue(name)
    return institution_x


@pytest.mark.parametrize(
    ("shape", "who"), [("one admin", "admin_x"), ("two admins", "admin_x"), ("two admins", "reviewer_x")]
)
def test_every_action_on_the_members_page_works(client, request, staffed_x, reviewer_x, shape, who):
    if shape == "two admins":
        Membership.objects.filter(user=reviewer_x).update(role=Membership.Role.ADMIN)
        with_totp(reviewer_x)  # now an admin, who must use two-factor
    sign_in(client, request.getfixturevalue(who))
    pressed, refusals = press_everything(client, _members_url(staffed_x), links=ACTION_LINKS)
    assert not refusals, f"{who} ({shape}): offered but refused:\n" + "\n".join(refusals)
    assert len(pressed) >= 10, pressed  # decide ×2, and a role change ×3 and removal per member


@pytest.mark.parametrize("who", PERSONAS)
def test_everyone_is_offered_only_what_works_on_x(client, request, staffed_x, who):
    """Every persona, on X's members page and profile: the admin's actions work, and nobody else
    (moderators included: X has its own admin) is offered any."""
    if who != "visitor":
        sign_in(client, request.getfixturevalue(who))
    everything = []
    for url in (_members_url(staffed_x), staffed_x.get_absolute_url()):
        status = client.get(url).status_code
        if status != 200:
            assert status in (302, 403, 404), (who, url, status)
            continue
        pressed, refusals = press_everything(client, url, links=ACTION_LINKS)
        assert not refusals, f"{who} on {url}: offered but refused:\n" + "\n".join(refusals)
        everything += [p for p in pressed if "/leave/" not in p and not p.startswith(("Leave", "Withdraw"))]
    if who == "admin_x":
        assert len(everything) >= 10, everything
    else:
        assert not everything, f"{who} is offered {everything}"


def test_the_only_admin_is_offered_the_signatory_flag_but_not_stepping_down(client, staffed_x, admin_x):
    sign_in(client, admin_x)
    url = _members_url(staffed_x)
    html = client.get(url).content.decode()
    mine = Membership.objects.get(user=admin_x)
    hrefs = [href for _label, href, _form in offered(html, url, ACTION_LINKS)]
    assert reverse("institutions:member_remove", args=["RX1", mine.uuid]) not in hrefs
    change = reverse("institutions:member_change", args=["RX1", mine.uuid])
    assert change in hrefs and "Change signatory" in html
    page = client.get(change).content.decode()
    assert "is the only admin of Example Trust, so stays an admin" in page
    assert 'type="radio"' not in page  # no role to choose


def test_moderators_work_the_members_page_of_an_institution_without_an_admin(
    client, institution_y, member_y, moderator
):
    pending = Membership.objects.create(
        user=UserFactory(email="new@nhs.net"), institution=institution_y, status=Membership.Status.PENDING
    )
    sign_in(client, moderator)
    pressed, refusals = press_everything(client, _members_url(institution_y), links=ACTION_LINKS)
    assert not refusals, "\n".join(refusals)
    assert any("Approve" in p or "decision=approve" in p for p in pressed) and pending.is_pending


def test_moderators_are_offered_nothing_where_the_institution_has_its_admins(client, staffed_x, moderator):
    sign_in(client, moderator)
    url = _members_url(staffed_x)
    assert offered(client.get(url).content.decode(), url, ACTION_LINKS) == []


@pytest.mark.parametrize("who", ["admin_x", "member_x", "pending_member_x", "signatory_x"])
def test_leaving_is_offered_only_where_it_works(client, request, staffed_x, who):
    sign_in(client, request.getfixturevalue(who))
    url = staffed_x.get_absolute_url()
    pressed, refusals = press_everything(client, url, links={"institutions:leave"})
    assert not refusals, refusals
    if who == "admin_x":
        assert pressed == []
        assert "You are its only admin" in client.get(url).content.decode()
    else:
        assert len(pressed) == 1


def test_the_only_admins_leave_page_says_why_not_and_offers_no_button(client, staffed_x, admin_x):
    sign_in(client, admin_x)
    response = client.get(reverse("institutions:leave", args=["RX1"]))
    body = response.content.decode()
    assert response.status_code == 200 and "You are the only admin of Example Trust" in body
    assert 'method="post"' not in body.split('id="maincontent"')[1].split("</main>")[0]


# --- The rules and the services agree ------------------------------------------------------------


@pytest.mark.parametrize("shape", ["one admin", "two admins"])
def test_each_rule_answers_as_its_service_does(staffed_x, admin_x, reviewer_x, member_x, shape):
    if shape == "two admins":
        Membership.objects.filter(user=reviewer_x).update(role=Membership.Role.ADMIN)
    disagreements, cases = [], 0
    for actor in (admin_x, member_x):
        for row in Membership.objects.filter(institution=staffed_x, status=Membership.Status.VERIFIED):
            for role in Membership.Role.values:
                if role == row.role:
                    continue
                cases += 1
                offered_now = actor.has_perm("institutions.can_change_role", _fresh(row))
                accepted = accepted_then_undone(
                    lambda a=actor, r=row, role=role: services.membership_change(
                        actor=a, membership=_fresh(r), role=role, is_signatory=r.is_signatory
                    )
                )
                if offered_now != accepted:
                    disagreements.append(f"{actor} can_change_role {row} → {role}: {offered_now} ≠ {accepted}")
            cases += 1
            offered_now = actor.has_perm("institutions.can_remove_member", _fresh(row))
            accepted = accepted_then_undone(
                lambda a=actor, r=row: services.membership_remove(actor=a, membership=_fresh(r))
            )
            if offered_now != accepted:
                disagreements.append(f"{actor} can_remove_member {row}: {offered_now} ≠ {accepted}")
        cases += 1
        institution = type(staffed_x).objects.get(pk=staffed_x.pk)
        offered_now = actor.has_perm("institutions.can_leave", institution)
        accepted = accepted_then_undone(
            lambda a=actor, i=institution: services.membership_leave(actor=a, institution=i)
        )
        if offered_now != accepted:
            disagreements.append(f"{actor} can_leave: {offered_now} ≠ {accepted}")
    assert cases >= 20 and not disagreements, "\n".join(disagreements)


def _fresh(row):
    return Membership.objects.select_related("institution", "user").get(pk=row.pk)
