"""One engagement: its state, what happens next, the timeline, the comments and the actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.forms import add_service_errors

from .. import selectors, selectors_accountability, selectors_purpose, services
from ..forms import AssignForm, CommentForm, NoteForm
from ._common import engagement_or_404


def assign_form(engagement, data=None, choices=None):
    choices = selectors.reviewer_choices(engagement) if choices is None else choices
    return AssignForm(data, people=[(key, person.display_name or person.email) for key, person in choices])


def detail_page(request, engagement, *, status=200, **forms):
    """The page, with any bound form that failed in place of its empty one (what was typed stays)."""
    user = request.user
    context = selectors.engagement_page(engagement=engagement, user=user)
    can = {
        "comment": user.has_perm("engagements.create_comment", engagement),
        "note": user.has_perm("engagements.create_reviewer_note", engagement),
        "edit": user.has_perm("engagements.edit_engagement", engagement),
        "delete": user.has_perm("engagements.discard_draft", engagement),
    }
    actions = {t.action: t for t in context["actions"]}
    # The reviewing side's people are read once, and only for someone who may assign.
    choices = selectors.reviewer_choices(engagement) if "assign" in actions else []
    own_key = next((key for key, person in choices if person == user), None)
    if "assign" in actions and "assign_form" not in forms:
        forms["assign_form"] = assign_form(engagement, choices=choices)
    context.update(_accountability_context(engagement, user, actions))
    context.update(
        can=can,
        action_names=set(actions),
        own_reviewer_key=own_key,
        comment_form=forms.get("comment_form") or (CommentForm() if can["comment"] else None),
        note_form=forms.get("note_form") or (NoteForm() if can["note"] else None),
        assign_form=forms.get("assign_form"),
        failed_forms=[form for form in forms.values() if form.is_bound and form.errors],
        editable_comments={c.pk for c in context["comments"] if user.has_perm("engagements.edit_comment", c)},
        purpose_summary=selectors_purpose.purpose_summary(engagement=engagement, user=user),
    )
    return render(request, "engagements/detail.html", context, status=status)


def _accountability_context(engagement, user, actions):
    """The accountability block (templates/engagements/_accountability.html): one query before
    acceptance, four with an agreement in force (selectors_accountability.accountability_block)."""
    block = selectors_accountability.accountability_block(engagement=engagement)
    agreement_url = reverse("engagements:agreement", kwargs={"engagement_uuid": engagement.uuid})
    return {
        "accountability": block,
        "agreement_url": agreement_url if block["agreement"] is not None else "",
        "can_checkin": block["agreement"] is not None and user.has_perm("engagements.record_checkin", engagement),
        "can_end": "end" in actions,
        "can_complete": "complete" in actions,
    }


@login_required
@require_GET
def engagement_detail(request, engagement_uuid):
    return detail_page(request, engagement_or_404(request, engagement_uuid))


@login_required
@require_POST
def engagement_assign(request, engagement_uuid):
    engagement = engagement_or_404(request, engagement_uuid, perm="engagements.assign_engagement")
    form = assign_form(engagement, request.POST)
    if form.is_valid():
        people = dict(selectors.reviewer_choices(engagement))
        reviewer = people[form.cleaned_data["reviewer"]]
        try:
            services.engagement_assign(actor=request.user, engagement=engagement, reviewer=reviewer)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            who = "you" if reviewer == request.user else reviewer.display_name
            messages.success(request, f"The proposal is assigned to {who}.")
            return redirect(engagement.get_absolute_url())
    return detail_page(request, engagement, status=400, assign_form=form)


@login_required
@require_POST
def comment_add(request, engagement_uuid):
    engagement = engagement_or_404(request, engagement_uuid, perm="engagements.create_comment")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.comment_create(actor=request.user, engagement=engagement, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your comment is posted. You can change it for 15 minutes.")
            return redirect(f"{engagement.get_absolute_url()}#comment-{comment.uuid}")
    return detail_page(request, engagement, status=400, comment_form=form)


@login_required
@require_POST
def note_add(request, engagement_uuid):
    engagement = engagement_or_404(request, engagement_uuid, perm="engagements.create_reviewer_note")
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.reviewer_note_create(actor=request.user, engagement=engagement, body=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your note is saved. Only your side's reviewers see it.")
            return redirect(f"{engagement.get_absolute_url()}#reviewer-notes")
    return detail_page(request, engagement, status=400, note_form=form)
