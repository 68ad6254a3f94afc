"""Checks on ODS codes and email domains that forms, services and the importer share."""

import re

from django.core.exceptions import ValidationError

# ODS codes: upper-case letters and digits, 3 to 9 characters (e.g. RR8, Y02345, QWO, 5N1).
ODS_CODE_RE = re.compile(r"^[A-Z0-9]{3,9}$")


def normalise_ods_code(value: str) -> str:
    """What people type (spaces, lower case) to the stored form."""
    return (value or "").strip().upper()


def validate_ods_code(value: str) -> None:
    if not ODS_CODE_RE.match(value or ""):
        raise ValidationError(
            "Enter an ODS code of 3 to 9 letters and numbers, like RR8 or Y02345.",
            code="invalid_ods_code",
        )
