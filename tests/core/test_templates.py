"""House rules for templates, checked over every template and module so they cannot come back:
links come from URL names ({% url %}, reverse()), never typed paths; templates never compare
status strings; breadcrumbs, back links and "Are you sure?" pages each have one include."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.template import Context, Template, TemplateSyntaxError
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = ROOT / "templates"
PROJECT_APPS = [config for config in apps.get_app_configs() if Path(config.path).parent == ROOT]


def template_sources():
    return sorted(p for p in TEMPLATE_DIR.rglob("*") if p.suffix in {".html", ".txt"})


def name(path):
    return str(path.relative_to(TEMPLATE_DIR))


# --- Links ---------------------------------------------------------------------------------

# A quoted path ("/movements/", '/'), or one glued to a variable ({{ site_url }}/accounts/…).
TYPED_PATH = re.compile(r"""["']/(?:["'#?]|[\w-])|\}\}/""")


def test_templates_link_by_url_name_only():
    found = [
        f"{name(path)}:{number}: {line.strip()}"
        for path in template_sources()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if TYPED_PATH.search(line)
    ]
    assert not found, "Use {% url %} (or get_absolute_url) instead of a typed path:\n" + "\n".join(found)


def url_first_segments():
    """The first path segment of every URL pattern: what a typed internal path would start with."""
    segments = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                first = re.split(r"[/<(\\$]", route, maxsplit=1)[0]
                if first:
                    segments.add(first)

    walk(get_resolver().url_patterns, "")
    return segments


def python_sources():
    for config in PROJECT_APPS:
        for path in Path(config.path).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path
    yield from (ROOT / "config").glob("*.py")


def test_python_builds_internal_links_with_reverse():
    segments = url_first_segments()
    assert {"movements", "institutions", "accounts", "notifications", "dashboard", "favicon.ico"} <= segments
    typed = re.compile(r"^/(" + "|".join(re.escape(s) for s in sorted(segments)) + r")(?:[/?#]|$)")
    found = []
    for path in python_sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and typed.match(node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert not found, "Use reverse() instead of a typed path:\n" + "\n".join(found)


# --- Statuses --------------------------------------------------------------------------------


def choice_field_names():
    """Every field with choices in the project's models: status, role, method, stage, …"""
    return {
        field.name
        for config in PROJECT_APPS
        for model in config.get_models()
        for field in model._meta.get_fields()
        if getattr(field, "choices", None)
    }


# These draw form widgets (their `type` is an <input> type), never model rows.
WIDGET_TEMPLATES = ("django/forms/widgets/", "allauth/elements/")


def test_templates_never_compare_choice_values():
    fields = "|".join(sorted(choice_field_names()))
    assert "status" in fields and "role" in fields
    comparison = re.compile(
        rf"\.(?:{fields})\s*(?:==|!=|\bin\b|\bnot in\b)"  # x.status == "…", x.role in "…"
        rf"|(?:==|!=|\bin\b)\s*[\w.]*\.(?:{fields})\b"  # "…" == x.status
        rf"|\b(?:{fields})\s*(?:==|!=)"  # status == "…" (a variable passed to an include)
    )
    found = [
        f"{name(path)}:{number}: {line.strip()}"
        for path in template_sources()
        if not name(path).startswith(WIDGET_TEMPLATES)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if comparison.search(line)
    ]
    assert not found, "Ask a model property or a rule, or use |status_tag:\n" + "\n".join(found)


def test_status_tag_colours():
    from institutions.models import Membership

    rendered = Template("{{ m|status_tag }}").render(Context({"m": Membership(status="pending")}))
    assert rendered == '<strong class="nhsuk-tag nhsuk-tag--yellow">Waiting for approval</strong>'
    rendered = Template("{{ m|status_tag }}").render(Context({"m": Membership(status="left")}))
    assert rendered == '<strong class="nhsuk-tag nhsuk-tag--grey">Left</strong>'


# --- One include each ------------------------------------------------------------------------

ONLY_IN = {
    "nhsuk-breadcrumb": {"includes/breadcrumbs.html"},
    "nhsuk-back-link": {"includes/breadcrumbs.html", "includes/back_link.html"},
}
# A warning button outside a confirmation page: allauth's button element, and the list of email
# addresses, where each address has its own actions.
WARNING_BUTTONS = {"includes/confirmation.html", "allauth/elements/button.html", "account/email.html"}
# Questions that are a choice between outcomes (a form with options), not "Are you sure?".
DECISION_PAGES = {"institutions/member_decide.html"}


@pytest.mark.parametrize("css_class", ONLY_IN)
def test_breadcrumbs_and_back_links_come_from_their_include(css_class):
    found = [name(p) for p in template_sources() if css_class in p.read_text() and name(p) not in ONLY_IN[css_class]]
    assert not found, f"Use {{% breadcrumbs %}} or includes/back_link.html, not {css_class} markup: {found}"


def test_confirmation_pages_use_the_confirmation_include():
    warning = [name(p) for p in template_sources() if "nhsuk-button--warning" in p.read_text()]
    assert set(warning) <= WARNING_BUTTONS, set(warning) - WARNING_BUTTONS
    questions = [
        name(p)
        for p in template_sources()
        if re.search(r"<h1[^>]*>[^<]*\?\s*</h1>", p.read_text(), re.S) and name(p) not in DECISION_PAGES
    ]
    assert not questions, f"An 'Are you sure?' page uses {{% confirmation %}}: {questions}"


# --- The tags --------------------------------------------------------------------------------


def render(source, **context):
    return Template(source).render(Context(context))


def test_breadcrumbs_start_at_home_and_small_screens_get_a_back_link_to_the_parent():
    html = render('{% breadcrumbs "Movements" "movements:list" name "/movements/singing/" %}', name="Sing & Breathe")
    items = re.findall(
        r'<li class="nhsuk-breadcrumb__list-item"><a class="nhsuk-breadcrumb__link" href="([^"]+)">([^<]+)', html
    )  # noqa: E501
    assert items == [("/", "Home"), ("/movements/", "Movements"), ("/movements/singing/", "Sing &amp; Breathe")]
    assert re.search(
        r'<a class="nhsuk-back-link" href="/movements/singing/">'
        r'<span class="nhsuk-u-visually-hidden">Back to </span>Sing &amp; Breathe</a>\s*</nav>',
        html,
    )
    assert 'aria-label="Breadcrumb"' in html


def test_breadcrumbs_want_pairs():
    with pytest.raises(TemplateSyntaxError):
        render('{% breadcrumbs "Movements" %}')


def test_confirmation_page_has_question_consequences_fields_and_the_button_pair(rf):
    from django import forms

    class ReasonForm(forms.Form):
        reason = forms.CharField(label="Reason")

    request = rf.get("/")
    html = Template(
        '{% confirmation heading="Remove "|add:who|add:"?" caption="Team" confirm="Remove" cancel="home" form=form %}'
        "<p>They are told.</p>{% endconfirmation %}"
    ).render(Context({"who": "<Ann>", "form": ReasonForm(data={}), "request": request, "csrf_token": "tok"}))
    assert '<h1 class="nhsuk-heading-l">Remove &lt;Ann&gt;?</h1>' in html
    assert html.index("nhsuk-error-summary") < html.index("<h1")
    assert html.index("<h1") < html.index("<p>They are told.</p>") < html.index('name="reason"')
    assert 'name="csrfmiddlewaretoken" value="tok"' in html
    button = '<button class="nhsuk-button nhsuk-button--warning" data-module="nhsuk-button" type="submit">Remove<'
    cancel = '<a class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" draggable="false" href="/">'
    assert button in html
    assert cancel + "Cancel</a>" in html
    assert html.count('<div class="nhsuk-grid-row">') == 1


def test_confirmation_inside_a_layout_column_and_with_a_primary_button():
    html = render(
        '{% confirmation heading="Sign out?" confirm="Sign out" variant="primary" cancel="home" in_column=True %}'
        "{% endconfirmation %}"
    )
    assert "nhsuk-grid-row" not in html
    assert '<button class="nhsuk-button" data-module="nhsuk-button" type="submit">Sign out</button>' in html


@pytest.mark.parametrize(
    "source",
    [
        '{% confirmation heading="Sure?" confirm="Yes" %}{% endconfirmation %}',
        '{% confirmation heading="Sure?" confirm="Yes" cancel="home" colour="red" %}{% endconfirmation %}',
        '{% confirmation heading="Sure?" confirm="Yes" cancel="home" variant="danger" %}{% endconfirmation %}',
    ],
)
def test_confirmation_refuses_what_it_does_not_know(source):
    with pytest.raises(TemplateSyntaxError):
        render(source)


# --- Email addresses -------------------------------------------------------------------------

EMAIL_TEMPLATES = ("emails/", "account/email/", "mfa/email/", "notifications/kinds/", "notifications/email/")
SHOWN_ADDRESS = re.compile(r"""(?<!=")\{\{\s*[\w.]*email(?:\|default:[\w.]+)?\s*\}\}""")


def test_pages_let_email_addresses_wrap_after_the_at_and_before_dots():
    found = [
        f"{name(path)}:{number}: {line.strip()}"
        for path in template_sources()
        if path.suffix == ".html" and not name(path).startswith(EMAIL_TEMPLATES)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if SHOWN_ADDRESS.search(line)
    ]
    assert not found, "Show addresses with |email_breaks:\n" + "\n".join(found)


def test_email_breaks():
    assert render("{{ a|email_breaks }}", a="jo.bloggs@example-trust.nhs.uk") == (
        "jo<wbr>.bloggs@<wbr>example-trust<wbr>.nhs<wbr>.uk"
    )
    assert render("{{ a|email_breaks }}", a="<b>@x") == "&lt;b&gt;@<wbr>x"
