"""The client address that sign-in limits count: the connecting address unless the site is
told how many proxies of its own stand in front (TRUSTED_PROXY_COUNT), and never an address a
client wrote into X-Forwarded-For itself."""

import pytest
from allauth.account.adapter import get_adapter
from django.test import Client, RequestFactory, override_settings

from tests.core.test_settings_env import PRODUCTION_SECRET, load_settings, settings_for
from tests.factories import PASSWORD, UserFactory

from .helpers import page_text

LOGIN = "/accounts/login/"
PROXY = "10.0.0.2"
CLIENT_A = "203.0.113.10"
CLIENT_B = "203.0.113.20"
# login_failed allows 10 failures a minute per address (config/settings.py).
PER_ADDRESS_FAILURES = 10


def client_ip(**meta) -> str:
    return get_adapter().get_client_ip(RequestFactory().get("/", **meta))


def sign_in(client, email, password, *, forwarded_for=None, remote_addr=PROXY):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=remote_addr, headers=headers)


def fail_from(client, *, forwarded_for_each, accounts):
    """One wrong password per forwarded value, spread over `accounts` so that no
    single account's own limit is what stops them."""
    for index, forwarded_for in enumerate(forwarded_for_each):
        response = sign_in(client, accounts[index % len(accounts)].email, "wrong-password", forwarded_for=forwarded_for)
        assert response.status_code in (200, 429)


def refused(response) -> bool:
    return response.status_code != 302 and "too many" in page_text(response).lower()


@pytest.fixture
def people(db):
    return [UserFactory(email=f"person{n}@example.org") for n in range(4)]


# --- the environment variables ------------------------------------------------


@pytest.fixture
def no_proxy_environment(monkeypatch):
    for name in ("TRUSTED_PROXY_COUNT", "TRUSTED_CLIENT_IP_HEADER"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(f"{name}_FILE", raising=False)


def test_unset_means_no_proxy_is_trusted(no_proxy_environment):
    env = {"DJANGO_SECRET_KEY": PRODUCTION_SECRET}
    values = settings_for(env, "ALLAUTH_TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_CLIENT_IP_HEADER")
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0
    assert values["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"] is None


def test_the_proxy_count_and_header_are_read_from_the_environment(no_proxy_environment):
    env = {"DJANGO_SECRET_KEY": PRODUCTION_SECRET, "TRUSTED_PROXY_COUNT": "2", "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}
    values = settings_for(env, "ALLAUTH_TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_CLIENT_IP_HEADER")
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 2
    assert values["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"] == "X-Real-IP"


@pytest.mark.parametrize(
    "name,raw,message",
    [
        ("TRUSTED_PROXY_COUNT", "one", "TRUSTED_PROXY_COUNT must be a whole number"),
        ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT must be 0 or more"),
        ("TRUSTED_PROXY_COUNT", "1.5", "TRUSTED_PROXY_COUNT must be a whole number"),
        ("TRUSTED_CLIENT_IP_HEADER", "X Real IP", "TRUSTED_CLIENT_IP_HEADER must be a header name"),
        ("TRUSTED_CLIENT_IP_HEADER", "HTTP_X_REAL_IP", "TRUSTED_CLIENT_IP_HEADER must be a header name"),
    ],
)
def test_a_value_that_cannot_be_read_stops_start_up(no_proxy_environment, name, raw, message):
    result = load_settings({"DJANGO_SECRET_KEY": PRODUCTION_SECRET, name: raw}, ["DEBUG"])
    assert result.returncode != 0
    assert message in result.stderr


# --- no trusted proxy (the default) ------------------------------------------------


def test_without_a_trusted_proxy_the_connecting_address_counts():
    assert client_ip(REMOTE_ADDR=CLIENT_A, HTTP_X_FORWARDED_FOR="198.51.100.7") == CLIENT_A
    assert client_ip(REMOTE_ADDR=CLIENT_A) == CLIENT_A


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_escape_the_limit(people):
    """Each try claims a new address in X-Forwarded-For; all are counted against the one connection."""
    client = Client()
    forged = [f"198.51.100.{n}" for n in range(PER_ADDRESS_FAILURES)]
    fail_from(client, forwarded_for_each=forged, accounts=people[:3])

    response = sign_in(client, people[3].email, PASSWORD, forwarded_for="198.51.100.99")
    assert refused(response)


# --- one trusted proxy ----------------------------------------------------------------


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_added_counts():
    # The proxy appends the address it saw; whatever the client sent stays on the left.
    assert client_ip(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_A) == CLIENT_A
    assert client_ip(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"198.51.100.7, {CLIENT_A}") == CLIENT_A
    # A request that did not come through the proxy has no header: its own address counts.
    assert client_ip(REMOTE_ADDR=CLIENT_B) == CLIENT_B


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_two_clients_are_counted_separately(people):
    """The probe's finding: ten bad tries for two accounts from one client, then a third
    person's right password was refused because everyone shared the proxy's address."""
    attacker = Client()
    fail_from(attacker, forwarded_for_each=[CLIENT_A] * PER_ADDRESS_FAILURES, accounts=people[:2])
    assert refused(sign_in(attacker, people[2].email, PASSWORD, forwarded_for=CLIENT_A))

    someone_else = Client()
    response = sign_in(someone_else, people[3].email, PASSWORD, forwarded_for=CLIENT_B)
    assert response.status_code == 302
    assert someone_else.session.get("_auth_user_id") == str(people[3].pk)


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_a_forged_left_most_entry_is_ignored(people):
    """The client makes up a new address for each try; the proxy still appends the real one."""
    client = Client()
    forged = [f"198.51.100.{n}, {CLIENT_A}" for n in range(PER_ADDRESS_FAILURES)]
    fail_from(client, forwarded_for_each=forged, accounts=people[:3])

    response = sign_in(client, people[3].email, PASSWORD, forwarded_for=f"198.51.100.99, {CLIENT_A}")
    assert refused(response)


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0, ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
def test_a_trusted_client_ip_header_names_the_client():
    assert client_ip(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=CLIENT_A, HTTP_X_FORWARDED_FOR=CLIENT_B) == CLIENT_A
