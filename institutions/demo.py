"""Demo institutions: a few dozen invented NHS organisations across types and regions.

All names and ODS codes here are invented (the X prefix is not used by real
trusts), so the demo never seems to speak for a real organisation. The demo
trust for the NHS personas is Leeds Demo Teaching Hospitals NHS Trust, whose
staff sign in with @leeds-demo.nhs.uk addresses.
"""

from accounts.demo import demo_user
from engagements.models import EngagementModel
from engagements.seed import seed_engagement_models

from .models import Institution, Membership, OrgType, VerifiedDomain

DEMO_TRUST_CODE = "XLD01"
DEMO_TRUST_DOMAIN = "leeds-demo.nhs.uk"

# (ODS code, name, type, region, website)
ORGANISATIONS = [
    (
        DEMO_TRUST_CODE,
        "Leeds Demo Teaching Hospitals NHS Trust",
        OrgType.NHS_TRUST,
        "north-east-yorkshire",
        "https://www.leeds-demo.nhs.uk",
    ),
    ("XNE02", "Tyneside Demo Community NHS Foundation Trust", OrgType.FOUNDATION_TRUST, "north-east-yorkshire", ""),
    ("XNE03", "NHS Humber Demo Integrated Care Board", OrgType.ICB, "north-east-yorkshire", ""),
    ("XNE04", "Sheffield Demo Riverside Primary Care Network", OrgType.PCN, "north-east-yorkshire", ""),
    ("XNW01", "Mersey Demo Mental Health NHS Foundation Trust", OrgType.FOUNDATION_TRUST, "north-west", ""),
    ("XNW02", "NHS Lancashire Demo Integrated Care Board", OrgType.ICB, "north-west", ""),
    ("XNW03", "Salford Demo Quays Medical Practice", OrgType.GP_PRACTICE, "north-west", ""),
    ("XNW04", "Greater Manchester Demo Provider Collaborative", OrgType.PROVIDER_COLLABORATIVE, "north-west", ""),
    ("XMD01", "Birmingham Demo Women's and Children's NHS Foundation Trust", OrgType.FOUNDATION_TRUST, "midlands", ""),
    ("XMD02", "Derbyshire Demo Community Health NHS Trust", OrgType.NHS_TRUST, "midlands", ""),
    ("XMD03", "Nottingham Demo City Primary Care Network", OrgType.PCN, "midlands", ""),
    ("XMD04", "Leicester Demo Public Health", OrgType.LOCAL_AUTHORITY, "midlands", ""),
    ("XEE01", "Norfolk Demo and Waveney Integrated Care Board", OrgType.ICB, "east-of-england", ""),
    (
        "XEE02",
        "Cambridge Demo University Hospitals NHS Foundation Trust",
        OrgType.FOUNDATION_TRUST,
        "east-of-england",
        "",
    ),
    ("XEE03", "Fenland Demo Surgery", OrgType.GP_PRACTICE, "east-of-england", ""),
    ("XEE04", "East of England Demo Commissioning Support Unit", OrgType.CSU, "east-of-england", ""),
    ("XLN01", "South London Demo and Maudsley NHS Foundation Trust", OrgType.FOUNDATION_TRUST, "london", ""),
    ("XLN02", "North Central London Demo Integrated Care Board", OrgType.ICB, "london", ""),
    ("XLN03", "Hackney Demo Marshes Primary Care Network", OrgType.PCN, "london", ""),
    ("XLN04", "Tower Hamlets Demo Health Centre", OrgType.GP_PRACTICE, "london", ""),
    ("XLN05", "London Demo Integrated Care Partnership", OrgType.ICP, "london", ""),
    ("XSE01", "Kent Demo Community Health NHS Foundation Trust", OrgType.FOUNDATION_TRUST, "south-east", ""),
    ("XSE02", "Oxford Demo Health NHS Foundation Trust", OrgType.FOUNDATION_TRUST, "south-east", ""),
    ("XSE03", "Brighton Demo Seafront Surgery", OrgType.GP_PRACTICE, "south-east", ""),
    ("XSW01", "Cornwall Demo Partnership NHS Foundation Trust", OrgType.FOUNDATION_TRUST, "south-west", ""),
    ("XSW02", "NHS Bristol Demo Integrated Care Board", OrgType.ICB, "south-west", ""),
    ("XSW03", "Devon Demo Moors Primary Care Network", OrgType.PCN, "south-west", ""),
    ("XEN01", "NHS England Demo Region Office", OrgType.NHS_ENGLAND, "london", ""),
    ("XEN02", "Demo Blood and Transplant Special Health Authority", OrgType.SPECIAL_HEALTH_AUTHORITY, "south-west", ""),
    ("XWA01", "Demo Valleys University Health Board", OrgType.WALES, "wales", ""),
    ("XSC01", "NHS Demo Highland Board", OrgType.SCOTLAND, "scotland", ""),
    ("XNI01", "Demo Belfast Health and Social Care Trust", OrgType.NORTHERN_IRELAND, "northern-ireland", ""),
    ("XCC01", "Demo Vale Clinical Commissioning Group", OrgType.CCG, "south-east", ""),
]

