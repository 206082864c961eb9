"""Watched words: words or patterns moderators keep, each set to block, hold for review, or flag.

`screen(*texts)` says which watched words a text contains and the strongest action among them
(block > hold > flag). The services apply the verdict: a blocked word is refused beside the field
that holds it, with what was typed kept; a held item waits for a moderator, its author told why
without the word being named; a flagged item is published and put in the review queue with the site's
own flag (posts/moderation/review.py). Moderators' own writing is exempt from holds and flags.

Patterns run on the `regex` module with a time limit: a moderator's regular expression that
backtracks without end (`(a+)+$`) is refused in the admin when it is slow on a few probe texts, and
one that still takes too long on some text is logged and counts as no match, so that nobody's writing
hangs a server.

The rules are compiled once per process and reused across requests. Saving or deleting a watched
word bumps a version number in the shared cache, and every process recompiles when it sees a new one.
"""

import logging
import re
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

import regex
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import is_moderator
from posts.models import (
    Comment,
    Message,
    Moderation,
    Post,
    ReviewItem,
    ReviewReason,
    Translation,
    WatchedAction,
    WatchedWord,
)
from posts.moderation.review import needs_review
from reconnect.normalise import normalised

logger = logging.getLogger(__name__)

# The longest one pattern may run on one text; far above what a sane pattern needs on 5,000 characters.
SEARCH_SECONDS = 0.2
# What the admin tries a regular expression on: the shapes that make naive patterns backtrack for ever.
PROBES = tuple(filler * 3000 + end for filler in ("a", "ab", "1", " ", "a ", "字") for end in ("!", "\n"))
PROBE_SECONDS = 0.05
# Raised for a pattern that does not compile, by either engine.
PatternError = (re.error, regex.error)

VERSION_KEY = "watched-words:version"
# How long a process may keep the rules it compiled. With a shared cache (REDIS_URL) a change reaches every
# process at once; with the default per-process cache, other processes see it when their version expires.
VERSION_SECONDS = 60
# Strongest first: a text that matches several actions gets the first of them.
STRENGTH = (WatchedAction.BLOCK, WatchedAction.HOLD, WatchedAction.FLAG)
# Every field of a request a member writes freely; choices, countries, years and languages are left out.
POST_TEXT_FIELDS = (
    "title",
    "sought_name",
    "sought_other_names",
    "sought_nickname",
    "met_place",
    "met_city",
    "story",
    "on_behalf_of",
    "poster_then_name",
    "poster_then_nickname",
    "claim_question",
)

HELD_REASON = gettext_lazy(
    "A moderator will read this before others can, because it contains words we check by hand. "
    "You do not need to do anything; it will appear once it has been looked at."
)

# Han ideographs (with extensions and compatibility forms), kana and Hangul: scripts written without
# spaces between words, where a watched word is matched wherever it occurs.
_NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]")


@dataclass(frozen=True)
class Rule:
    pattern: str
    action: str
    compiled: regex.Pattern
    # Lower-case text a match must contain, checked before the regex: most texts contain no watched word,
    # and a substring test is far cheaper than running hundreds of regexes. Empty for regexes.
    needle: str = ""


