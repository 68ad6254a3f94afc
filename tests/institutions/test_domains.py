"""Staff verification by email domain cannot be tricked."""

import pytest
from allauth.account.models import EmailAddress
from hypothesis import assume, given
from hypothesis import strategies as st

from institutions import services
from institutions.domains import (
    SHARED_DOMAINS,
    InvalidDomain,
    email_domain_matches,
    is_shared_domain,
    normalise_domain,
    user_verified_domains,
)
from institutions.models import Membership
from tests.factories import UserFactory

from .factories import InstitutionFactory, VerifiedDomainFactory

label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
tld = st.from_regex(r"[a-z]{2,6}", fullmatch=True)
domains = (
    st.tuples(st.lists(label, min_size=1, max_size=3), tld)
    .map(lambda parts: ".".join([*parts[0], parts[1]]))
    .filter(lambda d: not is_shared_domain(d))
)


@pytest.mark.parametrize(
    ("email", "domain", "expected"),
    [
        ("sam@example-trust.nhs.uk", "example-trust.nhs.uk", True),
        ("Sam@EXAMPLE-Trust.NHS.uk", "example-trust.nhs.uk", True),
        ("sam@example-trust.nhs.uk", "EXAMPLE-TRUST.NHS.UK", True),
        ("sam@example-trust.nhs.uk.", "example-trust.nhs.uk", True),
        # Look-alikes: the domain is the part after the LAST @, compared exactly.
        ("sam@nhs.uk.evil.com", "nhs.uk", False),
        ("sam@example-trust.nhs.uk.attacker.org", "example-trust.nhs.uk", False),
        ("sam@trust.nhs.uk.attacker.org", "trust.nhs.uk", False),
        ("example-trust.nhs.uk@attacker.org", "example-trust.nhs.uk", False),
        ('"sam@example-trust.nhs.uk"@attacker.org', "example-trust.nhs.uk", False),
        ("sam@evilexample-trust.nhs.uk", "example-trust.nhs.uk", False),
        # No inheritance either way between a domain and its sub-domains.
        ("sam@wards.example-trust.nhs.uk", "example-trust.nhs.uk", False),
        ("sam@example-trust.nhs.uk", "wards.example-trust.nhs.uk", False),
        # Shared and public domains never match anything.
        ("sam@nhs.net", "nhs.net", False),
        ("sam@NHS.NET", "nhs.net", False),
        ("sam@gmail.com", "gmail.com", False),
        ("sam@mail.gmail.com", "mail.gmail.com", False),
        ("not-an-address", "example-trust.nhs.uk", False),
        ("", "example-trust.nhs.uk", False),
        ("sam@", "example-trust.nhs.uk", False),
    ],
)
def test_email_domain_matches(email, domain, expected):
    assert email_domain_matches(email, domain) is expected


def test_internationalised_domains_compare_in_punycode():
    assert normalise_domain("Bücher.example.nhs.uk") == "xn--bcher-kva.example.nhs.uk"
    assert email_domain_matches("sam@bücher.example.nhs.uk", "xn--bcher-kva.example.nhs.uk")
    assert not email_domain_matches("sam@bucher.example.nhs.uk", "xn--bcher-kva.example.nhs.uk")


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "nhs",
        "-trust.nhs.uk",
        "trust-.nhs.uk",
        "a..b",
        "sam@trust.nhs.uk",
        "https://trust.nhs.uk",
        "10.0.0.1",
        "tr ust.nhs.uk",
    ],
)
def test_normalise_domain_refuses_nonsense(bad):
    with pytest.raises(InvalidDomain):
        normalise_domain(bad)


@pytest.mark.parametrize(
    "domain",
    [
        "nhs.net",
        "nhs.uk",
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "yahoo.com",
        "yahoo.co.uk",
        "icloud.com",
        "me.com",
        "aol.com",
        "protonmail.com",
        "proton.me",
        "btinternet.com",
        "mail.outlook.com",
    ],
)
def test_shared_and_public_domains(domain):
    assert is_shared_domain(domain)


def test_trust_sub_domains_of_nhs_uk_are_not_shared():
    assert not is_shared_domain("example-trust.nhs.uk")


