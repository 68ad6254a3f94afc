"""Factories shared by the whole suite. Apps add theirs in tests/<app>/factories.py."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Users get a verified primary address unless verified=False."""
        if not create:
            return
        obj.save()
        if extracted is False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=False, primary=True)
        else:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
