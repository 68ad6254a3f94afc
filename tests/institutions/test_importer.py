"""The ODS importer: sample file imported, bad rows reported by line, idempotent on re-run."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from institutions.importer import institutions_import, tidy_name
from institutions.models import Institution

from .factories import InstitutionFactory

SAMPLE = Path(__file__).parent / "data" / "ods_trusts_sample.csv"
pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_institutions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_sample_file_is_imported_with_bad_rows_reported():
    out, err = run(str(SAMPLE), "--type", "nhs_trust")
    assert "6 created, 0 updated, 0 unchanged, 1 closed skipped, 0 marked closed, 4 bad rows." in out
    assert err.splitlines() == [
        "Line 7: skipped, organisation code 'R-X1' is not 3 to 9 letters and numbers.",
        "Line 8: skipped, open date '2000-01-01' is not a date in the form YYYYMMDD.",
        "Line 9: skipped, national grouping 'X99' is not a region we know "
        "(expected an NHS England region code such as Y56).",
        "Line 10: skipped, has 3 columns; the ODS layout needs at least 10.",
    ]
    leeds = Institution.objects.get(ods_code="RR8")
    assert leeds.name == "Leeds Teaching Hospitals NHS Trust"
    assert (leeds.region, leeds.org_type, leeds.status) == ("north-east-yorkshire", "nhs_trust", "approved")
    assert leeds.address == "St. James's University Hospital\nBeckett Street\nLeeds\nWest Yorkshire"
    assert leeds.postcode == "LS9 7TF"
    assert Institution.objects.get(ods_code="RJ1").region == "london"
    assert not Institution.objects.filter(ods_code__in=["RGQ", "RXQ", "RXR", "RXS"]).exists()


def test_re_running_updates_and_never_duplicates():
    run(str(SAMPLE), "--type", "nhs_trust")
    leeds = Institution.objects.get(ods_code="RR8")
    leeds.name = "Old Name"
    leeds.description = "Written by the trust's admins"
    leeds.save()
    out, _ = run(str(SAMPLE), "--type", "nhs_trust")
    assert "0 created, 1 updated, 5 unchanged" in out
    assert Institution.objects.count() == 6
    leeds.refresh_from_db()
    assert leeds.name == "Leeds Teaching Hospitals NHS Trust"
    assert leeds.description == "Written by the trust's admins"  # what admins wrote is kept


def test_a_closed_organisation_already_here_is_marked_closed():
    InstitutionFactory(ods_code="RGQ", name="Ipswich Hospital NHS Trust")
    out, _ = run(str(SAMPLE), "--type", "nhs_trust")
    assert "1 marked closed" in out
    assert Institution.objects.get(ods_code="RGQ").status == Institution.Status.CLOSED


def test_future_close_date_is_still_open():
    lines = ['"RZZ","A TRUST","Y56","QKK","","","","","","SE1 1AA","20000101","20991231"']
    result = institutions_import(lines=lines, org_type="nhs_trust", today=datetime.date(2026, 1, 1))
    assert result.created == 1 and not result.errors


def test_duplicate_codes_in_one_file_are_reported():
    lines = ['"RZZ","A TRUST","Y56","","","","","","","SE1"', '"rzz","A TRUST AGAIN","Y56","","","","","","","SE1"']
    result = institutions_import(lines=lines, org_type="nhs_trust")
    assert result.created == 1
    assert result.errors == [(2, "organisation code RZZ appears twice in the file")]


def test_devolved_nations_and_region_names():
    lines = [
        '"7A1","BETSI CADWALADR UNIVERSITY LHB","W00","","","","","","","LL57 2PW","20091001",""',
        '"ZT001","BELFAST HSC TRUST","Z00","","","","","","","BT9 7AB","20070401",""',
        '"SA9","NHS LOTHIAN","Scotland","","","","","","","EH1 3EG","20040401",""',
    ]
    institutions_import(lines=lines, org_type="other")
    regions = dict(Institution.objects.values_list("ods_code", "region"))
    assert regions == {"7A1": "wales", "ZT001": "northern-ireland", "SA9": "scotland"}


def test_missing_file_and_bad_type_are_clear():
    with pytest.raises(CommandError, match="no file"):
        run("/nonexistent.csv", "--type", "nhs_trust")
    with pytest.raises(CommandError, match="invalid choice"):
        run(str(SAMPLE), "--type", "hospital")


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [
        ("LEEDS TEACHING HOSPITALS NHS TRUST", "Leeds Teaching Hospitals NHS Trust"),
        ("NHS WEST YORKSHIRE ICB - X2C4Y", "NHS West Yorkshire ICB - X2C4Y"),
        ("GUY'S AND ST THOMAS' NHS FOUNDATION TRUST", "Guy's and St Thomas' NHS Foundation Trust"),
        ("STOKE-ON-TRENT PCN", "Stoke-on-Trent PCN"),
    ],
)
def test_tidy_name(raw, tidy):
    assert tidy_name(raw) == tidy
