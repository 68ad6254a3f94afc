"""Reads for engagement models (and, later, engagements)."""

from django.db.models import QuerySet

from .models import EngagementModel


def engagement_models_active() -> QuerySet[EngagementModel]:
    """The models institutions may choose and movements may propose under, in display order."""
    return EngagementModel.objects.filter(is_active=True).order_by("position", "name")
