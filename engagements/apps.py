from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def _install_guards(sender, using, **kwargs):
    """Migration 0008 installs the immutability triggers; a database built without migrations
    (the test suite's) gets the same ones here, so every database refuses the same writes."""
    from django.db import connections

    from .immutable import install, uninstall

    with connections[using].schema_editor() as editor:
        uninstall(editor)
        install(editor)


class EngagementsConfig(AppConfig):
    name = "engagements"

    def ready(self):
        from .immutable import register_sqlite_function

        # SQLite's delete triggers ask engagements_guarded(): every connection gets it.
        connection_created.connect(register_sqlite_function, dispatch_uid="engagements.guarded")
        post_migrate.connect(_install_guards, sender=self, dispatch_uid="engagements.immutable")
