"""The moderators' hub: every queue with how much is waiting."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .decorators import moderator_page


# Outermost, so that to anyone else the page does not exist whatever the method.
@moderator_page()
@require_GET
def hub(request):
    return render(request, "moderation/hub.html", {"summaries": selectors.queue_summaries(user=request.user)})
