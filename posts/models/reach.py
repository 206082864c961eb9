from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from posts.models.comments import Comment
from posts.models.contact import Conversation
from posts.models.requests import Moderation, Post


class Follow(models.Model):
    """A member watching a request: told of new comments, public leads and the reunion (posts.reach.notifications)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=("user", "post"), name="follow_once")]

    def __str__(self):
        return f"{self.user_id} → {self.post_id}"


class NotificationKind(models.TextChoices):
    NEW_LEAD = "new_lead", _("a new lead on a request I follow")
    PRIVATE_LEAD = "private_lead", _("a new lead on my own request, private ones included")
    REPLY = "reply", _("a reply to one of my comments")
    COMMENT = "comment", _("a new comment on my request or one I follow")
    RESOLVED = "resolved", _("a request I follow is resolved")
    MESSAGE = "message", _("a new message in one of my conversations")
    CLAIM = "claim", _("someone thinks they are, or know, the person I am looking for")
    TRANSLATION_OFFERED = "translation_offered", _("a translation offered of my request")
    TRANSLATION_DECIDED = "translation_decided", _("the poster's decision on my translation")
    TRANSLATION = "translation", _("a new translation, in a language I read, of a request I follow")


class EmailMode(models.TextChoices):
    EACH = "each", _("an email for each")
    DAILY = "daily", _("one email a day")
    NONE = "none", _("no email (only on the site)")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        """The member's notifications about things they may still see, newest first: news of a conversation
        while they take part in it (its request may be hidden), the rest while they may see the request."""
        about_request = models.Q(conversation__isnull=True, post__in=Post.objects.visible_to(user)) & (
            models.Q(comment__isnull=True)
            | models.Q(comment__moderation=Moderation.PUBLISHED)
            | models.Q(comment__author=user)
        )
        about_conversation = models.Q(conversation__in=Conversation.objects.visible_to(user))
        return (
            self.filter(recipient=user)
            .filter(about_request | about_conversation)
            .select_related("post__author", "comment__author", "conversation__starter", "translation")
        )


class Notification(models.Model):
    """Something a member should hear about, shown on the site and emailed as they chose."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # A claim or a message: which conversation it is news of (its `post` is the conversation's request).
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    translation = models.ForeignKey(
        "posts.Translation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-pk")
        indexes = [
            models.Index(fields=("recipient", "read_at")),
            # What waits for the next coalesced email about one request (posts.reach.delivery).
            models.Index(fields=("recipient", "post", "emailed_at"), name="notification_waiting"),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}"


class NotificationSetting(models.Model):
    """How one member wants to be emailed about one kind of notification (each, daily, none)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    email = models.CharField(max_length=10, choices=EmailMode.choices, default=EmailMode.EACH)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("user", "kind"), name="one_setting_per_kind")]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.email}"


class RequestEmail(models.Model):
    """When one member was last emailed about one request, and when the next email is due.

    Emails about a request are coalesced: at most one an hour per member and request, listing what
    happened since the last (posts.reach.delivery). `due_at` is set while an email waits to be sent.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    last_sent_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("user", "post"), name="one_request_email_per_member")]

    def __str__(self):
        return f"{self.user_id} about {self.post_id}: due {self.due_at}"
