"""Checks shared by the account tests: errors shown, typed values kept, passwords not echoed."""

import html
from html.parser import HTMLParser


def page_text(response) -> str:
    """The response body with HTML entities decoded, for looking for messages."""
    return html.unescape(response.content.decode())


class _ElementText(HTMLParser):
    """Text inside the element with a given id (nested tags included)."""

    def __init__(self, element_id: str):
        super().__init__()
        self.element_id = element_id
        self.depth = 0
        self.found = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.element_id:
            self.found = True
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def inline_errors(response, field: str) -> list[str] | None:
    """The messages shown beside a field (its `id_<field>_error` element), or None if there is none."""
    parser = _ElementText(f"id_{field}_error")
    parser.feed(response.content.decode())
    if not parser.found:
        return None
    text = " ".join("".join(parser.parts).split())
    return [part.strip() for part in text.split("Error:") if part.strip()]


def assert_errors_shown(response, field: str) -> list[str]:
    """The form re-rendered (200) with errors on `field`, shown beside the field; returns the shown messages.

    The project's form renderer may reword Django's generic messages ("Enter your
    name" for "This field is required."), so what counts is what the page shows.
    """
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    errors = form.errors.get(field)
    assert errors, f"expected an error on {field!r}, got {form.errors.as_data()}"
    shown = inline_errors(response, field)
    if shown is None:
        text = page_text(response)
        missing = [message for message in errors if message not in text]
        assert not missing, f"errors {missing!r} on {field!r} are not on the page"
        return list(errors)
    assert shown, f"the error element for {field!r} is empty"
    return shown


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.values[attrs["name"]] = attrs.get("value")


def input_values(response) -> dict[str, str | None]:
    """name -> value of every <input> on the page (attribute entities decoded)."""
    parser = _Inputs()
    parser.feed(response.content.decode())
    return parser.values


def assert_typed_value_kept(response, name: str, value: str) -> None:
    """What the person typed is back in its field, so nothing is lost."""
    values = input_values(response)
    assert name in values, f"no field {name!r} on the page"
    assert values[name] == value, f"{name!r} lost its typed value {value!r} (has {values[name]!r})"


def assert_password_not_echoed(response, *names: str) -> None:
    values = input_values(response)
    for name in names:
        assert not values.get(name), f"the password field {name!r} was sent back to the browser"
