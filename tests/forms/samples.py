"""Valid values of an exact length for each kind of text field, and reading them back off a page."""

import html
from html.parser import HTMLParser

from django import forms


def text_of_length(n: int) -> str:
    text = ("Breathe easy " * (n // 13 + 1))[:n]
    return text[:-1] + "x" if text.endswith(" ") else text


def url_of_length(n: int) -> str:
    start = "https://example.org/"
    return start + "a" * (n - len(start))


def email_of_length(n: int) -> str:
    domain = "@example.net"
    return "a" * (n - len(domain)) + domain


def domain_of_length(n: int, suffix: str = "health.nhs.uk") -> str:
    """A valid domain name exactly n long: labels of up to 63 characters before the suffix."""
    labels: list[str] = []
    room = n - len(suffix)
    while room > 0:
        take = min(63, room - 1)
        if room - (take + 1) == 1:  # a lone "." cannot be a label
            take -= 1
        labels.append(chr(ord("a") + len(labels) % 26) * take)
        room -= take + 1
    return ".".join([*labels, suffix])


def lines_of_length(n: int, *, count: int, make) -> str:
    """`count` lines made by make(length), joined by newlines, n characters in all."""
    room = n - (count - 1)
    sizes = [room // count + (1 if i < room % count else 0) for i in range(count)]
    return "\n".join(make(size, i) for i, size in enumerate(sizes))


def sample(field, name: str, n: int) -> str:
    """A value n characters long that the field accepts, apart from its length."""
    if isinstance(field, forms.EmailField):
        return email_of_length(n)
    if isinstance(field, forms.URLField) or name == "website":
        return url_of_length(n)
    if name == "social_links":
        return lines_of_length(n, count=8, make=lambda size, i: url_of_length(size))
    if name == "domain":
        return domain_of_length(n)
    if name == "proposed_domains":
        # Distinct domains, each a few dozen characters.
        count = max(1, n // 40)
        return lines_of_length(n, count=count, make=lambda size, i: domain_of_length(size, f"t{i}.nhs.uk"))
    return text_of_length(n)


class _FieldValues(HTMLParser):
    """What the page shows in each named input and textarea."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") not in ("checkbox", "radio"):
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.values[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def value_on_page(response, name: str) -> str | None:
    parser = _FieldValues()
    parser.feed(response.content.decode())
    value = parser.values.get(name)
    # Browsers drop the newline that follows <textarea>; so does this.
    return value[1:] if value and value.startswith("\n") else value


class _Summary(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.items, self._item = 0, [], None

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += 1
            if tag == "li":
                self._item = []
        elif "nhsuk-error-summary__list" in classes:
            self.depth = 1

    def handle_endtag(self, tag):
        if not self.depth:
            return
        self.depth -= 1
        if tag == "li" and self._item is not None:
            self.items.append(" ".join("".join(self._item).split()))
            self._item = None

    def handle_data(self, data):
        if self._item is not None:
            self._item.append(data)


def error_summary(response) -> list[str]:
    """The messages in the page's NHS.UK error summary."""
    parser = _Summary()
    parser.feed(response.content.decode())
    return parser.items


def page_text(response) -> str:
    return html.unescape(response.content.decode())
