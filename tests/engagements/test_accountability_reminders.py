"""The daily accountability sweep, with time travel: commitments due soon, overdue and escalated,
and check-ins due by the review cadence, each told once to the right people.

The `active` agreement came into force on Monday 2 March 2026 (every 3 months, escalation after
20 days): the institution will book the room by Wednesday 1 April; the movement's peer supporters
are reviewed on Monday 1 June. Good Friday is 3 April and Easter Monday 6 April 2026.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from engagements import services
from engagements.models import AccountabilityReminder, Agreement, Commitment, Engagement
from engagements.services.accountability_reminders import add_months
from notifications.models import Notification
from tests.engagements.accountability_rows import amend, check_in
from tests.engagements.agreements import bring_into_force
from tests.engagements.conftest import MONDAY

pytestmark = pytest.mark.django_db

DUE_SOON = "engagements.commitment_due_soon"
OVERDUE = "engagements.commitment_overdue"
ESCALATED = "engagements.commitment_escalated"
CHECKIN_DUE = "engagements.checkin_due"
KINDS = [DUE_SOON, OVERDUE, ESCALATED, CHECKIN_DUE]
PEOPLE = [
    "organiser_a",
    "lead_a",
    "reviewer_x",
    "signatory_x",
    "admin_x",
    "member_x",
    "member_y",
    "admin_y",
    "lead_b",
    "organiser_b",
    "user",
]
MOVEMENT_SIDE = {"lead_a", "organiser_a"}
INSTITUTION_SIDE = {"reviewer_x", "admin_x"}  # signatory_x and member_x are plain members: not reminded


@pytest.fixture
def everyone(request):
    """Every persona who could wrongly be told, made before the sweep runs."""
    return {name: request.getfixturevalue(name) for name in PEOPLE}


def sweep(day: datetime.date) -> int:
    return services.accountability_reminders_send(
        today=day, now=timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 45)))
    )


def told(everyone, kind) -> set[str]:
    recipients = set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))
    return {name for name, person in everyone.items() if person.pk in recipients}


def notes(person, kind):
    return list(Notification.objects.filter(recipient=person, kind=kind).order_by("created_at"))


def agreement_of(engagement) -> Agreement:
    return Agreement.objects.select_related("in_force").get(engagement=engagement)


def keys(engagement) -> dict[str, object]:
    """{"institution": key, "movement": key} of the `active` fixture's two commitments."""
    return {c.party: c.key for c in Commitment.objects.filter(version=agreement_of(engagement).in_force)}


def d(month, day):
    return datetime.date(2026, month, day)


def test_a_commitment_due_within_seven_days_reminds_the_committing_side_once(active, everyone):
    assert sweep(d(3, 24)) == 0  # Tuesday: 1 April is 8 days away
    assert sweep(d(3, 25)) == 2  # Wednesday: 7 days away
    assert told(everyone, DUE_SOON) == INSTITUTION_SIDE
    [note] = notes(everyone["reviewer_x"], DUE_SOON)
    assert note.url == active.get_absolute_url()
    assert note.context["count"] == 1 and note.context["engagement_title"] == active.title
    [line] = note.context["commitments"]
    assert line["what"] == "Book the room every month." and line["date_text"] == "1 April 2026"
    assert line["date_label"] == "due" and line["party_name"] == active.institution.name
    # Once: again the same day, the next day and on the day itself, nothing more.
    assert sweep(d(3, 25)) == 0
    assert sweep(d(3, 26)) == sweep(d(4, 1)) == 0
    assert Notification.objects.filter(kind=DUE_SOON).count() == 2
    assert set(Notification.objects.filter(kind__in=KINDS).values_list("kind", flat=True)) == {DUE_SOON}


def test_a_review_date_counts_when_there_is_no_due_date_and_a_holiday_only_delays_it(active, everyone):
    # The movement's review on Monday 1 June is 7 days after Monday 25 May, a bank holiday: no run.
    assert sweep(d(5, 25)) == 0
    # Tuesday 26 May catches up; the check-in due by 2 June (3 months from 2 March) is 7 days away too.
    sweep(d(5, 26))
    assert told(everyone, DUE_SOON) == MOVEMENT_SIDE
    [line] = notes(everyone["lead_a"], DUE_SOON)[0].context["commitments"]
    assert line["date_label"] == "to be reviewed" and line["date_text"] == "1 June 2026"
    assert told(everyone, CHECKIN_DUE) == MOVEMENT_SIDE | INSTITUTION_SIDE


