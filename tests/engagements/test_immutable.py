"""Nothing signed or agreed can change: not through a service, a form, the admin, a model's
save() or delete(), a QuerySet's update() or delete(), nor raw SQL (the database's triggers).
Each attempt fails loudly. These run on SQLite and, with DATABASE_URL, on PostgreSQL."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from engagements.immutable import GUARDS, ImmutableRecordError
from engagements.models import (
    Agreement,
    AgreementVersion,
    Commitment,
    Engagement,
    PurposeApproval,
    PurposeImpact,
    SharedPurposeVersion,
    Signature,
)
from movements.models import WayOfImpact
from tests.engagements.agreements import bring_into_force
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(active):
    agreement = Agreement.objects.select_related("in_force", "purpose").get(engagement=active)
    return agreement.in_force


def raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- The database ---------------------------------------------------------------------------


def _signed_rows(signed):
    purpose = signed.purpose
    return {
        "engagements_agreementversion": signed.pk,
        "engagements_signature": signed.signatures.first().pk,
        "engagements_commitment": signed.commitments.first().pk,
        "engagements_sharedpurposeversion": purpose.pk,
        "engagements_purposeapproval": purpose.approvals.first().pk,
        "engagements_purposeimpact": PurposeImpact.objects.filter(version=purpose).first().pk,
    }


def test_every_guarded_table_has_a_signed_row_here(signed):
    assert set(_signed_rows(signed)) == {guard.table for guard in GUARDS}


@pytest.mark.parametrize("table", [guard.table for guard in GUARDS])
def test_the_database_refuses_an_update_of_a_signed_row(signed, table):
    row = _signed_rows(signed)[table]
    with pytest.raises(IntegrityError, match="A signed or agreed record never changes"):
        raw(f"UPDATE {table} SET id = id WHERE id = %s", [row])  # noqa: S608


@pytest.mark.parametrize("table", [guard.table for guard in GUARDS])
def test_the_database_refuses_a_delete_of_a_signed_row(signed, table):
    row = _signed_rows(signed)[table]
    with pytest.raises(IntegrityError, match="A signed or agreed record never changes"):
        raw(f"DELETE FROM {table} WHERE id = %s", [row])  # noqa: S608


def test_the_database_refuses_a_commitment_added_to_a_signed_version(signed):
    with pytest.raises(IntegrityError, match="commitment of a signed agreement version"):
        raw(
            "INSERT INTO engagements_commitment (uuid, key, version_id, position, party, what, success_measure,"
            " accountable_to, accountable_to_name)"
            " VALUES (%s, %s, %s, 9, 'movement', 'Sneaked in', '', 'other_side', '')",
            ["0" * 32, "1" * 32, signed.pk],
        )


def test_the_database_refuses_moving_a_draft_commitment_into_a_signed_version(signed, organiser_a):
    from engagements import services
    from tests.engagements.signing_setup import TERMS

    services.agreement_update(
        actor=organiser_a, engagement=signed.agreement.engagement, seen_revision=signed.revision, **TERMS
    )
    draft = AgreementVersion.objects.get(agreement=signed.agreement, number=2)
    row = draft.commitments.first()
    with pytest.raises(IntegrityError):
        raw("UPDATE engagements_commitment SET version_id = %s WHERE id = %s", [signed.pk, row.pk])


def test_the_database_refuses_a_way_of_impact_added_to_an_agreed_purpose(signed):
    purpose = signed.purpose
    way = WayOfImpact.objects.exclude(pk__in=purpose.ways_of_impact.values("pk")).first() or WayOfImpact.objects.create(
        slug="extra", name="Extra", position=99
    )
    with pytest.raises(IntegrityError):
        raw("INSERT INTO engagements_purposeimpact (version_id, way_id) VALUES (%s, %s)", [purpose.pk, way.pk])


def test_drafts_still_change_and_signing_one_is_allowed(accepted, lead_a, signatory_x):
    draft = AgreementVersion.objects.get(agreement__engagement=accepted)
    raw("UPDATE engagements_agreementversion SET exit_terms = 'Draft words' WHERE id = %s", [draft.pk])
    bring_into_force(accepted, movement_signer=lead_a, institution_signer=signatory_x)  # writes in its own order
    assert AgreementVersion.objects.get(pk=draft.pk).signed_at is not None


def test_deleting_the_engagement_through_django_is_refused(signed):
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.filter(pk=signed.agreement.engagement_id).delete()
    assert Signature.objects.filter(version=signed).count() == 2


# --- The models and their querysets ---------------------------------------------------------


@pytest.mark.parametrize(
    "get",
    [
        lambda v: v,
        lambda v: v.signatures.first(),
        lambda v: v.commitments.first(),
        lambda v: v.purpose,
        lambda v: v.purpose.approvals.first(),
        lambda v: PurposeImpact.objects.filter(version=v.purpose).first(),
    ],
    ids=["version", "signature", "commitment", "purpose", "approval", "impact"],
)
def test_save_and_delete_of_a_signed_row_raise(signed, get):
    row = get(signed)
    with pytest.raises(ImmutableRecordError, match="never changes"):
        row.save()
    with pytest.raises(ImmutableRecordError, match="never changes"):
        row.delete()


@pytest.mark.parametrize(
    ("model", "lookup", "values"),
    [
        (AgreementVersion, "pk", {"exit_terms": "Changed"}),
        (Signature, "version", {"signer_name": "Someone else"}),
        (Commitment, "version", {"what": "Changed"}),
        (SharedPurposeVersion, "pk", {"statement": "Changed"}),
        (PurposeApproval, "version", {"approver_name": "Someone else"}),
    ],
)
def test_queryset_update_and_delete_reaching_a_signed_row_raise(signed, model, lookup, values):
    target = signed.purpose if model in (SharedPurposeVersion, PurposeApproval) else signed
    rows = model.objects.filter(**{lookup: target.pk})
    with pytest.raises(ImmutableRecordError):
        rows.update(**values)
    with pytest.raises(ImmutableRecordError):
        rows.delete()
    assert rows.exists()


def test_a_commitment_saved_into_a_signed_version_raises(signed):
    with pytest.raises(ImmutableRecordError):
        Commitment(version=signed, party="movement", what="Sneaked in", due_date=datetime.date(2030, 1, 1)).save()


def test_a_signature_cannot_be_signed_over(signed):
    signature = signed.signatures.first()
    signature.signer_name = "Someone else"
    with pytest.raises(ImmutableRecordError):
        signature.save()
    assert Signature.objects.get(pk=signature.pk).signer_name != "Someone else"


# --- The services and the admin -------------------------------------------------------------


def test_a_service_change_to_the_version_in_force_goes_to_a_new_version(signed, organiser_a):
    from engagements import services
    from tests.engagements.signing_setup import TERMS

    before = AgreementVersion.objects.get(pk=signed.pk)
    services.agreement_update(
        actor=organiser_a,
        engagement=signed.agreement.engagement,
        seen_revision=signed.revision,
        **{**TERMS, "exit_terms": "New words"},
    )
    after = AgreementVersion.objects.get(pk=signed.pk)
    assert (after.exit_terms, after.revision, after.updated_at) == (
        before.exit_terms,
        before.revision,
        before.updated_at,
    )


@pytest.mark.parametrize("name", ["agreementversion", "sharedpurposeversion", "signature"])
def test_the_admin_shows_signed_rows_read_only(client, superuser, signed, name):
    sign_in(client, superuser)
    obj = {"agreementversion": signed, "sharedpurposeversion": signed.purpose, "signature": signed.signatures.first()}
    change = reverse(f"admin:engagements_{name}_change", args=[obj[name].pk])
    page = client.get(change)
    assert page.status_code == 200 and 'type="submit" value="Save"' not in page.content.decode()
    assert client.post(change, {"exit_terms": "x", "statement": "x", "signer_name": "x"}).status_code == 403
    delete = reverse(f"admin:engagements_{name}_delete", args=[obj[name].pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert type(obj[name]).objects.filter(pk=obj[name].pk).exists()


def test_the_admin_lists_the_accountability_record(client, superuser, signed):
    sign_in(client, superuser)
    for name in ("agreement", "agreementversion", "sharedpurposeversion", "signature"):
        assert client.get(reverse(f"admin:engagements_{name}_changelist")).status_code == 200, name


# --- PostgreSQL ------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL triggers")
def test_postgresql_has_a_trigger_on_every_guarded_table(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE '%%_guard'")
        tables = {row[0] for row in cursor.fetchall()}
    assert tables == {guard.table for guard in GUARDS}
