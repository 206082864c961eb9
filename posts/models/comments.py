from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_moderator
from posts.models.requests import Moderation, Post


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

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_published(self) -> bool:
        return self.moderation == Moderation.PUBLISHED
