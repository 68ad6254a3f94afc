"""The controlled lists movements describe themselves with.

The canonical wording lives here, in code, so that a fresh database, the
test suite and the demo data all agree. `taxonomy_sync()` writes it to the
WayOfImpact and FocusArea tables (the migration and `seed_demo` call it);
after that admins may reword descriptions, and a later sync leaves rows that
already exist alone.
"""

# (slug, name, hint shown beside the checkbox)
WAYS_OF_IMPACT = [
    (
        "care-experience",
        "How care is experienced and delivered",
        "Changing what it is like to receive care: dignity, continuity, being listened to, "
        "and how services are organised around people.",
    ),
    (
        "living-with-a-condition",
        "Living with a disease, disability or condition",
        "Challenging stigma, building identity and peer support, and giving people a voice "
        "about the condition they live with.",
    ),
    (
        "healthy-lives",
        "Healthy lifestyles and prevention",
        "Helping people and communities stay well: movement, food, smoking, alcohol, screening and early help.",
    ),
    (
        "causes-of-ill-health",
        "Social, economic and political causes of ill health",
        "Tackling what makes people ill in the first place: poverty, housing, discrimination, "
        "rights and unequal access.",
    ),
    (
        "knowledge-and-evidence",
        "How knowledge and evidence are made and shared",
        "Bringing lived experience into research, shaping what gets studied, and sharing what "
        "people know with those who need it.",
    ),
    (
        "cultural-norms",
        "Cultural and social norms",
        "Shifting how society talks about and treats health, illness, bodies, ageing and death.",
    ),
    (
        "innovation-and-policy",
        "New ways to innovate and make health policy",
        "Inventing new services, tools and ways of deciding, and changing the rules that shape care.",
    ),
]

# (slug, name)
FOCUS_AREAS = [
    ("mental-health", "Mental health"),
    ("cancer", "Cancer"),
    ("dementia", "Dementia"),
    ("diabetes", "Diabetes"),
    ("heart-and-stroke", "Heart and stroke"),
    ("respiratory", "Breathing and lung conditions"),
    ("hiv-and-sexual-health", "HIV and sexual health"),
    ("maternity", "Maternity and birth"),
    ("children-and-young-people", "Children and young people"),
    ("older-people", "Older people and ageing"),
    ("disability", "Disability"),
    ("learning-disability-autism", "Learning disability and autism"),
    ("long-term-conditions", "Long-term conditions"),
    ("rare-conditions", "Rare conditions"),
    ("end-of-life", "End of life and bereavement"),
    ("carers", "Unpaid carers"),
    ("addiction", "Alcohol and drugs"),
    ("food-and-activity", "Food and physical activity"),
    ("health-inequalities", "Health inequalities"),
    ("housing-and-homelessness", "Housing and homelessness"),
    ("racial-justice", "Racial justice in health"),
    ("lgbtq-health", "LGBTQ+ health"),
    ("environment-and-climate", "Environment and climate"),
    ("patient-safety", "Patient safety"),
    ("primary-care", "Primary care and GP services"),
]


def taxonomy_sync(*, way_model=None, focus_model=None) -> None:
    """Create any missing ways of impact and focus areas. Idempotent.

    The migration passes its historical models; everything else uses the
    current ones.
    """
    if way_model is None or focus_model is None:
        from .models import FocusArea, WayOfImpact

        way_model = way_model or WayOfImpact
        focus_model = focus_model or FocusArea
    for position, (slug, name, description) in enumerate(WAYS_OF_IMPACT, start=1):
        way_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    for position, (slug, name) in enumerate(FOCUS_AREAS, start=1):
        focus_model.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
