"""The register as open data: CSV rows and JSON documents, streamed a chunk of agreements at a time.

The JSON shape is documented in docs/agreements.schema.json (SCHEMA below names its version) and
the CSV columns in docs/agreements.md. Within v1 changes are additive only: new fields or columns
may appear, none is renamed, removed or changes meaning.
"""

import csv
import datetime
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone

from .models import Agreement, Side
from .selectors_register import commitment_rows, commitment_summary, status_of, ways_of

SCHEMA = "urn:common-ground:agreements:v1"
CHUNK_SIZE = 200  # agreements read, prefetched and written together
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = [
    "uuid",
    "url",
    "title",
    "movement",
    "movement_slug",
    "movement_url",
    "institution",
    "ods_code",
    "institution_url",
    "region",
    "engagement_model",
    "ways_of_impact",
    "status",
    "in_force_since",
    "ended_at",
    "version",
    "shared_purpose",
    "outcomes",
    "review_cadence",
    "public_voice_safeguard",
    "right_to_withdraw_safeguard",
    "no_endorsement_safeguard",
    "commitments",
    "done",
    "on_track",
    "at_risk",
    "missed",
    "dropped",
    "overdue",
    "movement_signatory",
    "institution_signatory",
]


def _stamp(moment: datetime.datetime | None) -> str | None:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z") if moment else None


def _day(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def agreement_document(agreement: Agreement, *, site: str, today: datetime.date) -> dict[str, Any]:
    """One agreement as the JSON schema describes it. `site` is the address the URLs start with."""
    engagement = agreement.engagement
    movement, institution = engagement.movement, engagement.institution
    version = agreement.in_force
    assert version is not None  # published agreements always have one
    purpose = agreement.purpose
    rows = commitment_rows(agreement, today=today)
    return {
        "uuid": str(agreement.uuid),
        "url": site + agreement.get_public_url(),
        "title": engagement.title,
        "movement": {
            "name": movement.name,
            "slug": movement.slug,
            "url": site + reverse("movements:detail", kwargs={"slug": movement.slug}),
        },
        "institution": {
            "name": institution.name,
            "ods_code": institution.ods_code,
            "url": site + reverse("institutions:detail", args=[institution.ods_code]),
            "region": institution.region,
            "region_name": institution.get_region_display(),
        },
        "engagement_model": {"slug": engagement.model.slug, "name": engagement.model.name},
        "ways_of_impact": [{"slug": way.slug, "name": way.name} for way in ways_of(agreement)],
        "status": status_of(agreement),
        "in_force_since": _stamp(agreement.in_force_since),
        "ended_at": _stamp(getattr(agreement, "ended_at", None)) if status_of(agreement) != "in_force" else None,
        "version": version.number,
        "shared_purpose": {
            "statement": purpose.statement if purpose else "",
            "outcomes": purpose.outcomes if purpose else "",
        },
        "safeguards": {
            "public_voice": {"on": version.keeps_public_voice, "off_reason": version.public_voice_off_reason},
            "right_to_withdraw": {"on": version.keeps_right_to_withdraw, "off_reason": version.withdraw_off_reason},
            "no_endorsement_without_consent": {
                "on": version.no_endorsement_without_consent,
                "off_reason": version.endorsement_off_reason,
            },
        },
        "review_cadence": version.review_cadence,
        "escalation_route": version.escalation_route,
        "escalation_after_days": version.escalation_days,
        "exit_terms": version.exit_terms,
        "commitments": [
            {
                "party": row["commitment"].party,
                "what": row["commitment"].what,
                "success_measure": row["commitment"].success_measure,
                "due_date": _day(row["commitment"].due_date),
                "review_date": _day(row["commitment"].review_date),
                "accountable_to": {
                    "kind": row["commitment"].accountable_to,
                    "name": row["commitment"].accountable_to_name,
                },
                "status": row["status"],
                "status_as_of": _day(row["status_as_of"]),
                "overdue": row["overdue"],
            }
            for row in rows
        ],
        "commitments_summary": commitment_summary(rows),
        "signatures": [
            {"side": s.side, "name": s.signer_name, "role": s.signer_role, "signed_at": _stamp(s.signed_at)}
            for s in version.signatures.all()
        ],
    }


# --- CSV --------------------------------------------------------------------------------------


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe: shown, not run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safeguard(on: bool, reason: str) -> str:
    return "on" if on else f"off: {reason}"


def _signatory(document: dict[str, Any], side: str) -> str:
    found = [f"{s['name']} ({s['role']})" for s in document["signatures"] if s["side"] == side]
    return "; ".join(found)


def csv_row(document: dict[str, Any]) -> list[Any]:
    summary = document["commitments_summary"]
    safeguards = document["safeguards"]
    values = [
        document["uuid"],
        document["url"],
        document["title"],
        document["movement"]["name"],
        document["movement"]["slug"],
        document["movement"]["url"],
        document["institution"]["name"],
        document["institution"]["ods_code"],
        document["institution"]["url"],
        document["institution"]["region_name"],
        document["engagement_model"]["name"],
        "; ".join(way["name"] for way in document["ways_of_impact"]),
        document["status"],
        document["in_force_since"] or "",
        document["ended_at"] or "",
        document["version"],
        document["shared_purpose"]["statement"],
        document["shared_purpose"]["outcomes"],
        document["review_cadence"],
        _safeguard(safeguards["public_voice"]["on"], safeguards["public_voice"]["off_reason"]),
        _safeguard(safeguards["right_to_withdraw"]["on"], safeguards["right_to_withdraw"]["off_reason"]),
        _safeguard(
            safeguards["no_endorsement_without_consent"]["on"],
            safeguards["no_endorsement_without_consent"]["off_reason"],
        ),
        summary["total"],
        summary["done"],
        summary["on_track"],
        summary["at_risk"],
        summary["missed"],
        summary["dropped"],
        summary["overdue"],
        _signatory(document, Side.MOVEMENT),
        _signatory(document, Side.INSTITUTION),
    ]
    return [safe_cell(value) for value in values]


class _Line:
    """A file-like object csv.writer writes one line to, handed straight back."""

    def write(self, value: str) -> str:
        return value


def _documents(agreements: Iterable[Agreement], *, site: str) -> Iterator[dict[str, Any]]:
    today = timezone.localdate()
    for agreement in agreements:
        yield agreement_document(agreement, site=site, today=today)


def stream_csv(agreements: Any, *, site: str, chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    """A byte-order mark (so spreadsheets read UTF-8), the header row, then one row per agreement,
    reading the queryset a chunk at a time (its prefetches run once per chunk)."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for document in _documents(agreements.iterator(chunk_size=chunk_size), site=site):
        yield writer.writerow(csv_row(document))


def stream_json(agreements: Any, *, site: str, chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    """{"schema": …, "generated_at": …, "agreements": [ … ]}, written one agreement at a time."""
    head = json.dumps({"schema": SCHEMA, "generated_at": _stamp(timezone.now())})
    yield head[:-1] + ', "agreements": ['
    separator = ""
    for document in _documents(agreements.iterator(chunk_size=chunk_size), site=site):
        yield separator + json.dumps(document, ensure_ascii=False)
        separator = ","
    yield "]}\n"
