import re

from django import forms

from core.forms import ConfirmNewNameMixin, FilterForm, Form, ModelForm, ModelMultipleChoiceField
from core.regions import INSTITUTION_REGIONS
from engagements.selectors import engagement_models_active

from .domains import InvalidDomain, is_shared_domain, normalise_domain
from .models import REQUEST_NOTE_MAX_LENGTH, Institution, Membership, OrgType
from .selectors import institutions_named_like
from .validators import normalise_ods_code, validate_ods_code

ANY = [("", "Any")]


class DirectoryFilterForm(FilterForm):
    message_labels = {"q": "Your search"}

    q = forms.CharField(label="Name or ODS code", required=False, max_length=100)
    org_type = forms.ChoiceField(label="Organisation type", required=False, choices=ANY + OrgType.choices)
    region = forms.ChoiceField(label="Region", required=False, choices=ANY + INSTITUTION_REGIONS)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)


def _split_domains(value: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", value or "") if part]


class _InstitutionNameCheck(ConfirmNewNameMixin):
    """Another institution with this name (ODS codes differ: many GP practices share a name)."""

    confirm_label = "This is a different institution"
    confirm_hint = "Tick this if none of the institutions above is yours, then send the form again."
    matches_advice = (
        "If one of these is your organisation, ask to join it from its page instead of registering it again."
    )

    def similar_names(self, name):
        return institutions_named_like(name, visible_to=self.viewer, exclude=getattr(self, "instance", None))

    def describe_match(self, match):
        detail = f"ODS code {match.ods_code}, {match.get_org_type_display()}, {match.get_region_display()}"
        if not match.is_public:
            detail += f" ({match.get_status_display().lower()})"
        return {"name": match.name, "url": match.get_absolute_url(), "detail": detail}

    def matches_message(self, matches):
        if len(matches) == 1:
            return (
                f"There is already an institution called “{matches[0].name}” (ODS code {matches[0].ods_code}). "
                "If yours is a different institution, tick “This is a different institution” and send the form again"
            )
        return (
            f"There are already {len(matches)} institutions with this name. If yours is a different institution, "
            "tick “This is a different institution” and send the form again"
        )


class RegisterInstitutionForm(_InstitutionNameCheck, Form):
    message_labels = {"description": "Description"}

    name = forms.CharField(label="Name of the organisation", max_length=200)
    ods_code = forms.CharField(
        label="ODS code",
        max_length=20,
        help_text="The NHS Organisation Data Service code, 3 to 9 letters and numbers, like RR8 or Y02345. "
        "Find it in the ODS Portal.",
    )
    org_type = forms.ChoiceField(label="Type of organisation", choices=OrgType.selectable(), widget=forms.RadioSelect)
    region = forms.ChoiceField(label="Region", choices=[("", "Choose a region")] + INSTITUTION_REGIONS)
    website = forms.URLField(label="Website", required=False, max_length=300, assume_scheme="https")
    description = forms.CharField(
        label="About the organisation", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    proposed_domains = forms.CharField(
        label="Staff email domains",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The part after the @ in your staff's work email addresses, one per line, like "
        "example-trust.nhs.uk. Shared addresses such as nhs.net cannot be used.",
    )

    def clean_ods_code(self):
        code = normalise_ods_code(self.cleaned_data["ods_code"])
        validate_ods_code(code)
        return code

    def clean_proposed_domains(self):
        domains, problems = [], []
        for raw in _split_domains(self.cleaned_data["proposed_domains"]):
            try:
                domain = normalise_domain(raw)
            except InvalidDomain as exc:
                problems.append(f"{raw}: {exc}")
                continue
            if is_shared_domain(domain):
                problems.append(
                    f"{domain} is shared by many organisations or open to the public, so it cannot be used."
                )
            elif domain not in domains:
                domains.append(domain)
        if problems:
            raise forms.ValidationError(problems)
        return domains


class InstitutionEditForm(_InstitutionNameCheck, ModelForm):
    message_labels = {"description": "Description"}
    website = forms.URLField(label="Website", required=False, max_length=300, assume_scheme="https")
    # Posted as slugs, not row ids; only active models are offered.
    open_to_models = ModelMultipleChoiceField(
        label="Engagement models you are open to",
        queryset=engagement_models_active(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Movements see these on your profile, with what each side brings and keeps. Choose any that "
        "your organisation would consider, or none.",
        error_messages={
            "invalid_choice": "Choose from the engagement models listed. %(value)s is not one of them.",
            "invalid_list": "Choose from the engagement models listed.",
        },
    )

    class Meta:
        model = Institution
        fields = [
            "name",
            "org_type",
            "region",
            "website",
            "description",
            "response_deadline_working_days",
            "open_to_models",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        labels = {"description": "About the organisation"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = OrgType.selectable()
        if self.instance.org_type == OrgType.CCG:
            choices = [(OrgType.CCG.value, OrgType.CCG.label), *choices]
        self.fields["org_type"].choices = choices
        self.fields["response_deadline_working_days"].widget.attrs.update({"inputmode": "numeric"})
        offered = list(self.fields["open_to_models"].queryset)
        # The renderer looks hints up by choice value, which is the slug here.
        self.fields["open_to_models"].widget.attrs["choice_hints"] = {m.slug: m.summary for m in offered}


class JoinForm(Form):
    message_labels = {"request_note": "Your note"}

    request_note = forms.CharField(
        label="A note for the admins (optional)",
        required=False,
        max_length=REQUEST_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your role and team help them recognise you, for example ‘Staff nurse, ward 12’ or "
        "‘Patient experience lead’. Up to 300 characters.",
    )


class DecisionForm(Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("reject", "Turn down")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you turn it down. The person will see it.",
    )

    def clean(self):
        cleaned = super().clean()
        # A reason already refused (too long) is not also a missing one.
        if cleaned.get("decision") == "reject" and "reason" in cleaned and not cleaned["reason"].strip():
            self.add_error("reason", "Give a reason for turning it down. The person will see it.")
        return cleaned

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class MembershipChangeForm(Form):
    role = forms.ChoiceField(
        label="Role",
        choices=[
            (Membership.Role.MEMBER, "Member: can see the institution's engagements"),
            (Membership.Role.REVIEWER, "Reviewer: reviews proposals and answers them"),
            (Membership.Role.ADMIN, "Admin: also manages members, email domains and the profile"),
        ],
        widget=forms.RadioSelect,
    )
    is_signatory = forms.BooleanField(
        label="Signatory: may sign agreements for the institution",
        required=False,
    )

    def __init__(self, *args, role_locked_because: str = "", **kwargs):
        """`role_locked_because`: why the role cannot change now (the only admin stays an admin,
        institutions.can_change_role). The page then offers the signatory flag alone."""
        super().__init__(*args, **kwargs)
        self.role_locked_because = role_locked_because
        if role_locked_because:
            self.fields["role"].widget = forms.HiddenInput()
            self.fields["role"].required = False

    def clean(self):
        cleaned = super().clean()
        if self.role_locked_because:
            if cleaned.get("role") not in (None, "", Membership.Role.ADMIN):
                self.add_error(None, self.role_locked_because)
            cleaned["role"] = Membership.Role.ADMIN
        return cleaned


class RemoveMemberForm(Form):
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The person will see this.",
    )


class DomainForm(Form):
    domain = forms.CharField(
        label="Email domain",
        max_length=253,
        help_text="The part after the @, like example-trust.nhs.uk. You need a confirmed address at it.",
    )

    def clean_domain(self):
        try:
            domain = normalise_domain(self.cleaned_data["domain"])
        except InvalidDomain as exc:
            raise forms.ValidationError(str(exc)) from exc
        if is_shared_domain(domain):
            raise forms.ValidationError(
                f"{domain} is shared by many organisations or open to the public, so it cannot prove that someone "
                "works here."
            )
        return domain
