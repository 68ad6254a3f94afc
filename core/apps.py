from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core (layout, pages, health)"

    def ready(self):
        from . import ratelimits  # noqa: F401 (registers its system check)
