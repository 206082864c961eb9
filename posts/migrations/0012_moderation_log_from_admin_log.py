"""Move the moderation entries the old `audit()` wrote into django's admin log over to ModerationAction.

This is the one place that reads the log's free text: each message format that `posts.services.audit` and
then `posts.moderation.log.audit` wrote is parsed once, here, into a kind, the moderator's reason and the
facts as details, with the same actor, target, date and member concerned. The admin log entry goes; the
migrated row keeps its id in `details["log_entry_id"]`, which is how going back finds it.

Entries the admin writes itself (JSON or empty messages, for edits made in its forms) stay where they are.
Free-text entries that match no known format stay too, and are listed in a warning.
"""

import logging
import re

from django.conf import settings
from django.db import migrations
from django.utils import translation

logger = logging.getLogger("posts.migrations")

CHANGE = 2
BATCH = 500

# The kinds as they are stored (ModerationActionKind's values), frozen here as a migration must be.
PUBLISH, HIDE, REMOVE, RESTORE = "publish", "hide", "remove", "restore"
AUTO_HIDE, WITHHOLD_PHOTOS = "auto_hide", "withhold_photos"
RESOLVE_REPORT, DISMISS_REPORT, HIDE_REVISION = "resolve_report", "dismiss_report", "hide_revision"
BAN, UNBAN, SILENCE, SUSPEND, LIFT_SANCTION = "ban", "unban", "silence", "suspend", "lift_sanction"
SET_TRUST_LEVEL = "set_trust_level"

USER = tuple(settings.AUTH_USER_MODEL.lower().split("."))
POST, COMMENT, MESSAGE = ("posts", "post"), ("posts", "comment"), ("posts", "message")
REPORT, REVISION = ("posts", "report"), ("posts", "revision")
# What each kind was written about: a message that names a kind on any other model is not one of ours.
TARGETS = {
    PUBLISH: (POST, COMMENT, MESSAGE),
    HIDE: (POST, COMMENT),
    REMOVE: (POST, COMMENT, MESSAGE),
    RESTORE: (POST, COMMENT),
    AUTO_HIDE: (POST, COMMENT),
    WITHHOLD_PHOTOS: (POST,),
    RESOLVE_REPORT: (REPORT,),
    DISMISS_REPORT: (REPORT,),
    HIDE_REVISION: (REVISION,),
    BAN: (USER,),
    UNBAN: (USER,),
    SILENCE: (USER,),
    SUSPEND: (USER,),
    LIFT_SANCTION: (USER,),
    SET_TRUST_LEVEL: (USER,),
}
# The site did these on its own when a member reported; the old entry named the reporter as the one who acted.
BY_THE_SITE = (AUTO_HIDE, WITHHOLD_PHOTOS)

WITHHELD = "Photos withheld: removal requested by the person sought"
EXACT = {
    "Published": (PUBLISH, ""),
    "Let through": (PUBLISH, ""),
    "Restored": (RESTORE, ""),
    "Hidden": (HIDE, ""),
    "Removed": (REMOVE, ""),
    "Ban lifted": (UNBAN, ""),
    "Report resolved": (RESOLVE_REPORT, ""),
    "Report dismissed": (DISMISS_REPORT, ""),
    WITHHELD: (WITHHOLD_PHOTOS, ""),
}
PREFIXES = (
    ("Hid an earlier version: ", HIDE_REVISION),
    ("Banned: ", BAN),
    ("Hidden: ", HIDE),
    ("Removed: ", REMOVE),
)
AUTO_HIDDEN = re.compile(r"Hidden automatically: reported by (?P<reporters>\d+) people\Z")
LEVEL = r"new|member|trusted"
TRUST = re.compile(
    rf"Trust level: (?P<before>{LEVEL}|earned) → (?P<after>{LEVEL}|earned) \(earned: (?P<earned>{LEVEL})\)"
    r"(?:: (?P<reason>.*))?\Z",
    re.DOTALL,
)
SANCTIONED = re.compile(r"(?P<label>.+?) for (?P<days>\d+) days: (?P<reason>.*)\Z", re.DOTALL)
LIFTED = re.compile(r"Lifted: (?P<label>.+)\Z", re.DOTALL)
# SanctionKind's labels, which the messages carried in the moderator's language.
SANCTION_LABELS = {SILENCE: "silenced: can read, cannot write", SUSPEND: "suspended: cannot log in"}


