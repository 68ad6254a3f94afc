"""Reads that span relations: the directory, profiles, member lists, dashboards."""

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When

from accounts.models import User
from accounts.types import Viewer
from core.names import comparable, name_key_expression
from engagements.models import EngagementModel
from engagements.selectors import engagement_models_active

from .models import Institution, Membership, VerifiedDomain


def institution_directory(*, query: str = "", org_type: str = "", region: str = "") -> QuerySet[Institution]:
    """Approved institutions matching a search by name or ODS code, and the filters.

    Two queries per page: the institutions, then the engagement models they are open to.
    """
    institutions = Institution.objects.filter(status=Institution.Status.APPROVED)
    query = (query or "").strip()
    if query:
        institutions = institutions.filter(Q(name__icontains=query) | Q(ods_code__iexact=query.upper()))
    if org_type:
        institutions = institutions.filter(org_type=org_type)
    if region:
        institutions = institutions.filter(region=region)
    return (
        institutions.only("uuid", "name", "ods_code", "org_type", "region", "status")
        .prefetch_related(
            Prefetch("open_to_models", queryset=engagement_models_active().only("name"), to_attr="open_models")
        )
        .order_by("name", "ods_code")
    )


def institutions_named_like(
    name: str, *, visible_to: Viewer | None, exclude: Institution | None = None, limit: int = 5
) -> list[Institution]:
    """Institutions whose name is `name` but for case, spaces and punctuation (core.names), that
    `visible_to` may see (None: a visitor), approved ones first. One indexed query, none for a
    name that cannot match."""
    key = comparable(name)
    if key is None:
        return []
    found = Institution.objects.alias(name_key=name_key_expression("name")).filter(name_key=key)
    if visible_to is None or not visible_to.is_authenticated:
        found = found.filter(status=Institution.Status.APPROVED)
    elif not visible_to.has_perm("institutions.decide_institution"):
        mine = Membership.objects.filter(user=visible_to, status__in=Membership.ACTIVE_STATUSES)
        found = found.filter(Q(status=Institution.Status.APPROVED) | Q(pk__in=mine.values("institution_id")))
    if exclude is not None and exclude.pk:
        found = found.exclude(pk=exclude.pk)
    first_approved = Case(When(status=Institution.Status.APPROVED, then=Value(0)), default=Value(1))
    return list(
        found.only("name", "ods_code", "org_type", "region", "status").order_by(first_approved, "name", "ods_code")[
            :limit
        ]
    )


def institution_by_ods_code(ods_code: str) -> Institution | None:
    return Institution.objects.filter(ods_code=ods_code).first()


def institution_engagement_models(institution: Institution) -> list[EngagementModel]:
    """The active engagement models the institution is open to, in display order. One query."""
    return list(institution.open_to_models.filter(is_active=True).order_by("position", "name"))


def membership_of(*, user: Viewer | None, institution: Institution | None) -> Membership | None:
    """The person's active (pending or verified) membership, if any: there is at most one.

    Remembered on the institution object, so a page that asks the rules several questions
    about one institution (and shows the membership itself) costs one query. The services
    decide on a fresh, locked copy and call memberships_forget on the objects they were given.
    """
    if user is None or not user.is_authenticated or institution is None:
        return None
    remembered: dict[int, Membership | None] = institution.__dict__.setdefault("_memberships_of", {})
    if user.pk not in remembered:
        remembered[user.pk] = (
            Membership.objects.filter(user=user, institution=institution, status__in=Membership.ACTIVE_STATUSES)
            .order_by("-created_at")
            .first()
        )
    return remembered[user.pk]


def memberships_forget(institution: Institution | None) -> None:
    """Forget what the object remembered about memberships: the services call it after changing one,
    so a rule asked again about the same object (later in the request, or in a test) sees the change."""
    if institution is not None:
        institution.__dict__.pop("_memberships_of", None)
        institution.__dict__.pop("_has_admin", None)
        institution.__dict__.pop("_admin_count", None)


def institution_admin_count(institution: Institution | None) -> int:
    """How many verified admins it has ("may the last one step down?"). Remembered on the object."""
    if institution is None:
        return 0
    if "_admin_count" not in institution.__dict__:
        institution.__dict__["_admin_count"] = Membership.objects.filter(
            institution=institution, status=Membership.Status.VERIFIED, role=Membership.Role.ADMIN
        ).count()
    count: int = institution.__dict__["_admin_count"]
    return count


def institution_has_admin(institution: Institution | None) -> bool:
    """Whether anyone is a verified admin of it yet. Remembered on the institution object."""
    if institution is None:
        return False
    if "_has_admin" not in institution.__dict__:
        institution.__dict__["_has_admin"] = Membership.objects.filter(
            institution=institution, status=Membership.Status.VERIFIED, role=Membership.Role.ADMIN
        ).exists()
    return bool(institution.__dict__["_has_admin"])


def institution_domains(institution: Institution) -> list[VerifiedDomain]:
    return list(VerifiedDomain.objects.filter(institution=institution).select_related("verified_by"))


def institution_domain_names(institution: Institution) -> QuerySet[VerifiedDomain, str]:
    """The verified email domains' names, in order: who joins at once. Lazy: pages that do not show it pay nothing."""
    return VerifiedDomain.objects.filter(institution=institution).order_by("domain").values_list("domain", flat=True)


def institution_pending_requests(institution: Institution) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(institution=institution, status=Membership.Status.PENDING)
        .select_related("user")
        .order_by("created_at")
    )


def institution_members(institution: Institution) -> QuerySet[Membership]:
    """Verified members: admins, then reviewers, then members, each by name."""
    rank = Case(
        When(role=Membership.Role.ADMIN, then=Value(0)),
        When(role=Membership.Role.REVIEWER, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    # Through the institution, so each row's .institution is this object (no query per row) and the
    # rules asked of every row share what it remembers.
    return (
        institution.memberships.filter(status=Membership.Status.VERIFIED)
        .select_related("user")
        .order_by(rank, "user__display_name", "pk")
    )


def user_memberships(user: User) -> QuerySet[Membership]:
    """Someone's institutions (pending and verified), for their dashboard."""
    return (
        Membership.objects.filter(user=user, status__in=Membership.ACTIVE_STATUSES)
        .select_related("institution")
        .order_by("institution__name")
    )


def user_requests_to_decide(user: User) -> QuerySet[Membership]:
    """Pending requests at institutions this person is a verified admin of."""
    admin_of = Membership.objects.filter(
        user=user, status=Membership.Status.VERIFIED, role=Membership.Role.ADMIN
    ).values("institution_id")
    return (
        Membership.objects.filter(institution_id__in=admin_of, status=Membership.Status.PENDING)
        .select_related("user", "institution")
        .order_by("created_at")
    )


def institutions_awaiting_approval() -> QuerySet[Institution]:
    return (
        Institution.objects.filter(status=Institution.Status.PENDING)
        .select_related("requested_by")
        .order_by("created_at")
    )


def membership_requests_without_admin() -> QuerySet[Membership]:
    """Pending requests at institutions with no verified admin: only a moderator can decide
    them (the `institutions.decide_membership` rule). Longest waiting first."""
    admin = Membership.objects.filter(
        institution=OuterRef("institution"), status=Membership.Status.VERIFIED, role=Membership.Role.ADMIN
    )
    return (
        Membership.objects.filter(status=Membership.Status.PENDING)
        .filter(~Exists(admin))
        .select_related("user", "institution")
        .order_by("created_at", "pk")
    )
