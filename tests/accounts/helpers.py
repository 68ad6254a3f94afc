"""Checks shared by the account tests: errors shown, typed values kept, passwords not echoed."""

import html
from html.parser import HTMLParser


def page_text(response) -> str:
    """The response body with HTML entities decoded, for looking for messages."""
    return html.unescape(response.content.decode())


def assert_errors_shown(response, field: str) -> list[str]:
    """The form re-rendered (200) with errors on `field`, each of them shown on the page."""
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    errors = form.errors.get(field)
    assert errors, f"expected an error on {field!r}, got {form.errors.as_data()}"
    text = page_text(response)
    for message in errors:
        assert message in text, f"error {message!r} is not on the page"
    return errors


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
