import factory

from institutions.models import Institution, Membership, OrgType, VerifiedDomain
from tests.factories import UserFactory


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Example Hospitals {n} NHS Trust")
    ods_code = factory.Sequence(lambda n: f"T{n:05d}")
    org_type = OrgType.NHS_TRUST
    region = "london"
    status = Institution.Status.APPROVED
    website = "https://example-trust.nhs.uk"


class VerifiedDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VerifiedDomain

    institution = factory.SubFactory(InstitutionFactory)
    domain = factory.Sequence(lambda n: f"trust{n}.nhs.uk")
    method = VerifiedDomain.Method.MODERATOR


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.VERIFIED
