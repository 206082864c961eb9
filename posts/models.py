import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from accounts.fields import LanguagesField


def is_moderator(user) -> bool:
    """Moderators hold the `posts.moderate_post` permission (through the Moderators group)."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("posts.moderate_post"))


class Relationship(models.TextChoices):
    CLASSMATE = "classmate", _("classmate")
    FRIEND = "friend", _("friend")
    TEACHER = "teacher", _("teacher or mentor")
    HOST_FAMILY = "host_family", _("host family")
    COLLEAGUE = "colleague", _("colleague")
    HELPER = "helper", _("someone who helped me")
    FAMILY = "family", _("family")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    OPEN = "open", pgettext_lazy("request status", "open")
    RESOLVED = "resolved", _("reunited")
    CLOSED = "closed", _("closed")


class Moderation(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    PUBLISHED = "published", pgettext_lazy("moderation state", "published")
    HIDDEN = "hidden", _("hidden by a moderator")
    REMOVED = "removed", _("removed")


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(moderation=Moderation.PUBLISHED)

    def visible_to(self, user):
        """Published requests, plus the reader's own in any state; moderators see all."""
        if is_moderator(user):
            return self
        if user is not None and user.is_authenticated:
            return self.filter(Q(moderation=Moderation.PUBLISHED) | Q(author=user))
        return self.published()

    def open(self):
        return self.filter(status=Status.OPEN)

    def resolved(self):
        return self.filter(status=Status.RESOLVED)

    def with_photo_flag(self):
        return self.annotate(has_photo=Exists(Photo.objects.filter(post=OuterRef("pk"))))

    def with_story_consent(self):
        """Annotate `has_story_consent`, read by `Post.reunion_story`, so lists ask no query per request."""
        consenting = Conversation.objects.filter(post=OuterRef("pk"), story_consent_at__isnull=False)
        return self.annotate(has_story_consent=Exists(consenting))

    def for_cards(self):
        """Everything a request card shows, in a fixed number of queries; withheld photos are left out."""
        return self.select_related("author").prefetch_related(
            models.Prefetch("photos", queryset=Photo.objects.shown().order_by("order", "pk"))
        )


