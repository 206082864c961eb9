"""The search index's version, and the ranked ids of recent queries kept in Django's cache.

Any change to what a search reads (a request indexed, reindexed or unindexed) bumps the version,
so cached results of an older index are never read again; they expire on their own. Only the
ranking is cached: the ids are filtered through the reader's live visibility QuerySet every time,
so a request hidden since is never shown (posts.search.query.search_posts).
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "search:index-version"
RESULTS_TIMEOUT = 15 * 60
# Longer id lists are not kept: they cost more to read back than to look up (see MAX_SEARCH_IDS).
MAX_CACHED_IDS = 5_000


@dataclass(frozen=True)
class RankedIds:
    """What a search found, by rank: names as written, same reading, another spelling (`exact`), near
    names, places, and everything matched."""

    matched: tuple[int, ...]
    exact: tuple[int, ...]
    near: tuple[int, ...]
    places: tuple[int, ...]
    reading: tuple[int, ...] = ()
    literal: tuple[int, ...] = ()


def search_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start, never an old number again: entries of a lost version must stay unread.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def bump_search_version() -> None:
    """Make every cached search result stale; now, and again when the transaction commits."""
    _bump()
    transaction.on_commit(_bump)  # a reader between the two caches the old index under the old version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set, or evicted
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _key(text: str, kind: str, version: int) -> str:
    digest = hashlib.blake2b(f"{kind}\x00{text}".encode(), digest_size=16).hexdigest()
    return f"search:ids:{version}:{digest}"


def cached_ids(text: str, kind: str, version: int) -> RankedIds | None:
    found = cache.get(_key(text, kind, version))
    return RankedIds(*found) if found is not None else None


def store_ids(text: str, kind: str, ranked: RankedIds, version: int) -> None:
    """Keep a search's ranking under the version read before it was computed."""
    if len(ranked.matched) <= MAX_CACHED_IDS:
        value = (ranked.matched, ranked.exact, ranked.near, ranked.places, ranked.reading, ranked.literal)
        cache.set(_key(text, kind, version), value, timeout=RESULTS_TIMEOUT)
