"""Path converters shared by the apps' urls.py: a value that cannot be real never reaches a view.

A parameter that does not match is simply no match, so the person gets a 404 before any
query runs (a NUL byte in a query is a DataError on PostgreSQL). Importing this module
registers them; apps with their own identifiers keep converters of their own.
"""

from django.urls import register_converter


class BoundedSlugConverter:
    """A slug no longer than the longest slug column (movements and their old addresses: 80)."""

    regex = "[-a-zA-Z0-9_]{1,80}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class SignedTokenConverter:
    """What django.core.signing.dumps makes: URL-safe base64 parts joined by ":" (a leading "."
    when compressed). Ours are under 200 characters; 300 leaves room and stops abuse."""

    regex = r"[-A-Za-z0-9_:.]{1,300}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(BoundedSlugConverter, "bounded_slug")
register_converter(SignedTokenConverter, "signed_token")
