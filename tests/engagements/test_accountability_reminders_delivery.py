"""The accountability sweep's emails, its schedule, its query budget and its once-only record under
concurrency. (Who is told when: test_accountability_reminders.py.)"""

import datetime
import threading

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.utils import timezone

from config.celery import app
from engagements import services
from engagements.models import AccountabilityReminder, Agreement, Engagement, Side
from engagements.services._common import side_people
from engagements.services.accountability_reminders import Item, People, _send_unit
from engagements.tasks import accountability_reminders_task
from engagements.working_days import is_working_day
from notifications.models import EmailDelivery, Frequency, Notification, NotificationPreference
from notifications.rendering import notification_text
from tests.engagements.agreements import bring_into_force
from tests.engagements.conftest import MONDAY, WORDS, fresh
from tests.engagements.factories import EngagementModelFactory
from tests.engagements.test_accountability_reminders import KINDS, d, sweep
from tests.factories import UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory
from tests.movements.factories import MovementFactory

pytestmark = pytest.mark.django_db
SECRET = "Private: the budget holder is unconvinced."


def emails_to(person):
    return [m for m in mail.outbox if m.to == [person.email]]


def test_every_reminder_email_says_which_commitment_agreement_and_date_what_to_do_and_links_the_engagement(
    active, lead_a, organiser_a, reviewer_x, admin_x, signatory_x, django_capture_on_commit_callbacks
):
    services.reviewer_note_create(actor=reviewer_x, engagement=active, body=SECRET)
    link = settings.SITE_URL + active.get_absolute_url()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for day in (d(3, 25), d(4, 2), d(4, 22), d(5, 26)):
            sweep(day)
    subjects = {m.subject.removeprefix(settings.EMAIL_SUBJECT_PREFIX) for m in mail.outbox}
    title = active.title
    assert subjects == {
        f"Commitment due soon: {title}",
        f"Overdue commitment: {title}",
        f"Escalated: overdue commitment in {title}",
        f"Check-in due: {title}",
    }
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert link in message.body and link in html, message.subject
        assert title in message.body and "version 1" in message.body, message.subject
        assert SECRET not in message.body and SECRET not in html, message.subject
    [due_soon] = [m for m in emails_to(reviewer_x) if "due soon" in m.subject]
    assert (
        f"“Book the room every month.” ({active.institution.name}), due by 1 April 2026; now on track" in due_soon.body
    )
    assert "record a check-in on the engagement page" in due_soon.body
    [overdue] = [m for m in emails_to(lead_a) if "Overdue" in m.subject]
    assert "“Book the room every month.” (Example Trust), due by 1 April 2026, 1 day ago" in overdue.body
    assert "A commitment still open 20 days after its date is escalated" in overdue.body
    [escalated] = [m for m in emails_to(organiser_a) if "Escalated" in m.subject]
    assert "more than 20 days overdue" in escalated.body
    assert "due by 1 April 2026, 21 days ago" in escalated.body
    assert f"Accountable to {active.movement.name}." in escalated.body
    [checkin] = [m for m in emails_to(admin_x) if "Check-in" in m.subject]
    assert "asks for a check-in every 3 months" in checkin.body
    assert "is due by 2 June 2026, counted from the agreement came into force on 2 March 2026" in checkin.body
    # Plain members, signatory or not, are not among the side's people and get none.
    assert emails_to(signatory_x) == []


def test_in_app_notifications_read_as_one_line(active, reviewer_x, lead_a):
    for day in (d(3, 25), d(4, 22), d(5, 26)):
        sweep(day)
    agreement = f"in the agreement for “{active.title}”"

    def text(person, kind):
        return notification_text(Notification.objects.filter(recipient=person, kind=f"engagements.{kind}").first())

    assert (
        text(reviewer_x, "commitment_due_soon") == f"“Book the room every month.” {agreement} is due by 1 April 2026."
    )
    assert text(lead_a, "commitment_overdue") == (
        f"“Book the room every month.” {agreement} is overdue: it was due by 1 April 2026."
    )
    assert text(lead_a, "commitment_escalated") == (
        f"Escalated: “Book the room every month.” {agreement} is more than 20 days overdue."
    )
    assert text(lead_a, "checkin_due") == f"A check-in on the agreement for “{active.title}” is due by 2 June 2026."


