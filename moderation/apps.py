from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        # Every app declares its moderation queues in queues.py; importing registers them.
        autodiscover_modules("queues")
