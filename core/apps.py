from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core (layout, pages, health)"

    def ready(self):
        from . import (
            checks,  # noqa: F401 (registers the system checks)
            ratelimits,  # noqa: F401 (registers its system check)
        )
