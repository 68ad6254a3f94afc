"""The engagement models, for anyone: what each asks of an institution and what the movement keeps."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors


@require_GET
def model_list(request):
    return render(request, "engagements/models.html", {"models": list(selectors.engagement_models_active())})


@require_GET
def model_detail(request, slug):
    model = selectors.engagement_model_by_slug(slug)
    if model is None:
        raise Http404("No engagement model at this address.")
    institutions = list(selectors.institutions_open_to(model))
    return render(request, "engagements/model_detail.html", {"model": model, "institutions": institutions})
