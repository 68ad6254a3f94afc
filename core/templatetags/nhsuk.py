"""Template helpers for NHS.UK markup and safe rendering of user text.

Registered as a builtin library (see TEMPLATES in settings), so every
template can use these without `{% load %}`.
"""

import re

from django import template
from django.forms import MultiWidget
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Widget attrs that carry data for our templates and must never be printed as
# HTML attributes.
_TEMPLATE_ONLY_ATTRS = {"choice_hints"}

# Django's default for a missing value says nothing about *which* field is
# missing, which is useless in an error summary. NHS.UK wording names it.
_DJANGO_REQUIRED_MESSAGE = "This field is required."


# --- Widgets -----------------------------------------------------------------


@register.simple_tag
def nhsuk_attrs(attrs, base_class="", error_class="", describedby=""):
    """Render widget attributes with NHS.UK classes merged in.

    `error_class` is added when Django marked the widget `aria-invalid`
    (it does so for fields with errors). `describedby` is appended to any
    aria-describedby already present (used for per-choice hints).
    """
    attrs = dict(attrs or {})
    classes = [base_class] if base_class else []
    if error_class and str(attrs.get("aria-invalid", "")).lower() == "true":
        classes.append(error_class)
    if attrs.get("class"):
        classes.append(str(attrs["class"]))
    attrs["class"] = " ".join(c for c in classes if c)
    if describedby:
        attrs["aria-describedby"] = " ".join(filter(None, [attrs.get("aria-describedby", ""), describedby]))
    parts = []
    for name, value in attrs.items():
        if name in _TEMPLATE_ONLY_ATTRS or value is None or value is False or value == "":
            continue
        if value is True:
            parts.append(format_html(" {}", name))
        else:
            parts.append(format_html(' {}="{}"', name, value))
    return mark_safe("".join(parts))  # noqa: S308 - every part built with format_html


@register.filter
def choice_hint(attrs, value):
    """The hint for one choice of a radio or checkbox group, if the form gave one.

    Forms pass hints as a dict keyed by choice value in the widget's attrs:
    `forms.CheckboxSelectMultiple(attrs={"choice_hints": {"care": "How care is …"}})`.
    """
    hints = (attrs or {}).get("choice_hints") or {}
    return hints.get(value, hints.get(str(value), ""))


@register.filter
def field_anchor(bound_field):
    """The id the error summary links to: the input itself, or the first input of a group."""
    widget = bound_field.field.widget
    if widget.use_fieldset or isinstance(widget, MultiWidget):
        for subwidget in bound_field.subwidgets:
            subwidget_id = subwidget.data.get("attrs", {}).get("id")
            if subwidget_id:
                return subwidget_id
    return bound_field.id_for_label or bound_field.auto_id or bound_field.html_name


@register.filter
def field_errors(bound_field):
    """A field's error messages, with Django's generic 'required' message made specific."""
    messages = []
    for message in bound_field.errors:
        if message == _DJANGO_REQUIRED_MESSAGE and bound_field.label:
            widget = bound_field.field.widget
            # The error summary is drawn before allauth's fields are relabelled: use the same words.
            label = _ALLAUTH_LABELS.get(str(bound_field.label), str(bound_field.label))
            label = label[0].lower() + label[1:] if not label[:2].isupper() else label
            if bound_field.widget_type == "checkbox":
                message = "Select the box to continue"
            elif widget.use_fieldset or bound_field.widget_type.endswith("select"):
                message = f"Select {label}"
            else:
                message = f"Enter {label}"
        messages.append(message)
    return messages


@register.simple_tag
def error_summary_items(form):
    """(anchor, message) pairs for a form's error summary, in the order the page shows them."""
    non_field_anchor = f"{form.prefix}-non-field-errors" if form.prefix else "non-field-errors"
    items = [(non_field_anchor, e) for e in form.non_field_errors()]
    for bound_field in form:
        if bound_field.is_hidden:
            # Hidden fields have nothing to focus: show their message without a link.
            items.extend(("", e) for e in bound_field.errors)
            continue
        anchor = field_anchor(bound_field)
        items.extend((anchor, e) for e in field_errors(bound_field))
    return items