def test_several_commitments_make_one_notification_each_person(accepted, lead_a, organiser_a, signatory_x):
    bring_into_force(
        accepted,
        movement_signer=lead_a,
        institution_signer=signatory_x,
        at=MONDAY,
        commitments=[{"party": "movement", "what": f"Task {n}.", "due_date": d(3, 20 + n)} for n in range(1, 4)],
    )
    assert sweep(d(3, 20)) == 2
    [note] = Notification.objects.filter(recipient=lead_a, kind="engagements.commitment_due_soon")
    assert [c["what"] for c in note.context["commitments"]] == ["Task 1.", "Task 2.", "Task 3."]
    assert notification_text(note) == (f"3 commitments in the agreement for “{accepted.title}” are due within 7 days.")


def test_the_beat_schedule_names_the_registered_task_and_the_task_runs_the_sweep(accepted, lead_a, signatory_x):
    entry = settings.CELERY_BEAT_SCHEDULE["engagements-accountability-reminders"]
    assert entry["task"] == accountability_reminders_task.name == "engagements.accountability_reminders_send"
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {45}
    # The task runs on the real today: a commitment due in three days is reminded, on working days.
    today = timezone.localdate()
    bring_into_force(
        accepted,
        movement_signer=lead_a,
        institution_signer=signatory_x,
        at=timezone.now(),
        commitments=[{"party": "movement", "what": "Run the survey.", "due_date": today + datetime.timedelta(days=3)}],
    )
    expected = 2 if is_working_day(today) else 0  # lead_a and organiser_a
    assert accountability_reminders_task.delay().get() == expected
    assert accountability_reminders_task.delay().get() == 0


def test_the_bulk_read_of_each_sides_people_agrees_with_side_people(
    active, lead_a, organiser_a, reviewer_x, admin_x, signatory_x, member_x
):
    def same(engagement):
        people = People([engagement])
        for side in (Side.MOVEMENT, Side.INSTITUTION):
            assert {p.pk for p in people.side(engagement, side)} == {p.pk for p in side_people(engagement, side)}
        assert [p.pk for p in people.audience(engagement, "admins")] == [admin_x.pk]

    same(active)
    # An institution's own proposal: its proposer (a plain member) is on its side too.
    Engagement.objects.filter(pk=active.pk).update(direction=Engagement.Direction.TO_MOVEMENT, proposer=member_x)
    same(fresh(active))
    assert member_x in People([fresh(active)]).side(fresh(active), Side.INSTITUTION)


def _agreements_in_force(count):
    """`count` active engagements, each between its own movement and institution, with the `active`
    fixture's two commitments."""
    way = EngagementModelFactory()
    for _ in range(count):
        lead, reviewer, signatory, admin = UserFactory(), UserFactory(), UserFactory(), UserFactory()
        movement = MovementFactory(lead=lead)
        institution = InstitutionFactory()
        MembershipFactory(user=reviewer, institution=institution, role="reviewer")
        MembershipFactory(user=admin, institution=institution, role="admin")
        MembershipFactory(user=signatory, institution=institution, is_signatory=True)
        institution.open_to_models.add(way)
        engagement = services.engagement_draft_create(
            actor=lead, direction="to_institution", movement=movement, institution=institution, model=way, **WORDS
        )
        services.engagement_submit(actor=lead, engagement=engagement, now=MONDAY)
        services.engagement_accept(actor=reviewer, engagement=fresh(engagement), now=MONDAY)
        bring_into_force(
            engagement,
            movement_signer=lead,
            institution_signer=signatory,
            at=MONDAY,
            commitments=[
                {"party": "institution", "what": "Book the room.", "due_date": d(4, 1)},
                {"party": "movement", "what": "Bring peer supporters.", "review_date": d(6, 1)},
            ],
        )


