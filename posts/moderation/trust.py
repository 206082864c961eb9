"""Trust levels: what a member has earned, what a moderator set, and the limits that follow from it.

NEW until the member has a verified email, an account MEMBER_AGE old and published content (requests or
comments); MEMBER after that; TRUSTED after TRUSTED_AGE and TRUSTED_PUBLISHED published requests and comments
with no sanction ever, or when a moderator says so. A level set by a moderator wins; moderators themselves
count as trusted. The numbers are in posts/moderation/policy.py; see docs/moderation.md, "Trust levels".
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Sanction, TrustLevel, User
from accounts.roles import is_moderator, member_changed
from posts.models import Comment, Moderation, ModerationAction, ModerationActionKind, Post
from posts.moderation.detection import without_email_addresses
from posts.moderation.log import record
from posts.moderation.policy import (
    FIRST_DAY,
    FIRST_DAY_PHOTOS,
    MEMBER_AGE,
    MEMBER_PUBLISHED_COMMENTS,
    MEMBER_PUBLISHED_REQUESTS,
    NEW_HELD_COMMENTS,
    NEW_REQUESTS_PER_DAY,
    NEW_REQUESTS_WINDOW,
    TRUSTED_AGE,
    TRUSTED_PUBLISHED,
    TRUSTED_RATE_FACTOR,
)

# A link: a scheme, "www.", or a bare domain such as example.com or 例子.cn (a lower-case top-level domain,
# so that "Hamburg.He moved" typed without a space is not one; Chinese text may follow it with no space).
LINK = re.compile(
    r"(?i:https?://|\bwww\.)|\b[\w-]{2,}(?:\.[\w-]+)*\.(?:[a-z]{2,24}|xn--[a-z0-9-]+)(?![A-Za-z0-9_-])",
    re.UNICODE,
)


def _hours(delta: timedelta) -> int:
    return int(delta.total_seconds() // 3600)


def _days(delta: timedelta) -> int:
    return delta.days


def comment_hold_message() -> str:
    return ngettext(
        "Welcome! The first comments of a new member wait for a moderator before others can read them. "
        "Once %(count)d of your comments is published, the rest go out at once.",
        "Welcome! The first comments of a new member wait for a moderator before others can read them. "
        "Once %(count)d of your comments are published, the rest go out at once.",
        NEW_HELD_COMMENTS,
    ) % {"count": NEW_HELD_COMMENTS}


@dataclass(frozen=True)
class Standing:
    """The facts a level is earned from."""

    verified_email: bool
    date_joined: datetime
    published_requests: int
    published_comments: int
    sanctioned: bool

    @property
    def published(self) -> int:
        return self.published_requests + self.published_comments


def _count(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().values("author").annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_standing(users: QuerySet) -> QuerySet:
    """Annotate users with what `standing` needs, so that a list of members costs one query."""
    return users.annotate(
        trust_verified_email=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
        trust_published_requests=_count(Post.objects.filter(author=OuterRef("pk"), moderation=Moderation.PUBLISHED)),
        trust_published_comments=_count(Comment.objects.filter(author=OuterRef("pk"), moderation=Moderation.PUBLISHED)),
        # Lifting a ban clears `banned_at`: the moderation log is what remembers that a member was ever banned.
        trust_sanctioned=Exists(Sanction.objects.filter(user=OuterRef("pk")))
        | Q(banned_at__isnull=False)
        | Exists(ModerationAction.objects.filter(member=OuterRef("pk"), action=ModerationActionKind.BAN)),
    )


def standing(user) -> Standing:
    """The member's standing, read once per request (or from `with_standing` annotations)."""
    cached = user.__dict__.get("_trust_standing")
    if cached is not None:
        return cached
    if not hasattr(user, "trust_published_requests"):
        row = with_standing(User.objects.filter(pk=user.pk)).values(
            "trust_verified_email", "trust_published_requests", "trust_published_comments", "trust_sanctioned"
        )
        for name, value in row.get().items():
            setattr(user, name, value)
    cached = Standing(
        verified_email=bool(user.trust_verified_email) and user.is_active,
        date_joined=user.date_joined,
        published_requests=user.trust_published_requests,
        published_comments=user.trust_published_comments,
        sanctioned=bool(user.trust_sanctioned),
    )
    user._trust_standing = cached
    return cached


