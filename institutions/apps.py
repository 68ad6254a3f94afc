from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "institutions"

    def ready(self):
        # Registers the permission rules, including the wider 2FA rule, even
        # where rules autodiscovery is not used (e.g. a trimmed settings file).
        from . import rules  # noqa: F401
