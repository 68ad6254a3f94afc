"""Import NHS organisations from an ODS CSV download (e.g. etr.csv for trusts, epraccur.csv for GP practices)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from institutions.importer import institutions_import
from institutions.models import OrgType


class Command(BaseCommand):
    help = (
        "Create or update institutions from an NHS ODS CSV file (headerless: code, name, national grouping, "
        "health geography, address lines 1-5, postcode, open date, close date). Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file, as downloaded from the ODS data service.")
        parser.add_argument(
            "--type",
            required=True,
            dest="org_type",
            choices=OrgType.values,
            help="What kind of organisation the file holds, e.g. nhs_trust, gp_practice, icb.",
        )

    def handle(self, *args, path, org_type, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            text = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            # Older ODS extracts are Windows-1252.
            text = file.read_text(encoding="cp1252")
        result = institutions_import(lines=text.splitlines(), org_type=org_type)
        for line_number, reason in result.errors:
            self.stderr.write(f"Line {line_number}: skipped, {reason}.")
        summary = (
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
            f"{result.closed_skipped} closed skipped, {result.closed_marked} marked closed, "
            f"{len(result.errors)} bad row{'s' if len(result.errors) != 1 else ''}."
        )
        style = self.style.WARNING if result.errors else self.style.SUCCESS
        self.stdout.write(style(summary))
