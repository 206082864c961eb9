from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from posts.models.requests import Moderation, Post


class NameKind(models.TextChoices):
    SOUGHT = "sought", _("the person sought")
    POSTER = "poster", _("the poster, as they were known")
    # Chinese characters and character pairs of the folded text (posts.search.index.han_grams), so a
    # one- or two-character word is an indexed lookup, not a scan: pg_trgm cannot serve it.
    TEXT = "text", _("words of the title, place or story")
    PLACE = "place", _("words of the place")


class NameKey(models.Model):
    """One searchable spelling of one name on a request (see posts.search.namekeys)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="name_keys")
    kind = models.CharField(max_length=6, choices=NameKind.choices)
    name = models.CharField(max_length=255)
    key = models.CharField(max_length=100)
    # How literally the key renders the name (posts.search.namekeys.QUALITY_*): search ranks by it.
    quality = models.PositiveSmallIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=("key", "kind"))]

    def __str__(self):
        return f"{self.name} → {self.key}"


class NameVocabulary(models.Model):
    """Every distinct Latin name key once, with its deletion neighbourhood (`KeyDeletion`) for typo-tolerant lookups."""

    key = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name_plural = "name vocabulary"

    def __str__(self):
        return self.key


class KeyDeletion(models.Model):
    """A string left after deleting up to two letters of a vocabulary key's first letters (SymSpell).

    Two keys within the allowed typing slips share a variant (posts.search.typos argues it), so a
    typo-tolerant lookup is one `variant IN (...)` on this table's primary key, which also holds
    the key: an index-only read, no join to the vocabulary.
    """

    pk = models.CompositePrimaryKey("variant", "key")
    variant = models.CharField(max_length=8)
    key = models.CharField(max_length=100)

    def __str__(self):
        return f"{self.variant} → {self.key}"


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
