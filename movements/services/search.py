from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db.models import TextField, Value

from ..models import Movement

SEARCH_CONFIG = "english"


def movement_search_refresh(*, movement: Movement) -> None:
    """Rebuild the movement's weighted search document (PostgreSQL only).

    Name weighs most, then summary and focus areas, then the description, so a
    name match ranks above a passing mention. Called by every service that
    changes those fields, in the same transaction.
    """
    if not settings.IS_POSTGRES:
        return
    focus_text = " ".join(movement.focus_areas.values_list("name", flat=True))
    Movement.objects.filter(pk=movement.pk).update(
        search_vector=(
            SearchVector("name", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector(Value(focus_text, output_field=TextField()), weight="B", config=SEARCH_CONFIG)
            + SearchVector("description", weight="C", config=SEARCH_CONFIG)
        )
    )