@given(domain=domains, local=label, case_flips=st.lists(st.booleans(), min_size=1, max_size=60))
def test_case_never_matters(domain, local, case_flips):
    flipped = "".join(c.upper() if case_flips[i % len(case_flips)] else c for i, c in enumerate(domain))
    assert email_domain_matches(f"{local}@{flipped}", domain)
    assert email_domain_matches(f"{local}@{domain}", flipped)


@given(domain=domains, local=label, suffix=domains)
def test_a_verified_domain_as_a_prefix_never_matches(domain, local, suffix):
    assume(suffix != domain)
    assert not email_domain_matches(f"{local}@{domain}.{suffix}", domain)
    assert not email_domain_matches(f"{domain}@{suffix}", domain)


@given(domain=domains, local=label, sub=label)
def test_sub_domains_do_not_inherit(domain, local, sub):
    assert not email_domain_matches(f"{local}@{sub}.{domain}", domain)


@given(shared=st.sampled_from(sorted(SHARED_DOMAINS)), local=label)
def test_shared_domains_never_match(shared, local):
    assert not email_domain_matches(f"{local}@{shared}", shared)


# --- Joining: only confirmed addresses at exactly a verified domain verify at once ----------


@pytest.fixture
def trust_with_domain(db):
    institution = InstitutionFactory(ods_code="RV1")
    VerifiedDomainFactory(institution=institution, domain="example-trust.nhs.uk")
    return institution


def _join(user, institution):
    return services.membership_request(actor=user, institution=institution)


@pytest.mark.django_db
def test_confirmed_address_at_the_domain_verifies_at_once(trust_with_domain):
    membership = _join(UserFactory(email="sam@example-trust.nhs.uk"), trust_with_domain)
    assert membership.status == Membership.Status.VERIFIED
    assert membership.verified_by_domain == "example-trust.nhs.uk"


@pytest.mark.django_db
def test_letter_case_in_the_address_still_verifies(trust_with_domain):
    user = UserFactory(email="sam@x.org")
    EmailAddress.objects.create(user=user, email="Sam@Example-TRUST.nhs.UK", verified=True)
    assert _join(user, trust_with_domain).status == Membership.Status.VERIFIED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "sam@nhs.net",
        "sam@example-trust.nhs.uk.attacker.org",
        "sam@nhs.uk.evil.com",
        "sam@wards.example-trust.nhs.uk",
        "sam@example-trust.nhs.uk.",  # trailing-dot variant of an unrelated, unverified row below
    ],
)
def test_tricks_wait_for_an_admin(trust_with_domain, address):
    user = UserFactory(email="someone@elsewhere.org")
    if address.endswith("."):
        # An unconfirmed address at the right domain proves nothing.
        EmailAddress.objects.create(user=user, email="sam@example-trust.nhs.uk", verified=False)
    else:
        EmailAddress.objects.create(user=user, email=address, verified=True)
    assert _join(user, trust_with_domain).status == Membership.Status.PENDING


@pytest.mark.django_db
def test_unverified_primary_address_does_not_verify(trust_with_domain):
    user = UserFactory(email="sam@example-trust.nhs.uk", verified=False)
    assert _join(user, trust_with_domain).status == Membership.Status.PENDING


@pytest.mark.django_db
def test_a_sub_domain_verifies_only_when_itself_verified(trust_with_domain):
    user = UserFactory(email="sam@wards.example-trust.nhs.uk")
    assert _join(user, trust_with_domain).status == Membership.Status.PENDING
    other = InstitutionFactory(ods_code="RV2")
    VerifiedDomainFactory(institution=other, domain="wards.example-trust.nhs.uk")
    assert _join(user, other).status == Membership.Status.VERIFIED


@pytest.mark.django_db
def test_user_verified_domains_skips_shared_and_unconfirmed():
    user = UserFactory(email="sam@nhs.net")
    EmailAddress.objects.create(user=user, email="sam@example-trust.nhs.uk", verified=False)
    EmailAddress.objects.create(user=user, email="sam@gp-practice.nhs.uk", verified=True)
    assert user_verified_domains(user) == {"gp-practice.nhs.uk"}
