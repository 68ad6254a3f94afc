"""Path converters for ODS codes and verified email domains (see core/converters.py)."""

from django.urls import register_converter


class OdsCodeConverter:
    """3 to 9 letters and digits (validators.ODS_CODE_RE). Lower case is let through so the
    profile can answer a hand-typed code with a redirect to the upper-case address."""

    regex = "[A-Za-z0-9]{3,9}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class DomainConverter:
    """A domain as stored: IDNA (ASCII) labels of letters, digits and hyphens, at most 253 long."""

    regex = "[A-Za-z0-9][-A-Za-z0-9.]{0,252}"

    def to_python(self, value):
        return value.lower()

    def to_url(self, value):
        return value


register_converter(OdsCodeConverter, "ods")
register_converter(DomainConverter, "domain")