@dataclass(frozen=True)
class Verdict:
    """The watched words a text contains, as (action, pattern, matched text), and the strongest action."""

    matches: tuple[tuple[str, str, str], ...] = ()

    @property
    def action(self) -> str:
        """The strongest action matched, or "" when nothing matched."""
        found = {action for action, _pattern, _text in self.matches}
        return next((action for action in STRENGTH if action in found), "")

    @property
    def patterns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(pattern for _action, pattern, _text in self.matches))

    def patterns_for(self, action: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(pattern for found, pattern, _text in self.matches if found == action))

    def texts_for(self, action: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(text for found, _pattern, text in self.matches if found == action))

    @property
    def blocks(self) -> bool:
        return self.action == WatchedAction.BLOCK

    @property
    def holds(self) -> bool:
        return self.action == WatchedAction.HOLD

    @property
    def flags(self) -> bool:
        return self.action == WatchedAction.FLAG

    def __add__(self, other: "Verdict") -> "Verdict":
        return Verdict(tuple(dict.fromkeys((*self.matches, *other.matches))))

    def without(self, other: "Verdict") -> "Verdict":
        """What this verdict matched that `other` did not: the words an edit brought in."""
        before = {(action, pattern) for action, pattern, _text in other.matches}
        return Verdict(tuple(match for match in self.matches if match[:2] not in before))

    def for_author(self, author) -> "Verdict":
        """Moderators' own writing is only ever blocked, never held or flagged."""
        if not is_moderator(author):
            return self
        return Verdict(tuple(match for match in self.matches if match[0] == WatchedAction.BLOCK))


# Compiling and caching --------------------------------------------------------------------


def compile_pattern(pattern: str, is_regex: bool) -> regex.Pattern:
    """The regular expression for one watched word; raises one of `PatternError` for an invalid regex."""
    if is_regex:
        # VERSION0: the syntax of Python's own `re`, which the admin's help text promises.
        return regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)
    # The word as the text it is looked for in will be: folded the same way (reconnect/normalise.py).
    words = normalised(pattern).split()
    if not words:
        raise re.error("a watched word of invisible characters only")
    body = r"\s+".join(re.escape(word) for word in words)
    # Whole words in scripts with spaces; a substring where the word begins or ends in Chinese,
    # Japanese or Korean, which have no spaces to tell words apart.
    start = "" if _NO_SPACES.match(words[0][0]) else r"(?<!\w)"
    end = "" if _NO_SPACES.match(words[-1][-1]) else r"(?!\w)"
    return regex.compile(f"{start}{body}{end}", regex.IGNORECASE | regex.VERSION0)


def is_too_slow(compiled: regex.Pattern) -> bool:
    """Whether the pattern runs past its time on one of the probe texts (backtracking without end)."""
    for probe in PROBES:
        try:
            compiled.search(probe, timeout=PROBE_SECONDS)
        except TimeoutError:
            return True
    return False


def _search(rule: "Rule", text: str):
    try:
        return rule.compiled.search(text, timeout=SEARCH_SECONDS)
    except TimeoutError:
        logger.warning("Watched word %r took too long on %d characters; not matched.", rule.pattern, len(text))
        return None


_compiled_lock = threading.Lock()
_compiled: tuple[str, tuple[Rule, ...]] = ("", ())


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        # First use, or the cache was cleared: start a version every process will agree on.
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=VERSION_SECONDS)
        version = cache.get(VERSION_KEY) or ""
    return version


def rules() -> tuple[Rule, ...]:
    """The compiled watched words; read from the database only when the shared version has changed."""
    global _compiled
    version = current_version()
    if version and _compiled[0] == version:
        return _compiled[1]
    with _compiled_lock:
        loaded = []
        for word in WatchedWord.objects.only("pattern", "is_regex", "action"):
            if not word.pattern.strip():
                continue
            try:
                compiled = compile_pattern(word.pattern.strip(), word.is_regex)
            except PatternError:
                continue  # The admin refuses these; one slipped in some other way must not break writing.
            needle = "" if word.is_regex else normalised(word.pattern).split()[0].lower()
            loaded.append(Rule(pattern=word.pattern, action=word.action, compiled=compiled, needle=needle))
        _compiled = (version, tuple(loaded))
    return _compiled[1]


def invalidate() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=VERSION_SECONDS)


@receiver(post_save, sender=WatchedWord, dispatch_uid="watched_words_saved")
@receiver(post_delete, sender=WatchedWord, dispatch_uid="watched_words_deleted")
def _watched_words_changed(**kwargs) -> None:
    invalidate()
    # Again after the commit, so that no process keeps what it read before the change was visible.
    transaction.on_commit(invalidate)


# Screening --------------------------------------------------------------------------------


