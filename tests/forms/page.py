"""One form's page for tests/forms/catalogue.py: who submits it where, and a valid submission."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """Where one form is submitted, by whom, and a complete valid submission."""

    name: str
    form: type
    persona: str
    url: Callable
    data: Callable
    method: str = "post"
    ok_status: int = 302
    # The site's pages show an NHS.UK error summary; the Django admin has its own layout.
    has_summary: bool = True
    # Fields whose own format makes a value of the full length invalid (ODS codes are 3-9 long).
    format_bound: frozenset = field(default_factory=frozenset)
    # Fields the form class declares but removes in __init__ (allauth's sign-up drops username).
    dropped: frozenset = field(default_factory=frozenset)

    def __str__(self):
        return self.name
