import rules
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Email is the login; there is no username."""

    email = models.EmailField("email address", max_length=254, unique=True)
    display_name = models.CharField(
        "display name",
        max_length=80,
        help_text="The name other people see beside what you do on Common Ground.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("Django admin access", default=False)
    # Platform staff who keep the place safe. Not a superuser: no Django admin
    # access unless is_staff is set as well.
    is_moderator = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["display_name", "email"]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name

    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        """The site's own permissions (the apps' rules.py) are answered by their rules alone.

        Django lets an active superuser pass every check, which would let one skip the
        site's workflows (join a closed institution, decide for one that has admins). In
        the rules a superuser is platform staff, like a moderator. Every other permission
        (the model permissions the Django admin asks for) is answered as Django does.
        """
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)


# allauth's tables, shown in the admin beside the people they belong to: one "Accounts"
# section rather than allauth's own "Accounts" and "MFA" next to ours. No tables of their own.
class SignInEmailAddress(EmailAddress):
    class Meta:
        proxy = True
        verbose_name = "email address"
        verbose_name_plural = "email addresses"


class TwoFactorAuthenticator(Authenticator):
    class Meta:
        proxy = True
        verbose_name = "two-factor authenticator"
        verbose_name_plural = "two-factor authenticators"