@pytest.mark.parametrize("count", [2, 6])
def test_the_sweep_reads_in_a_constant_number_of_queries_and_writes_per_reminder_sent(count, django_assert_num_queries):
    _agreements_in_force(count)
    ContentType.objects.get_for_model(Engagement)  # cached for the run, as in a worker that has sent before
    # 25 March: each agreement's institution commitment is due within 7 days (one unit each).
    with django_assert_num_queries(6 + 6 * count):
        # 1 the agreements in force, their engagements, parties, reviewer, proposer, version and
        #   latest check-in date; 2 their commitments; 3 the commitments' statuses; 4 what was sent
        #   before; 5 the movements' organisers; 6 the institutions' reviewers and admins.
        # Then for each agreement: a savepoint, the insert of its reminders, the recipients'
        # email preferences, the notifications, the email deliveries, the savepoint's release.
        assert sweep(d(3, 25)) == 2 * count
    # The same day again: the four reads, nothing to send, whatever the number of agreements.
    with django_assert_num_queries(4):
        assert sweep(d(3, 25)) == 0
    # A weekend: none.
    with django_assert_num_queries(0):
        assert sweep(d(3, 28)) == 0
    assert Notification.objects.filter(kind__in=KINDS).count() == 2 * count


def test_with_nothing_in_force_the_sweep_reads_once(accepted, django_assert_num_queries):
    with django_assert_num_queries(1):  # the agreements in force: none
        assert sweep(d(3, 25)) == 0


def test_a_unit_another_run_recorded_first_sends_nothing(active, reviewer_x, admin_x):
    """Between this run's read of what was sent and its insert, another run recorded the same
    reminder: the unique constraint refuses the insert and nothing is announced."""
    agreement = Agreement.objects.select_related(
        "in_force", "engagement__movement", "engagement__institution", "engagement__reviewer", "engagement__proposer"
    ).get(engagement=active)
    commitment = agreement.in_force.commitments.get(party="institution")
    item = Item(commitment.key, commitment.due_date, {"what": commitment.what}, (Side.INSTITUTION,))
    now = timezone.make_aware(datetime.datetime(2026, 3, 25, 6, 45))
    AccountabilityReminder.objects.create(
        agreement=agreement, subject=commitment.key, kind="due_soon", due_on=commitment.due_date, sent_at=now
    )
    assert _send_unit(agreement, "due_soon", [item], People([active]), d(3, 25), now) == 0
    assert not Notification.objects.filter(kind__in=KINDS).exists()
    assert AccountabilityReminder.objects.count() == 1


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs concurrent connections (PostgreSQL; CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(active, reviewer_x, admin_x):
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(sweep(d(3, 25)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 2], results
    assert Notification.objects.filter(kind="engagements.commitment_due_soon").count() == 2
    assert AccountabilityReminder.objects.count() == 1


def test_people_who_chose_a_digest_get_reminders_in_it_but_an_escalation_at_once(active, lead_a, admin_x):
    for person in (lead_a, admin_x):
        NotificationPreference.objects.create(user=person, category="agreements", frequency=Frequency.DAILY)
    for day in (d(4, 2), d(4, 22)):
        sweep(day)

    def status(person, kind):
        return EmailDelivery.objects.get(recipient=person, kind=f"engagements.commitment_{kind}").status

    assert status(lead_a, "overdue") == status(admin_x, "overdue") == EmailDelivery.Status.DIGEST_PENDING
    assert status(lead_a, "escalated") == status(admin_x, "escalated") == EmailDelivery.Status.PENDING
