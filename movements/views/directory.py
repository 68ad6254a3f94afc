from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ..forms import DirectoryFilterForm

PAGE_SIZE = 20


@require_GET
def movement_list(request):
    """The public directory: search, filters and pages, all in the query string."""
    ways = list(selectors.way_of_impact_choices())
    focus_areas = list(selectors.focus_area_choices())
    form = DirectoryFilterForm(request.GET or None, ways=ways, focus_areas=focus_areas)
    status = 200
    filters = selectors.DirectoryFilters()
    if form.is_bound:
        valid = form.is_valid()
        data = form.cleaned_data  # the fields that were valid, even when others were not
        filters = selectors.DirectoryFilters(
            query=data.get("q", ""),
            ways=data.get("way", []),
            regions=data.get("region", []),
            stages=data.get("stage", []),
            focus=data.get("focus", []),
            open_only=data.get("open", False),
        )
        status = 200 if valid else 400
    paginator = Paginator(selectors.movement_directory(filters=filters), PAGE_SIZE)
    try:
        page_obj = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("There is no such page of results.") from None
    active_filters = bool(filters.ways or filters.regions or filters.stages or filters.focus or filters.open_only)
    return render(
        request,
        "movements/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "movements": page_obj.object_list,
            "query": filters.query,
            "active_filters": active_filters,
        },
        status=status,
    )
