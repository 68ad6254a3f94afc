"""Proposing: choose who proposes, to whom and how; then the questions, one page each, saved as a draft on
every page; then "Check your answers" and send. The choices before the draft exists are GET pages (nothing
is typed there); from the first question on, every page saves what is valid, so nothing is lost."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.contract import error_messages
from core.decorators import login_required_keeping_post
from core.forms import add_service_errors

from .. import forms, lifecycle, selectors, services
from ..models import Engagement
from ..services.proposals import missing_fields
from ._common import engagement_or_404

Direction = Engagement.Direction

# The questions in the order they are asked: (slug in the URL, form, the page's heading).
STEPS = [
    ("title", forms.TitleForm, "Title"),
    ("ask", forms.AskForm, "What you are asking for"),
    ("brings", forms.BringsForm, "What each side brings"),
    ("purpose", forms.PurposeForm, "The shared purpose"),
    ("timescale", forms.TimescaleForm, "Timescale"),
]


def step_url(engagement, slug, *, back_to_check=False):
    url = reverse("engagements:step", kwargs={"engagement_uuid": engagement.uuid, "step": slug})
    return f"{url}?return=check" if back_to_check else url


def check_url(engagement):
    return reverse("engagements:check", kwargs={"engagement_uuid": engagement.uuid})


def _new_page(request, step, form, *, hidden=(), context=None, status=200):
    context = context or {}
    context["to_institution"] = context.get("direction") == Direction.TO_INSTITUTION
    return render(
        request,
        "engagements/new.html",
        {"step": step, "form": form, "hidden": hidden, **context},
        status=status,
    )


def _bound(data, key):
    return data if key in data else None


@login_required
@require_http_methods(["GET", "POST"])
def engagement_new(request):
    data = request.POST if request.method == "POST" else request.GET
    wanted = data.get("to", "")
    sides = selectors.proposer_sides(request.user)
    if wanted.startswith("institution:"):
        sides = [side for side in sides if side[0].startswith("movement:")]
    elif wanted.startswith("movement:"):
        sides = [side for side in sides if side[0].startswith("institution:")]
    if not sides:
        return render(request, "engagements/new_nobody.html", {"wanted": wanted}, status=403)

    # 1. Who proposes (asked only of someone with several movements or institutions).
    side_form = forms.SideForm(_bound(data, "for"), sides=[(key, label) for key, label, _ in sides])
    if len(sides) == 1:
        key, _, proposer = sides[0]
    elif side_form.is_bound and side_form.is_valid():
        key = side_form.cleaned_data["side"]
        proposer = next(obj for k, _, obj in sides if k == key)
    else:
        hidden = [("to", wanted)] if wanted else []
        return _new_page(request, "side", side_form, hidden=hidden, status=400 if side_form.is_bound else 200)
    hidden = [("for", key)]

    # 2. To whom.
    direction = Direction.TO_INSTITUTION if key.startswith("movement:") else Direction.TO_MOVEMENT
    if direction == Direction.TO_INSTITUTION:
        partners = {f"institution:{i.ods_code}": i for i in selectors.institutions_taking_proposals()}
        label = "Which institution are you proposing to?"
    else:
        partners = {f"movement:{m.slug}": m for m in selectors.movements_taking_proposals()}
        label = "Which movement are you proposing to?"
    partner_form = forms.PartnerForm(
        _bound(data, "to"), partners=[(k, p.name) for k, p in partners.items()], label=label
    )
    if not (partner_form.is_bound and partner_form.is_valid()):
        context = {"proposer": proposer, "direction": direction, "nobody": not partners}
        status = 400 if partner_form.is_bound else 200
        return _new_page(request, "partner", partner_form, hidden=hidden, context=context, status=status)
    partner = partners[partner_form.cleaned_data["to"]]
    hidden.append(("to", partner_form.cleaned_data["to"]))

    # 3. How: the model (the institution's choice when a movement proposes). Posting it starts the draft.
    movement, institution = (proposer, partner) if direction == Direction.TO_INSTITUTION else (partner, proposer)
    models = selectors.models_for_proposal(direction=direction, institution=institution)
    model_form = forms.ModelChoiceForm(data if request.method == "POST" else None, models=models)
    if request.method == "POST" and model_form.is_valid():
        try:
            engagement = services.engagement_draft_create(
                actor=request.user,
                direction=direction,
                movement=movement,
                institution=institution,
                model=model_form.chosen(),
            )
        except ValidationError as error:
            add_service_errors(model_form, error)
        else:
            messages.success(request, "We have saved your proposal as a draft. It is saved again on every page.")
            return redirect(step_url(engagement, STEPS[0][0]))
    context = {"proposer": proposer, "partner": partner, "direction": direction, "models": models}
    status = 400 if model_form.is_bound else 200
    return _new_page(request, "model", model_form, hidden=hidden, context=context, status=status)


def _step_form(engagement, form_class, data=None, *, lenient=False):
    required = () if lenient else engagement.model.required_field_names
    initial = {name: getattr(engagement, name) for name in form_class.base_fields}
    form = form_class(data, initial=initial, required=required)
    if lenient:
        for field in form.fields.values():
            field.required = False
    return form


@login_required_keeping_post
@require_http_methods(["GET", "POST"])
def proposal_step(request, engagement_uuid, step):
    engagement = engagement_or_404(request, engagement_uuid, perm="engagements.edit_engagement")
    slugs = [slug for slug, _, _ in STEPS]
    if step not in slugs:
        raise Http404("No such question.")
    index = slugs.index(step)
    _, form_class, heading = STEPS[index]
    back_to_check = request.GET.get("return") == "check"
    later = "later" in request.POST
    kept = request.kept_post  # typed before their session ended: shown again to check, not yet saved
    if kept is not None:
        messages.info(request, "You were signed out before this was saved. Check your answer and continue.")
    form = _step_form(engagement, form_class, request.POST if request.method == "POST" else kept, lenient=later)
    if request.method == "POST":
        valid = form.is_valid()
        # Keep what is valid even when another field is not: nothing typed is lost.
        saved = {name: value for name, value in form.cleaned_data.items() if name in form_class.base_fields}
        if saved:
            services.engagement_draft_update(actor=request.user, engagement=engagement, **saved)
        if valid:
            if later:
                messages.success(request, "Your proposal is saved. You can carry on from your engagements.")
                return redirect("engagements:mine")
            if back_to_check or index == len(STEPS) - 1:
                return redirect(check_url(engagement))
            return redirect(step_url(engagement, slugs[index + 1]))
    previous = check_url(engagement) if back_to_check else (step_url(engagement, slugs[index - 1]) if index else None)
    return render(
        request,
        "engagements/step.html",
        {
            "engagement": engagement,
            "form": form,
            "heading": heading,
            "step": step,
            "number": index + 1,
            "count": len(STEPS),
            "previous": previous,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _answers(engagement):
    """The summary list rows: (label, value, change link, missing message)."""
    missing = missing_fields(engagement)
    rows = []
    for slug, form_class, _ in STEPS:
        for name in form_class.base_fields:
            label = Engagement._meta.get_field(name).verbose_name
            rows.append(
                {
                    "name": name,
                    "label": label[:1].upper() + label[1:],
                    "value": getattr(engagement, name),
                    "change": step_url(engagement, slug, back_to_check=True),
                    "missing": missing.get(name, ""),
                }
            )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def proposal_check(request, engagement_uuid):
    engagement = engagement_or_404(request, engagement_uuid, perm="engagements.edit_engagement")
    resending = engagement.status == Engagement.Status.CHANGES_REQUESTED
    refused = []
    if request.method == "POST":
        send = services.engagement_resubmit if resending else services.engagement_submit
        try:
            send(actor=request.user, engagement=engagement)
        except ValidationError as error:
            refused = error_messages(error)
        else:
            messages.success(request, "Your proposal has been sent. We will tell you when they respond.")
            return redirect(engagement.get_absolute_url())
    rows = _answers(engagement)
    # Each refusal links to the question that answers it.
    links = {row["missing"]: row["change"] for row in rows if row["missing"]}
    problems = [(links.get(message, ""), message) for message in refused]
    return render(
        request,
        "engagements/check.html",
        {
            "engagement": engagement,
            "rows": rows,
            "problems": problems,
            "resending": resending,
            "transition": lifecycle.transition_for("resubmit" if resending else "submit"),
        },
        status=400 if problems else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_delete(request, engagement_uuid):
    engagement = engagement_or_404(request, engagement_uuid, perm="engagements.discard_draft")
    if request.method == "POST":
        services.engagement_draft_delete(actor=request.user, engagement=engagement)
        messages.success(request, f"We have deleted the draft “{engagement.title or 'Untitled proposal'}”.")
        return redirect("engagements:mine")
    return render(request, "engagements/delete.html", {"engagement": engagement})
