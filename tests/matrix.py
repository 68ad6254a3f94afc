"""One permission-matrix helper for every view: who gets what from a URL.

    assert_matrix(as_persona, reverse("movements:edit", args=[slug]), {
        "visitor": LOGIN,
        ("lead_a", "organiser_a"): 200,
        "moderator": 403,
    }, others=404)

Each expectation is a status code, LOGIN (sent to the sign-in page) or redirect("/path/").
Every shared persona is asked; those not named get `others` (which must then be given), so a
new persona can never slip through a matrix unnoticed. All mismatches are reported together.
SET_UP_TWO_FACTOR is what a moderator without two-factor gets from every page but that step.

A POST that someone may make changes data, and the refusals must be asked before it:

    @pytest.mark.parametrize("allowed", ["lead_a", "organiser_a"])
    def test_revoke(as_persona, allowed, ...):
        assert_matrix(as_persona, url, {..., allowed: 302}, others=403, method="post",
                      only=refusals_then(allowed, {"lead_a", "organiser_a"}))
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from tests.personas import PERSONAS


@dataclass(frozen=True)
class Redirect:
    to: str  # a path prefix

    def __str__(self):
        return f"redirect to {self.to}"


LOGIN = Redirect("/accounts/login/")
SET_UP_TWO_FACTOR = Redirect("/accounts/2fa/totp/activate/")


def redirect(to: str) -> Redirect:
    return Redirect(to)


def refusals_then(name, allowed=()):
    """Every persona not in `allowed`, then `name`: the refused are asked before the one write."""
    return [persona for persona in PERSONAS if persona not in set(allowed) | {name}] + [name]


def _expectations(expected, others):
    table = {}
    for names, outcome in expected.items():
        for name in (names,) if isinstance(names, str) else names:
            if name not in PERSONAS:
                raise ValueError(f"{name!r} is not a shared persona")
            table[name] = outcome
    missing = [name for name in PERSONAS if name not in table]
    if missing and others is None:
        raise ValueError(f"the matrix says nothing about {', '.join(missing)}: name them or give others=")
    return {name: table.get(name, others) for name in PERSONAS}


def _outcome_of(response):
    if response.status_code in (301, 302, 303, 307, 308):
        return Redirect(urlsplit(response["Location"]).path)
    return response.status_code


def _matches(outcome, expected):
    if isinstance(expected, Redirect):
        return isinstance(outcome, Redirect) and outcome.to.startswith(expected.to)
    return outcome == expected


def assert_matrix(as_persona, url, expected, *, others=None, method="get", data=None, only=None):
    """Request `url` as every persona (or those in `only`) and compare with `expected`.

    POST matrices change data: pass `data` that a refusal leaves untouched, or limit `only` to
    the refused personas and test the allowed write separately.
    """
    table = _expectations(expected, others)
    names = list(only or PERSONAS)
    # Personas are made on first use, and one can change what another is allowed (an
    # institution with an admin is no longer the moderators' to decide): everyone asked
    # exists before the first request, so no answer depends on the order of asking.
    people = getattr(as_persona, "personas", None)
    for name in names if people is not None else ():
        people[name]
    wrong = []
    for name in names:
        client = as_persona(name)
        response = getattr(client, method)(url, data or {})
        outcome = _outcome_of(response)
        if not _matches(outcome, table[name]):
            wrong.append(f"  {name}: expected {table[name]}, got {outcome}")
    assert not wrong, f"{method.upper()} {url}\n" + "\n".join(wrong)
