from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.fields import LanguagesField

# The one inactive member that kept comments and messages of deleted accounts belong to (accounts/privacy/data.py).
DELETED_USER_EMAIL = "deleted-user@invalid"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
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
        return self._create_user(email, password, **extra_fields)


class TrustLevel(models.TextChoices):
    NEW = "new", _("new")
    MEMBER = "member", _("member")
    TRUSTED = "trusted", _("trusted")


class User(AbstractUser):
    """A member of Reconnect, who logs in with an email address."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("Shown beside your requests and comments. Your email address is never shown."),
    )
    country = CountryField(_("country"), blank=True, help_text=_("Where you live now."))
    languages = LanguagesField(_("languages spoken"), help_text=_("Helpers can write to you in these."))
    bio = models.TextField(_("short bio"), max_length=600, blank=True)
    interface_language = models.CharField(
        _("interface language"), max_length=12, choices=settings.LANGUAGES, blank=True
    )
    banned_at = models.DateTimeField(_("banned at"), null=True, blank=True, editable=False)
    # Empty: the level is earned (accounts/trust.py); otherwise a moderator set it.
    trust_level = models.CharField(
        _("trust level set by a moderator"),
        max_length=10,
        choices=TrustLevel.choices,
        blank=True,
        default="",
        help_text=_("Leave empty to let the member earn their level."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.public_name

    def get_absolute_url(self):
        return reverse("accounts:profile", kwargs={"pk": self.pk})

    @property
    def public_name(self) -> str:
        """The name others see: never the email address."""
        if self.email == DELETED_USER_EMAIL:
            return str(_("deleted user"))
        return self.display_name or _("Member %(number)s") % {"number": self.pk}

    def active_sanction(self, kind: str | None = None):
        """The sanction in force now (of `kind`, if given): the latest to start. Kept with the member's standing
        (accounts.standing), asked once per request and member object."""
        from accounts.standing import standing

        return standing(self).in_force(kind) if self.pk else None

    @property
    def is_silenced(self) -> bool:
        """Silenced or suspended members can read but not write."""
        return self.active_sanction() is not None

    @property
    def is_suspended(self) -> bool:
        return self.active_sanction(SanctionKind.SUSPEND) is not None

    @property
    def initials(self) -> str:
        name = self.display_name.strip()
        return name[:1].upper() if name else "?"


class SanctionKind(models.TextChoices):
    SILENCE = "silence", _("silenced: can read, cannot write")
    SUSPEND = "suspend", _("suspended: cannot log in")


class Sanction(models.Model):
    """A moderator's time-limited sanction on a member, with the message shown to them; lifting is kept too."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sanctions", verbose_name=_("member"))
    kind = models.CharField(_("kind"), max_length=10, choices=SanctionKind.choices)
    reason = models.TextField(_("reason"), help_text=_("The member sees this."))
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by"))
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("lifted by")
    )

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ("-starts_at",)

    def __str__(self):
        return f"{self.get_kind_display()} ({self.user_id})"

    @property
    def is_active(self) -> bool:
        return self.is_active_at(timezone.now())

    def is_active_at(self, moment) -> bool:
        return self.lifted_at is None and self.starts_at <= moment and (self.ends_at is None or self.ends_at > moment)


class StaffNote(models.Model):
    """A moderator's private note about a member. Only moderators read it; the member never sees it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_notes", verbose_name=_("member"))
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("written by")
    )
    body = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("staff note")
        verbose_name_plural = _("staff notes")
        ordering = ("-created_at", "-pk")

    def __str__(self):
        return f"{self.user_id}: {self.body[:40]}"


class FailedEmail(models.Model):
    """An email to a member that could not be sent (reconnect.emails.delivery_failed); moderators see them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="failed_emails", verbose_name=_("member"))
    kind = models.CharField(_("kind of email"), max_length=60)
    error = models.TextField(_("error"))
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed email")
        verbose_name_plural = _("failed emails")
        ordering = ("-failed_at", "-pk")

    def __str__(self):
        return f"{self.kind} → {self.user_id}"


class DataExport(models.Model):
    """One request for a copy of a member's data: pending until the zip is stored and its link emailed.

    At most one is pending per member (a constraint, so that two requests at once cannot both start one).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_exports", verbose_name=_("member"))
    requested_at = models.DateTimeField(_("asked for"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("ready"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ("-requested_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("user",), condition=models.Q(finished_at__isnull=True), name="one_pending_export_per_member"
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.requested_at:%Y-%m-%d %H:%M}"


class ContactTopic(models.TextChoices):
    REMOVAL = "removal", _("Please remove something about me")
    ACCOUNT = "account", _("My account or signing in")
    SAFETY = "safety", _("Safety or a worrying request")
    OTHER = "other", _("Something else")


class ContactMessage(models.Model):
    """A message to the moderators from the Contact page; they read it in the admin and mark it handled."""

    topic = models.CharField(_("topic"), max_length=20, choices=ContactTopic.choices, default=ContactTopic.OTHER)
    name = models.CharField(_("your name"), max_length=80, blank=True)
    email = models.EmailField(
        _("your email address"), help_text=_("So that we can answer you. Only the moderators see it.")
    )
    body = models.TextField(_("your message"), max_length=4000)
    # Gone with the account (accounts.privacy deletes a member's rows), like everything else they wrote.
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contact_messages",
        verbose_name=_("member"),
    )
    language = models.CharField(_("language"), max_length=12, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("handled by")
    )

    class Meta:
        verbose_name = _("message to the moderators")
        verbose_name_plural = _("messages to the moderators")
        # Those still waiting first, on every database.
        ordering = (models.F("handled_at").asc(nulls_first=True), "-created_at", "-pk")

    def __str__(self):
        return f"{self.get_topic_display()}: {self.body[:40]}"
