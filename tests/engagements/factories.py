import factory

from engagements.models import EngagementModel, ReviewCadence


class EngagementModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EngagementModel

    name = factory.Sequence(lambda n: f"Way of working {n}")
    slug = factory.Sequence(lambda n: f"way-of-working-{n}")
    summary = "A one-line summary of the way of working."
    institution_offers = "What the institution brings."
    movement_keeps = "The movement keeps its voice."
    suggested_commitments = "Meet every month.\nShare notes within a week."
    default_review_cadence = ReviewCadence.QUARTERLY
    position = factory.Sequence(lambda n: 100 + n)
