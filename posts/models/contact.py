from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from posts.models.requests import Moderation, Post


class OptOut(models.Model):
    """A person's wish not to be posted about: matching new requests wait for a moderator."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opt_outs")
    name = models.CharField(_("your name"), max_length=120, help_text=_("As others might write it."))
    other_names = models.CharField(
        _("other names or spellings"), max_length=255, blank=True, help_text=_("Separate them with commas.")
    )
    details = models.TextField(
        _("details that tell you apart"),
        max_length=2000,
        blank=True,
        help_text=_("Places and years someone might mention, e.g. a school. Only moderators read this."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")
        ordering = ("-created_at",)

    def __str__(self):
        return self.name


class ConversationKind(models.TextChoices):
    THIS_IS_ME = "this_is_me", _("I think this is me")
    I_KNOW_THEM = "i_know_them", _("I know this person")


class ConversationQuerySet(models.QuerySet):
    def for_user(self, user):
        """Conversations `user` takes part in: as the one who wrote first, or as the poster."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(Q(starter=user) | Q(post__author=user))

    def visible_to(self, user):
        """`for_user`, leaving out a conversation whose every message is held or removed for `user` to see:
        a poster does not learn of a first message before a moderator lets it through."""
        shown = Message.objects.visible_to(user).filter(conversation=OuterRef("pk"))
        return self.for_user(user).filter(Exists(shown))

    def with_unread_count(self, user):
        """Annotate `unread_count`: messages from the other side since `user` last read, in the same query."""
        unread = (
            Message.objects.unread_by(user)
            .filter(conversation=OuterRef("pk"))
            .order_by()
            .values("conversation")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(unread_count=Coalesce(Subquery(unread), 0))


class Conversation(models.Model):
    """A private exchange between a request's poster and one member who may be, or know, the person sought."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("request"))
    starter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="started_conversations",
        verbose_name=_("started by"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ConversationKind.choices)
    # The question as it was asked, kept with its answer even if the poster changes it later.
    claim_question = models.CharField(_("the poster's question"), max_length=200, blank=True)
    claim_answer = models.TextField(_("answer to the poster's question"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now, db_index=True)
    # What each side has read up to; null means nothing yet.
    starter_read_at = models.DateTimeField(null=True, blank=True, editable=False)
    poster_read_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the starter agreed that the poster may publish a story of their reunion; null: no agreement.
    story_consent_at = models.DateTimeField(_("agreed to a reunion story"), null=True, blank=True, editable=False)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ("-last_message_at", "-pk")
        constraints = [
            models.UniqueConstraint(fields=("post", "starter", "kind"), name="one_conversation_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.post}"

    def get_absolute_url(self):
        return reverse("posts:conversation", kwargs={"pk": self.pk})

    def is_participant(self, user) -> bool:
        return bool(user and user.is_authenticated and user.pk in (self.starter_id, self.post.author_id))

    def other_side(self, user):
        """The participant who is not `user`."""
        return self.post.author if user.pk == self.starter_id else self.starter

    def read_at_for(self, user):
        return self.starter_read_at if user.pk == self.starter_id else self.poster_read_at


class MessageQuerySet(models.QuerySet):
    def reportable_by(self, user):
        """Messages `user` may report: published ones the other side wrote in `user`'s conversations."""
        if user is None or not user.is_authenticated:
            return self.none()
        mine = Q(conversation__starter=user) | Q(conversation__post__author=user)
        return self.filter(mine, moderation=Moderation.PUBLISHED).exclude(author=user)

    def visible_to(self, user):
        """Published messages, and `user`'s own in any state (held or removed, shown to them with the reason)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(Q(moderation=Moderation.PUBLISHED) | Q(author=user))

    def unread_by(self, user):
        """Published messages to `user` written after they last read their conversation."""
        if user is None or not user.is_authenticated:
            return self.none()
        as_starter = Q(conversation__starter=user) & (
            Q(conversation__starter_read_at__isnull=True) | Q(created_at__gt=models.F("conversation__starter_read_at"))
        )
        as_poster = Q(conversation__post__author=user) & (
            Q(conversation__poster_read_at__isnull=True) | Q(created_at__gt=models.F("conversation__poster_read_at"))
        )
        return self.filter(as_starter | as_poster, moderation=Moderation.PUBLISHED).exclude(author=user)


class Message(models.Model):
    """One message in a conversation. Only its two participants and moderators read it."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages", verbose_name=_("author")
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    # A held message is shown to its author only, until a moderator lets it through.
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PUBLISHED
    )
    moderation_reason = models.TextField(_("moderation reason"), blank=True)

    # Deleting it deletes its review items (a generic relation has no cascade of its own).
    review_items = GenericRelation("posts.ReviewItem", content_type_field="target_type", object_id_field="target_id")

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ("created_at", "pk")

    def __str__(self):
        # Never the text: this string goes into the admin log, and a held message may carry contact details.
        return str(_("message #%(number)s")) % {"number": self.pk}

    @property
    def opens_conversation(self) -> bool:
        """The first message the other side may read: a claim ("this is me", "I know them") for the poster."""
        return not (
            Message.objects.filter(conversation_id=self.conversation_id, moderation=Moderation.PUBLISHED)
            .filter(Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk))
            .exists()
        )

class Visitor(models.Model):
    """Someone who wrote to a poster, or asked for a removal, without an account: known by a verified email.

    Their user row has no password and no log-in of its own; it carries them through the same relay,
    moderation, sanctions, rate limits, export and deletion as a member. They read and answer through
    signed links sent to that address. `account_made_at` is set if they later choose to make it an
    account (a display name and a password); from then on they log in like any member.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visitor", verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("first verified"), default=timezone.now)
    account_made_at = models.DateTimeField(_("made an account"), null=True, blank=True)

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitors")

    def __str__(self):
        return str(_("visitor #%(number)s")) % {"number": self.pk}


class VisitorRequestKind(models.TextChoices):
    THIS_IS_ME = "this_is_me", _("This is me")
    I_KNOW_THEM = "i_know_them", _("I know this person")
    REMOVAL = "removal", _("This is about me — please take it down")
    OPT_OUT = "opt_out", _("Do not post about me")


class VisitorRequest(models.Model):
    """What a visitor asked to do, kept until they click the link sent to their address: nothing reaches the
    poster or the moderators before that. A link works once, for RECONNECT_VISITOR_LINK_HOURS."""

    # Empty for an opt-out, which is about no request yet.
    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="visitor_requests",
        verbose_name=_("request"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=VisitorRequestKind.choices)
    email = models.EmailField(_("email address"))
    # The message; for a removal request or an opt-out, what the moderators should know.
    body = models.TextField(_("message"), max_length=5000, blank=True)
    # An opt-out's names, as OptOut keeps them.
    name = models.CharField(_("your name"), max_length=120, blank=True)
    other_names = models.CharField(_("other names or spellings"), max_length=255, blank=True)
    answer = models.TextField(_("answer to the poster's question"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=12, blank=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now, db_index=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    # What verifying it did: the visitor it was delivered as, and the conversation or the report it made.
    visitor = models.ForeignKey(
        Visitor, on_delete=models.CASCADE, null=True, blank=True, related_name="requests", verbose_name=_("visitor")
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("conversation")
    )
    report = models.ForeignKey(
        "posts.Report", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("report")
    )

    class Meta:
        verbose_name = _("visitor's request")
        verbose_name_plural = _("visitors' requests")
        ordering = ("-created_at",)

    def __str__(self):
        # Never the text or the address: this string may reach logs.
        return f"{self.get_kind_display()} #{self.pk}"
