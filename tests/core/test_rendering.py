"""The NHS.UK form renderer, error summary, pagination and the usertext filter."""

import html
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from core.templatetags.nhsuk import usertext

WAYS = [("care", "Care"), ("stigma", "Stigma and voice"), ("prevention", "Prevention")]


class EverythingForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=20, help_text="As other people will see it")
    email = forms.EmailField(label="Email address")
    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    size = forms.IntegerField(label="Approximate size", required=False)
    started = forms.DateField(label="Started", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    secret = forms.CharField(label="Password", widget=forms.PasswordInput)
    about = forms.CharField(label="About", widget=forms.Textarea, required=False)
    region = forms.ChoiceField(label="Region", choices=[("", "Choose a region"), ("london", "London")])
    agree = forms.BooleanField(label="I agree")
    ways = forms.MultipleChoiceField(
        label="Ways of impact",
        choices=WAYS,
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple(attrs={"choice_hints": {"care": "How care is experienced and delivered"}}),
    )
    direction = forms.ChoiceField(
        label="Direction",
        choices=[("promote", "Promote a change"), ("resist", "Resist a change")],
        widget=forms.RadioSelect,
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") == "clash":
            raise forms.ValidationError("These details clash with another movement")
        return cleaned


def tag(html_text, pattern):
    """The first opening tag matching a regex, e.g. r'<input[^>]*name="email"'."""
    match = re.search(pattern + r"[^>]*>", html_text)
    assert match, f"no tag matching {pattern!r}"
    return match.group(0)


def test_unbound_form_uses_nhs_classes_and_labels():
    out = str(EverythingForm())
    assert '<label class="nhsuk-label" for="id_name">Your name</label>' in out
    assert '<div class="nhsuk-hint" id="id_name_helptext">As other people will see it</div>' in out
    assert 'aria-describedby="id_name_helptext"' in tag(out, r'<input[^>]*name="name"')
    for name, kind in [
        ("name", "text"),
        ("email", "email"),
        ("website", "url"),
        ("size", "number"),
        ("started", "date"),
    ]:
        assert 'class="nhsuk-input"' in tag(out, rf'<input type="{kind}" name="{name}"')
    assert "nhsuk-password-input__input" in tag(out, r'<input type="password" name="secret"')
    assert 'data-module="nhsuk-password-input"' in out
    assert 'class="nhsuk-textarea"' in tag(out, r'<textarea name="about"')
    assert 'class="nhsuk-select"' in tag(out, r'<select name="region"')
    # Single checkbox: one NHS.UK checkbox item, label after the input.
    assert re.search(
        r'<div class="nhsuk-checkboxes" data-module="nhsuk-checkboxes">\s*<div class="nhsuk-checkboxes__item">\s*'
        r'<input type="checkbox" name="agree"[^>]*class="nhsuk-checkboxes__input"[^>]*>\s*'
        r'<label class="nhsuk-label nhsuk-checkboxes__label" for="id_agree">I agree</label>',
        out,
    )
    assert '<input type="hidden" name="token"' in out
    assert 'id="id_token"' in out


def test_groups_are_fieldsets_with_legends_and_choice_hints():
    out = str(EverythingForm())
    assert re.search(
        r'<fieldset class="nhsuk-fieldset" aria-describedby="id_ways_helptext">\s*'
        r'<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Ways of impact</legend>',
        out,
    )
    assert 'data-module="nhsuk-checkboxes"' in out
    care = tag(out, r'<input type="checkbox" name="ways" value="care"')
    assert 'class="nhsuk-checkboxes__input"' in care
    assert 'id="id_ways_0"' in care
    assert 'aria-describedby="id_ways_0-item-hint"' in care
    assert (
        '<div class="nhsuk-hint nhsuk-checkboxes__hint" id="id_ways_0-item-hint">'
        "How care is experienced and delivered</div>" in out
    )
    assert "choice_hints" not in out  # data for the template, never an HTML attribute
    assert "aria-describedby" not in tag(out, r'<input type="checkbox" name="ways" value="stigma"')
    assert '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Direction</legend>' in out
    assert 'class="nhsuk-radios__input"' in tag(out, r'<input type="radio" name="direction" value="promote"')
    assert '<label class="nhsuk-label nhsuk-radios__label" for="id_direction_1">Resist a change</label>' in out


INVALID = {
    "name": "A name that is far too long for the field",
    "email": "not an email",
    "website": "nope",
    "size": "lots",
    "secret": "hunter2-hunter2",
    "about": "Line one\nLine <two>",
    "region": "",
    "ways": ["stigma"],
    "direction": "",
}


def test_invalid_form_shows_inline_errors_and_keeps_values():
    form = EverythingForm(data=INVALID)
    assert not form.is_valid()
    out = str(form)
    name = tag(out, r'<input type="text" name="name"')
    assert 'class="nhsuk-input nhsuk-input--error"' in name
    assert 'aria-describedby="id_name_helptext id_name_error"' in name
    assert 'aria-invalid="true"' in name
    assert 'value="A name that is far too long for the field"' in name
    assert re.search(
        r'<div class="nhsuk-form-group nhsuk-form-group--error">\s*<label class="nhsuk-label" for="id_name">', out
    )
    assert (
        '<span class="nhsuk-error-message" id="id_name_error"><span class="nhsuk-u-visually-hidden">Error:</span> '
        "Ensure this value has at most 20 characters (it has 41).</span>"
    ) in out
    assert 'aria-describedby="id_email_error"' in tag(out, r'<input type="email" name="email"')
    assert 'value="not an email"' in tag(out, r'<input type="email" name="email"')
    assert "hunter2" not in out  # passwords are never sent back
    assert "Line one\nLine &lt;two&gt;</textarea>" in out
    assert "nhsuk-textarea" in tag(out, r'<textarea name="about"')
    assert "nhsuk-select--error" in tag(out, r'<select name="region"')
    assert "checked" in tag(out, r'<input type="checkbox" name="ways" value="stigma"')
    assert "checked" not in tag(out, r'<input type="checkbox" name="ways" value="care"')
    # Django's generic message is reworded to name the field.
    assert "Select region" in out
    assert "Select direction" in out
    assert "Select the box to continue" in out
    assert "This field is required." not in out
    # The fieldset, not each radio, is described by the error.
    assert re.search(r'<fieldset class="nhsuk-fieldset" aria-describedby="id_direction_error">', out)


def test_non_field_errors_are_shown_above_the_fields():
    form = EverythingForm(data={**INVALID, "name": "clash"})
    assert not form.is_valid()
    out = str(form)
    assert 'id="non-field-errors"' in out
    assert "These details clash with another movement" in out
    assert out.index("These details clash") < out.index('for="id_name"')


def test_error_summary_links_each_error_to_its_field():
    form = EverythingForm(data={**INVALID, "name": "clash"})
    form.is_valid()
    out = render_to_string("includes/error_summary.html", {"form": form})
    assert 'data-module="nhsuk-error-summary"' in out
    assert '<div role="alert">' in out
    assert '<h2 class="nhsuk-error-summary__heading">There is a problem</h2>' in out
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', out)
    anchors = [anchor for anchor, _ in links]
    assert anchors[0] == "non-field-errors"
    assert "id_email" in anchors
    assert "id_direction_0" in anchors  # a radio group links to its first radio
    assert "id_agree" in anchors
    assert ("id_region", "Select region") in links
    # In the order the fields appear on the page.
    assert anchors.index("id_email") < anchors.index("id_region") < anchors.index("id_direction_0")
    form = EverythingForm(data=INVALID)
    form.is_valid()
    out = render_to_string("includes/error_summary.html", {"form": form})
    assert '<a href="#id_name">Ensure this value has at most 20 characters (it has 41).</a>' in out


def test_error_summary_renders_nothing_for_a_valid_or_unbound_form():
    assert render_to_string("includes/error_summary.html", {"form": EverythingForm()}).strip() == ""


def test_group_error_links_to_first_checkbox():
    form = EverythingForm(data={**INVALID, "ways": []})
    form.is_valid()
    out = render_to_string("includes/error_summary.html", {"form": form})
    assert '<a href="#id_ways_0">Select ways of impact</a>' in out


# --- Pagination ----------------------------------------------------------------


def render_pagination(number, query="q=dementia&amp;region=london", pages=20):
    request = RequestFactory().get(f"/movements/?{html.unescape(query)}&page={number}")
    page_obj = Paginator(list(range(pages * 10)), 10).page(number)
    return render_to_string("includes/pagination.html", {"page_obj": page_obj, "request": request})


def test_pagination_keeps_the_query_and_marks_the_current_page():
    out = render_pagination(10)
    assert 'class="nhsuk-pagination nhsuk-pagination--numbered"' in out
    assert 'href="?q=dementia&amp;region=london&amp;page=9" class="nhsuk-pagination__previous" rel="prev"' in out
    assert 'href="?q=dementia&amp;region=london&amp;page=11" class="nhsuk-pagination__next" rel="next"' in out
    assert re.search(r'aria-label="Page 10" aria-current="page">10</a>', out)
    assert "nhsuk-pagination__item--ellipsis" in out
    assert 'aria-label="Page 1"' in out
    assert 'aria-label="Page 20"' in out
    assert 'aria-label="Page 5"' not in out


def test_pagination_first_and_last_pages_and_single_page():
    first = render_pagination(1)
    assert "nhsuk-pagination__previous" not in first
    assert "nhsuk-pagination__next" in first
    last = render_pagination(20)
    assert "nhsuk-pagination__next" not in last
    assert render_pagination(1, pages=1).strip() == ""


# --- usertext --------------------------------------------------------------------


def test_usertext_escapes_and_keeps_paragraphs_and_line_breaks():
    out = usertext(
        'We meet on Tuesdays.\nAll welcome <script>alert("x")</script>\n\nSee https://example.org/a?b=1&c=2.'
    )
    assert out == (
        "<p>We meet on Tuesdays.<br>All welcome &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>\n"
        '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener ugc">'
        "https://example.org/a?b=1&amp;c=2</a>.</p>"
    )


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("(see http://example.org/x)", "http://example.org/x"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("go to https://example.org, then", "https://example.org"),
    ],
)
def test_usertext_leaves_punctuation_out_of_links(text, link):
    assert f'href="{link}"' in usertext(text)


@pytest.mark.parametrize(
    "text", ["javascript:alert(1)", "ftp://example.org", "https://", "<a href='https://x.org'>x</a>"]
)
def test_usertext_links_only_web_addresses_it_finds_itself(text):
    out = usertext(text)
    assert "javascript:" not in out or "<a" not in out
    assert "ftp" not in out or "<a" not in out
    assert "<a href='" not in out


def test_usertext_in_a_template_and_empty_values():
    assert Template("{{ text|usertext }}").render(Context({"text": "<b>bold</b>"})) == "<p>&lt;b&gt;bold&lt;/b&gt;</p>"
    assert usertext(None) == ""
    assert usertext("  \n ") == ""


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                list("<>&\"'/=\n :.()[]") + ["<script>", "<b>", "https://", "http://x.org", "&amp;", "\r\n"]
            ),
            st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8),
        ),
        max_size=30,
    ).map("".join)
)
def test_usertext_never_renders_a_tag_from_user_text(text):
    parser = _Tags()
    parser.feed(str(usertext(text)))
    parser.close()
    for name, attrs in parser.tags:
        assert name in {"p", "br", "a"}, name
        if name == "a":
            assert set(attrs) == {"href", "rel"}
            assert attrs["rel"] == "nofollow noopener ugc"
            assert re.match(r"https?://", attrs["href"], re.IGNORECASE)
        else:
            assert attrs == {}
    # Every character typed is shown as text (whitespace aside), nothing lost or added.
    shown = "".join(parser.text)
    assert "".join(shown.split()) == "".join(text.split())


def test_a_checkbox_group_is_not_rendered_as_radios():
    """Django gives the input type to each option, not to the group: the group must still say checkboxes."""
    out = str(EverythingForm())
    ways_group = out[out.index("Ways of impact</legend>") :]
    ways_group = ways_group[: ways_group.index("</fieldset>")]
    assert '<div class="nhsuk-checkboxes" data-module="nhsuk-checkboxes"' in ways_group
    assert "nhsuk-radios" not in ways_group
    assert out.count('data-module="nhsuk-radios"') == 1  # the one RadioSelect field


@pytest.mark.django_db
def test_allauth_error_summary_uses_the_same_words_as_the_fields(client):
    """The summary is drawn before allauth's labels are reworded; its messages must still match."""
    response = client.post("/accounts/signup/", {})
    page = response.content.decode()
    start = page.index("nhsuk-error-summary__list")
    summary = page[start : page.index("</ul>", start)]
    for message in ["Enter your name", "Enter email address", "Enter password", "Enter confirm password"]:
        assert message + "</a>" in summary
        assert f'<span class="nhsuk-u-visually-hidden">Error:</span> {message}' in page
