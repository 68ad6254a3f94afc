"""The daily reminder to reviewers of proposals near or past their response deadline (time-travel tests)."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from engagements import services
from engagements.models import DeadlineReminder, Engagement
from engagements.tasks import deadline_reminders_task
from engagements.working_days import is_working_day
from institutions.models import Membership
from notifications.models import Notification
from tests.engagements.conftest import MONDAY, draft_to_x, fresh

pytestmark = pytest.mark.django_db
KIND = "engagements.deadline_reminder"


def on(year, month, day, hour=6):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 30))


def reminders(user):
    return list(Notification.objects.filter(recipient=user, kind=KIND).order_by("created_at"))


def test_two_working_days_before_the_deadline_the_reviewers_are_reminded(
    submitted, reviewer_x, admin_x, member_x, organiser_a, lead_a
):
    assert submitted.deadline == datetime.date(2026, 3, 23)  # a Monday
    # Wednesday 18 March: the deadline is three working days away, too soon to remind.
    assert services.deadline_reminders_send(now=on(2026, 3, 18)) == 0
    # Thursday 19 March: two working days away (Friday, Monday).
    assert services.deadline_reminders_send(now=on(2026, 3, 19)) == 2
    [note] = reminders(reviewer_x)
    assert note.context["count"] == 1 and note.context["party_name"] == submitted.institution.name
    assert note.context["proposals"] == [{"title": submitted.title, "deadline": "2026-03-23", "overdue": False}]
    assert note.url == submitted.get_absolute_url()
    assert len(reminders(admin_x)) == 1
    # Plain members do not review; the proposing side is never reminded of the other's deadline.
    assert reminders(member_x) == reminders(organiser_a) == reminders(lead_a) == []


def test_a_second_run_the_same_day_sends_nothing_and_the_next_working_day_sends_again(submitted, reviewer_x):
    # Institution X's one reviewer (the other personas are not created here).
    thursday = on(2026, 3, 19)
    assert services.deadline_reminders_send(now=thursday) == 1
    assert services.deadline_reminders_send(now=thursday + datetime.timedelta(hours=5)) == 0
    assert len(reminders(reviewer_x)) == 1
    assert DeadlineReminder.objects.filter(recipient=reviewer_x, day=datetime.date(2026, 3, 19)).count() == 1
    # Saturday and Sunday are not working days: no reminders.
    assert services.deadline_reminders_send(now=on(2026, 3, 21)) == 0
    assert services.deadline_reminders_send(now=on(2026, 3, 22)) == 0
    # Tuesday 24 March, the day after the deadline: overdue, reminded again.
    assert services.deadline_reminders_send(now=on(2026, 3, 24)) == 1
    latest = reminders(reviewer_x)[-1]
    assert latest.context["proposals"][0]["overdue"] is True


def test_the_assigned_reviewer_alone_is_reminded(in_review, reviewer_x, admin_x):
    assert services.deadline_reminders_send(now=on(2026, 3, 20)) == 1
    assert len(reminders(reviewer_x)) == 1 and reminders(admin_x) == []


def test_an_assigned_reviewer_who_left_hands_the_reminder_back_to_the_team(in_review, reviewer_x, admin_x):
    Membership.objects.filter(user=reviewer_x).update(role=Membership.Role.MEMBER)
    assert services.deadline_reminders_send(now=on(2026, 3, 20)) == 1
    assert reminders(reviewer_x) == [] and len(reminders(admin_x)) == 1


def test_answered_proposals_are_not_reminded(submitted, reviewer_x, admin_x):
    services.engagement_request_changes(actor=reviewer_x, engagement=submitted, reason="Add a budget.", now=MONDAY)
    assert services.deadline_reminders_send(now=on(2026, 3, 24)) == 0
    assert reminders(reviewer_x) == reminders(admin_x) == []


def test_several_proposals_make_one_reminder_with_a_list(
    submitted, organiser_a, movement_a, open_x, way, reviewer_x, admin_x, django_capture_on_commit_callbacks
):
    second = draft_to_x(organiser_a, movement_a, open_x, way, title="A walking group")
    services.engagement_submit(actor=organiser_a, engagement=second, now=MONDAY + datetime.timedelta(days=3))
    # Wednesday 25 March: the first is two days overdue, the second (sent Thursday 5 March) due tomorrow.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deadline_reminders_send(now=on(2026, 3, 25)) == 2
    [note] = reminders(reviewer_x)
    assert note.context["count"] == 2 and note.url == "/engagements/review/"
    assert [p["overdue"] for p in note.context["proposals"]] == [True, False]
    [email] = [m for m in mail.outbox if m.to == [reviewer_x.email]]
    assert "A walking group" in email.body and "overdue since 2026-03-23" in email.body


def test_bank_holidays_count_neither_as_working_days_nor_as_reminder_days(submitted, reviewer_x):
    # A deadline on Tuesday 7 April 2026, after Good Friday (3 April) and Easter Monday (6 April).
    Engagement.objects.filter(pk=submitted.pk).update(deadline=datetime.date(2026, 4, 7))
    # Tuesday 31 March: Wednesday and Thursday come first; too soon.
    assert services.deadline_reminders_send(now=on(2026, 3, 31)) == 0
    # Wednesday 1 April: Thursday, then (over the long weekend) Tuesday: two working days away.
    # Counting the holidays as working days, Tuesday would be four away and nobody reminded.
    assert services.deadline_reminders_send(now=on(2026, 4, 1)) == 1
    assert services.deadline_reminders_send(now=on(2026, 4, 2)) == 1
    # Good Friday and Easter Monday: nobody is reminded.
    assert services.deadline_reminders_send(now=on(2026, 4, 3)) == 0
    assert services.deadline_reminders_send(now=on(2026, 4, 6)) == 0
    assert services.deadline_reminders_send(now=on(2026, 4, 7)) == 1


def test_a_movement_reviewing_an_institutions_proposal_with_a_deadline_reminds_its_organisers(
    to_movement, lead_a, organiser_a, member_x
):
    # The platform sets no deadline on proposals to movements; if one is set, the organisers are reminded.
    Engagement.objects.filter(pk=to_movement.pk).update(deadline=datetime.date(2026, 3, 20))
    assert services.deadline_reminders_send(now=on(2026, 3, 19)) == 2
    assert len(reminders(lead_a)) == 1 and len(reminders(organiser_a)) == 1
    assert reminders(member_x) == []
    assert reminders(lead_a)[0].context["party_name"] == fresh(to_movement).movement.name


def test_beat_runs_the_task_daily_and_the_task_calls_the_service(submitted, reviewer_x):
    entry = settings.CELERY_BEAT_SCHEDULE["engagements-deadline-reminders"]
    assert entry["task"] == deadline_reminders_task.name
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {30}
    # The task runs on the real today: a proposal due today is reminded, on working days.
    today = timezone.localdate()
    Engagement.objects.filter(pk=submitted.pk).update(deadline=today)
    expected = 1 if is_working_day(today) else 0
    assert deadline_reminders_task.delay().get() == expected
    assert len(reminders(reviewer_x)) == expected