def test_an_overdue_commitment_notifies_both_sides_once(active, everyone):
    assert sweep(d(4, 1)) == 2  # due today: still only "due soon" (the first run sees it)
    assert told(everyone, OVERDUE) == set()
    assert sweep(d(4, 2)) == 4
    assert told(everyone, OVERDUE) == MOVEMENT_SIDE | INSTITUTION_SIDE
    [note] = notes(everyone["organiser_a"], OVERDUE)
    assert note.context["commitments"][0]["days_overdue"] == 1
    assert sweep(d(4, 2)) == 0
    assert sweep(d(4, 3)) == sweep(d(4, 6)) == 0  # Good Friday, Easter Monday: no run
    assert sweep(d(4, 7)) == 0  # still overdue, already told
    assert Notification.objects.filter(kind=OVERDUE).count() == 4


def test_weekends_and_bank_holidays_send_nothing_and_the_next_working_day_catches_up(active, everyone):
    assert sweep(d(4, 4)) == 0  # Saturday, overdue since 2 April
    assert sweep(d(4, 6)) == 0  # Easter Monday
    assert sweep(d(4, 7)) == 4
    assert told(everyone, OVERDUE) == MOVEMENT_SIDE | INSTITUTION_SIDE


def test_escalation_comes_the_day_after_exactly_escalation_days_overdue(active, everyone):
    assert agreement_of(active).in_force.escalation_days == 20
    sweep(d(4, 2))
    # Tuesday 21 April: 20 days overdue, not more.
    assert sweep(d(4, 21)) == 0
    assert told(everyone, ESCALATED) == set()
    # Wednesday 22 April: 21 days. The institution's commitment is accountable to the other side:
    # the movement's people, and always the institution's admins; not its reviewers, not outsiders.
    assert sweep(d(4, 22)) == 3
    assert told(everyone, ESCALATED) == MOVEMENT_SIDE | {"admin_x"}
    [line] = notes(everyone["admin_x"], ESCALATED)[0].context["commitments"]
    assert line["days_overdue"] == 21 and line["to_other_side"] is True
    assert sweep(d(4, 22)) == sweep(d(4, 23)) == sweep(d(5, 22)) == 0


def test_escalation_to_a_named_role_or_board_goes_to_the_institutions_admins_naming_it(
    accepted, everyone, django_capture_on_commit_callbacks
):
    bring_into_force(
        accepted,
        movement_signer=everyone["lead_a"],
        institution_signer=everyone["signatory_x"],
        at=MONDAY,
        escalation_days=5,
        commitments=[
            {
                "party": "institution",
                "what": "Publish the minutes.",
                "due_date": d(3, 10),
                "accountable_to": "role",
                "accountable_to_name": "Director of Nursing",
            },
            {
                "party": "movement",
                "what": "Run the survey.",
                "due_date": d(3, 10),
                "accountable_to": "board",
                "accountable_to_name": "Trust Board",
            },
            {"party": "movement", "what": "Train the volunteers.", "due_date": d(3, 10)},
        ],
    )
    assert sweep(d(3, 16)) > 0  # 6 days overdue, more than 5: escalated
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(d(3, 16)) == 0
    # The role and the board have no account: the admins are told, with their names, to take it there.
    [admins] = notes(everyone["admin_x"], ESCALATED)
    assert [c["what"] for c in admins.context["commitments"]] == [
        "Publish the minutes.",
        "Run the survey.",
        "Train the volunteers.",
    ]
    names = [c["accountable_to_name"] for c in admins.context["commitments"][:2]]
    assert names == ["Director of Nursing", "Trust Board"]
    # The movement's third commitment is accountable to the institution: its people hear of that one only.
    [reviewer] = notes(everyone["reviewer_x"], ESCALATED)
    assert [c["what"] for c in reviewer.context["commitments"]] == ["Train the volunteers."]
    assert told(everyone, ESCALATED) == {"admin_x", "reviewer_x"}
    assert AccountabilityReminder.objects.filter(kind="escalated").count() == 3


