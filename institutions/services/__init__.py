"""Every write to institutions, memberships and domains goes through these functions."""

from .domains import domain_add, domain_remove
from .memberships import (
    membership_approve,
    membership_change,
    membership_leave,
    membership_reject,
    membership_remove,
    membership_request,
)
from .registration import institution_approve, institution_register, institution_reject, institution_update

__all__ = [
    "domain_add",
    "domain_remove",
    "institution_approve",
    "institution_register",
    "institution_reject",
    "institution_update",
    "membership_approve",
    "membership_change",
    "membership_leave",
    "membership_reject",
    "membership_remove",
    "membership_request",
]
