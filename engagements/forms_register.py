"""The public register's search and filters, read from the query string (no side effects)."""

from django import forms

from core.forms import FilterForm
from core.regions import INSTITUTION_REGIONS

SEARCH_LIMIT = 200


class RegisterFilterForm(FilterForm):
    """A value the form does not know (a renamed slug, a hand-edited address) is left out and named
    in `ignored` (FilterForm); a search too long or with a null character is an error."""

    message_labels = {"q": "Your search"}

    q = forms.CharField(label="Search agreements", required=False, max_length=SEARCH_LIMIT)
    institution = forms.ChoiceField(label="Institution", required=False)
    movement = forms.ChoiceField(label="Movement", required=False)
    model = forms.MultipleChoiceField(label="Engagement model", required=False, widget=forms.CheckboxSelectMultiple)
    way = forms.MultipleChoiceField(label="Ways of impact", required=False, widget=forms.CheckboxSelectMultiple)
    region = forms.MultipleChoiceField(
        label="Region of the institution",
        required=False,
        choices=INSTITUTION_REGIONS,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, institutions=(), movements=(), models=(), ways=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [("", "Any institution"), *institutions]
        self.fields["movement"].choices = [("", "Any movement"), *movements]
        self.fields["model"].choices = list(models)
        self.fields["way"].choices = list(ways)