def screen(*texts: str) -> Verdict:
    """The watched words in `texts` and, through `Verdict.action`, the strongest action among them."""
    return _screen("\n".join(text for text in texts if text), rules())


def _screen(text: str, compiled: tuple[Rule, ...]) -> Verdict:
    """Look for each rule in the text folded as contact details are (full-width, invisible, look-alike letters).

    A regular expression is tried on the text as written too, for a pattern written with characters that folding
    changes.
    """
    if not text:
        return Verdict()
    folded = normalised(text)
    lowered = folded.lower()
    matches = []
    for rule in compiled:
        if rule.needle and rule.needle not in lowered:
            continue
        found = _search(rule, folded)
        if not found and not rule.needle and folded != text:
            found = _search(rule, text)
        if found:
            matches.append((rule.action, rule.pattern, found.group(0)))
    return Verdict(tuple(matches))


def screen_fields(
    *, author, fields: Mapping[str, str | None], before: Mapping[str, str | None] | None = None
) -> Verdict:
    """Screen each field of what `author` wrote: refuse blocked words beside their field, return the rest.

    With `before` (the text before an edit), only words the edit brought in count for holds and flags,
    so that an edit of something a moderator already let through does not send it back to review.
    """
    compiled = rules()
    errors = {}
    verdict = Verdict()
    for field, value in fields.items():
        found = _screen(str(value or ""), compiled)
        if found.blocks:
            errors[field] = ValidationError(blocked_message(found), code="watched_word")
        verdict += found
    if errors:
        raise ValidationError(errors)
    if before is not None:
        verdict = verdict.without(_screen("\n".join(str(value or "") for value in before.values()), compiled))
    return verdict.for_author(author)


def screen_text(*, author, text: str, before: str | None = None) -> Verdict:
    """`screen_fields` for a form of one text: a blocked word is refused as that text's own error."""
    try:
        return screen_fields(author=author, fields={"text": text}, before=None if before is None else {"text": before})
    except ValidationError as error:
        raise ValidationError(error.error_dict["text"]) from None


def screen_post(*, author, data: Mapping, before: Mapping | None = None) -> Verdict:
    fields = {field: data[field] for field in POST_TEXT_FIELDS if field in data}
    return screen_fields(
        author=author, fields=fields, before=None if before is None else {f: before.get(f) for f in fields}
    )


def blocked_message(verdict: Verdict) -> str:
    words = [f"“{text}”" for text in verdict.texts_for(WatchedAction.BLOCK)]
    return _("%(words)s cannot be used on Reconnect. Please reword this and send it again.") % {
        "words": get_text_list(words, _("and"))
    }


# Applying a verdict -----------------------------------------------------------------------


def apply(verdict: Verdict, obj: Post | Comment | Message | Translation, *, created: bool = False) -> None:
    """Hold `obj` for review or flag it for the review queue, as `verdict` says.

    A held request that was only now created was never published; one that was published before
    and is edited goes back to review but keeps the date it was first published.
    """
    if verdict.holds:
        if obj.moderation == Moderation.PUBLISHED:
            obj.moderation = Moderation.PENDING
            obj.moderation_reason = str(HELD_REASON)
            fields = ["moderation", "moderation_reason"]
            if isinstance(obj, Post) and created:
                obj.published_at = None
                fields.append("published_at")
            obj.save(update_fields=fields)
        if obj.moderation == Moderation.PENDING:
            needs_review(target=obj, reason=ReviewReason.WATCHED_HOLD)
    elif verdict.flags:
        flag(obj)


def flag(obj: Post | Comment | Message | Translation) -> ReviewItem:
    """Put `obj` in the review queue with the site's own flag; it stays published meanwhile."""
    return needs_review(target=obj, reason=ReviewReason.WATCHED_FLAG)


def matched_patterns(*texts: str) -> tuple[str, ...]:
    """For moderators: which watched words the texts contain."""
    return screen(*texts).patterns