def sanction_kinds_by_label() -> dict[str, str]:
    kinds = {}
    for kind, english in SANCTION_LABELS.items():
        kinds[english] = kind
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                kinds[translation.gettext(english)] = kind
    return kinds


def classify(message: str, sanction_kinds: dict[str, str]) -> tuple[str, str, dict] | None:
    """The kind, reason and details one old message stands for, or None when it is no format audit() wrote."""
    if message in EXACT:
        kind, reason = EXACT[message]
        return kind, reason, {}
    for prefix, kind in PREFIXES:
        if message.startswith(prefix):
            return kind, message[len(prefix) :], {}
    if found := AUTO_HIDDEN.match(message):
        return AUTO_HIDE, "", {"reporters": int(found["reporters"])}
    if found := TRUST.match(message):
        details = {
            "before": "" if found["before"] == "earned" else found["before"],
            "after": "" if found["after"] == "earned" else found["after"],
            "earned": found["earned"],
        }
        return SET_TRUST_LEVEL, found["reason"] or "", details
    if (found := SANCTIONED.match(message)) and found["label"] in sanction_kinds:
        return sanction_kinds[found["label"]], found["reason"], {"days": int(found["days"])}
    if (found := LIFTED.match(message)) and found["label"] in sanction_kinds:
        return LIFT_SANCTION, "", {"kind": sanction_kinds[found["label"]]}
    return None


def is_admins_own(message: str) -> bool:
    # The admin stores its change messages as a JSON list, or nothing at all.
    return not message.strip() or message.lstrip().startswith("[")


class Facts:
    """What the rest of the database says about an entry's target, looked up once per target."""

    def __init__(self, apps):
        self.models = {
            USER: apps.get_model(*USER),
            POST: apps.get_model("posts", "Post"),
            COMMENT: apps.get_model("posts", "Comment"),
            MESSAGE: apps.get_model("posts", "Message"),
            REPORT: apps.get_model("posts", "Report"),
            REVISION: apps.get_model("posts", "Revision"),
        }
        self.cache = {}

    def author(self, model: tuple[str, str], pk: int) -> int | None:
        """The member an action on this object concerns: the account itself, or whoever wrote what it is about."""
        key = ("author", model, pk)
        if key not in self.cache:
            self.cache[key] = self._author(model, pk)
        return self.cache[key]

    def _author(self, model, pk):
        manager = self.models[model]._base_manager
        if model == USER:
            return pk if manager.filter(pk=pk).exists() else None
        if model in (POST, COMMENT, MESSAGE):
            return manager.filter(pk=pk).values_list("author_id", flat=True).first()
        if model == REPORT:
            row = manager.filter(pk=pk).values_list("post__author_id", "comment__author_id", "message__author_id")
        else:
            row = manager.filter(pk=pk).values_list("post__author_id", "comment__author_id")
        authors = row.first() or ()
        return next((author for author in authors if author is not None), None)

    def report_reason(self, pk: int) -> str | None:
        return self.models[REPORT]._base_manager.filter(pk=pk).values_list("reason", flat=True).first()

    def report_behind(self, kind: str, model, pk: int, reporter_id: int, when) -> int | None:
        """The report whose arrival made the site act: the reporter's latest one on the target by then."""
        reports = self.models[REPORT]._base_manager.filter(reporter_id=reporter_id, created_at__lte=when)
        reports = reports.filter(post_id=pk) if model == POST else reports.filter(comment_id=pk)
        if kind == WITHHOLD_PHOTOS:
            reports = reports.filter(reason="this_is_me")
        return reports.order_by("-created_at", "-pk").values_list("pk", flat=True).first()


