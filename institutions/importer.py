"""Reading the NHS Organisation Data Service (ODS) CSV downloads into institutions.

The files are headerless. Columns used (1-based): 1 organisation code, 2 name,
3 national grouping, 4 high-level health geography, 5-9 address lines,
10 postcode, 11 open date (YYYYMMDD), 12 close date. Later columns are ignored.
"""

import csv
import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from core.regions import INSTITUTION_REGIONS

from .models import Institution
from .validators import ODS_CODE_RE, normalise_ods_code

# NHS England region codes in the "national grouping" column.
REGION_BY_GROUPING = {
    "Y56": "london",
    "Y58": "south-west",
    "Y59": "south-east",
    "Y60": "midlands",
    "Y61": "east-of-england",
    "Y62": "north-west",
    "Y63": "north-east-yorkshire",
}
# The devolved nations' organisations carry their own grouping codes.
REGION_BY_PREFIX = {"W": "wales", "S": "scotland", "Z": "northern-ireland"}
_REGION_BY_NAME = {label.lower(): value for value, label in INSTITUTION_REGIONS} | {
    value: value for value, _ in INSTITUTION_REGIONS
}

MIN_COLUMNS = 10
KEEP_UPPER = {"NHS", "ICB", "GP", "PCN", "CIC", "UK", "CCG", "HSC", "CSU", "ICS", "NHSE", "LLP", "MH", "A&E"}
KEEP_LOWER = {"and", "of", "the", "for", "in", "on", "at", "with", "upon", "under", "by"}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed_skipped: int = 0
    closed_marked: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def tidy_name(value: str) -> str:
    """ODS names are in capitals; make them readable without losing acronyms or codes."""

    def word_case(word: str, first: bool) -> str:
        bare = word.strip("(),.'")
        if bare.upper() in KEEP_UPPER or any(ch.isdigit() for ch in bare):
            return word.upper()
        if not first and bare.lower() in KEEP_LOWER:
            return word.lower()
        return word[:1].upper() + word[1:].lower()

    words = []
    for index, word in enumerate(value.split()):
        parts = word.split("-")
        words.append("-".join(word_case(part, index == 0 and n == 0) for n, part in enumerate(parts)))
    return " ".join(words)


def _date(value: str, *, label: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{8}", value):
        raise ValueError(f"{label} {value!r} is not a date in the form YYYYMMDD")
    try:
        return datetime.datetime.strptime(value, "%Y%m%d").date()
    except ValueError as exc:
        raise ValueError(f"{label} {value!r} is not a real date") from exc


def _region(grouping: str) -> str:
    grouping = grouping.strip()
    if grouping.upper() in REGION_BY_GROUPING:
        return REGION_BY_GROUPING[grouping.upper()]
    if grouping.lower() in _REGION_BY_NAME:
        return _REGION_BY_NAME[grouping.lower()]
    if grouping[:1].upper() in REGION_BY_PREFIX:
        return REGION_BY_PREFIX[grouping[:1].upper()]
    raise ValueError(
        f"national grouping {grouping!r} is not a region we know (expected an NHS England region code such as Y56)"
    )


def parse_row(row: list[str], *, today: datetime.date) -> dict:
    """One CSV row to institution fields, or ValueError with a reason a person can act on."""
    if len(row) < MIN_COLUMNS:
        raise ValueError(f"has {len(row)} columns; the ODS layout needs at least {MIN_COLUMNS}")
    code = normalise_ods_code(row[0])
    if not ODS_CODE_RE.match(code):
        raise ValueError(f"organisation code {row[0].strip()!r} is not 3 to 9 letters and numbers")
    name = " ".join(row[1].split())
    if not name:
        raise ValueError("the name is empty")
    if len(name) > 200:
        raise ValueError("the name is longer than 200 characters")
    region = _region(row[2])
    address_lines = [tidy_name(" ".join(line.split())) for line in row[4:9] if line.strip()]
    postcode = " ".join(row[9].split()).upper()
    if len(postcode) > 10:
        raise ValueError(f"postcode {postcode!r} is too long")
    if len(row) > 10:
        _date(row[10], label="open date")  # checked so a garbled row is reported, not trusted
    close_date = _date(row[11], label="close date") if len(row) > 11 else None
    return {
        "ods_code": code,
        "name": tidy_name(name),
        "region": region,
        "address": "\n".join(address_lines),
        "postcode": postcode,
        "closed": close_date is not None and close_date <= today,
    }


UPDATABLE = ("name", "org_type", "region", "address", "postcode")


def institutions_import(*, lines, org_type: str, today: datetime.date | None = None) -> ImportResult:
    """Create or update institutions from ODS CSV lines. Idempotent: keyed on the ODS code.

    Bad rows are reported (line number, reason) and skipped; good rows are kept.
    Closed organisations are skipped; one already here is marked closed.
    """
    today = today or timezone.localdate()
    result = ImportResult()
    parsed: dict[str, dict] = {}
    for line_number, row in enumerate(csv.reader(lines), start=1):
        if not any(cell.strip() for cell in row):
            continue
        try:
            fields = parse_row(row, today=today)
        except ValueError as exc:
            result.errors.append((line_number, str(exc)))
            continue
        if fields["ods_code"] in parsed:
            result.errors.append((line_number, f"organisation code {fields['ods_code']} appears twice in the file"))
            continue
        parsed[fields["ods_code"]] = fields

    with transaction.atomic():
        existing = Institution.objects.select_for_update().in_bulk(list(parsed), field_name="ods_code")
        to_create, to_update, to_close = [], [], []
        for code, fields in parsed.items():
            institution = existing.get(code)
            if fields.pop("closed"):
                if institution is not None and institution.status != Institution.Status.CLOSED:
                    institution.status = Institution.Status.CLOSED
                    to_close.append(institution)
                else:
                    result.closed_skipped += 1
                continue
            fields["org_type"] = org_type
            if institution is None:
                to_create.append(Institution(status=Institution.Status.APPROVED, **fields))
                continue
            changed = [key for key in UPDATABLE if getattr(institution, key) != fields[key]]
            if not changed:
                result.unchanged += 1
                continue
            for key in changed:
                setattr(institution, key, fields[key])
            to_update.append(institution)
        Institution.objects.bulk_create(to_create, batch_size=500)
        now = timezone.now()
        for institution in to_update + to_close:
            institution.updated_at = now
        Institution.objects.bulk_update(to_update, [*UPDATABLE, "updated_at"], batch_size=500)
        Institution.objects.bulk_update(to_close, ["status", "updated_at"], batch_size=500)
    result.created, result.updated, result.closed_marked = len(to_create), len(to_update), len(to_close)
    return result
