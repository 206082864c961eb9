from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Case, Count, F, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_moderator
from posts.models.requests import Moderation, Post
from reconnect.markdown import RenderedMarkdownField

# How a request's page reads its comments: the leads first, newest first, because a fresh lead is what the
# poster and helpers come back for; then the conversation oldest first, so that it reads top to bottom and
# a reply comes after what it answers. Ties on the time go by primary key, in the same direction.
READING_ORDER = (
    F("is_lead").desc(),
    Case(When(is_lead=True, then=F("created_at"))).desc(nulls_last=True),
    Case(When(is_lead=True, then=F("pk"))).desc(nulls_last=True),
    F("created_at").asc(),
    F("pk").asc(),
)


@dataclass(frozen=True)
class CommentCounts:
    total: int
    leads: int

    @property
    def comments(self) -> int:
        return self.total - self.leads


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

    def in_reading_order(self):
        return self.order_by(*READING_ORDER)

    def counts(self) -> CommentCounts:
        """How many of these there are, and how many of them are leads, in one query."""
        totals = self.aggregate(total=Count("pk"), leads=Count("pk", filter=Q(is_lead=True)))
        return CommentCounts(total=totals["total"], leads=totals["leads"])

    def count_before(self, comment: "Comment") -> int:
        """How many of these come before `comment` in reading order, in one query."""
        same_time_earlier = Q(created_at=comment.created_at)
        if comment.is_lead:
            earlier = Q(is_lead=True) & (
                Q(created_at__gt=comment.created_at) | same_time_earlier & Q(pk__gt=comment.pk)
            )
        else:
            earlier = Q(is_lead=True) | Q(created_at__lt=comment.created_at) | same_time_earlier & Q(pk__lt=comment.pk)
        return self.filter(earlier).count()

    def thread(self) -> "CommentThread":
        return CommentThread(self)

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
    body_html = RenderedMarkdownField(source="body")
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

    # A reply tells the author of the comment it answers (posts.reach.notifications), not every commenter.
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )

    # Deleting it deletes its review items (a generic relation has no cascade of its own).
    review_items = GenericRelation("posts.ReviewItem", content_type_field="target_type", object_id_field="target_id")

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ("created_at", "pk")
        # PFIF's notes in entry_date order (posts/interchange/export.py).
        indexes = [models.Index(fields=("moderation", "is_private", "created_at", "id"), name="comment_pfif_note_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(is_private=False) | Q(is_lead=True), name="only_leads_are_private"),
            models.UniqueConstraint(
                fields=("pfif_record_id",), condition=~Q(pfif_record_id=""), name="one_comment_per_pfif_record"
            ),
        ]

    def __str__(self):
        return self.body[:60]

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None and "body" in update_fields:
            update_fields = {*update_fields, "body_html"}  # Rendered from the body, whenever the body is written.
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        """The comment's own address, which sends each reader to the page of the request that shows it."""
        return reverse("posts:comment", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.moderation == Moderation.PUBLISHED


class CommentThread:
    """Comments in reading order, as Django's Paginator reads them: counted in one query, a page in one more.

    Only the primary keys are sorted, so a page far into a long thread costs a sort of narrow rows, not
    of every comment's text.
    """

    def __init__(self, comments: CommentQuerySet):
        self.comments = comments

    @cached_property
    def counts(self) -> CommentCounts:
        return self.comments.counts()

    def count(self) -> int:
        return self.counts.total

    def __getitem__(self, window: slice) -> list[Comment]:
        page = self.comments.in_reading_order().values("pk")[window]
        return list(self.comments.filter(pk__in=page).in_reading_order())
