"""The lifecycle's decisions, each on a page of its own: request changes, accept, decline, withdraw;
and correcting one's own comment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.contract import error_messages, require
from core.forms import add_service_errors

from .. import services
from ..forms import CommentForm, DeclineForm, ReasonForm, WithdrawForm
from ..models import Comment
from ._common import engagement_or_404

# action: (form, template, service, what the person is told afterwards)
DECISIONS = {
    "request_changes": (ReasonForm, "engagements/request_changes.html", "We have asked the proposers for changes."),
    "accept": (None, "engagements/accept.html", "You have accepted the proposal. Both sides have been told."),
    "decline": (DeclineForm, "engagements/decline.html", "You have declined the proposal. The proposers know."),
    "withdraw": (WithdrawForm, "engagements/withdraw.html", "The engagement is withdrawn. Both sides have been told."),
}


def _decide(request, engagement, action, form):
    data = form.cleaned_data if form is not None else {}
    if action == "request_changes":
        services.engagement_request_changes(actor=request.user, engagement=engagement, reason=data["reason"])
    elif action == "accept":
        services.engagement_accept(actor=request.user, engagement=engagement)
    elif action == "decline":
        services.engagement_decline(
            actor=request.user, engagement=engagement, category=data["category"], reason=data["reason"]
        )
    else:
        services.engagement_withdraw(actor=request.user, engagement=engagement, reason=data.get("reason", ""))


def _decision_view(action):
    form_class, template, done = DECISIONS[action]

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, engagement_uuid):
        engagement = engagement_or_404(request, engagement_uuid, perm=f"engagements.{action}_engagement")
        form = form_class(request.POST if request.method == "POST" else None) if form_class else None
        problems = []
        if request.method == "POST" and (form is None or form.is_valid()):
            try:
                _decide(request, engagement, action, form)
            except ValidationError as error:
                if form is None:
                    problems = error_messages(error)
                else:
                    add_service_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(engagement.get_absolute_url())
        failed = bool(problems) or (form is not None and form.is_bound and form.errors)
        return render(
            request,
            template,
            {"engagement": engagement, "form": form, "problems": problems},
            status=400 if failed else 200,
        )

    view.__name__ = f"engagement_{action}"
    return view


engagement_request_changes = _decision_view("request_changes")
engagement_accept = _decision_view("accept")
engagement_decline = _decision_view("decline")
engagement_withdraw = _decision_view("withdraw")


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, engagement_uuid, comment_uuid):
    engagement = engagement_or_404(request, engagement_uuid)
    comment = Comment.objects.filter(engagement=engagement, uuid=comment_uuid).first()
    if comment is None:
        raise Http404("No such comment.")
    if comment.author_id != request.user.pk:
        require(request.user, "engagements.edit_comment", comment, "Only its author can change a comment.")
    if not request.user.has_perm("engagements.edit_comment", comment):
        messages.warning(request, "Comments can be changed only by their author, for 15 minutes after posting.")
        return redirect(f"{engagement.get_absolute_url()}#comment-{comment.uuid}")
    form = CommentForm(request.POST if request.method == "POST" else None, initial={"body": comment.body})
    form.fields["body"].label = "Your comment"
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(actor=request.user, comment=comment, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your comment is changed.")
            return redirect(f"{engagement.get_absolute_url()}#comment-{comment.uuid}")
    return render(
        request,
        "engagements/comment_edit.html",
        {"engagement": engagement, "comment": comment, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
