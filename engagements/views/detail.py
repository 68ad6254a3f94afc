"""One engagement: its state, what happens next, the timeline, the comments and the actions."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ._common import engagement_or_404


@login_required
@require_GET
def engagement_detail(request, engagement_uuid):
    engagement = engagement_or_404(request, engagement_uuid)
    return render(
        request, "engagements/detail.html", selectors.engagement_page(engagement=engagement, user=request.user)
    )
