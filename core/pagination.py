"""Pages of a list, forgiving of stale and mistyped links."""

from collections.abc import Sequence
from typing import TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def page_of(object_list: QuerySet[M] | Sequence[M], number: object, *, per_page: int) -> Page[M]:
    """The page asked for, or the nearest one there is.

    `?page=abc` (or none) is the first page, `?page=0` too, and `?page=99` of a list with three
    pages is the third: a link saved before the list shrank still shows results, never an error.
    """
    paginator = Paginator(object_list, per_page)
    try:
        wanted = int(str(number).strip())
    except (TypeError, ValueError):
        wanted = 1
    return paginator.page(min(max(wanted, 1), paginator.num_pages))
