"""When two names are "the same name": for warning about likely duplicates (movements, institutions).

"Breathe Together", "breathe together!" and " Breathe-Together " are one name here: case, spaces
and common punctuation are ignored. The same reduction exists twice, in Python (`name_key`, for
what someone typed) and as a database expression (`name_key_expression`, for the stored names),
so a model can index the expression and a lookup is one indexed query. Both strip exactly the
characters in IGNORED, and nothing else, so they agree (up to letter case outside ASCII on
SQLite, whose LOWER() folds only A-Z; PostgreSQL folds every letter, as Python does).
"""

from django.db.models import Value
from django.db.models.expressions import Expression
from django.db.models.functions import Lower, Replace

# Spaces and the punctuation people vary in a name without meaning another organisation.
IGNORED = " .,-–—_'’‘\"“”!?&()/:;"

# A name longer than any name column is no name we hold (and costs no query).
LONGEST = 300


def name_key(name: str) -> str:
    """The name reduced to what tells names apart: lower case, without IGNORED characters."""
    key = (name or "").lower()
    for character in IGNORED:
        key = key.replace(character, "")
    return key


def name_key_expression(field: str = "name") -> Expression:
    """The same reduction of a name column, for indexes and lookups."""
    expression: Expression = Lower(field)
    for character in IGNORED:
        expression = Replace(expression, Value(character), Value(""))
    return expression


def comparable(name: str) -> str | None:
    """The key to look `name` up by, or None when it cannot match a stored name."""
    if not name or len(name) > LONGEST or "\x00" in name:
        return None
    return name_key(name) or None
