"""Migration 0012: the moderation history in django's admin log becomes readable as ModerationActions."""

import logging

import pytest
from django.contrib.admin.models import ADDITION, CHANGE
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import SanctionKind, TrustLevel
from posts.models import (
    Conversation,
    ConversationKind,
    Message,
    ModerationActionKind,
    ReportReason,
    Revision,
)
from posts.moderation import trust
from tests.factories import CommentFactory, ModeratorFactory, PostFactory, ReportFactory, UserFactory

BEFORE = [("posts", "0011_moderation_action")]
AFTER = [("posts", "0012_moderation_log_from_admin_log")]

# Flushed after each test and restored from the serialized copy, so that the Moderators group and the rest of
# what migrations create are there for the next test on this worker.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    """Move the database to `targets` and return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def history(db):
    """Something of every kind the old audit() logged; the database is then taken back to 0011.

    The factories build today's models, so the rows are made before going back: columns added since 0011
    (such as Comment.reply_to) are not there to write once the database is at 0011.
    """
    yield from _history()
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


def _history():
    moderator, reporter = ModeratorFactory(), UserFactory()
    member = UserFactory(trust_level=TrustLevel.TRUSTED)
    post = PostFactory(author=member, indexed=False)
    comment = CommentFactory(author=member, post=post)
    other = PostFactory(indexed=False)
    conversation = Conversation.objects.create(post=other, starter=member, kind=ConversationKind.THIS_IS_ME)
    message = Message.objects.create(conversation=conversation, author=member, body="Call me")
    report = ReportFactory(post=None, comment=CommentFactory(author=member, post=post), reason=ReportReason.SPAM)
    removal = ReportFactory(reporter=reporter, post=post, reason=ReportReason.THIS_IS_ME)
    third_report = ReportFactory(reporter=reporter, post=None, comment=comment)
    revision = Revision.objects.create(post=post, fields={"story": "+49 170 5550123"}, edited_by=member)

    K = ModerationActionKind
    # (target, message, who wrote it, kind, reason, details): every format audit() ever wrote.
    formats = [
        (post, "Published", moderator, K.PUBLISH, "", {}),
        (post, "Hidden: Phone number in the story", moderator, K.HIDE, "Phone number in the story", {}),
        (post, "Removed: Not a real request", moderator, K.REMOVE, "Not a real request", {}),
        (post, "Restored", moderator, K.RESTORE, "", {}),
        (comment, "Published", moderator, K.PUBLISH, "", {}),
        (comment, "Hidden: Harassment or hate: Insults", moderator, K.HIDE, "Harassment or hate: Insults", {}),
        (message, "Let through", moderator, K.PUBLISH, "", {}),
        (message, "Removed: Please share numbers later.", moderator, K.REMOVE, "Please share numbers later.", {}),
        (member, "Banned: Asked people for money", moderator, K.BAN, "Asked people for money", {}),
        (member, "Ban lifted", moderator, K.UNBAN, "", {}),
        (
            member,
            "silenced: can read, cannot write for 3 days: Spamming leads",
            moderator,
            K.SILENCE,
            "Spamming leads",
            {"days": 3},
        ),
        # Written while the moderator used the admin in Chinese: the sanction's label was in their language.
        (member, "禁言：可以浏览，不能发言 for 7 days: 骚扰他人", moderator, K.SILENCE, "骚扰他人", {"days": 7}),
        (member, "suspended: cannot log in for 14 days: Threats", moderator, K.SUSPEND, "Threats", {"days": 14}),
        (member, "Lifted: suspended: cannot log in", moderator, K.LIFT_SANCTION, "", {"kind": SanctionKind.SUSPEND}),
        (
            member,
            "Trust level: earned → trusted (earned: new): Helpful for years",
            moderator,
            K.SET_TRUST_LEVEL,
            "Helpful for years",
            {"before": "", "after": TrustLevel.TRUSTED, "earned": TrustLevel.NEW},
        ),
        (
            member,
            "Trust level: trusted → earned (earned: member)",
            moderator,
            K.SET_TRUST_LEVEL,
            "",
            {"before": TrustLevel.TRUSTED, "after": "", "earned": TrustLevel.MEMBER},
        ),
        (
            post,
            "Photos withheld: removal requested by the person sought",
            reporter,
            K.WITHHOLD_PHOTOS,
            "",
            {"report_id": removal.pk},
        ),
        (
            comment,
            "Hidden automatically: reported by 3 people",
            reporter,
            K.AUTO_HIDE,
            "",
            {"reporters": 3, "report_id": third_report.pk},
        ),
        (report, "Report resolved", moderator, K.RESOLVE_REPORT, "", {"report_reason": ReportReason.SPAM}),
        (report, "Report dismissed", moderator, K.DISMISS_REPORT, "", {"report_reason": ReportReason.SPAM}),
        (revision, "Hid an earlier version: Phone number", moderator, K.HIDE_REVISION, "Phone number", {}),
    ]
    # Not moderation, or not ours: these stay in the admin log.
    others = [
        (post, '[{"changed": {"fields": ["Title"]}}]', CHANGE),  # the admin's own edit
        (member, "", CHANGE),
        (member, "Banned: added by hand", ADDITION),
        (post, "Pinned to the front page", CHANGE),  # free text in no known format: listed in a warning
        (post, "Banned: not an account", CHANGE),  # a known format on the wrong kind of object
    ]
    migrate(BEFORE)
    yield {"moderator": moderator, "member": member, "formats": formats, "others": others}