# --- Pagination --------------------------------------------------------------


@register.simple_tag
def elided_page_range(page_obj, on_each_side=1, on_ends=1):
    """Page numbers with an ellipsis (None) where runs of pages are left out."""
    paginator = page_obj.paginator
    ellipsis = paginator.ELLIPSIS
    return [
        None if number == ellipsis else number
        for number in paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends)
    ]


# --- User text ---------------------------------------------------------------

_URL_RE = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?*_~"
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")


def _split_trailing(url):
    """Leave sentence punctuation and unbalanced closing brackets out of a link."""
    trailing = ""
    while url:
        last = url[-1]
        if last in _TRAILING_PUNCTUATION:
            pass
        elif last == ")" and url.count(")") > url.count("("):
            pass
        elif last == "]" and url.count("]") > url.count("["):
            pass
        else:
            break
        trailing = last + trailing
        url = url[:-1]
    return url, trailing


def _linkify_line(line):
    out = []
    position = 0
    for match in _URL_RE.finditer(line):
        url, trailing = _split_trailing(match.group(0))
        if not re.match(r"https?://[^/?#\s]+", url, re.IGNORECASE) or len(url) <= len("https://"):
            continue
        out.append(escape(line[position : match.start()]))
        out.append(format_html('<a href="{}" rel="nofollow noopener ugc">{}</a>', url, url))
        out.append(escape(trailing))
        position = match.end()
    out.append(escape(line[position:]))
    return "".join(out)


@register.filter(is_safe=True)
def usertext(value):
    """Show text a person typed: escaped, paragraphs and line breaks kept, web links clickable.

    Never renders HTML from the text itself: every character the person typed
    is escaped; the only markup is ours (<p>, <br>, <a>).
    """
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    paragraphs = []
    for paragraph in _PARAGRAPH_BREAK_RE.split(text):
        lines = [_linkify_line(line) for line in paragraph.strip("\n").split("\n")]
        paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
    return mark_safe("\n".join(paragraphs))  # noqa: S308 - user text escaped piece by piece above


# --- Navigation --------------------------------------------------------------


@register.filter
def startswith(value, prefix):
    """True when a string starts with prefix (used to mark the current section in navigation)."""
    return str(value or "").startswith(str(prefix))


@register.filter
def squish(value):
    """Collapse runs of whitespace (allauth's title blocks are spread over several lines)."""
    return " ".join(str(value).split())


# --- allauth -----------------------------------------------------------------

# allauth's field labels, in NHS.UK sentence case and wording.
_ALLAUTH_LABELS = {
    "Email": "Email address",
    "Password (again)": "Confirm password",
    "Remember Me": "Keep me signed in on this device",
    "Current Password": "Current password",
    "New Password": "New password",
    "New Password (again)": "Confirm new password",
    "Code": "Code",
    "Authenticator code": "Code from your authenticator app",
}


@register.simple_tag
def nhsuk_prepare_allauth_form(form):
    """Adapt one of allauth's forms to NHS.UK conventions before it is rendered.

    Labels in sentence case, and no placeholders (NHS.UK: placeholder text
    disappears when people type and is often too faint to read).
    """
    if form is None or not hasattr(form, "fields"):
        return ""
    for bound_field in form:
        widget = bound_field.field.widget
        widget.attrs.pop("placeholder", None)
        label = str(bound_field.label or "")
        if label in _ALLAUTH_LABELS:
            bound_field.label = _ALLAUTH_LABELS[label]
        if bound_field.name == "code":
            # One-time codes are digits: bring up the number pad, keep them short on screen.
            widget.attrs.setdefault("inputmode", "numeric")
            widget.attrs.setdefault("spellcheck", "false")
            widget.attrs.setdefault("class", "nhsuk-input--width-10")
    return ""
