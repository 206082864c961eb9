"""Every moderation service leaves exactly one typed ModerationAction, and only moderation.log.record writes them."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import SanctionKind, TrustLevel
from posts.models import (
    Conversation,
    ConversationKind,
    Message,
    Moderation,
    ModerationAction,
    ModerationActionKind,
    ReportReason,
    Revision,
)
from posts.moderation import actions, log, reports, revisions, trust
from tests.factories import CommentFactory, PostFactory, ReportFactory, UserFactory

K = ModerationActionKind


def _post(**kwargs):
    return PostFactory(**kwargs)


def _comment(**kwargs):
    return CommentFactory(**kwargs)


def _message(moderation=Moderation.PENDING):
    conversation = Conversation.objects.create(
        post=PostFactory(), starter=UserFactory(), kind=ConversationKind.THIS_IS_ME
    )
    return Message.objects.create(
        conversation=conversation, author=conversation.starter, body="Hi", moderation=moderation
    )


def _banned(moderator):
    user = UserFactory()
    actions.ban_user(user=user, by=moderator, reason="Earlier")
    return user


def _sanction(moderator):
    return actions.sanction_user(user=UserFactory(), by=moderator, kind=SanctionKind.SILENCE, days=1, reason="Earlier")


def _revision():
    post = PostFactory()
    return Revision.objects.create(post=post, fields={"story": "old"}, edited_by=post.author)


# name: (what to prepare, given the moderator; the service call; the target it acts on; kind; reason; details)
CASES = {
    "publish request": (
        lambda m: _post(moderation=Moderation.PENDING, published_at=None),
        lambda m, post: actions.publish_post(post=post, by=m),
        lambda post: post,
        K.PUBLISH,
        "",
        {"before": Moderation.PENDING},
    ),
    "hide request": (
        lambda m: _post(),
        lambda m, post: actions.hide_post(post=post, by=m, reason="Phone number"),
        lambda post: post,
        K.HIDE,
        "Phone number",
        {"before": Moderation.PUBLISHED},
    ),
    "remove request": (
        lambda m: _post(),
        lambda m, post: actions.remove_post(post=post, by=m, reason="Asked by the person sought"),
        lambda post: post,
        K.REMOVE,
        "Asked by the person sought",
        {"before": Moderation.PUBLISHED},
    ),
    "restore request": (
        lambda m: _post(moderation=Moderation.HIDDEN, moderation_reason="Spam"),
        lambda m, post: actions.restore_post(post=post, by=m),
        lambda post: post,
        K.RESTORE,
        "",
        {"before": Moderation.HIDDEN},
    ),
    "publish comment": (
        lambda m: _comment(moderation=Moderation.PENDING),
        lambda m, comment: actions.publish_comment(comment=comment, by=m),
        lambda comment: comment,
        K.PUBLISH,
        "",
        {"before": Moderation.PENDING},
    ),
    "hide comment": (
        lambda m: _comment(),
        lambda m, comment: actions.hide_comment(comment=comment, by=m, reason="Insults"),
        lambda comment: comment,
        K.HIDE,
        "Insults",
        {"before": Moderation.PUBLISHED},
    ),
    "remove comment": (
        lambda m: _comment(),
        lambda m, comment: actions.remove_comment(comment=comment, by=m, reason="Spam"),
        lambda comment: comment,
        K.REMOVE,
        "Spam",
        {"before": Moderation.PUBLISHED},
    ),
    "restore comment": (
        lambda m: _comment(moderation=Moderation.REMOVED, moderation_reason="Spam"),
        lambda m, comment: actions.restore_comment(comment=comment, by=m),
        lambda comment: comment,
        K.RESTORE,
        "",
        {"before": Moderation.REMOVED},
    ),
    "let a message through": (
        lambda m: _message(),
        lambda m, message: actions.publish_message(message=message, by=m),
        lambda message: message,
        K.PUBLISH,
        "",
        {"before": Moderation.PENDING},
    ),
    "remove a message": (
        lambda m: _message(),
        lambda m, message: actions.remove_message(message=message, by=m, reason="Share numbers later"),
        lambda message: message,
        K.REMOVE,
        "Share numbers later",
        {"before": Moderation.PENDING},
    ),
    "ban": (
        lambda m: UserFactory(),
        lambda m, user: actions.ban_user(user=user, by=m, reason="Threats"),
        lambda user: user,
        K.BAN,
        "Threats",
        {"hidden_requests": 0, "hidden_comments": 0},
    ),
    "lift a ban": (
        _banned,
        lambda m, user: actions.unban_user(user=user, by=m),
        lambda user: user,
        K.UNBAN,
        "",
        {"restored_requests": 0, "restored_comments": 0},
    ),
    "silence": (
        lambda m: UserFactory(),
        lambda m, user: actions.sanction_user(user=user, by=m, kind=SanctionKind.SILENCE, days=3, reason="Spam"),
        lambda user: user,
        K.SILENCE,
        "Spam",
        {"days": 3},
    ),
    "suspend": (
        lambda m: UserFactory(),
        lambda m, user: actions.sanction_user(user=user, by=m, kind=SanctionKind.SUSPEND, days=7, reason="Threats"),
        lambda user: user,
        K.SUSPEND,
        "Threats",
        {"days": 7},
    ),
    "lift a sanction": (
        _sanction,
        lambda m, sanction: actions.lift_sanction(sanction=sanction, by=m),
        lambda sanction: sanction.user,
        K.LIFT_SANCTION,
        "",
        {"kind": SanctionKind.SILENCE},
    ),
    "hide an earlier version": (
        lambda m: _revision(),
        lambda m, revision: revisions.hide_revision(revision=revision, by=m, reason="Phone number"),
        lambda revision: revision,
        K.HIDE_REVISION,
        "Phone number",
        {},
    ),
    "resolve a report": (
        lambda m: ReportFactory(reason=ReportReason.SPAM),
        lambda m, report: reports.resolve_report(report=report, by=m),
        lambda report: report,
        K.RESOLVE_REPORT,
        "",
        {"report_reason": ReportReason.SPAM},
    ),
    "dismiss a report": (
        lambda m: ReportFactory(reason=ReportReason.FALSE_INFO),
        lambda m, report: reports.dismiss_report(report=report, by=m),
        lambda report: report,
        K.DISMISS_REPORT,
        "",
        {"report_reason": ReportReason.FALSE_INFO},
    ),
    "set a trust level": (
        lambda m: UserFactory(trust_level=""),
        lambda m, user: trust.set_level(user=user, by=m, level=TrustLevel.TRUSTED, reason="Known to us"),
        lambda user: user,
        K.SET_TRUST_LEVEL,
        "Known to us",
        {"before": "", "after": TrustLevel.TRUSTED},
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_moderation_service_writes_one_action_of_its_kind(moderator, case):
    prepare, act, target_of, kind, reason, details = CASES[case]
    obj = prepare(moderator)
    before = set(ModerationAction.objects.values_list("pk", flat=True))

    act(moderator, obj)

    [action] = ModerationAction.objects.exclude(pk__in=before)
    target = target_of(obj)
    assert (action.action, action.reason, action.actor) == (kind, reason, moderator)
    assert action.target == target
    assert action.target_repr == str(target)
    assert action.member == log.member_of(target)
    assert action.member is not None
    assert details.items() <= action.details.items()


def test_hiding_what_was_reported_logs_the_hide_and_each_report_closed(moderator):
    comment = CommentFactory()
    report, sibling = ReportFactory(post=None, comment=comment), ReportFactory(post=None, comment=comment)

    reports.hide_reported_content(report=report, by=moderator, reason="Insults")

    logged = list(ModerationAction.objects.order_by("pk").values_list("action", "target_id", "member"))
    assert logged == [
        (K.HIDE, comment.pk, comment.author_id),
        (K.RESOLVE_REPORT, sibling.pk, comment.author_id),
        (K.RESOLVE_REPORT, report.pk, comment.author_id),
    ]


def test_the_site_acts_on_its_own_when_enough_members_report(post):
    for _ in range(3):
        reports.report_content(reporter=UserFactory(), post=post, reason=ReportReason.SPAM)

    [action] = ModerationAction.objects.all()
    assert (action.action, action.actor, action.target, action.member) == (K.AUTO_HIDE, None, post, post.author)
    assert action.details["reporters"] == 3


def test_photos_are_withheld_by_the_site_when_the_person_sought_asks(post):
    report, _created = reports.report_content(reporter=UserFactory(), post=post, reason=ReportReason.THIS_IS_ME)

    [action] = ModerationAction.objects.all()
    assert (action.action, action.actor, action.target) == (K.WITHHOLD_PHOTOS, None, post)
    assert action.details == {"report_id": report.pk}


def test_record_refuses_an_unknown_kind(moderator, post):
    with pytest.raises(ValueError, match="Unknown moderation action"):
        log.record(actor=moderator, action="pinned", target=post)
    assert not ModerationAction.objects.exists()


def _creates_moderation_actions(path: Path) -> bool:
    """Whether the module writes ModerationAction rows itself (create, bulk_create, save of a new one)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("create", "bulk_create", "get_or_create"):
            if "ModerationAction" in ast.unparse(node.value):
                return True
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "ModerationAction":
            return True
    return False


def test_only_record_writes_moderation_actions():
    base = Path(settings.BASE_DIR)
    writers = [
        str(path.relative_to(base))
        for root in ("posts", "accounts", "reconnect")
        for path in (base / root).rglob("*.py")
        if "migrations" not in path.parts and _creates_moderation_actions(path)
    ]
    assert writers == ["posts/moderation/log.py"]
