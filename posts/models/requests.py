import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from accounts.fields import LanguagesField
from accounts.roles import is_moderator
from reconnect.markdown import RenderedMarkdownField


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

    def with_story_consent(self):
        """Annotate `has_story_consent`, read by `Post.reunion_story`, so lists ask no query per request."""
        # Conversations are a later room of the models; look the model up rather than import it in a cycle.
        conversation = apps.get_model("posts", "Conversation")
        consenting = conversation.objects.filter(post=OuterRef("pk"), story_consent_at__isnull=False)
        return self.annotate(has_story_consent=Exists(consenting))

    def with_translations(self):
        """Prefetch the approved translations (and their translators) as `shown_translations`, in one query."""
        translation = apps.get_model("posts", "Translation")
        approved = (
            translation.objects.approved()
            .select_related("translator", "decided_by")
            .defer("translator__password", "decided_by__password")  # kept in the cache with the request
            .order_by("language")
        )
        return self.prefetch_related(models.Prefetch("translations", queryset=approved, to_attr="shown_translations"))

    def for_page(self):
        """What a request's own page and the pages acting on it read with it, in one query."""
        # Without the members' password hashes: the row is kept in the cache (posts.reach.pagecache.kept_request).
        return (
            self.select_related("author", "resolved_comment__author")
            .defer("author__password", "resolved_comment__author__password")
            .with_story_consent()
            .with_translations()
        )

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
    story_html = RenderedMarkdownField(source="story")
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

    # Deleting it deletes its review items (a generic relation has no cascade of its own).
    review_items = GenericRelation("posts.ReviewItem", content_type_field="target_type", object_id_field="target_id")

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ("-created_at",)
        permissions = [("moderate_post", _("Can moderate requests, comments and reports"))]
        indexes = [
            models.Index(fields=("moderation", "status", "-created_at")),
            # The list in its default order, newest first, alone and under each filter people use: a page and
            # its capped count read only the rows they show (posts/search/filters.py, reconnect/paginator.py).
            models.Index(fields=("moderation", "-published_at", "-id"), name="post_list_newest_idx"),
            models.Index(fields=("moderation", "status", "-published_at", "-id"), name="post_list_status_idx"),
            models.Index(
                fields=("moderation", "met_country", "-published_at", "-id"), name="post_list_met_country_idx"
            ),
            models.Index(
                fields=("moderation", "now_country", "-published_at", "-id"), name="post_list_now_country_idx"
            ),
            models.Index(
                fields=("moderation", "relationship", "-published_at", "-id"), name="post_list_relationship_idx"
            ),
            # Home's latest reunions.
            models.Index(fields=("moderation", "status", "-resolved_at", "-id"), name="post_reunions_idx"),
            # PFIF's persons and reunions in entry_date order (posts/interchange/export.py, the same expressions).
            models.Index(
                "moderation",
                "photos_withheld",
                Coalesce("published_at", "created_at"),
                "id",
                name="post_pfif_person_idx",
            ),
            models.Index(
                "moderation",
                "photos_withheld",
                "status",
                Greatest("resolved_at", Coalesce("published_at", "created_at")),
                "id",
                name="post_pfif_reunion_idx",
            ),
        ]
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

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None and "story" in update_fields:
            update_fields = {*update_fields, "story_html"}  # Rendered from the story, whenever the story is written.
        super().save(*args, update_fields=update_fields, **kwargs)

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


def original_upload_to(instance, filename):
    # Apart from the photos, and without an extension: nothing serves this folder or guesses a type for it.
    return f"originals/{uuid.uuid4().hex}"


class PhotoStatus(models.TextChoices):
    PROCESSING = "processing", _("being processed")
    READY = "ready", pgettext_lazy("photo status", "ready")
    FAILED = "failed", _("could not be processed")


class PhotoQuerySet(models.QuerySet):
    def ready(self):
        """Photos the worker has re-encoded: only these have anything to serve."""
        return self.filter(status=PhotoStatus.READY)

    def shown(self):
        """Ready photos not withheld after the person sought asked for removal."""
        return self.ready().filter(post__photos_withheld=False)

    def visible_to(self, user):
        """Photos of requests the reader may see: withheld ones for moderators only, unready ones for
        moderators and the poster only."""
        photos = self.filter(post__in=Post.objects.visible_to(user))
        if is_moderator(user):
            return photos
        if user is not None and user.is_authenticated:
            return photos.filter(post__photos_withheld=False).filter(Q(status=PhotoStatus.READY) | Q(post__author=user))
        return photos.shown()


class Photo(models.Model):
    """A photo of a request, always re-encoded: never the bytes that were uploaded."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="photos", verbose_name=_("request"))
    image = models.ImageField(_("photo"), upload_to=photo_upload_to, width_field="width", height_field="height")
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_upload_to)
    # The upload as it came, metadata and all, until the worker has re-encoded it (posts/requests/tasks.py);
    # never served.
    original = models.FileField(upload_to=original_upload_to, blank=True, editable=False)
    status = models.CharField(
        _("processing"), max_length=10, choices=PhotoStatus.choices, default=PhotoStatus.READY, editable=False
    )
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
        """The photo's own page: the photo with its caption, previous and next, and the way back."""
        return reverse("posts:photo_page", kwargs={"pk": self.pk})

    def get_image_url(self):
        """The re-encoded photo's bytes, full size."""
        return reverse("posts:photo", kwargs={"pk": self.pk, "size": "full"})

    def get_thumbnail_url(self):
        return reverse("posts:photo", kwargs={"pk": self.pk, "size": "thumb"})

    @property
    def is_ready(self) -> bool:
        return self.status == PhotoStatus.READY

    @property
    def is_processing(self) -> bool:
        return self.status == PhotoStatus.PROCESSING

    @property
    def description(self) -> str:
        return self.alt_text or self.caption or _("Photo for %(title)s") % {"title": self.post.title}
