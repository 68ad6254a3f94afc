"""Movement factories. Taxonomy rows come from taxonomy_sync (see conftest)."""

import factory

from movements.models import Movement, MovementRegion, Organiser, WayOfImpact
from movements.services import movement_search_refresh
from tests.factories import UserFactory


class MovementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Movement
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Movement number {n}")
    slug = factory.Sequence(lambda n: f"movement-number-{n}")
    summary = "Neighbours working together for better care."
    description = "We meet every month and talk to our local services."
    direction = Movement.Direction.PROMOTE
    stage = Movement.Stage.COALESCENCE
    size = Movement.Size.UP_TO_50
    status = Movement.Status.APPROVED

    @factory.post_generation
    def ways(obj, create, extracted, **kwargs):
        if create:
            slugs = extracted or ["care-experience"]
            obj.ways_of_impact.set(WayOfImpact.objects.filter(slug__in=slugs))

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if create:
            MovementRegion.objects.bulk_create(
                [MovementRegion(movement=obj, region=r) for r in (extracted or ["london"])]
            )

    @factory.post_generation
    def lead(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            Organiser.objects.create(movement=obj, user=extracted or UserFactory(), role=Organiser.Role.LEAD)

    @factory.post_generation
    def refresh_search(obj, create, extracted, **kwargs):
        if create:
            movement_search_refresh(movement=obj)


def add_organiser(movement, user, role=Organiser.Role.ORGANISER):
    return Organiser.objects.create(movement=movement, user=user, role=role)