def forward(apps, schema_editor):
    LogEntry = apps.get_model("admin", "LogEntry")
    ModerationAction = apps.get_model("posts", "ModerationAction")
    db = schema_editor.connection.alias
    facts = Facts(apps)
    sanction_kinds = sanction_kinds_by_label()
    models = {model for group in TARGETS.values() for model in group}
    entries = (
        LogEntry.objects.using(db)
        .filter(action_flag=CHANGE)
        .select_related("content_type")
        .order_by("action_time", "pk")
    )
    rows, moved, left = [], [], []
    for entry in entries.iterator(chunk_size=BATCH):
        model = (entry.content_type.app_label, entry.content_type.model) if entry.content_type_id else None
        if model not in models or is_admins_own(entry.change_message):
            continue
        found = classify(entry.change_message, sanction_kinds)
        if found is None or model not in TARGETS[found[0]] or not (entry.object_id or "").isdigit():
            left.append(entry)
            continue
        kind, reason, details = found
        target_id = int(entry.object_id)
        actor_id = entry.user_id
        if kind in BY_THE_SITE:
            actor_id = None
            report_id = facts.report_behind(kind, model, target_id, entry.user_id, entry.action_time)
            if report_id is not None:
                details["report_id"] = report_id
        if kind in (RESOLVE_REPORT, DISMISS_REPORT) and (report_reason := facts.report_reason(target_id)):
            details["report_reason"] = report_reason
        rows.append(
            ModerationAction(
                action=kind,
                actor_id=actor_id,
                target_type_id=entry.content_type_id,
                target_id=target_id,
                target_repr=entry.object_repr[:200],
                member_id=facts.author(model, target_id),
                reason=reason.strip(),
                details={**details, "log_entry_id": entry.pk},
                created_at=entry.action_time,
            )
        )
        moved.append(entry.pk)
    ModerationAction.objects.using(db).bulk_create(rows, batch_size=BATCH)
    for start in range(0, len(moved), BATCH):
        LogEntry.objects.using(db).filter(pk__in=moved[start : start + BATCH]).delete()
    if left:
        logger.warning(
            "%d admin log entries look like moderation but match no known format; they stay in the admin log:\n%s",
            len(left),
            "\n".join(f"  #{entry.pk} {entry.action_time:%Y-%m-%d %H:%M} {entry.change_message!r}" for entry in left),
        )


def message_of(action, model) -> str:
    """The text the old audit() wrote for this action: the inverse of `classify`, in English."""
    kind, reason, details = action.action, action.reason, action.details

    def verb(word: str) -> str:
        return f"{word}: {reason}" if reason else word

    if kind == PUBLISH:
        return "Let through" if model == MESSAGE else "Published"
    if kind in (SILENCE, SUSPEND):
        return f"{SANCTION_LABELS[kind]} for {details['days']} days: {reason}"
    if kind == SET_TRUST_LEVEL:
        before, after = details["before"] or "earned", details["after"] or "earned"
        return f"Trust level: {before} → {after} (earned: {details['earned']})" + (f": {reason}" if reason else "")
    return {
        HIDE: lambda: verb("Hidden"),
        REMOVE: lambda: verb("Removed"),
        RESTORE: lambda: "Restored",
        BAN: lambda: f"Banned: {reason}",
        UNBAN: lambda: "Ban lifted",
        LIFT_SANCTION: lambda: f"Lifted: {SANCTION_LABELS[details['kind']]}",
        WITHHOLD_PHOTOS: lambda: WITHHELD,
        AUTO_HIDE: lambda: f"Hidden automatically: reported by {details['reporters']} people",
        RESOLVE_REPORT: lambda: "Report resolved",
        DISMISS_REPORT: lambda: "Report dismissed",
        HIDE_REVISION: lambda: f"Hid an earlier version: {reason}",
    }[kind]()


def backward(apps, schema_editor):
    LogEntry = apps.get_model("admin", "LogEntry")
    ModerationAction = apps.get_model("posts", "ModerationAction")
    Report = apps.get_model("posts", "Report")
    db = schema_editor.connection.alias
    migrated = ModerationAction.objects.using(db).filter(details__has_key="log_entry_id").select_related("target_type")
    entries, restored, stuck = [], [], []
    for action in migrated.iterator(chunk_size=BATCH):
        user_id = action.actor_id
        if user_id is None and "report_id" in action.details:
            user_id = (
                Report.objects.using(db)
                .filter(pk=action.details["report_id"])
                .values_list("reporter_id", flat=True)
                .first()
            )
        if user_id is None:
            # The admin log needs a user, and neither the moderator nor the reporter is there any more.
            stuck.append(action.pk)
            continue
        model = (action.target_type.app_label, action.target_type.model)
        entries.append(
            LogEntry(
                pk=action.details["log_entry_id"],
                user_id=user_id,
                content_type_id=action.target_type_id,
                object_id=str(action.target_id),
                object_repr=action.target_repr,
                action_flag=CHANGE,
                change_message=message_of(action, model),
                action_time=action.created_at,
            )
        )
        restored.append(action.pk)
    LogEntry.objects.using(db).bulk_create(entries, batch_size=BATCH)
    for start in range(0, len(restored), BATCH):
        ModerationAction.objects.using(db).filter(pk__in=restored[start : start + BATCH]).delete()
    if stuck:
        logger.warning("%d moderation actions have no user to give back to the admin log; they stay.", len(stuck))


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("posts", "0011_moderation_action"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forward, backward)]
