#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Load settings now: Django would otherwise hide a configuration error
        # behind a confusing "Models aren't loaded yet" traceback.
        settings.INSTALLED_APPS  # noqa: B018
    except ImproperlyConfigured as exc:
        sys.exit(
            f"Configuration error: {exc}\n"
            "For local development run `make install` (it writes a .env with DJANGO_DEBUG=true) "
            "or set DJANGO_DEBUG=true; see the README's configuration table."
        )
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
