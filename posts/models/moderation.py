from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import SanctionKind, TrustLevel
from posts.models.comments import Comment
from posts.models.requests import Post


class ReportReason(models.TextChoices):
    SPAM = "spam", _("spam or advertising")
    HARASSMENT = "harassment", _("harassment or hate")
    FALSE_INFO = "false", _("false information")
    THIS_IS_ME = "this_is_me", _("this is me — please remove it")
    OTHER = "other", _("something else")


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

    # Empty only on reports the site filed for a watched word before ReviewItem took over its flags.
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
            ),
            # One member, one open report per thing: reporting it again, even twice at once, updates that one
            # (posts.moderation.review.file_report), so one person cannot weigh more by reporting again. Closed
            # reports stay beside it: a member may report again what a moderator already looked at.
            *(
                models.UniqueConstraint(
                    fields=("reporter", target),
                    condition=Q(status=ReportStatus.OPEN),
                    name=f"one_open_report_per_reporter_and_{target}",
                )
                for target in ("post", "comment", "message")
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.target}"

    @property
    def target(self):
        return self.post or self.comment or self.message


class Revision(models.Model):
    """The text of a request or a comment as it was before one edit; only moderators read it."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions", verbose_name=_("request")
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions", verbose_name=_("comment")
    )
    translation = models.ForeignKey(
        "posts.Translation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("translation"),
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
                condition=(Q(post__isnull=False) & Q(comment__isnull=True) & Q(translation__isnull=True))
                | (Q(post__isnull=True) & Q(comment__isnull=False) & Q(translation__isnull=True))
                | (Q(post__isnull=True) & Q(comment__isnull=True) & Q(translation__isnull=False)),
                name="revision_has_one_target",
            )
        ]

    def __str__(self):
        # Never the text: this string goes into the admin log and onto pages that must not show a hidden version.
        target = _("request") if self.post_id else _("comment") if self.comment_id else _("translation")
        return f"{target} #{self.post_id or self.comment_id or self.translation_id}, {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def target(self):
        return self.post or self.comment or self.translation


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


class ModerationActionKind(models.TextChoices):
    PUBLISH = "publish", pgettext_lazy("moderation action", "published")
    HIDE = "hide", pgettext_lazy("moderation action", "hidden")
    REMOVE = "remove", pgettext_lazy("moderation action", "removed")
    RESTORE = "restore", pgettext_lazy("moderation action", "restored")
    AUTO_HIDE = "auto_hide", _("hidden automatically after reports")
    WITHHOLD_PHOTOS = "withhold_photos", _("photos withheld after a removal request")
    RESOLVE_REPORT = "resolve_report", _("report resolved")
    DISMISS_REPORT = "dismiss_report", _("report dismissed")
    HIDE_REVISION = "hide_revision", _("earlier version hidden")
    BAN = "ban", pgettext_lazy("moderation action", "banned")
    UNBAN = "unban", _("ban lifted")
    SILENCE = "silence", pgettext_lazy("moderation action", "silenced")
    SUSPEND = "suspend", pgettext_lazy("moderation action", "suspended")
    LIFT_SANCTION = "lift_sanction", _("sanction lifted")
    SET_TRUST_LEVEL = "set_trust_level", _("trust level set")
    KEEP = "keep", _("kept after a watched-word flag")


class ModerationActionQuerySet(models.QuerySet):
    def about_member(self, user):
        """What moderators did to a member, to what the member wrote, and to the reports the member filed."""
        from django.contrib.contenttypes.models import ContentType

        type_of = ContentType.objects.get_for_model
        return self.filter(
            Q(member=user)
            | Q(target_type=type_of(user, for_concrete_model=False), target_id=user.pk)
            | Q(
                target_type=type_of(Report, for_concrete_model=False),
                target_id__in=Report.objects.filter(reporter=user).order_by().values("pk"),
            )
        )

    def about(self, obj: models.Model):
        """What moderators did to one request, comment, message, report, earlier version or member."""
        from django.contrib.contenttypes.models import ContentType

        return self.filter(
            target_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), target_id=obj.pk
        )

    def of_kind(self, *kinds: str):
        return self.filter(action__in=kinds)


class ModerationAction(models.Model):
    """One thing a moderator (or the site, when `actor` is empty) did, typed; written only by moderation.log.record."""

    action = models.CharField(_("action"), max_length=32, choices=ModerationActionKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions_taken",
        verbose_name=_("by"),
    )
    target_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+", verbose_name=_("target type")
    )
    target_id = models.PositiveBigIntegerField(_("target id"))
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(_("target"), max_length=200, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions_about",
        verbose_name=_("member concerned"),
        help_text=_("The member acted on, or the author of what was acted on."),
    )
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        ordering = ("-created_at", "-pk")
        indexes = (
            models.Index(fields=("target_type", "target_id"), name="modaction_target"),
            models.Index(fields=("action", "created_at"), name="modaction_kind_when"),
        )

    def __str__(self):
        return f"{self.get_action_display()}: {self.target_repr}"

    def summary(self) -> str:
        """The facts kept in `details`, in the reader's language; "" when there are none worth saying."""
        kind, details = self.action, self.details or {}
        if kind in (ModerationActionKind.SILENCE, ModerationActionKind.SUSPEND) and "days" in details:
            days = details["days"]
            return ngettext("for %(days)d day", "for %(days)d days", days) % {"days": days}
        if kind == ModerationActionKind.LIFT_SANCTION and details.get("kind") in SanctionKind.values:
            return str(SanctionKind(details["kind"]).label)
        if kind == ModerationActionKind.SET_TRUST_LEVEL and "after" in details:
            return gettext("%(before)s → %(after)s (earned: %(earned)s)") % {
                "before": _level_name(details.get("before", "")),
                "after": _level_name(details["after"]),
                "earned": _level_name(details.get("earned", "")),
            }
        if kind == ModerationActionKind.AUTO_HIDE and "reporters" in details:
            count = details["reporters"]
            return ngettext("reported by %(count)d member", "reported by %(count)d members", count) % {"count": count}
        if kind in (ModerationActionKind.RESOLVE_REPORT, ModerationActionKind.DISMISS_REPORT):
            if details.get("report_reason") in ReportReason.values:
                return str(ReportReason(details["report_reason"]).label)
        return ""


