"""Email domains: how staff membership is proved, and which domains can never prove it.

The rules (docs/institutions.md explains them for people):

* Only the part after the last "@" of an address counts, lower-cased and
  IDNA-normalised, compared exactly with a verified domain. A sub-domain does
  not inherit its parent's verification: it proves membership only if it is a
  verified domain itself.
* Only addresses the person has confirmed (verified allauth EmailAddress rows)
  count.
* Domains shared by many organisations, or open to the public, never prove
  membership of one institution and cannot be added as verified domains.
"""

import re

# Shared across the NHS or a nation's health service, or government-wide.
# Their sub-domains (e.g. a trust's own example-trust.nhs.uk) may be verified.
SHARED_ORGANISATION_DOMAINS = frozenset(
    {"nhs.net", "nhs.uk", "nhs.scot", "wales.nhs.uk", "hscni.net", "gov.uk", "gov.wales", "gov.scot"}
)

# Anyone can get an address here, so neither they nor their sub-domains prove anything.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "outlook.co.uk",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "live.co.uk",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "aol.co.uk",
        "protonmail.com",
        "protonmail.ch",
        "proton.me",
        "pm.me",
        "btinternet.com",
        "btopenworld.com",
        "sky.com",
        "talktalk.net",
        "virginmedia.com",
        "ntlworld.com",
        "gmx.com",
        "gmx.co.uk",
        "mail.com",
        "zoho.com",
        "tutanota.com",
        "fastmail.com",
        "example.com",
        "example.org",
        "example.net",
    }
)

SHARED_DOMAINS = SHARED_ORGANISATION_DOMAINS | PUBLIC_MAIL_DOMAINS

_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class InvalidDomain(ValueError):
    """Raised with a message fit to show next to the field."""


def normalise_domain(value: str) -> str:
    """Lower-case, IDNA (punycode) form of a domain, or InvalidDomain."""
    domain = (value or "").strip().rstrip(".").lower()
    if domain.startswith("@"):
        domain = domain[1:]
    if not domain:
        raise InvalidDomain("Enter an email domain, like example-trust.nhs.uk.")
    if "@" in domain or "/" in domain or ":" in domain or " " in domain:
        raise InvalidDomain("Enter just the domain, the part after the @, like example-trust.nhs.uk.")
    try:
        domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise InvalidDomain("That is not a valid domain name.") from exc
    labels = domain.split(".")
    if len(domain) > 253 or len(labels) < 2 or not all(_LABEL_RE.match(label) for label in labels):
        raise InvalidDomain("That is not a valid domain name. Use the part after the @, like example-trust.nhs.uk.")
    if labels[-1].isdigit():
        raise InvalidDomain("Use a domain name, not an IP address.")
    return domain


def email_domain(email: str) -> str | None:
    """The normalised domain of an address (after its LAST "@"), or None if it has none."""
    if not email or "@" not in email:
        return None
    try:
        return normalise_domain(email.rsplit("@", 1)[1])
    except InvalidDomain:
        return None


def is_shared_domain(domain: str) -> bool:
    """True for domains that can never verify one institution's staff."""
    if domain in SHARED_DOMAINS:
        return True
    return any(domain.endswith("." + public) for public in PUBLIC_MAIL_DOMAINS)


def email_domain_matches(email: str, domain: str) -> bool:
    """Whether `email` is an address at exactly `domain` (and that domain may prove membership)."""
    try:
        wanted = normalise_domain(domain)
    except InvalidDomain:
        return False
    actual = email_domain(email)
    return actual is not None and actual == wanted and not is_shared_domain(actual)


def user_verified_domains(user) -> set[str]:
    """Domains of the addresses this person has confirmed, minus shared ones."""
    from accounts.selectors import verified_emails

    domains = set()
    for address in verified_emails(user):
        domain = email_domain(address)
        if domain and not is_shared_domain(domain):
            domains.add(domain)
    return domains
