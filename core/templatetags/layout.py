"""Page furniture every template shares: who runs the site, breadcrumbs, confirmation pages.

Registered as a builtin library (see TEMPLATES in settings), like `nhsuk`.
"""

from django import template
from django.conf import settings
from django.template.base import token_kwargs
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


def site_brand() -> dict:
    """The service's name and address and who runs it, for pages and emails alike."""
    return {
        "name": settings.SITE_NAME,
        "url": settings.SITE_URL,
        "operator_name": settings.SITE_OPERATOR_NAME,
        "operator_is_nhs": settings.SITE_OPERATOR_IS_NHS,
    }


@register.simple_tag(name="site_brand")
def site_brand_tag():
    """{% site_brand as brand %}: for templates rendered without a request (emails)."""
    return site_brand()


def _href(target) -> str:
    """A path (from get_absolute_url or `{% url … as name %}`) as it is, or a URL name reversed."""
    target = str(target)
    return target if target.startswith(("/", "http://", "https://")) else reverse(target)


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*trail):
    """NHS.UK breadcrumbs: Home, then each (text, link) pair given, up to the current page's parent.

        {% breadcrumbs "Institutions" "institutions:directory" institution.name institution.get_absolute_url %}

    Small screens show only a back link to the last of them, as the design system intends.
    """
    if len(trail) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes pairs of text and link")
    crumbs = [("Home", reverse("home"))]
    crumbs += [(str(trail[i]), _href(trail[i + 1])) for i in range(0, len(trail), 2)]
    return {"crumbs": crumbs, "parent": crumbs[-1]}


# --- Email addresses ---------------------------------------------------------------


@register.filter(is_safe=True)
def email_breaks(address):
    """An email address that may wrap after its @ and before its dots, not inside a word.

    A narrow column (a summary list's key, a phone screen) would otherwise break it anywhere.
    """
    pieces = escape(str(address or "")).replace("@", "@<wbr>").split(".")
    return mark_safe("<wbr>.".join(pieces))  # noqa: S308 - escaped above; only <wbr> added


# --- Status tags -----------------------------------------------------------------

# One colour per status word on every page, so templates never compare status strings.
_TAG_COLOURS = {
    "approved": "green",
    "verified": "green",
    "pending": "yellow",
    "rejected": "red",
    "hidden": "red",
    # Engagements
    "draft": "white",
    "submitted": "blue",
    "in_review": "blue",
    "changes_requested": "yellow",
    "accepted": "green",
    "active": "green",
    "declined": "red",
    "withdrawn": "grey",
    "completed": "grey",
    "ended": "grey",
}


@register.filter
def status_tag(obj):
    """An object's status as an NHS.UK tag: {{ membership|status_tag }} (grey for any other status)."""
    colour = _TAG_COLOURS.get(str(obj.status), "grey")
    return format_html('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', colour, obj.get_status_display())


# --- Confirmation pages ------------------------------------------------------------

_CONFIRM_OPTIONS = {
    *("heading", "caption", "confirm", "variant", "cancel", "cancel_text"),
    *("form", "action", "hidden", "problems", "in_column"),
}
_BUTTON_VARIANTS = {"warning", "primary", "secondary"}


class ConfirmationNode(template.Node):
    def __init__(self, options, nodelist):
        self.options = options
        self.nodelist = nodelist

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.options.items()}
        variant = values.get("variant") or "warning"
        if variant not in _BUTTON_VARIANTS:
            raise template.TemplateSyntaxError(f"confirmation variant must be one of {sorted(_BUTTON_VARIANTS)}")
        values.update(
            confirm_class="nhsuk-button" if variant == "primary" else f"nhsuk-button nhsuk-button--{variant}",
            cancel=_href(values["cancel"]),
            cancel_text=values.get("cancel_text") or "Cancel",
            consequences=mark_safe(self.nodelist.render(context)),  # noqa: S308 - rendered (escaped) template output
        )
        # As {% include %} does: the page's context (request, csrf_token) with these on top.
        included = context.template.engine.get_template("includes/confirmation.html")
        with context.push(**values):
            return included.render(context)


@register.tag
def confirmation(parser, token):
    """An "Are you sure?" page: heading, what will happen, the confirm button and a way back.

        {% confirmation heading="Leave this movement?" caption=movement.name confirm="Leave movement" cancel=back_url %}
          <p>You will no longer be able to edit the movement.</p>
        {% endconfirmation %}

    `problems` (optional) are messages for the error summary, when the page has no form to
    carry them; `form` adds its fields above the buttons and `hidden` ready-made hidden inputs
    (allauth's redirect field); `variant` is "warning" (the default, for what cannot be
    undone), "primary" or "secondary"; `action` posts somewhere else. `in_column=True` where
    the layout already gives the column and the form's error summary (account and allauth pages).
    """
    bits = token.split_contents()[1:]
    options = token_kwargs(bits, parser, support_legacy=False)
    if bits:
        raise template.TemplateSyntaxError(f"confirmation takes name=value options, not {' '.join(bits)!r}")
    unknown = set(options) - _CONFIRM_OPTIONS
    missing = {"heading", "confirm", "cancel"} - set(options)
    if unknown or missing:
        raise template.TemplateSyntaxError(f"confirmation: unknown {sorted(unknown)}, missing {sorted(missing)}")
    nodelist = parser.parse(("endconfirmation",))
    parser.delete_first_token()
    return ConfirmationNode(options, nodelist)
