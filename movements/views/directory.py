from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.pagination import page_of

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
    page_obj = page_of(selectors.movement_directory(filters=filters), request.GET.get("page"), per_page=PAGE_SIZE)
    active_count = len(filters.ways) + len(filters.regions) + len(filters.stages) + len(filters.focus)
    active_count += int(filters.open_only)
    return render(
        request,
        "movements/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "movements": page_obj.object_list,
            "query": filters.query,
            "active_filters": bool(active_count),
            "active_count": active_count,
        },
        status=status,
    )
