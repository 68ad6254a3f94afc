"""The name key is the same in Python and in the database, so the indexed lookup finds what it should."""

import pytest

from core.names import IGNORED, comparable, name_key, name_key_expression
from movements.models import Movement
from tests.movements.factories import MovementFactory

pytestmark = pytest.mark.django_db

NAMES = [
    "Breathe Together",
    "breathe-together!",
    "St. Mary's & St. Paul's (Surgery)",
    "“Quoted” – with dashes — and_underscores",
    "Nurses/Allies: Together; Again?",
]


@pytest.mark.parametrize("name", NAMES)
def test_python_and_the_database_reduce_a_name_alike(name):
    movement = MovementFactory(name=name)
    stored = Movement.objects.annotate(key=name_key_expression("name")).get(pk=movement.pk).key
    assert stored == name_key(name)
    assert not set(stored) & set(IGNORED)


def test_names_that_cannot_match_ask_nothing():
    assert comparable("") is None and comparable("!!! ...") is None and comparable("a\x00b") is None
    assert comparable("x" * 301) is None
    assert comparable("The Surgery") == "thesurgery"
