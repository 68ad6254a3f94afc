"""Strict readers for settings that come from the environment.

django-environ is used for URLs (database, email, cache); booleans and secrets
are read here so that a typo such as DJANGO_DEBUG=ture fails loudly instead of
silently meaning "false", and so that every secret can come from a file
(`NAME_FILE`, as Docker and Kubernetes secrets are mounted).
"""

import os
from pathlib import Path
from typing import overload
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no/on/off, not {raw!r}.")


@overload
def env_str(name: str, default: str) -> str: ...
@overload
def env_str(name: str, default: None = None) -> str | None: ...
def env_str(name: str, default: str | None = None) -> str | None:
    """A string setting; `NAME_FILE` (a path) wins over `NAME`."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_path!r} cannot be read: {exc}") from exc
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = env_str(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more, not {raw!r}.")
    return value


def env_float(name: str, default: float) -> float:
    """A positive number of seconds, e.g. 1 or 0.5."""
    raw = env_str(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, like 1 or 0.5, not {raw!r}.") from exc
    if not 0 < value < float("inf"):
        raise ImproperlyConfigured(f"{name} must be more than 0 seconds, not {raw!r}.")
    return value


_SMTP_KEYS = ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_USE_SSL")
_FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def email_url_settings(url: str, *, base_dir: Path, name: str = "EMAIL_URL") -> dict:
    """Django's email settings for every scheme django-environ knows.

    smtp://, smtps:// and smtp+tls:// (STARTTLS), smtp+ssl://; consolemail:// (printed),
    filemail:///folder (one file per email; like sqlite URLs, three slashes mean a folder
    in the project and four an absolute path), memorymail://, dummymail:// (dropped).
    Errors name the scheme, never the URL: it may hold a password.
    """
    scheme = urlsplit(url).scheme
    if scheme not in environ.Env.EMAIL_SCHEMES:
        known = ", ".join(f"{s}://" for s in environ.Env.EMAIL_SCHEMES)
        raise ImproperlyConfigured(f"{name} must start with one of {known}; {scheme or 'no scheme'!r} is not one.")
    try:
        parsed = environ.Env.email_url_config(url)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} cannot be read ({exc}).") from exc
    settings = {"EMAIL_BACKEND": parsed["EMAIL_BACKEND"]}
    if parsed["EMAIL_BACKEND"] == _FILE_BACKEND:
        if not parsed["EMAIL_FILE_PATH"]:
            raise ImproperlyConfigured(f"{name}=filemail:// needs a folder, e.g. filemail:///sent-emails.")
        settings["EMAIL_FILE_PATH"] = str(base_dir / parsed["EMAIL_FILE_PATH"])
    settings.update({key: parsed[key] for key in _SMTP_KEYS if parsed.get(key) is not None})
    return settings
