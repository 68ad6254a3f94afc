"""Moderation queues for institutions (listed on the moderators' hub, /moderation/)."""

from moderation.registry import Queue, register

from .selectors import institutions_awaiting_approval, membership_requests_without_admin

register(
    Queue(
        key="institutions.awaiting_approval",
        title="Institutions waiting for approval",
        description="NHS organisations that staff registered because they were not listed yet.",
        url_name="institutions:awaiting_approval",
        items=institutions_awaiting_approval,
        waiting_since="created_at",
        permission="institutions.decide_institution",
        position=20,
    )
)
register(
    Queue(
        key="institutions.requests_without_admin",
        title="Requests to join institutions with no admin",
        description=(
            "Staff asking to join an NHS organisation that has no admin yet, whose email address did not "
            "prove they work there (nhs.net, for example). Only a moderator can decide them."
        ),
        url_name="institutions:requests_without_admin",
        items=membership_requests_without_admin,
        waiting_since="created_at",
        permission="institutions.moderate_memberships",
        position=30,
    )
)
