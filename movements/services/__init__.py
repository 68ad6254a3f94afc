"""Every write to movements goes through one of these functions."""

from .closing import movement_close, movement_reopen
from .invitations import invitation_accept, invitation_create, invitation_revoke
from .moderation import movement_approve, movement_hide, movement_reject
from .movements import movement_create, movement_resubmit, movement_slug_change, movement_update
from .organisers import organiser_leave, organiser_remove, organiser_role_change
from .search import movement_search_refresh

__all__ = [
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "movement_approve",
    "movement_close",
    "movement_create",
    "movement_hide",
    "movement_reject",
    "movement_reopen",
    "movement_resubmit",
    "movement_search_refresh",
    "movement_slug_change",
    "movement_update",
    "organiser_leave",
    "organiser_remove",
    "organiser_role_change",
]