def earned_level(user) -> TrustLevel:
    """The level the member's own record earns, whatever a moderator set."""
    facts = standing(user)
    age = timezone.now() - facts.date_joined
    if not facts.verified_email or age < MEMBER_AGE:
        return TrustLevel.NEW
    if age >= TRUSTED_AGE and facts.published >= TRUSTED_PUBLISHED and not facts.sanctioned:
        return TrustLevel.TRUSTED
    if facts.published_requests >= MEMBER_PUBLISHED_REQUESTS or facts.published_comments >= MEMBER_PUBLISHED_COMMENTS:
        return TrustLevel.MEMBER
    return TrustLevel.NEW


def level_of(user) -> TrustLevel:
    """The level the site treats the member by: moderators are trusted; a level set by a moderator wins."""
    if not (user and user.is_authenticated):
        return TrustLevel.NEW
    cached = user.__dict__.get("_trust_level")
    if cached is None:
        if is_moderator(user):
            cached = TrustLevel.TRUSTED
        elif user.trust_level:
            cached = TrustLevel(user.trust_level)
        else:
            cached = earned_level(user)
        user._trust_level = cached
    return cached


def is_set_by_moderator(user) -> bool:
    return bool(user.trust_level)


def forget(user) -> None:
    """Drop what this request remembered about the member's level, after it changed."""
    for name in ("_trust_level", "_trust_standing"):
        user.__dict__.pop(name, None)


def is_new(user) -> bool:
    return level_of(user) == TrustLevel.NEW


def is_first_day(user) -> bool:
    """The account is younger than FIRST_DAY."""
    return timezone.now() - user.date_joined < FIRST_DAY


def first_day_rules_apply(user) -> bool:
    """A new member on their first day: FIRST_DAY_PHOTOS photos per request, no links in comments."""
    return is_first_day(user) and is_new(user)


# Rules, called by posts.requests.services---------------------------------------------------------------


def skips_first_request_review(user) -> bool:
    """Trusted members (and so moderators) publish even their first request at once."""
    return level_of(user) == TrustLevel.TRUSTED


def first_day_photo_message() -> str:
    return _(
        "On your first day you can add %(limit)d photo to a request. You can add more from tomorrow, "
        "by editing the request."
    ) % {"limit": FIRST_DAY_PHOTOS}


def contains_link(text: str) -> bool:
    return bool(LINK.search(without_email_addresses(text)))


def check_comment_links(user, body: str) -> None:
    """Refuse links in a new member's comments on their first day."""
    if first_day_rules_apply(user) and contains_link(body):
        raise ValidationError(
            _(
                "On your first day you cannot put links or web addresses (such as example.com) in a comment. "
                "Please describe the page in words instead, or add the link tomorrow."
            ),
            code="first_day_links",
        )


def comment_hold_reason(user) -> str:
    """Why a new member's comment waits for a moderator, or "" when it does not."""
    if not is_new(user):
        return ""
    published = Comment.objects.filter(author=user, moderation=Moderation.PUBLISHED).count()
    return comment_hold_message() if published < NEW_HELD_COMMENTS else ""


