"""Load demo data. Idempotent: running it twice changes nothing the second time.

Each app that has demo data provides `<app>/demo.py` with
`seed(*, stdout, show_passwords: bool)`; they run in the order below, so
later apps can rely on earlier ones' people and organisations.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_APPS = ["accounts", "notifications", "institutions", "movements", "engagements"]


class Command(BaseCommand):
    help = "Load demo data (idempotent). Demo passwords are printed only in debug mode."

    def handle(self, *args, **options):
        show_passwords = settings.DEBUG
        with transaction.atomic():
            for app in DEMO_APPS:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                module.seed(stdout=self.stdout, show_passwords=show_passwords)
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