def write_entries(apps, rows):
    """Admin log entries as the old audit() wrote them, through the historical models."""
    LogEntry = apps.get_model("admin", "LogEntry")
    entries = []
    for obj, message, user, flag in rows:
        entries.append(
            LogEntry.objects.create(
                user_id=user.pk,
                content_type_id=ContentType.objects.get_for_model(obj).pk,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                action_flag=flag,
                change_message=message,
            )
        )
    return entries


def author_of(obj):
    if obj._meta.model_name == "user":
        return obj.pk
    target = getattr(obj, "target", obj)
    return target.author_id


def test_every_old_format_becomes_a_typed_action_and_the_rest_stays(history, caplog):
    apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    formats, others = history["formats"], history["others"]
    moved = write_entries(apps, [(obj, message, user, CHANGE) for obj, message, user, *_ in formats])
    kept = write_entries(apps, [(obj, message, history["moderator"], flag) for obj, message, flag in others])

    with caplog.at_level(logging.WARNING, logger="posts.migrations"):
        apps = migrate(AFTER)

    ModerationAction = apps.get_model("posts", "ModerationAction")
    LogEntry = apps.get_model("admin", "LogEntry")
    actions = list(ModerationAction.objects.order_by("pk"))
    assert [
        (action.action, action.reason, {k: v for k, v in action.details.items() if k != "log_entry_id"})
        for action in actions
    ] == [(kind, reason, details) for *_, kind, reason, details in formats]
    for action, entry, (obj, _message, user, kind, *_) in zip(actions, moved, formats, strict=True):
        by_the_site = kind in (ModerationActionKind.WITHHOLD_PHOTOS, ModerationActionKind.AUTO_HIDE)
        assert action.actor_id == (None if by_the_site else user.pk)
        assert (action.target_type_id, action.target_id) == (ContentType.objects.get_for_model(obj).pk, obj.pk)
        assert (action.target_repr, action.created_at) == (entry.object_repr, entry.action_time)
        assert action.member_id == author_of(obj)
        assert action.details["log_entry_id"] == entry.pk
    assert sorted(LogEntry.objects.values_list("pk", flat=True)) == [entry.pk for entry in kept]
    [warning] = [record.getMessage() for record in caplog.records]
    assert "2 admin log entries" in warning
    assert "Pinned to the front page" in warning and "Banned: not an account" in warning


def test_going_back_puts_the_entries_back_in_the_admin_log(history):
    apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    formats = history["formats"]
    written = write_entries(apps, [(obj, message, user, CHANGE) for obj, message, user, *_ in formats])
    before = {entry.pk: (entry.user_id, entry.object_id, entry.change_message, entry.action_time) for entry in written}
    migrate(AFTER)

    apps = migrate(BEFORE)

    LogEntry = apps.get_model("admin", "LogEntry")
    after = {
        entry.pk: (entry.user_id, entry.object_id, entry.change_message, entry.action_time)
        for entry in LogEntry.objects.all()
    }
    # The one written in Chinese comes back in English, the language of every other entry.
    chinese = next(entry.pk for entry in written if entry.change_message.startswith("禁言"))
    before[chinese] = (
        *before[chinese][:2],
        "silenced: can read, cannot write for 7 days: 骚扰他人",
        before[chinese][3],
    )
    assert after == before
    assert not apps.get_model("posts", "ModerationAction").objects.exists()


def test_a_migrated_ban_still_counts_against_trusted(history):
    """The old log is what remembered a lifted ban; after the move, trust reads it as a typed BAN."""
    apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    member, moderator = history["member"], history["moderator"]
    write_entries(apps, [(member, "Banned: Asked people for money", moderator, CHANGE)])
    write_entries(apps, [(member, "Ban lifted", moderator, CHANGE)])

    migrate(AFTER)

    member.refresh_from_db()
    trust.forget(member)
    assert trust.standing(member).sanctioned
