"""Django's flush, with the immutability triggers told the whole database is being emptied
(engagements/immutable.py): without it SQLite, which deletes row by row, would refuse to empty
a database that holds a signed agreement. Nothing else is different."""

from django.core.management.commands.flush import Command as FlushCommand

from engagements.immutable import emptying


class Command(FlushCommand):
    def handle(self, **options):
        with emptying():
            return super().handle(**options)
