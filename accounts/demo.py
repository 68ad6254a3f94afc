"""Demo people, one per persona. Other apps attach them to movements and institutions."""

from allauth.account.models import EmailAddress

from .models import User

DEMO_PASSWORD = "demo-password-2026"

# key: (email, display name, extra fields)
PEOPLE = {
    "organiser": ("organiser@example.org", "Amira Patel", {}),
    "co_organiser": ("coorganiser@example.org", "Tom Okafor", {}),
    "nhs_staff": ("staff@leeds-demo.nhs.uk", "Dr Sarah Lewis", {}),
    "nhs_admin": ("admin@leeds-demo.nhs.uk", "Priya Shah", {}),
    "moderator": ("moderator@commonground.example", "Morgan Reid", {"is_moderator": True}),
    "admin": ("admin@commonground.example", "Platform Admin", {"is_staff": True, "is_superuser": True}),
}


def demo_user(key: str) -> User:
    email = PEOPLE[key][0]
    return User.objects.get(email=email)


def seed(*, stdout, show_passwords: bool) -> None:
    for _key, (email, name, extra) in PEOPLE.items():
        user, created = User.objects.get_or_create(email=email, defaults={"display_name": name, **extra})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if show_passwords:
        stdout.write(f"Demo accounts (password for each: {DEMO_PASSWORD}):")
        for key, (email, name, _extra) in PEOPLE.items():
            stdout.write(f"  {key:<13} {email:<34} {name}")