def check_daily_requests(user) -> None:
    """A new member may post at most NEW_REQUESTS_PER_DAY requests in NEW_REQUESTS_WINDOW."""
    if not is_new(user):
        return
    since = timezone.now() - NEW_REQUESTS_WINDOW
    recent = list(
        Post.objects.filter(author=user, created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:NEW_REQUESTS_PER_DAY]
    )
    if len(recent) < NEW_REQUESTS_PER_DAY:
        return
    again = timezone.localtime(recent[-1] + NEW_REQUESTS_WINDOW)
    raise ValidationError(
        _(
            "New members can post at most %(limit)d requests in %(hours)d hours. "
            "You can post this one after %(time)s; your text is still here."
        ),
        code="daily_requests",
        params={
            "limit": NEW_REQUESTS_PER_DAY,
            "hours": _hours(NEW_REQUESTS_WINDOW),
            "time": formats.date_format(again, "DATETIME_FORMAT"),
        },
    )


def rate_factor(user) -> int:
    """How many times the usual per-member rate limits this member gets."""
    return TRUSTED_RATE_FACTOR if level_of(user) == TrustLevel.TRUSTED else 1


# What the member sees ---------------------------------------------------------------------------


def holds_for(user) -> list[str]:
    """The limits that apply to the member now, in words, for their own settings page."""
    level = level_of(user)
    if level == TrustLevel.TRUSTED:
        return [
            _("Your requests and comments go out at once, and your rate limits are %(factor)d times the usual.")
            % {"factor": TRUSTED_RATE_FACTOR}
        ]
    holds = []
    if not Post.objects.filter(author=user, published_at__isnull=False).exists():
        holds.append(_("Your first request waits for a moderator before it is published."))
    if level == TrustLevel.NEW:
        if comment_hold_reason(user):
            holds.append(
                ngettext(
                    "Your comments wait for a moderator until %(count)d of them is published.",
                    "Your comments wait for a moderator until %(count)d of them are published.",
                    NEW_HELD_COMMENTS,
                )
                % {"count": NEW_HELD_COMMENTS}
            )
        holds.append(
            _("You can post at most %(limit)d requests in %(hours)d hours.")
            % {"limit": NEW_REQUESTS_PER_DAY, "hours": _hours(NEW_REQUESTS_WINDOW)}
        )
        if is_first_day(user):
            holds.append(
                ngettext(
                    "On your first day: %(count)d photo per request, and no links in comments.",
                    "On your first day: %(count)d photos per request, and no links in comments.",
                    FIRST_DAY_PHOTOS,
                )
                % {"count": FIRST_DAY_PHOTOS}
            )
    return holds


def next_step(user) -> str:
    """What would lift the member to the next level, or "" when nothing they do would."""
    level = level_of(user)
    if level != TrustLevel.NEW or is_set_by_moderator(user):
        return ""
    age = ngettext("%(count)d day", "%(count)d days", _days(MEMBER_AGE)) % {"count": _days(MEMBER_AGE)}
    return ngettext(
        "You become a member once your email address is verified, your account is %(age)s old, and "
        "%(requests)d of your requests or %(comments)d of your comments is published.",
        "You become a member once your email address is verified, your account is %(age)s old, and "
        "%(requests)d of your requests or %(comments)d of your comments are published.",
        MEMBER_PUBLISHED_COMMENTS,
    ) % {"age": age, "requests": MEMBER_PUBLISHED_REQUESTS, "comments": MEMBER_PUBLISHED_COMMENTS}


# Moderators ---------------------------------------------------------------------------------------


def set_level(*, user, by, level: str, reason: str = "") -> None:
    """Set (or, with "", clear) a member's trust level, and write it to the moderation log."""
    if not is_moderator(by):
        raise PermissionDenied(_("Only moderators can do this."))
    if level and level not in TrustLevel.values:
        raise ValidationError(_("Choose new, member or trusted."), code="level")
    before = User.objects.filter(pk=user.pk).values_list("trust_level", flat=True).get()
    if before == level:
        return
    User.objects.filter(pk=user.pk).update(trust_level=level)
    member_changed(user.pk)  # An update sends no signal: the member's kept row is stale.
    user.trust_level = level
    forget(user)
    record(
        actor=by,
        action=ModerationActionKind.SET_TRUST_LEVEL,
        target=user,
        reason=reason,
        before=before,
        after=level,
        earned=earned_level(user).value,
    )
