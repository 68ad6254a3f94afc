from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # Every app declares its event kinds in events.py; importing registers them.
        autodiscover_modules("events")
        # Register the tasks in every process, so services can queue them by name.
        from . import tasks  # noqa: F401
