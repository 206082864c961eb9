"""Community translations of requests, and posters' asks for one (posts/translations/)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import is_moderator
from posts.models.requests import Moderation, Post
from reconnect.markdown import RenderedMarkdownField

# Common languages of helpers beyond the interface's own (settings.LANGUAGES): Django names each of them.
COMMON_LANGUAGES = ("ja", "ko", "es", "de", "fr", "vi", "ru", "zh-hant")
# The longest language code stored ("zh-hant").
LANGUAGE_CODE_LENGTH = 10


def translation_languages() -> list[str]:
    """Every language a request may be translated into: the interface's, then the common ones."""
    codes = [code for code, _name in settings.LANGUAGES]
    return codes + [code for code in COMMON_LANGUAGES if code not in codes]


class TranslationStatus(models.TextChoices):
    WAITING = "waiting", _("waiting for the poster")
    MODERATORS = "moderators", _("left to the moderators")
    APPROVED = "approved", pgettext_lazy("translation status", "approved")
    REJECTED = "rejected", pgettext_lazy("translation status", "rejected")
    REPLACED = "replaced", _("replaced by a newer translation")


# Waiting for a decision: the poster's, or the moderators' when the poster left it to them.
UNDECIDED = (TranslationStatus.WAITING, TranslationStatus.MODERATORS)


class TranslationQuerySet(models.QuerySet):
    def approved(self):
        """Approved and not held: what a reader of the request may read."""
        return self.filter(status=TranslationStatus.APPROVED, moderation=Moderation.PUBLISHED)

    def shown(self):
        """Approved translations of published requests: what every reader sees, feeds and search included."""
        return self.approved().filter(post__moderation=Moderation.PUBLISHED)

    def visible_to(self, user):
        """What `user` may read: approved translations of requests they may see; their own offers and those on
        their own requests in any state; everything for moderators. A hidden request hides its translations."""
        if is_moderator(user):
            return self
        visible = self.filter(post__in=Post.objects.visible_to(user))
        if user is None or not user.is_authenticated:
            return visible.approved()
        return visible.filter(
            Q(status=TranslationStatus.APPROVED, moderation=Moderation.PUBLISHED)
            | Q(translator=user)
            | Q(post__author=user)
        )

    def undecided(self):
        return self.filter(status__in=UNDECIDED)


class Translation(models.Model):
    """A member's translation of a request's title and story into another language; shown once approved.

    The names stay as the poster wrote them: they are never part of a translation.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="translations", verbose_name=_("request"))
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translations", verbose_name=_("translator")
    )
    language = models.CharField(_("translated into"), max_length=LANGUAGE_CODE_LENGTH)
    source_language = models.CharField(_("translated from"), max_length=LANGUAGE_CODE_LENGTH)
    title = models.CharField(_("title"), max_length=140)
    story = models.TextField(_("story"), max_length=10_000, help_text=_("Markdown is allowed, as in the original."))
    story_html = RenderedMarkdownField(source="story")

    status = models.CharField(
        _("status"), max_length=12, choices=TranslationStatus.choices, default=TranslationStatus.WAITING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejecting"), max_length=1000, blank=True)
    # Screening, as for a comment: held while a moderator looks at contact details, a watched word or a new
    # member's writing; published once screened (which still is not shown before it is approved).
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PUBLISHED
    )
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    # Set when the original's title or story is edited, until the translator or the poster confirms it.
    out_of_date = models.BooleanField(_("may be out of date"), default=False)

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    review_items = GenericRelation("posts.ReviewItem", content_type_field="target_type", object_id_field="target_id")

    objects = TranslationQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ("language", "-created_at", "-pk")
        indexes = [models.Index(fields=("post", "status", "language"), name="translation_post_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=("post", "language"),
                condition=Q(status="approved"),
                name="one_approved_translation_per_language",
            )
        ]

    def __str__(self):
        return f"{self.title} [{self.language}]"

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None and "story" in update_fields:
            update_fields = {*update_fields, "story_html"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return reverse("posts:translation", kwargs={"pk": self.pk})

    @property
    def is_shown(self) -> bool:
        return self.status == TranslationStatus.APPROVED and self.moderation == Moderation.PUBLISHED

    @property
    def is_undecided(self) -> bool:
        return self.status in UNDECIDED

    @property
    def author_id(self) -> int:
        """The member who wrote it, as the review queue names every target's author."""
        return self.translator_id

    @property
    def author(self):
        return self.translator

    @property
    def approved_by_poster(self) -> bool:
        return self.decided_by_id is not None and self.decided_by_id == self.post.author_id


class TranslationRequestQuerySet(models.QuerySet):
    def open(self):
        """Asks still waiting for a translator, on published requests with no approved translation in the language."""
        approved = Translation.objects.approved().filter(
            post=models.OuterRef("post"), language=models.OuterRef("language")
        )
        return self.filter(post__moderation=Moderation.PUBLISHED).exclude(models.Exists(approved))


class TranslationRequest(models.Model):
    """A poster's ask for a translation of their request into a language, listed at /translate/."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="translation_requests", verbose_name=_("request")
    )
    language = models.CharField(_("into"), max_length=LANGUAGE_CODE_LENGTH)
    source_language = models.CharField(_("from"), max_length=LANGUAGE_CODE_LENGTH)
    created_at = models.DateTimeField(_("asked"), default=timezone.now, db_index=True)

    objects = TranslationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation asked for")
        verbose_name_plural = _("translations asked for")
        ordering = ("-created_at", "-pk")
        constraints = [models.UniqueConstraint(fields=("post", "language"), name="one_ask_per_language")]

    def __str__(self):
        return f"{self.post_id}: {self.source_language} → {self.language}"
