"""Moderators' list of requests to join institutions that have nobody else to decide them."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.pagination import page_of
from moderation.decorators import queue_page

from .. import selectors

PAGE_SIZE = 25


@queue_page("institutions.requests_without_admin")
@require_GET
def requests_without_admin(request):
    page = page_of(selectors.membership_requests_without_admin(), request.GET.get("page"), per_page=PAGE_SIZE)
    return render(request, "institutions/requests_without_admin.html", {"page_obj": page})
