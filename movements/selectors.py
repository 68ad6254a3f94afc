"""Reads about movements: the public directory and search, profiles, people's own movements."""

from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.selectors import verified_emails
from accounts.types import Viewer
from core.names import comparable, name_key_expression

from .models import FocusArea, Invitation, Movement, MovementRegion, Organiser, WayOfImpact
from .services.search import SEARCH_CONFIG


@dataclass
class DirectoryFilters:
    query: str = ""
    ways: list[str] = field(default_factory=list)  # WayOfImpact slugs
    regions: list[str] = field(default_factory=list)  # core.regions.Region values
    stages: list[str] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)  # FocusArea slugs
    open_only: bool = False


def _with_card_relations(qs: QuerySet[Movement]) -> QuerySet[Movement]:
    """Everything a directory card or profile shows, in a fixed number of queries."""
    return qs.prefetch_related(
        Prefetch("ways_of_impact", queryset=WayOfImpact.objects.order_by("position")),
        Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position")),
        Prefetch("region_rows", queryset=MovementRegion.objects.order_by("region")),
    )


def _search_sqlite(qs: QuerySet[Movement], query: str) -> QuerySet[Movement]:
    """Fallback without full-text search: every word must appear somewhere;
    name matches first, then summary, then the rest."""
    terms = query.split()[:10]

    def term_matches(term: str) -> Q:
        focus_hits = Movement.focus_areas.through.objects.filter(focusarea__name__icontains=term).values("movement_id")
        return (
            Q(name__icontains=term) | Q(summary__icontains=term) | Q(description__icontains=term) | Q(pk__in=focus_hits)
        )

    qs = qs.filter(reduce(and_, (term_matches(t) for t in terms)))
    name_all = reduce(and_, (Q(name__icontains=t) for t in terms))
    name_any = reduce(lambda a, b: a | b, (Q(name__icontains=t) for t in terms))
    summary_any = reduce(lambda a, b: a | b, (Q(summary__icontains=t) for t in terms))
    return qs.annotate(
        relevance=Case(
            When(name_all, then=Value(0)),
            When(name_any, then=Value(1)),
            When(summary_any, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    ).order_by("relevance", "name")


def _search_postgres(qs: QuerySet[Movement], query: str) -> QuerySet[Movement]:
    search = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        qs.filter(search_vector=search).annotate(rank=SearchRank(F("search_vector"), search)).order_by("-rank", "name")
    )


def movement_directory(*, filters: DirectoryFilters) -> QuerySet[Movement]:
    """Approved movements matching the filters, ranked by the search when there is one."""
    qs = Movement.objects.filter(status=Movement.Status.APPROVED)
    if filters.ways:
        ways = Movement.ways_of_impact.through.objects.filter(wayofimpact__slug__in=filters.ways)
        qs = qs.filter(pk__in=ways.values("movement_id"))
    if filters.focus:
        focus = Movement.focus_areas.through.objects.filter(focusarea__slug__in=filters.focus)
        qs = qs.filter(pk__in=focus.values("movement_id"))
    if filters.regions:
        qs = qs.filter(pk__in=MovementRegion.objects.filter(region__in=filters.regions).values("movement_id"))
    if filters.stages:
        qs = qs.filter(stage__in=filters.stages)
    if filters.open_only:
        qs = qs.filter(open_to_proposals=True)
    query = filters.query.strip()
    if query:
        qs = _search_postgres(qs, query) if settings.IS_POSTGRES else _search_sqlite(qs, query)
    else:
        qs = qs.order_by("name")
    return _with_card_relations(qs)


def _seen_by(user: Viewer | None) -> Q:
    """The movements `user` may see (the rule movements.see_movement, as a filter)."""
    public = Q(status=Movement.Status.APPROVED) | Q(
        status=Movement.Status.CLOSED, status_before_closing=Movement.Status.APPROVED
    )
    if user is None or not user.is_authenticated:
        return public
    if user.has_perm("movements.moderate_movement"):
        return Q()
    return public | Q(pk__in=Organiser.objects.filter(user=user).values("movement_id"))


def movements_named_like(
    name: str, *, visible_to: Viewer | None, exclude: Movement | None = None, limit: int = 5
) -> list[Movement]:
    """Movements whose name is `name` but for case, spaces and punctuation (core.names), that
    `visible_to` may see (None: a visitor), public ones first. One indexed query, none for a
    name that cannot match."""
    key = comparable(name)
    if key is None:
        return []
    found = Movement.objects.alias(name_key=name_key_expression("name")).filter(_seen_by(visible_to), name_key=key)
    if exclude is not None and exclude.pk:
        found = found.exclude(pk=exclude.pk)
    first_public = Case(When(status=Movement.Status.APPROVED, then=0), default=1)
    return list(
        found.only("slug", "name", "summary", "status", "status_before_closing").order_by(first_public, "name", "pk")[
            :limit
        ]
    )


def movement_for_slug(slug: str) -> tuple[Movement | None, bool]:
    """(movement, moved): the movement at this address, and whether `slug` is one of its old ones."""
    movement = _with_card_relations(Movement.objects.filter(slug=slug)).first()
    if movement is not None:
        return movement, False
    movement = _with_card_relations(Movement.objects.filter(old_slugs__slug=slug)).first()
    return movement, movement is not None


def movement_organisers(*, movement: Movement) -> list[Organiser]:
    """Leads first, then by name. Each row's `.movement` is `movement` itself (no query), and the
    leads are counted into the movement's remembered lead count, so the rules asked of every
    row ("may this one be made an organiser?") cost nothing more."""
    rows = list(
        movement.organisers.select_related("user").order_by(
            Case(When(role=Organiser.Role.LEAD, then=0), default=1), "user__display_name"
        )
    )
    movement.__dict__["_lead_count"] = sum(1 for row in rows if row.role == Organiser.Role.LEAD)
    return rows


def movement_open_invitations(*, movement: Movement) -> list[Invitation]:
    return list(
        Invitation.objects.filter(
            movement=movement, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        ).select_related("invited_by")
    )


def user_movements(*, user: Viewer) -> list[Organiser]:
    """The movements a person organises, with their role, for the dashboard."""
    if not user.is_authenticated:
        return []
    rows = list(Organiser.objects.filter(user=user).select_related("movement").order_by("movement__name"))
    for row in rows:
        # The rules asked of each movement on the dashboard (may reopen it?) read the role from here.
        row.movement.__dict__.setdefault("_organiser_roles", {})[user.pk] = row.role
    return rows


def user_waiting_invitations(*, user: Viewer) -> list[Invitation]:
    """Open invitations sent to any of the person's verified addresses."""
    if not user.is_authenticated:
        return []
    return list(
        Invitation.objects.filter(
            email__in=verified_emails(user),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .exclude(movement__organisers__user=user)
        .select_related("movement", "invited_by")
    )


def way_of_impact_choices() -> QuerySet[WayOfImpact]:
    return WayOfImpact.objects.order_by("position")


def focus_area_choices() -> QuerySet[FocusArea]:
    return FocusArea.objects.order_by("position")


def movements_awaiting_approval() -> QuerySet[Movement]:
    """Pending movements, longest waiting first, each with its lead organisers in `leads`."""
    leads = Organiser.objects.filter(role=Organiser.Role.LEAD).select_related("user").order_by("created_at")
    return (
        Movement.objects.filter(status=Movement.Status.PENDING)
        .only("slug", "name", "submitted_at", "rejection_reason", "status")
        .prefetch_related(Prefetch("organisers", queryset=leads, to_attr="leads"))
        .order_by("submitted_at", "pk")
    )
