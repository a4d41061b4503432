"""People who sign in: writers, medical reviewers and editors, with the byline readers see."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required to create a user.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # People type their address in any case; it is stored lower-cased.
        return self.get(**{self.model.USERNAME_FIELD: username.lower()})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address; the public site shows their byline."""

    email = models.EmailField(
        "e-mail address",
        unique=True,
        help_text="Used to sign in and for review notifications.",
        error_messages={"unique": "Someone already signs in with this e-mail address."},
    )
    display_name = models.CharField(
        "display name",
        max_length=120,
        blank=True,
        help_text="The name readers see in bylines, e.g. “Dana Whitfield”.",
    )
    credentials = models.CharField(
        "credentials",
        max_length=80,
        blank=True,
        help_text="Post-nominal letters shown after the name, e.g. “MD, PhD” or “RN”.",
    )
    bio = models.TextField(
        "short bio",
        blank=True,
        max_length=600,
        help_text="Two or three sentences about the person's training and role, shown on public pages.",
    )
    is_staff = models.BooleanField(
        "staff status", default=False, help_text="Whether the person may sign in to the admin."
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Untick instead of deleting, so that past reviews keep their reviewer.",
    )
    date_joined = models.DateTimeField("date joined", default=timezone.now, help_text="When the account was created.")

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["display_name", "email"]

    def __str__(self):
        return self.byline or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def byline(self):
        """Name with credentials as readers see it: “Dana Whitfield, MD”."""
        name = self.display_name or self.email.split("@")[0]
        return f"{name}, {self.credentials}" if self.credentials else name

    def public_profile(self) -> tuple:
        """What readers see of this person on a page or in the API: byline and bio."""
        return (self.byline, self.bio)

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email
