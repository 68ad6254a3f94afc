"""The eight standard engagement models (DESIGN §2), in the product's own words.

The canonical wording lives here so that a fresh database (the data migration), the test suite
and the demo data all agree. `seed_engagement_models()` creates any that are missing; after that
admins may reword them, and a later run leaves rows that already exist alone.
"""

# Review cadences, spelt as the ReviewCadence values so the migration needs no import of models.
MONTHLY, QUARTERLY, SIX_MONTHLY = "monthly", "quarterly", "six_monthly"

ENGAGEMENT_MODELS = [
    {
        "slug": "funder-resourcer",
        "name": "Funder / resourcer",
        "summary": "The institution puts in money, staff time or other resources so the movement can do work it "
        "has chosen.",
        "institution_offers": "Grants or small budgets, paid staff time, equipment, printing, room hire, or access "
        "to NHS systems, given against a short plan both sides agree. Reporting matches the size of the "
        "money, and payments arrive on time.",
        "movement_keeps": "Its own priorities and methods. Funding does not buy the movement's agenda or its "
        "silence: it decides how to spend within the agreed purpose and can still criticise the institution "
        "in public.",
        "suggested_commitments": [
            "The institution confirms in writing the amount, what it may be spent on and when it will be paid.",
            "The institution pays within 30 days of each agreed milestone.",
            "The movement gives a short account of how the money was used at each review.",
            "No new conditions are added to the funding part of the way through.",
            "Either side gives 3 months' notice before the funding ends.",
        ],
        "default_review_cadence": QUARTERLY,
    },
    {
        "slug": "protective-host",
        "name": "Protective host",
        "summary": "The institution lends its name, space and legal cover so the movement can do something it could "
        "not do alone.",
        "institution_offers": "Its legitimacy and backing: meeting rooms, contracts or a bank account held on the "
        "movement's behalf, insurance, information governance and safeguarding cover, and a named sponsor who "
        "clears the way inside the organisation.",
        "movement_keeps": "Control of its message, its members and its decisions. Hosting is not ownership: the "
        "movement can speak against its host and can leave at any time, taking its name, contacts and work "
        "with it.",
        "suggested_commitments": [
            "The institution names a sponsor who answers for the hosting arrangement.",
            "The institution sets out in writing what cover it gives (insurance, governance, safeguarding) "
            "and where that cover stops.",
            "The institution does not edit or sign off the movement's public statements.",
            "The movement tells its host early about any activity that could carry legal or safety risks.",
            "Either side may end the hosting with 1 month's notice; the movement keeps its name, data and materials.",
        ],
        "default_review_cadence": SIX_MONTHLY,
    },
    {
        "slug": "convener-connector",
        "name": "Convener / connector",
        "summary": "The institution brings the right people into the room: clinicians, managers, commissioners and "
        "other groups.",
        "institution_offers": "Introductions, invitations to boards and planning meetings, the pull to bring "
        "services and communities round one table, and help to arrange and host joint events.",
        "movement_keeps": "Its own voice in the room. The movement speaks for itself rather than through the "
        "institution, sets its own asks and chooses whom it works with.",
        "suggested_commitments": [
            "The institution names a contact who makes introductions and follows them up.",
            "Movement members are invited to agreed meetings and get the papers at least a week before.",
            "Meetings are held at times and places people with lived experience can reach, and their expenses "
            "are paid.",
            "The institution reports back on what happened to each point the movement raised.",
            "The movement brings what it hears from its members to the people it meets.",
        ],
        "default_review_cadence": QUARTERLY,
    },
    {
        "slug": "amplifier",
        "name": "Amplifier",
        "summary": "The institution uses its channels and standing to spread the movement's message, in the "
        "movement's own words.",
        "institution_offers": "Space in newsletters, websites, social media, staff briefings and patient "
        "information; speaking slots at events; and its reach to staff, patients and partners.",
        "movement_keeps": "Ownership of its message. Nothing is reworded, rebranded or passed off as the "
        "institution's own without the movement's consent, and the movement is never shown as endorsing the "
        "institution.",
        "suggested_commitments": [
            "The institution shares the movement's material unchanged, or agrees any change with the movement first.",
            "Every use names the movement and links to it.",
            "The institution asks before using the movement's name, stories or images in its own material.",
            "The movement checks that what it shares is accurate and safe for patients to read.",
            "Either side can ask for material to be taken down, and it comes down within 5 working days.",
        ],
        "default_review_cadence": QUARTERLY,
    },
    {
        "slug": "co-producer-partner",
        "name": "Co-producer / partner",
        "summary": "The institution and the movement design and deliver something together as equals, sharing "
        "decisions and credit.",
        "institution_offers": "A seat where decisions are made, staff who work alongside the movement, shared "
        "budgets and information, and a willingness to change its own services as a result.",
        "movement_keeps": "An equal say in decisions and the right to disagree in public. Its members are paid for "
        "their time, and it can step back if the partnership stops being equal.",
        "suggested_commitments": [
            "Decisions about the shared work are made together and written down, with who agreed them.",
            "People with lived experience are paid for their time at an agreed rate, and their expenses are covered.",
            "Each side shares the information the other needs, in plain English and in good time.",
            "Joint work is credited to both partners.",
            "If the institution cannot act on something agreed together, it explains why in writing.",
        ],
        "default_review_cadence": MONTHLY,
    },
    {
        "slug": "learner-evaluator",
        "name": "Learner / evaluator",
        "summary": "The institution learns from the movement and helps gather evidence of what works, without "
        "taking over the story.",
        "institution_offers": "Research and evaluation skills, analysts, access to data, help with ethics and "
        "governance approvals, and a promise to act on what it learns.",
        "movement_keeps": "Ownership of its lived experience and knowledge. It agrees what is studied and how, "
        "sees findings before they are published, and is credited as an author or contributor.",
        "suggested_commitments": [
            "Both sides agree the questions, methods and consent arrangements before the work starts.",
            "The movement sees findings at least 2 weeks before publication and can add its own response.",
            "Information about participants is handled under the institution's data protection rules.",
            "Findings go back to the movement's members in plain English.",
            "The institution says which changes it will make in response, and by when.",
        ],
        "default_review_cadence": SIX_MONTHLY,
    },
    {
        "slug": "adopter-spreader",
        "name": "Adopter / spreader",
        "summary": "The institution takes up an approach the movement developed and helps spread it to other "
        "services and places.",
        "institution_offers": "A commitment to use and pay for the approach in its own services, training for its "
        "staff, and routes to spread it across its system, network or region.",
        "movement_keeps": "Its name on the idea and a say in how it is adapted. The approach is not rebranded as "
        "the institution's own, and the movement can object if changes lose what made it work.",
        "suggested_commitments": [
            "The institution credits the movement wherever the approach is used or described.",
            "Changes to the approach are agreed with the movement before they are rolled out.",
            "The institution pays for the movement's time to train and support new sites.",
            "Both sides check that the approach still works as it spreads, and share what they find.",
            "The movement says early if it thinks an adaptation is losing what matters.",
        ],
        "default_review_cadence": SIX_MONTHLY,
    },
    {
        "slug": "catalyst",
        "name": "Catalyst",
        "summary": "The institution gives early, light-touch help so a new movement can get started, then steps back.",
        "institution_offers": "Seed money, a first place to meet, advice on getting set up, introductions to "
        "people who have done it before, and patience while the movement finds its shape.",
        "movement_keeps": "Its independence from the start. The institution does not set the agenda or expect "
        "anything in return, and plans from day one how it will step back once the movement stands on its own.",
        "suggested_commitments": [
            "The institution agrees a short, time-limited package of help and says when it will end.",
            "No conditions are attached beyond using the help to get the movement started.",
            "The institution names a contact who gives advice but does not direct the movement.",
            "Both sides agree how and when the institution will step back.",
            "The movement says when it no longer needs the help.",
        ],
        "default_review_cadence": QUARTERLY,
    },
]


def seed_engagement_models(*, model=None) -> int:
    """Create any of the standard engagement models that are missing; return how many were created.

    Idempotent, and never overwrites an admin's rewording. The data migration passes its
    historical model; everything else uses the current one.
    """
    if model is None:
        from .models import EngagementModel as model
    created = 0
    for position, entry in enumerate(ENGAGEMENT_MODELS, start=1):
        # A row an admin renamed or re-slugged still counts as present: unique fields never clash.
        if model.objects.filter(slug=entry["slug"]).exists() or model.objects.filter(name=entry["name"]).exists():
            continue
        fields = {**entry, "suggested_commitments": "\n".join(entry["suggested_commitments"])}
        model.objects.create(**fields, position=position * 10)
        created += 1
    return created
