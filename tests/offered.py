"""Press every action a page offers and check that the site then does it.

A page offers actions as POST forms (buttons) and as links to confirmation pages. For a page
and a person, `press_everything` finds each one in the page's <main>, follows the links to their
confirmation pages, fills in the form the way a person would (every choice of a radio group in
turn, a reason where one may be typed), posts it, and collects the presses the site refused:
403, 404 or 409, a form sent back with errors, or a redirect carrying a warning or an error. Each
press runs in a savepoint that is rolled back, so every action is tried on the page as it was.

    refusals = press_everything(client, url, links={"movements:organiser_remove"})
    assert not refusals, refusals

A button a service would refuse therefore fails the test the day it is offered.
"""

import itertools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.contrib.messages import constants, get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import Resolver404, resolve

TYPED = "Typed by the test of offered actions."
EMAIL = "new.organiser@example.org"


@dataclass
class FormSeen:
    action: str
    method: str
    fields: list = field(default_factory=list)  # (kind, name, value, checked)
    buttons: list = field(default_factory=list)  # (name, value, text)


class _MainParser(HTMLParser):
    """The POST forms and links inside <main>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth_in_main = 0
        self.forms: list[FormSeen] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._form = None
        self._link = None
        self._textarea = None
        self._button = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.depth_in_main += 1
        if not self.depth_in_main:
            return
        if tag == "form":
            self._form = FormSeen(action=attrs.get("action") or "", method=(attrs.get("method") or "get").lower())
        elif tag == "a" and attrs.get("href"):
            self._link = [attrs["href"], ""]
        elif self._form is not None and tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind == "submit":
                self._form.buttons.append((attrs.get("name"), attrs.get("value", ""), attrs.get("value", "")))
            elif attrs.get("name"):
                self._form.fields.append((kind, attrs["name"], attrs.get("value", ""), "checked" in attrs))
        elif self._form is not None and tag == "textarea":
            self._textarea = [attrs.get("name"), ""]
        elif self._form is not None and tag == "button":
            self._button = [attrs.get("name"), attrs.get("value", ""), ""]

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data
        if self._textarea is not None:
            self._textarea[1] += data
        if self._button is not None:
            self._button[2] += data

    def handle_endtag(self, tag):
        if tag == "main" and self.depth_in_main:
            self.depth_in_main -= 1
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join(self._link[1].split())))
            self._link = None
        elif tag == "textarea" and self._textarea is not None:
            self._form.fields.append(("textarea", self._textarea[0], self._textarea[1].strip(), False))
            self._textarea = None
        elif tag == "button" and self._button is not None:
            name, value, text = self._button
            self._form.buttons.append((name, value, " ".join(text.split())))
            self._button = None
        elif tag == "form" and self._form is not None:
            if self._form.method == "post":
                self.forms.append(self._form)
            self._form = None


def parse_main(html: str) -> _MainParser:
    parser = _MainParser()
    parser.feed(html)
    return parser


def submissions(form: FormSeen) -> list[tuple[str, dict]]:
    """(what was pressed, data) for each way a person could send the form."""
    base: dict[str, Any] = {}
    radios: dict[str, list[str]] = {}
    for kind, name, value, checked in form.fields:
        if kind == "radio":
            radios.setdefault(name, []).append(value)
        elif kind == "checkbox":
            if checked:
                base.setdefault(name, []).append(value or "on")
        elif kind == "email":
            base[name] = value or EMAIL
        elif kind in ("text", "textarea"):
            base[name] = value or TYPED
        else:  # hidden and the like: as the page wrote them
            base[name] = value
    buttons = form.buttons or [(None, "", "(submit)")]
    found = []
    for (button_name, button_value, button_text), choice in itertools.product(
        buttons, itertools.product(*[[(name, value) for value in values] for name, values in radios.items()])
    ):
        data = dict(base)
        if button_name:
            data[button_name] = button_value
        data.update(choice)
        label = button_text + "".join(f" [{name}={value}]" for name, value in choice)
        found.append((label, data))
    return found


def _messages_of(response) -> list:
    return list(get_messages(response.wsgi_request))


def _refusal(response) -> str | None:
    if response.status_code in (400, 403, 404, 409) or response.status_code >= 500:
        return f"answered {response.status_code}"
    bad = [m.message for m in _messages_of(response) if m.level >= constants.WARNING]
    if bad:
        return f"redirected with {bad}"
    if response.status_code != 302:
        return f"answered {response.status_code} instead of doing it and moving on"
    return None


class _RollBack(Exception):
    pass


def _press(client, url, data) -> str | None:
    client.cookies.pop("messages", None)
    outcome = None
    try:
        with transaction.atomic():
            outcome = _refusal(client.post(url, data))
            raise _RollBack
    except _RollBack:
        pass
    return outcome


def _follow_link(client, href) -> tuple[str | None, list]:
    """A link to a confirmation page: (problem, its forms)."""
    client.cookies.pop("messages", None)
    response = client.get(href)
    if response.status_code != 200:
        return f"the page answered {response.status_code}", []
    forms = parse_main(response.content.decode()).forms
    if len(forms) != 1:
        return f"the page has {len(forms)} forms to send, not one", []
    return None, forms


def offered(html: str, page_url: str, links: set[str], *, forms: bool = True) -> list[tuple[str, str, FormSeen | None]]:
    """(label, href, form) for each action in the page: its POST forms (unless forms=False: a page
    whose form is for editing, not an action), and links to `links` URL names."""
    main = parse_main(html)
    actions: list[tuple[str, str, FormSeen | None]] = (
        []
        if not forms
        else [(" / ".join(text for _n, _v, text in form.buttons), form.action or page_url, form) for form in main.forms]
    )
    for href, text in main.links:
        path = urlsplit(href).path
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.view_name in links:
            actions.append((text, href, None))
    return actions


def press_form(client, form: FormSeen, target: str, label: str | None = None) -> list[str]:
    """Send `form` every way a person could; the refusals."""
    label = label or " / ".join(text for _n, _v, text in form.buttons)
    refusals = []
    for how, data in submissions(form):
        outcome = _press(client, target, data)
        if outcome:
            refusals.append(f"“{label}” → {how}: {outcome}")
    return refusals


def press_everything(client, url: str, *, links: set[str], forms: bool = True) -> tuple[list[str], list[str]]:
    """(pressed, refusals): every action `url` offers the client's person, and those refused."""
    page = client.get(url)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    pressed, refusals = [], []
    for label, href, form in offered(page.content.decode(), url, links, forms=forms):
        if form is None:
            problem, followed = _follow_link(client, href)
            if problem:
                refusals.append(f"“{label}” ({href}): {problem}")
                continue
            form, target = followed[0], followed[0].action or href
        else:
            target = href
        pressed += [f"{label} → {how}" for how, _data in submissions(form)]
        refusals += [f"{refusal} ({target})" for refusal in press_form(client, form, target, label)]
    return pressed, refusals


class _Undo(Exception):
    pass


def accepted_then_undone(call) -> bool:
    """Whether the service accepts `call` (no PermissionDenied or ValidationError), leaving nothing changed."""
    try:
        with transaction.atomic():
            try:
                call()
            except (PermissionDenied, ValidationError):
                return False
            raise _Undo
    except _Undo:
        return True
