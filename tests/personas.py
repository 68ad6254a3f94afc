"""The shared test personas (DESIGN §6), loaded for the whole suite from tests/conftest.py.

Every app's tests use these people and places, so a permission matrix reads the same everywhere:

    visitor           nobody signed in (a client)
    user              signed in, no roles anywhere ("Una Related")
    lead_a            lead organiser of movement A        organiser_a   an organiser of movement A
    lead_b            lead organiser of movement B        organiser_b   an organiser of movement B
    pending_member_x  asked to join institution X, not yet approved
    member_x          member of institution X             reviewer_x    reviewer of X
    signatory_x       member of X marked signatory        admin_x       admin of X (two-factor, signatory)
    member_y          member of institution Y             admin_y       admin of Y (two-factor)
    moderator         platform moderator with two-factor  superuser     Django superuser with two-factor
    moderator_without_two_factor   a moderator who has not set up two-factor yet

Places: movement_a ("Breathe Together"), movement_b ("Another Movement"), institution_x
("Example Trust", RX1, domain example-trust.nhs.uk), institution_y ("Other Trust", RX2,
domain other-trust.nhs.uk). Everything is made lazily: a test pays only for whom it names.

`as_persona("lead_a")` gives a client signed in as that persona the way the site signs them in
(with the two-factor step where they have an authenticator); `personas` maps every name to its
user (None for the visitor) for permission matrices (see tests/matrix.py).
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.factories import UserFactory
from tests.signin import sign_in

PERSONAS = (
    "visitor",
    "user",
    "lead_a",
    "organiser_a",
    "lead_b",
    "organiser_b",
    "pending_member_x",
    "member_x",
    "reviewer_x",
    "signatory_x",
    "admin_x",
    "member_y",
    "admin_y",
    "moderator",
    "moderator_without_two_factor",
    "superuser",
)


def with_totp(user):
    """Give `user` an authenticator app; the secret is kept on the object for tests that type codes."""
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user


def _person(name, email, **extra):
    return UserFactory(display_name=name, email=email, **extra)


# -- people without a place -------------------------------------------------------------------


@pytest.fixture
def user(db):
    return _person("Una Related", "una@example.org")


@pytest.fixture
def moderator(db):
    return with_totp(_person("Morgan Moderator", "moderator@example.org", is_moderator=True))


@pytest.fixture
def moderator_without_two_factor(db):
    return _person("Max Moderator", "max.moderator@example.org", is_moderator=True)


@pytest.fixture
def superuser(db):
    return with_totp(_person("Sid Super", "sid@example.org", is_staff=True, is_superuser=True))


# -- movements ----------------------------------------------------------------------------------


@pytest.fixture
def lead_a(db):
    return _person("Leah Lead", "leah@example.org")


@pytest.fixture
def organiser_a(db):
    return _person("Omar Organiser", "omar@example.org")


@pytest.fixture
def lead_b(db):
    return _person("Olive Other", "olive@example.org")


@pytest.fixture
def organiser_b(db):
    return _person("Bea Bystander", "bea@example.org")


@pytest.fixture
def movement_a(lead_a, organiser_a):
    from movements.taxonomy import taxonomy_sync
    from tests.movements.factories import MovementFactory, add_organiser

    taxonomy_sync()
    movement = MovementFactory(name="Breathe Together", slug="breathe-together", lead=lead_a)
    add_organiser(movement, organiser_a)
    return movement


@pytest.fixture
def movement_b(lead_b, organiser_b):
    from movements.taxonomy import taxonomy_sync
    from tests.movements.factories import MovementFactory, add_organiser

    taxonomy_sync()
    movement = MovementFactory(name="Another Movement", slug="another-movement", lead=lead_b)
    add_organiser(movement, organiser_b)
    return movement


# Asking for a person of a movement makes the movement too, so `lead_a` is always A's lead.
@pytest.fixture(autouse=True)
def _movement_people(request):
    names = set(request.fixturenames)
    if names & {"lead_a", "organiser_a"} and "movement_a" not in names:
        request.getfixturevalue("movement_a")
    if names & {"lead_b", "organiser_b"} and "movement_b" not in names:
        request.getfixturevalue("movement_b")


# -- institutions -------------------------------------------------------------------------------


@pytest.fixture
def institution_x(db):
    from tests.institutions.factories import InstitutionFactory, VerifiedDomainFactory

    institution = InstitutionFactory(name="Example Trust", ods_code="RX1", region="london")
    VerifiedDomainFactory(institution=institution, domain="example-trust.nhs.uk")
    return institution


@pytest.fixture
def institution_y(db):
    from tests.institutions.factories import InstitutionFactory, VerifiedDomainFactory

    institution = InstitutionFactory(name="Other Trust", ods_code="RX2", region="midlands")
    VerifiedDomainFactory(institution=institution, domain="other-trust.nhs.uk")
    return institution


def _member(institution, user, *, role="member", status="verified", is_signatory=False):
    from tests.institutions.factories import MembershipFactory

    MembershipFactory(user=user, institution=institution, role=role, status=status, is_signatory=is_signatory)
    return user


@pytest.fixture
def pending_member_x(institution_x):
    return _member(institution_x, _person("Pat Pending", "pat.pending@nhs.net"), status="pending")


@pytest.fixture
def member_x(institution_x):
    return _member(institution_x, _person("Mia Member", "mia@example-trust.nhs.uk"))


@pytest.fixture
def reviewer_x(institution_x):
    return _member(institution_x, _person("Rhys Reviewer", "rhys@example-trust.nhs.uk"), role="reviewer")


@pytest.fixture
def signatory_x(institution_x):
    return _member(institution_x, _person("Sian Signatory", "sian@example-trust.nhs.uk"), is_signatory=True)


@pytest.fixture
def admin_x(institution_x):
    user = with_totp(_person("Ada Admin", "ada@example-trust.nhs.uk"))
    return _member(institution_x, user, role="admin", is_signatory=True)


@pytest.fixture
def member_y(institution_y):
    return _member(institution_y, _person("Yusuf Member", "yusuf@other-trust.nhs.uk"))


@pytest.fixture
def admin_y(institution_y):
    return _member(institution_y, with_totp(_person("Otto Other", "otto@other-trust.nhs.uk")), role="admin")


# -- signing in ---------------------------------------------------------------------------------


@pytest.fixture
def visitor(client):
    """A client with nobody signed in."""
    return client


@pytest.fixture
def personas(request):
    """Every persona by name (None for the visitor), made on first use: personas["admin_x"]."""

    class _Lazy(dict):
        def __missing__(self, name):
            if name not in PERSONAS:
                raise KeyError(f"{name!r} is not a shared persona; they are: {', '.join(PERSONAS)}")
            value = None if name == "visitor" else request.getfixturevalue(name)
            self[name] = value
            return value

        def __iter__(self):
            return iter(PERSONAS)

        def keys(self):
            return list(PERSONAS)

    return _Lazy()


@pytest.fixture
def as_persona(client, personas):
    """as_persona(name): the test client signed in as that persona (signed out for "visitor")."""

    def as_(name):
        client.logout()
        person = personas[name]
        if person is not None:
            sign_in(client, person)
        return client

    as_.personas = personas  # so assert_matrix can make everyone it will ask before asking anyone
    return as_