class Post(models.Model):
    """One "looking for" request."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts", verbose_name=_("author")
    )
    title = models.CharField(
        _("title"),
        max_length=140,
        help_text=_("One line that says who you are looking for, e.g. “Looking for Simon, my classmate in Iowa”."),
    )
    sought_name = models.CharField(
        _("their name as you knew it"), max_length=120, help_text=_("Write it the way you remember it.")
    )
    sought_other_names = models.CharField(
        _("other names, spellings or scripts"),
        max_length=255,
        blank=True,
        help_text=_("Separate them with commas, e.g. “李响灿, Li Xiangcan, Lee Hsiang-tsan”. These help searches."),
    )
    sought_nickname = models.CharField(_("nickname"), max_length=80, blank=True)
    relationship = models.CharField(_("who they were to you"), max_length=20, choices=Relationship.choices)
    met_place = models.CharField(
        _("where you met"),
        max_length=200,
        blank=True,
        help_text=_("A school, workplace, airport, neighbourhood… Its full name helps searches."),
    )
    met_city = models.CharField(_("city"), max_length=120, blank=True)
    met_country = CountryField(_("country where you met"), blank=True)
    year_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    now_country = CountryField(_("where they may be now"), blank=True, help_text=_("Leave empty if you do not know."))
    story = models.TextField(
        _("your story"),
        max_length=10_000,
        help_text=_("What you remember: how you met, what they looked like, what you shared. Markdown is allowed."),
    )
    languages = LanguagesField(_("languages you can use"), help_text=_("Helpers may write to you in these."))
    poster_then_name = models.CharField(
        _("your name as they knew you"),
        max_length=120,
        blank=True,
        help_text=_("So that they can find you if they are looking too, in any spelling they may use."),
    )
    poster_then_nickname = models.CharField(_("what they called you"), max_length=80, blank=True)
    # Never shown on the request: only to someone saying "I think this is me" (see posts/contact.py).
    claim_question = models.CharField(
        _("a question only they can answer"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional. Someone who says “this is me” must answer it before writing to you, e.g. "
            "“What was our chemistry teacher's name?”. Only they see the question; only you see the answer."
        ),
    )
    on_behalf_of = models.CharField(
        _("posting on behalf of"),
        max_length=120,
        blank=True,
        help_text=_("If you are posting for someone else, e.g. “my grandmother”."),
    )

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_note = models.TextField(_("reunion note"), max_length=2000, blank=True)
    resolved_comment = models.ForeignKey(
        "Comment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the lead that helped"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    hidden_by_ban = models.BooleanField(default=False, editable=False)
    # Set the moment the person sought asks for removal: photos stop being served before any review.
    photos_withheld = models.BooleanField(_("photos withheld"), default=False)
    # The record's id in another tracing system when it came in through PFIF (posts/pfif.py).
    pfif_record_id = models.CharField(_("PFIF record id"), max_length=255, blank=True, default="", editable=False)
    pfif_source = models.CharField(_("PFIF source"), max_length=255, blank=True, default="", editable=False)

    # Folded copies for free-text search, written by posts.search.index_post (see there).
    search_text = models.TextField(default="", editable=False)
    search_places = models.TextField(default="", editable=False)
    search_pinyin = models.TextField(default="", editable=False)

    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(pgettext_lazy("date", "published"), null=True, blank=True, db_index=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now, db_index=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ("-created_at",)
        permissions = [("moderate_post", _("Can moderate requests, comments and reports"))]
        indexes = [models.Index(fields=("moderation", "status", "-created_at"))]
        constraints = [
            models.UniqueConstraint(
                fields=("pfif_record_id",), condition=~Q(pfif_record_id=""), name="one_post_per_pfif_record"
            ),
            models.CheckConstraint(
                condition=Q(year_from__isnull=True) | Q(year_to__isnull=True) | Q(year_from__lte=models.F("year_to")),
                name="post_years_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("posts:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def is_resolved(self) -> bool:
        return self.status == Status.RESOLVED

    @property
    def is_published(self) -> bool:
        return self.moderation == Moderation.PUBLISHED

    @property
    def other_names_list(self) -> list[str]:
        return [name.strip() for name in self.sought_other_names.replace("，", ",").split(",") if name.strip()]

    @property
    def years_display(self) -> str:
        if self.year_from and self.year_to and self.year_from != self.year_to:
            return f"{self.year_from}–{self.year_to}"
        return str(self.year_from or self.year_to or "")

    @property
    def place_display(self) -> str:
        return ", ".join(part for part in (self.met_place, self.met_city) if part)

    @property
    def reunion_story(self) -> str:
        """The reunion note as readers may see it: only while someone in a conversation agrees to it."""
        if not self.resolved_note:
            return ""
        consent = getattr(self, "has_story_consent", None)
        if consent is None:
            consent = self.conversations.filter(story_consent_at__isnull=False).exists()
        return self.resolved_note if consent else ""

    @property
    def first_photo(self):
        """The first photo, read from the prefetched list so cards add no query."""
        photos = list(self.photos.all())
        return photos[0] if photos else None


def photo_upload_to(instance, filename):
    # Random names: a photo's address tells nothing and cannot be guessed.
    return f"photos/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class PhotoQuerySet(models.QuerySet):
    def shown(self):
        """Photos not withheld after the person sought asked for removal."""
        return self.filter(post__photos_withheld=False)

    def visible_to(self, user):
        """Photos of requests the reader may see; withheld ones for moderators only."""
        photos = self.filter(post__in=Post.objects.visible_to(user))
        return photos if is_moderator(user) else photos.shown()


class Photo(models.Model):
    """A photo of a request, always re-encoded: never the bytes that were uploaded."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="photos", verbose_name=_("request"))
    image = models.ImageField(_("photo"), upload_to=photo_upload_to, width_field="width", height_field="height")
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_upload_to)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    alt_text = models.CharField(
        _("description for people who cannot see it"),
        max_length=250,
        blank=True,
        help_text=_("e.g. “Two students in school uniform in front of a red-brick building”."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ("order", "pk")

    def __str__(self):
        return self.caption or self.image.name

    def get_absolute_url(self):
        return reverse("posts:photo", kwargs={"pk": self.pk, "size": "full"})

    def get_thumbnail_url(self):
        return reverse("posts:photo", kwargs={"pk": self.pk, "size": "thumb"})

    @property
    def description(self) -> str:
        return self.alt_text or self.caption or _("Photo for %(title)s") % {"title": self.post.title}


class NameKind(models.TextChoices):
    SOUGHT = "sought", _("the person sought")
    POSTER = "poster", _("the poster, as they were known")


class NameKey(models.Model):
    """One searchable spelling of one name on a request (see posts.namekeys)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="name_keys")
    kind = models.CharField(max_length=6, choices=NameKind.choices)
    name = models.CharField(max_length=255)
    key = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=("key", "kind"))]

    def __str__(self):
        return f"{self.name} → {self.key}"


class NameVocabulary(models.Model):
    """Every distinct key once: the small set that typo-tolerant lookups scan."""

    key = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name_plural = "name vocabulary"

    def __str__(self):
        return self.key


class PostMatchQuerySet(models.QuerySet):
    def shown_for(self, post: Post):
        """Matches of one request whose other side is published, best first."""
        return self.filter(post=post, other__moderation=Moderation.PUBLISHED).select_related("other")


class PostMatch(models.Model):
    """Another published request that may be the other side of the same story."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="matches")
    other = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    evidence = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PostMatchQuerySet.as_manager()

    class Meta:
        ordering = ("-score", "pk")
        constraints = [models.UniqueConstraint(fields=("post", "other"), name="one_match_per_pair")]

    def __str__(self):
        return f"{self.post_id} ~ {self.other_id} ({self.score})"


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user, post: Post):
        """Comments of one request that `user` may read.

        Private leads are for the poster, the lead's author and moderators. A
        hidden comment stays visible to its author, who is shown why.
        """
        comments = self.filter(post=post)
        if is_moderator(user):
            return comments
        if user is None or not user.is_authenticated:
            return comments.filter(moderation=Moderation.PUBLISHED, is_private=False)
        readable = Q(is_private=False) | Q(author=user)
        if post.author_id == user.pk:
            readable = Q()
        return comments.filter(readable).filter(Q(moderation=Moderation.PUBLISHED) | Q(author=user))

    def published(self):
        return self.filter(moderation=Moderation.PUBLISHED)

    def public(self):
        """What anyone may read: published comments, not private leads, on published requests."""
        return self.filter(moderation=Moderation.PUBLISHED, is_private=False, post__moderation=Moderation.PUBLISHED)


class Comment(models.Model):
    """A reply on a request, or a lead towards the person sought."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("request"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments", verbose_name=_("author")
    )
    body = models.TextField(_("comment"), max_length=5000)
    is_lead = models.BooleanField(
        _("this is a lead"), default=False, help_text=_("A lead is information that may help find the person.")
    )
    is_private = models.BooleanField(
        _("only the poster may read it"),
        default=False,
        help_text=_("Choose this when your lead carries personal details."),
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PUBLISHED
    )
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    hidden_by_ban = models.BooleanField(default=False, editable=False)
    pfif_record_id = models.CharField(_("PFIF record id"), max_length=255, blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ("created_at", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(is_private=False) | Q(is_lead=True), name="only_leads_are_private"),
            models.UniqueConstraint(
                fields=("pfif_record_id",), condition=~Q(pfif_record_id=""), name="one_comment_per_pfif_record"
            ),
        ]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_published(self) -> bool:
        return self.moderation == Moderation.PUBLISHED

    def editable_until(self):
        return self.created_at + timedelta(minutes=settings.RECONNECT_COMMENT_EDIT_MINUTES)


class ReportReason(models.TextChoices):
    SPAM = "spam", _("spam or advertising")
    HARASSMENT = "harassment", _("harassment or hate")
    FALSE_INFO = "false", _("false information")
    THIS_IS_ME = "this_is_me", _("this is me — please remove it")
    OTHER = "other", _("something else")
    # Written by the site, not a member: the text matched a watched word set to "flag".
    WATCHED = "watched", _("contains a watched word")


class ReportStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("report status", "open")
    RESOLVED = "resolved", _("resolved")
    DISMISSED = "dismissed", _("dismissed")


class ReportQuerySet(models.QuerySet):
    def queue(self):
        """Open reports first, oldest first: the moderators' queue."""
        return self.order_by(
            models.Case(models.When(status=ReportStatus.OPEN, then=0), default=1),
            models.Case(models.When(reason=ReportReason.THIS_IS_ME, then=0), default=1),
            "created_at",
        )

    def open(self):
        return self.filter(status=ReportStatus.OPEN)


class Report(models.Model):
    """Someone's report of a request or a comment, for moderators to handle."""

    # Empty when the site itself flagged the text (a watched word).
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reporter"),
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="reports", verbose_name=_("request")
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports", verbose_name=_("comment")
    )
    message = models.ForeignKey(
        "Message", on_delete=models.CASCADE, null=True, blank=True, related_name="reports", verbose_name=_("message")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now, db_index=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ("-created_at",)
        constraints = [
            models.CheckConstraint(
                condition=(Q(post__isnull=False) & Q(comment__isnull=True) & Q(message__isnull=True))
                | (Q(post__isnull=True) & Q(comment__isnull=False) & Q(message__isnull=True))
                | (Q(post__isnull=True) & Q(comment__isnull=True) & Q(message__isnull=False)),
                name="report_has_one_target",
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.target}"

    @property
    def target(self):
        return self.post or self.comment or self.message


class SavedSearch(models.Model):
    """A member's search (query and filters), with an optional email when a new request matches it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches", verbose_name=_("member")
    )
    name = models.CharField(_("name"), max_length=120)
    query = models.CharField(_("search"), max_length=1000, help_text=_("The list page's query string."))
    alert = models.BooleanField(_("email me when a new request matches"), default=True)
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    last_alerted_at = models.DateTimeField(_("last email"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ("-created_at", "-pk")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('posts:list')}?{self.query}" if self.query else reverse("posts:list")


class Follow(models.Model):
    """A member watching a request: told of new public leads and of the reunion."""

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
    REPLY = "reply", _("a new comment after mine")
    RESOLVED = "resolved", _("a request I follow is resolved")
    MESSAGE = "message", _("a new message in one of my conversations")


class EmailMode(models.TextChoices):
    EACH = "each", _("an email for each")
    DAILY = "daily", _("one email a day")
    NONE = "none", _("no email (only on the site)")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a member should hear about, shown on the site and emailed as they chose."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=("recipient", "read_at"))]

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

    @property
    def is_claim(self) -> bool:
        return self.kind == ConversationKind.THIS_IS_ME

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

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ("created_at", "pk")

    def __str__(self):
        # Never the text: this string goes into the admin log, and a held message may carry contact details.
        return str(_("message #%(number)s")) % {"number": self.pk}


class Revision(models.Model):
    """The text of a request or a comment as it was before one edit; only moderators read it."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions", verbose_name=_("request")
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions", verbose_name=_("comment")
    )
    fields = models.JSONField(_("text before the edit"))
    # Only authors edit, so deleting an account takes the earlier versions of what they wrote with it.
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("edited by")
    )
    created_at = models.DateTimeField(_("edited at"), default=timezone.now, db_index=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=(Q(post__isnull=False) & Q(comment__isnull=True))
                | (Q(post__isnull=True) & Q(comment__isnull=False)),
                name="revision_has_one_target",
            )
        ]

    def __str__(self):
        # Never the text: this string goes into the admin log and onto pages that must not show a hidden version.
        target = _("request") if self.post_id else _("comment")
        return f"{target} #{self.post_id or self.comment_id}, {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def target(self):
        return self.post or self.comment


class WatchedAction(models.TextChoices):
    BLOCK = "block", _("block: refuse the text")
    HOLD = "hold", _("hold for review")
    FLAG = "flag", _("flag: publish, and put it in the review queue")


class WatchedWord(models.Model):
    """A word or pattern moderators watch for in requests, comments and messages."""

    pattern = models.CharField(
        _("word or pattern"),
        max_length=200,
        unique=True,
        help_text=_("A word or phrase, matched whole and ignoring case; or a regular expression if ticked below."),
    )
    is_regex = models.BooleanField(_("regular expression"), default=False)
    action = models.CharField(_("action"), max_length=10, choices=WatchedAction.choices, default=WatchedAction.HOLD)
    note = models.CharField(_("note for moderators"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("watched word")
        verbose_name_plural = _("watched words")
        ordering = ("pattern",)

    def __str__(self):
        return self.pattern
