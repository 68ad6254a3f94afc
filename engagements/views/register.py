"""The public register of agreements at /agreements/ (see docs/agreements.md): the list with its
search and filters, the same list as CSV and JSON open data, and each agreement's public page."""

from django.http import Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.pagination import page_of

from .. import open_data
from .. import selectors_register as register
from ..forms_register import RegisterFilterForm

PAGE_SIZE = 20
CHECKINS_PER_PAGE = 50
FORMATS = ("html", "csv", "json")


def _text_error(message: str) -> HttpResponse:
    """A 400 for a script asking for open data: plain words, nothing echoed back."""
    return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")


def _filters(form: RegisterFilterForm) -> register.RegisterFilters:
    data = form.cleaned_data if form.is_bound else {}  # the fields that were valid, even when others were not
    return register.RegisterFilters(
        query=data.get("q", ""),
        institution=data.get("institution", ""),
        movement=data.get("movement", ""),
        models=data.get("model", []),
        ways=data.get("way", []),
        regions=data.get("region", []),
    )


def _site(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
def agreement_list(request):
    """The register: search, filters and pages in the query string; ?format=csv or json for the same
    agreements as open data (every page of them)."""
    fmt = request.GET.get("format", "html") or "html"
    if fmt not in FORMATS:
        return _text_error("Unknown format. Ask for format=csv or format=json, or leave format out for the web page.")
    params = request.GET.copy()
    params.pop("format", None)
    form = RegisterFilterForm(
        params or None,
        institutions=register.register_institution_choices(),
        movements=register.register_movement_choices(),
        models=register.register_model_choices(),
        ways=register.register_way_choices(),
    )
    valid = form.is_valid() if form.is_bound else True
    filters = _filters(form)
    if fmt != "html":
        # Open data is read by scripts: a filter we cannot apply is an error, never quietly dropped.
        if not valid:
            problems = [str(error) for errors in form.errors.values() for error in errors]
            return _text_error("We could not use this search: " + "; ".join(problems) + ".")
        if form.ignored:
            return _text_error(
                f"We did not recognise a filter value ({', '.join(form.ignored)}). "
                "Use the values listed on the register's page."
            )
        return _open_data(request, fmt, filters)
    page_obj = page_of(register.register_agreements(filters=filters), request.GET.get("page"), per_page=PAGE_SIZE)
    today = timezone.localdate()
    rows = []
    for agreement in page_obj.object_list:
        commitments = register.commitment_rows(agreement, today=today)
        rows.append(
            {
                "agreement": agreement,
                "tag": register.status_tag(agreement),
                "summary": register.commitment_summary(commitments),
                "ways": register.ways_of(agreement),
            }
        )
    # The filters as applied: a value the form left out is not carried into the download links.
    exports = form.data.copy() if form.is_bound else QueryDict(mutable=True)
    exports.pop("page", None)
    return render(
        request,
        "engagements/register/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rows": rows,
            "query": filters.query,
            "active_count": filters.count,
            "export_query": exports.urlencode(),
        },
        status=200 if valid else 400,
    )


def _open_data(request, fmt: str, filters: register.RegisterFilters) -> StreamingHttpResponse:
    agreements = register.register_agreements(filters=filters, signatures=True)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = StreamingHttpResponse(
            open_data.stream_csv(agreements, site=_site(request)), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            open_data.stream_json(agreements, site=_site(request)), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="common-ground-agreements-{stamp}.{fmt}"'
    return response


@require_GET
def agreement_detail(request, agreement_uuid):
    """One published agreement, for anyone: 404 unless it is public (its existence is not revealed)."""
    agreement = register.published_agreement(agreement_uuid)
    if agreement is None:
        raise Http404("No published agreement at this address.")
    commitments = register.commitment_rows(agreement)
    checkins = page_of(register.agreement_checkins(agreement), request.GET.get("page"), per_page=CHECKINS_PER_PAGE)
    engagement = agreement.engagement
    names = register.party_names(engagement)
    for checkin in checkins.object_list:
        checkin.party_name = names[checkin.side]
    site = _site(request)
    return render(
        request,
        "engagements/register/detail.html",
        {
            "agreement": agreement,
            "engagement": engagement,
            "version": agreement.in_force,
            "purpose": agreement.purpose,
            "ways": register.ways_of(agreement),
            "tag": register.status_tag(agreement),
            "commitments": commitments,
            "summary": register.commitment_summary(commitments),
            "signatures": [
                {"signature": signature, "party_name": names[signature.side]}
                for signature in agreement.in_force.signatures.all()
            ],
            "checkins": checkins,
            # Absolute, so a printed copy says where each link goes.
            "public_url": site + agreement.get_public_url(),
            "movement_url": site + reverse("movements:detail", kwargs={"slug": engagement.movement.slug}),
            "institution_url": site + reverse("institutions:detail", args=[engagement.institution.ods_code]),
        },
    )


urlpatterns = [
    path("", agreement_list, name="list"),
    path("<uuid:agreement_uuid>/", agreement_detail, name="detail"),
]
