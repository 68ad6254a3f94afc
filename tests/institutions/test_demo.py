from io import StringIO

import pytest
from django.core.management import call_command

from institutions.models import Institution, Membership, VerifiedDomain


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_sets_up_the_demo_trust():
    call_command("seed_demo", stdout=StringIO())
    counts = (Institution.objects.count(), Membership.objects.count(), VerifiedDomain.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Institution.objects.count(), Membership.objects.count(), VerifiedDomain.objects.count()) == counts
    assert counts[0] >= 24
    assert Institution.objects.values("org_type").distinct().count() >= 8
    assert Institution.objects.values("region").distinct().count() == 10
    trust = Institution.objects.get(name="Leeds Demo Teaching Hospitals NHS Trust")
    assert list(trust.domains.values_list("domain", flat=True)) == ["leeds-demo.nhs.uk"]
    roles = {(m.user.email, m.role, m.is_signatory, m.status) for m in trust.memberships.select_related("user")}
    assert roles == {
        ("admin@leeds-demo.nhs.uk", "admin", False, "verified"),
        ("staff@leeds-demo.nhs.uk", "reviewer", True, "verified"),
    }


@pytest.mark.django_db
def test_seed_demo_opens_a_few_institutions_to_engagement_models_and_keeps_later_choices():
    call_command("seed_demo", stdout=StringIO())
    trust = Institution.objects.get(ods_code="XLD01")
    assert 2 <= trust.open_to_models.count() <= 4
    open_ones = Institution.objects.filter(open_to_models__isnull=False).distinct()
    assert open_ones.count() >= 4
    for institution in open_ones:
        assert 2 <= institution.open_to_models.count() <= 4
    # An admin's later choice survives a re-run.
    trust.open_to_models.set(trust.open_to_models.all()[:1])
    call_command("seed_demo", stdout=StringIO())
    assert trust.open_to_models.count() == 1
