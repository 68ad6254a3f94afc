"""Reads for the agreement pages: the version in force, the draft, versions and their differences.

Each read is a fixed number of queries whatever the number of versions or commitments: a
version's commitments and signatures come with it in one query each (prefetch).
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Subquery

from core.diffing import field_changes

from .models import Agreement, AgreementVersion, Commitment, Side, Signature

VERSIONS_PER_PAGE = 20

TERM_LABELS = {
    "review_cadence": "Review cadence",
    "escalation_route": "Escalation route",
    "escalation_days": "Escalate after (days overdue)",
    "exit_terms": "Exit terms",
    "keeps_public_voice": "The movement keeps its right to speak publicly",
    "keeps_right_to_withdraw": "The movement keeps its right to withdraw",
    "no_endorsement_without_consent": "No endorsement without the movement's consent",
}
SAFEGUARD_REASONS = {
    "keeps_public_voice": "public_voice_off_reason",
    "keeps_right_to_withdraw": "withdraw_off_reason",
    "no_endorsement_without_consent": "endorsement_off_reason",
}
COMMITMENT_LABELS = {
    "party": "Who commits",
    "what": "What",
    "success_measure": "How success will be seen",
    "due_date": "Due date",
    "review_date": "Review date",
    "accountable_to": "Accountable to",
}


def _with_contents(versions: QuerySet[AgreementVersion]) -> QuerySet[AgreementVersion]:
    return versions.prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.order_by("position", "pk")),
        Prefetch("signatures", queryset=Signature.objects.order_by("signed_at")),
    )


def _labelled(versions: list[AgreementVersion], agreement: Agreement) -> list[AgreementVersion]:
    """Name the parties on each commitment for the page: who commits, and to whom it is
    accountable (the other side by name, or the named role or board). No queries."""
    engagement = agreement.engagement
    names = {Side.MOVEMENT: engagement.movement.name, Side.INSTITUTION: engagement.institution.name}
    for version in versions:
        for commitment in version.commitments.all():
            other = Side.INSTITUTION if commitment.party == Side.MOVEMENT else Side.MOVEMENT
            commitment.party_name = names.get(commitment.party, "")
            if commitment.accountable_to == Commitment.AccountableTo.OTHER_SIDE:
                label = names[other]
            else:
                label = f"{commitment.accountable_to_name} ({commitment.get_accountable_to_display().lower()})"
            commitment.accountable_label = label
    return versions


@dataclass
class AgreementPage:
    agreement: Agreement
    in_force: AgreementVersion | None
    latest: AgreementVersion
    changes: dict[str, Any] = field(default_factory=dict)

    @property
    def draft(self) -> AgreementVersion | None:
        """The version being drafted or signed now, if it is not the one in force."""
        return None if self.in_force is not None and self.latest.pk == self.in_force.pk else self.latest


def agreement_page(agreement: Agreement) -> AgreementPage:
    """The version in force and the latest version, with their commitments and signatures
    (queries: the two versions; their commitments; their signatures)."""
    ids = [agreement.in_force_id] if agreement.in_force_id else []
    latest_id = AgreementVersion.objects.filter(agreement=agreement).order_by("-number").values("pk")[:1]
    wanted = AgreementVersion.objects.filter(Q(pk__in=ids) | Q(pk__in=Subquery(latest_id)))
    rows = _labelled(list(_with_contents(wanted)), agreement)
    by_number = sorted(rows, key=lambda v: v.number)
    latest = by_number[-1]
    in_force = next((v for v in rows if v.pk == agreement.in_force_id), None)
    page = AgreementPage(agreement=agreement, in_force=in_force, latest=latest)
    if in_force is not None and latest.pk != in_force.pk:
        page.changes = version_changes(in_force, latest)
    return page


def version_list(agreement: Agreement, page_number: Any) -> Page:
    """Every version, newest first, with how many sides signed each (queries: count; page)."""
    versions = AgreementVersion.objects.filter(agreement=agreement).annotate(signature_count=Count("signatures"))
    return Paginator(versions.order_by("-number"), VERSIONS_PER_PAGE).get_page(page_number)


def version_by_number(agreement: Agreement, number: int) -> AgreementVersion | None:
    """One version with its commitments and signatures (queries: version; commitments; signatures)."""
    rows = _labelled(
        list(_with_contents(AgreementVersion.objects.filter(agreement=agreement, number=number))), agreement
    )
    return rows[0] if rows else None


def versions_by_number(agreement: Agreement, numbers: list[int]) -> dict[int, AgreementVersion]:
    rows = _with_contents(AgreementVersion.objects.filter(agreement=agreement, number__in=numbers))
    return {v.number: v for v in _labelled(list(rows), agreement)}


def _terms_text(version: AgreementVersion) -> dict[str, str]:
    text = {
        "review_cadence": version.get_review_cadence_display(),
        "escalation_route": version.escalation_route,
        "escalation_days": str(version.escalation_days),
        "exit_terms": version.exit_terms,
    }
    for safeguard, reason in SAFEGUARD_REASONS.items():
        on = getattr(version, safeguard)
        text[safeguard] = "On" if on else f"Off. Reason: {getattr(version, reason)}"
    return text


def _commitment_text(commitment: Commitment) -> dict[str, str]:
    accountable = commitment.get_accountable_to_display()
    if commitment.accountable_to_name:
        accountable = f"{accountable}: {commitment.accountable_to_name}"
    return {
        "party": commitment.get_party_display(),
        "what": commitment.what,
        "success_measure": commitment.success_measure,
        "due_date": commitment.due_date.isoformat() if commitment.due_date else "",
        "review_date": commitment.review_date.isoformat() if commitment.review_date else "",
        "accountable_to": accountable,
    }


def version_changes(before: AgreementVersion, after: AgreementVersion) -> dict[str, Any]:
    """What changed from `before` to `after`: terms and safeguards word by word, and commitments
    matched by key — added, removed, changed (each with its changed fields). Uses the prefetched
    commitments: no queries."""
    terms = field_changes(_terms_text(before), _terms_text(after), TERM_LABELS)
    old = {c.key: c for c in before.commitments.all()}
    new = {c.key: c for c in after.commitments.all()}
    added = [c for key, c in new.items() if key not in old]
    removed = [c for key, c in old.items() if key not in new]
    changed = []
    for key, commitment in new.items():
        if key in old:
            fields = field_changes(_commitment_text(old[key]), _commitment_text(commitment), COMMITMENT_LABELS)
            if fields:
                changed.append({"commitment": commitment, "fields": fields})
    return {
        "terms": terms,
        "added": added,
        "removed": removed,
        "changed": changed,
        "any": bool(terms or added or removed or changed),
    }


def commitment_in(version: AgreementVersion, uuid: Any) -> Commitment | None:
    found: Commitment | None = Commitment.objects.filter(version=version, uuid=uuid).first()
    return found