def _level_name(level: str) -> str:
    """A trust level by name; none set means the member earns theirs."""
    return str(TrustLevel(level).label) if level in TrustLevel.values else gettext("earned")


class ReviewReason(models.TextChoices):
    """Why something is in the review queue."""

    NEW_MEMBER = "new_member", _("a first request, or a new member's comment")
    CONTACT_DETAILS = "contact_details", _("contact details")
    WATCHED_HOLD = "watched_hold", _("watched word (held)")
    WATCHED_FLAG = "watched_flag", _("watched word (flagged)")
    OPT_OUT = "opt_out", _("matches an opt-out")
    IMPORTED = "imported", _("imported through PFIF")
    # Waiting from before the queue recorded reasons (the migration that created it).
    HELD = "held", _("held for review")
    REPORTS = "reports", _("reported")
    REMOVAL_REQUEST = "removal_request", _("removal request (“this is me”)")
    # The poster of a request left a translation of it to the moderators to approve or reject.
    TRANSLATION = "translation", _("a translation left to the moderators")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("review status", "pending")
    # The content stays, or goes out: published, let through, kept.
    APPROVED = "approved", pgettext_lazy("review status", "approved")
    # The content was hidden or removed.
    REJECTED = "rejected", pgettext_lazy("review status", "rejected")
    # The reports were dismissed: nothing needed doing.
    IGNORED = "ignored", pgettext_lazy("review status", "ignored")


class ReviewItemQuerySet(models.QuerySet):
    def pending(self):
        """What waits for a moderator: removal requests first, then the highest score, then the oldest."""
        return self.filter(status=ReviewStatus.PENDING).order_by(
            models.Case(models.When(reason=ReviewReason.REMOVAL_REQUEST, then=0), default=1),
            "-score",
            "updated_at",
            "pk",
        )

    def for_target(self, target: models.Model):
        return self.filter(target_type=ContentType.objects.get_for_model(target), target_id=target.pk)


class ReviewItem(models.Model):
    """One thing a moderator must look at: a held or flagged request, comment or message, or reported content.

    After Discourse's Reviewable: one open item per target, whatever held, flagged or reported it; a new hold,
    flag or report on the same target updates it, and reopens it once it was handled. Written only by
    posts.moderation.review; resolved through posts.moderation.review_actions.perform.
    """

    target_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+", verbose_name=_("target type")
    )
    target_id = models.PositiveBigIntegerField(_("target id"))
    target = GenericForeignKey("target_type", "target_id")
    # The request the target is, or belongs to: its title is shown beside a comment or message, and deleting
    # the request takes its items with it.
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="+", verbose_name=_("request"), null=True, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_items",
        verbose_name=_("member concerned"),
        help_text=_("The author of what is to be reviewed."),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReviewReason.choices)
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    # The sum of the open reports' weights, by each reporter's trust (posts/moderation/policy.py).
    score = models.FloatField(_("score"), default=0)
    flagged_by_site = models.BooleanField(_("flagged for a watched word"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # When it last came into the queue: created, reopened, or given a weightier reason. "Oldest first" reads it.
    updated_at = models.DateTimeField(_("waiting since"), default=timezone.now, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    objects = ReviewItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("review item")
        verbose_name_plural = _("review items")
        ordering = ("-updated_at", "-pk")
        indexes = (models.Index(fields=("target_type", "target_id"), name="reviewitem_target"),)
        constraints = [
            models.UniqueConstraint(
                fields=("target_type", "target_id"),
                condition=Q(status=ReviewStatus.PENDING),
                name="one_pending_review_item_per_target",
            )
        ]

    def __str__(self):
        model = ContentType.objects.get_for_id(self.target_type_id).model_class()
        name = model._meta.verbose_name if model else _("deleted")
        return f"{self.get_reason_display()}: {name} #{self.target_id}"

    @property
    def is_pending(self) -> bool:
        return self.status == ReviewStatus.PENDING

    @property
    def is_removal_request(self) -> bool:
        return self.reason == ReviewReason.REMOVAL_REQUEST