# Engagement models a few demo organisations say they are open to (ODS code → model slugs).
OPEN_TO_MODELS = {
    DEMO_TRUST_CODE: ["protective-host", "convener-connector", "co-producer-partner", "learner-evaluator"],
    "XNE03": ["funder-resourcer", "catalyst"],
    "XNW01": ["co-producer-partner", "amplifier", "adopter-spreader"],
    "XLN01": ["protective-host", "learner-evaluator"],
    "XSW02": ["funder-resourcer", "convener-connector", "adopter-spreader"],
    "XLN03": ["catalyst", "amplifier"],
}

DEMO_TRUST_DESCRIPTION = (
    "A large teaching hospital trust serving Leeds and the wider region. We want to work with "
    "patient-led and community movements on how care is experienced, especially maternity, "
    "mental health and long-term conditions.\n\nThis is demo data: the trust is invented."
)


def seed(*, stdout, show_passwords: bool) -> None:
    for code, name, org_type, region, website in ORGANISATIONS:
        # CCGs were abolished in 2022: kept as a closed historical record.
        status = Institution.Status.CLOSED if org_type == OrgType.CCG else Institution.Status.APPROVED
        Institution.objects.update_or_create(
            ods_code=code,
            defaults={"name": name, "org_type": org_type, "region": region, "website": website, "status": status},
        )
    trust = Institution.objects.get(ods_code=DEMO_TRUST_CODE)
    if not trust.description:
        trust.description = DEMO_TRUST_DESCRIPTION
        trust.address = "Demo Street\nLeeds"
        trust.postcode = "LS1 1AA"
        trust.save()
    _seed_open_to_models()
    moderator = demo_user("moderator")
    VerifiedDomain.objects.get_or_create(
        institution=trust,
        domain=DEMO_TRUST_DOMAIN,
        defaults={"verified_by": moderator, "method": VerifiedDomain.Method.MODERATOR},
    )
    for key, role in (("nhs_admin", Membership.Role.ADMIN), ("nhs_staff", Membership.Role.REVIEWER)):
        person = demo_user(key)
        Membership.objects.update_or_create(
            user=person,
            institution=trust,
            status=Membership.Status.VERIFIED,
            defaults={"role": role, "is_signatory": key == "nhs_staff", "verified_by_domain": DEMO_TRUST_DOMAIN},
        )
    stdout.write(
        f"Institutions: {len(ORGANISATIONS)} demo organisations; {trust.name} ({trust.ods_code}) has "
        "nhs_admin as admin and nhs_staff as reviewer and signatory."
    )


def _seed_open_to_models() -> None:
    """Give a few demo organisations some engagement models, leaving any they already chose alone."""
    # The migration seeds the models; this covers a database built without migrations (the tests).
    seed_engagement_models()
    by_slug = {m.slug: m for m in EngagementModel.objects.filter(is_active=True)}
    for code, slugs in OPEN_TO_MODELS.items():
        institution = Institution.objects.get(ods_code=code)
        if not institution.open_to_models.exists():
            institution.open_to_models.set([by_slug[slug] for slug in slugs if slug in by_slug])
