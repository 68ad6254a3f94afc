"""Every write to institutions, memberships and domains goes through these functions."""

from .domains import domain_add, domain_remove
from .memberships import (
    membership_change,
    membership_decide,
    membership_leave,
    membership_remove,
    membership_request,
)
from .registration import institution_decide, institution_register, institution_update

__all__ = [
    "domain_add",
    "domain_remove",
    "institution_decide",
    "institution_register",
    "institution_update",
    "membership_change",
    "membership_decide",
    "membership_leave",
    "membership_remove",
    "membership_request",
]