def test_escalation_emails_name_the_role_and_what_to_do(accepted, everyone, django_capture_on_commit_callbacks):
    bring_into_force(
        accepted,
        movement_signer=everyone["lead_a"],
        institution_signer=everyone["signatory_x"],
        at=MONDAY,
        escalation_days=1,
        escalation_route="First the two leads meet.\nThen the Director of Nursing.",
        commitments=[
            {
                "party": "institution",
                "what": "Publish the minutes.",
                "due_date": d(3, 10),
                "accountable_to": "role",
                "accountable_to_name": "Director of Nursing",
            }
        ],
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(d(3, 12))
    [email] = [m for m in mail.outbox if m.to == [everyone["admin_x"].email] and "Escalated" in m.subject]
    assert email.subject.endswith(f"Escalated: overdue commitment in {accepted.title}")
    assert "Accountable to Director of Nursing (a named role), who has no account here: please take it to them" in (
        email.body
    )
    assert "“Publish the minutes.” (Example Trust), due by 10 March 2026, 2 days ago" in email.body
    assert "The agreement's escalation route:\nFirst the two leads meet.\nThen the Director of Nursing." in email.body
    html = email.alternatives[0][0]
    assert "<strong>Director of Nursing (a named role)</strong>" in html
    assert "First the two leads meet.<br>Then the Director of Nursing." in html


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_done_and_dropped_commitments_are_never_reminded(active, everyone, status):
    agreement = agreement_of(active)
    key = keys(active)["institution"]
    check_in(agreement, d(3, 20), {key: status})
    for day in (d(3, 25), d(4, 2), d(4, 22), d(6, 1)):
        sweep(day)
    assert not AccountabilityReminder.objects.filter(subject=key).exists()
    assert told(everyone, ESCALATED) == set()
    # The movement's commitment, still open, is reminded as before.
    assert AccountabilityReminder.objects.filter(subject=keys(active)["movement"], kind="due_soon").exists()


def test_a_missed_commitment_is_not_due_soon_but_stays_overdue_and_is_escalated(active, everyone):
    """Calling a commitment missed must not keep it from whom it is accountable to."""
    agreement = agreement_of(active)
    key = keys(active)["institution"]
    check_in(agreement, d(3, 20), {key: "missed"})
    assert sweep(d(3, 25)) == 0
    assert sweep(d(4, 2)) == 4
    assert told(everyone, OVERDUE) == MOVEMENT_SIDE | INSTITUTION_SIDE
    assert notes(everyone["lead_a"], OVERDUE)[0].context["commitments"][0]["status"] == "Missed"
    assert sweep(d(4, 22)) == 3
    assert told(everyone, ESCALATED) == MOVEMENT_SIDE | {"admin_x"}


def test_an_at_risk_commitment_is_reminded_like_one_on_track(active, everyone):
    check_in(agreement_of(active), d(3, 20), {keys(active)["institution"]: "at_risk"})
    assert sweep(d(3, 25)) == 2
    assert notes(everyone["admin_x"], DUE_SOON)[0].context["commitments"][0]["status"] == "At risk"


def test_an_amendment_that_moves_a_date_reminds_again_for_the_new_date(active, everyone):
    agreement = agreement_of(active)
    key = keys(active)["institution"]
    signers = (everyone["lead_a"], everyone["signatory_x"])
    assert sweep(d(3, 25)) == 2 and sweep(d(4, 2)) == 4
    # An amendment that keeps the date changes nothing.
    amend(agreement, signers=signers, exit_terms="Either side, with a month's notice.")
    assert sweep(d(4, 7)) == 0
    # Version 3 moves the room to Friday 1 May.
    amend(agreement, signers=signers, changes={key: {"due_date": d(5, 1)}})
    # 22 April, 21 days after the old date, would have escalated it: the new date is not yet due.
    assert sweep(d(4, 22)) == 0
    assert sweep(d(4, 23)) == 0  # 8 days before
    assert sweep(d(4, 24)) == 2
    assert notes(everyone["reviewer_x"], DUE_SOON)[-1].context["version"] == 3
    assert notes(everyone["reviewer_x"], DUE_SOON)[-1].context["commitments"][0]["date_text"] == "1 May 2026"
    # Monday 4 May is a bank holiday; Tuesday it is overdue again, and escalated 21 days after 1 May.
    assert sweep(d(5, 5)) == 4
    assert len(notes(everyone["lead_a"], OVERDUE)) == 2
    assert told(everyone, ESCALATED) == set()
    assert sweep(d(5, 21)) == 0 and sweep(d(5, 22)) == 3
    sent = set(AccountabilityReminder.objects.filter(subject=key).values_list("kind", "due_on"))
    assert sent == {("due_soon", d(4, 1)), ("overdue", d(4, 1))} | {
        ("due_soon", d(5, 1)),
        ("overdue", d(5, 1)),
        ("escalated", d(5, 1)),
    }


def test_a_checkin_due_by_the_cadence_reminds_both_sides_once_per_due_date(accepted, everyone):
    bring_into_force(
        accepted,
        movement_signer=everyone["lead_a"],
        institution_signer=everyone["signatory_x"],
        at=MONDAY,
        review_cadence="monthly",
        commitments=[],
    )
    # Due a month after coming into force, 2 April; 7 days before is Thursday 26 March.
    assert sweep(d(3, 25)) == 0
    assert sweep(d(3, 26)) == 4
    assert told(everyone, CHECKIN_DUE) == MOVEMENT_SIDE | INSTITUTION_SIDE
    note = notes(everyone["admin_x"], CHECKIN_DUE)[0]
    assert note.context["date_text"] == "2 April 2026" and note.context["overdue"] is False
    assert note.context["since"] == "the agreement came into force" and note.context["cadence"] == "monthly"
    assert sweep(d(3, 27)) == sweep(d(4, 8)) == 0  # once per due date, even while overdue
    # A check-in on 8 April: the next is due 8 May, reminded from Friday 1 May.
    check_in(agreement_of(accepted), d(4, 8))
    assert sweep(d(4, 30)) == 0
    assert sweep(d(5, 1)) == 4
    latest = notes(everyone["lead_a"], CHECKIN_DUE)[-1]
    assert latest.context["date_text"] == "8 May 2026" and latest.context["since_text"] == "8 April 2026"


@pytest.mark.parametrize(
    ("cadence", "due"), [("quarterly", d(6, 2)), ("six_monthly", d(9, 2)), ("yearly", datetime.date(2027, 3, 2))]
)
def test_each_cadence_sets_the_next_checkin(accepted, everyone, cadence, due):
    bring_into_force(
        accepted,
        movement_signer=everyone["lead_a"],
        institution_signer=everyone["signatory_x"],
        at=MONDAY,
        review_cadence=cadence,
        commitments=[],
    )
    # The first working day 7 days or fewer before the due date is the first to remind.
    day = due - datetime.timedelta(days=8)
    assert sweep(day) == 0
    while not sweep(day := day + datetime.timedelta(days=1)):
        pass
    assert (due - day).days <= 7
    assert notes(everyone["lead_a"], CHECKIN_DUE)[0].context["date"] == due.isoformat()


def test_a_checkin_first_seen_overdue_says_so(accepted, everyone, django_capture_on_commit_callbacks):
    bring_into_force(
        accepted,
        movement_signer=everyone["lead_a"],
        institution_signer=everyone["signatory_x"],
        at=MONDAY,
        review_cadence="monthly",
        commitments=[],
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(d(4, 9)) == 4
    [email] = [m for m in mail.outbox if m.to == [everyone["lead_a"].email]]
    assert email.subject.endswith(f"Check-in overdue: {accepted.title}")
    assert "was due on 2 April 2026, 7 days ago" in email.body
    assert accepted.get_absolute_url() in email.body


def test_engagements_no_longer_active_are_not_reminded(active, everyone):
    Engagement.objects.filter(pk=active.pk).update(status=Engagement.Status.ENDED)
    assert sweep(d(3, 25)) == sweep(d(4, 2)) == sweep(d(4, 22)) == sweep(d(5, 27)) == 0
    assert not Notification.objects.filter(kind__in=KINDS).exists() and not AccountabilityReminder.objects.exists()


def test_accepted_engagements_without_an_agreement_in_force_are_not_reminded(accepted, everyone):
    assert sweep(d(3, 25)) == sweep(d(6, 2)) == 0


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2027, 11, 30), 3, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 12, 15), 1, datetime.date(2027, 1, 15)),
        (datetime.date(2026, 3, 2), 12, datetime.date(2027, 3, 2)),
    ],
)
def test_a_cadence_month_keeps_the_day_or_takes_the_months_last(start, months, expected):
    assert add_months(start, months) == expected
