"""Find requests by what a helper remembers, whatever script or spelling it was written in.

Queries read the index that `posts.search.index` writes when a request is saved: its name keys,
the vocabulary of every distinct key, and the folded text columns.

A query is turned into keys the same way (`parse_query`). A request matches
when a name matches (the whole query, in either order, or every word of it,
allowing a typing slip or two in longer names), or when every query word is
found in its text. Results rank name matches first, by how good the match is (`RANK_BY_QUALITY`:
the characters or letters as written, then the same reading, then another spelling), then names
with typing slips, then places, then text; ties newest first. A query typed in Chinese characters
finds other characters by a slip only while no name has the characters typed.

Typing slips are found by exact lookups of deletion variants (`posts.search.typos`), one
statement for all of a query's keys on either database; Chinese words of one or two
characters by their own keys (`index.han_grams`). On PostgreSQL the text columns carry
trigram GIN indexes for their other `contains` lookups; SQLite scans them in place. The
rules, and so the results, are the same on both. The ranked ids of a query are kept in
the cache (`posts.search.cache`) until the index changes.
"""

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, ExpressionWrapper, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from rapidfuzz.distance import OSA
from rapidfuzz.process import extract

from accounts.fields import language_name
from posts.models import KeyDeletion, NameKey, NameKind, Post
from posts.search import names_world
from posts.search.cache import RankedIds, cached_ids, search_version, store_ids
from posts.search.index import fold_text, name_grams, run_pinyin, sought_names
from posts.search.namekeys import (
    _HAN_RUN,
    QUALITY_GRAM,
    QUALITY_LITERAL,
    QUALITY_READING,
    QUALITY_ROMANISED,
    QUALITY_SPELLING,
    NameForms,
    allowed_edits,
    fold_latin,
    has_han,
    match_quality,
    name_forms,
    name_simplified,
    to_simplified,
)
from posts.search.typos import query_variants

MAX_QUERY_WORDS = 6
# Text matches need words long enough not to turn up inside every other word.
MIN_PINYIN_WORD = 4
# Chinese words this short are looked up by their own keys (index.han_grams), for names and text.
MAX_HAN_GRAM = 2
# `search_rank` of a name match, by the quality of the match (namekeys.QUALITY_*): the same
# characters or letters, the same reading, another spelling; then near (typing slips, or a name
# containing the characters typed), places and text.
RANK_BY_QUALITY = {QUALITY_LITERAL: 5, QUALITY_READING: 4, QUALITY_SPELLING: 3, QUALITY_ROMANISED: 3}
RANK_NEAR, RANK_PLACE = 2, 1
# A typing slip reaches a name's key only if it is the name as written, read or respelled, not another
# romanisation of its characters (QUALITY_ROMANISED): those match exactly or not at all, or "Chong Hai"
# would find 张伟 through its Hakka spelling "Chong Wai". Nor is a slip typed in such a key.
MIN_SLIP_QUALITY = QUALITY_SPELLING


# Typo-tolerant lookup in the vocabulary -----------------------------------------------


def near_keys(keys: Iterable[str]) -> dict[str, set[str]]:
    """For each key, the known keys within its allowed number of edits (itself included).

    One query for all the keys: the vocabulary keys sharing a deletion variant with one of
    them (`posts.search.typos`), each then checked with the OSA distance. Under
    `only_keys_of(post)`, "known" means that request's own keys (see there).
    """
    keys = set(keys)
    fuzzy = {key for key in keys if allowed_edits(key)}
    result = {key: {key} for key in keys}
    if not fuzzy:
        return result
    one = _one_post.get()
    if one is not None:
        candidates = [key for key in one.all_keys if not has_han(key)]
    else:
        variants = sorted(query_variants(fuzzy))
        found = KeyDeletion.objects.filter(variant__in=variants).values_list("key", flat=True)
        candidates = list(found.distinct())
    for key in fuzzy:
        limit = allowed_edits(key)
        result[key].update(
            match for match, _score, _i in extract(key, candidates, scorer=OSA.distance, score_cutoff=limit, limit=None)
        )
    return result


# One request only (saved-search alerts) ------------------------------------------------


@dataclass(frozen=True)
class _OnePost:
    pk: int
    keys: dict[str, dict[str, int]]  # kind -> the request's name keys of that kind, with their best quality
    all_keys: frozenset[str]


_one_post: ContextVar[_OnePost | None] = ContextVar("search_one_post", default=None)


@contextmanager
def only_keys_of(post: Post) -> Iterator[None]:
    """Search only `post`: its name keys are read once, here, instead of the vocabulary and every request's keys.

    For the alerts of a new request, which test every saved search against that one request:
    `search_posts` then returns at most `post` (it adds `pk=post.pk` to the queryset), and
    returns it exactly when it would have without this context manager:

    * A name condition holds for `post` when one of its `NameKey` rows (of the kind searched)
      has a key in the set of keys the query allows: each query key itself, a vocabulary key
      within `allowed_edits(query key)` OSA edits (`near_keys`), or the query's Chinese
      characters (`han_gram`). Of that set only the keys `post` itself carries can make a
      difference, and every Latin key of a `NameKey` row is in the vocabulary (`index_post`
      adds both in one transaction; a vocabulary key is deleted only when no `NameKey` uses
      it). So `near_keys` compares the query keys with the post's own Latin keys, with the
      same OSA distance and the same `allowed_edits`, and finds exactly the post's keys among
      those the variant lookup would have returned.
    * `_NameLookup` reads the rows of `post` alone, i.e. the rows of the full lookup whose
      request is `post`; the conditions by id are the same for it (and never too many to
      hold, so no subquery is needed).
    * The text conditions are unchanged and tested by the database on this one row, in the
      general form (`posts.filter(names | text)`). `_search_by_id`, which gives the same
      requests as that form, is skipped: it spares the list page's page and count a second
      scan of every request's text, and here there is one request and one `exists()`.

    Outside the block (and in other threads or tasks: a context variable) nothing changes.
    tests/search/test_alert_equivalence.py checks every corpus request against every corpus query.
    """
    keys: dict[str, dict[str, int]] = {}
    for kind, key, quality in NameKey.objects.filter(post_id=post.pk).values_list("kind", "key", "quality"):
        found = keys.setdefault(kind, {})
        found[key] = max(found.get(key, quality), quality)
    one = _OnePost(pk=post.pk, keys=keys, all_keys=frozenset().union(*keys.values()))
    token = _one_post.set(one)
    try:
        yield
    finally:
        _one_post.reset(token)


# Queries -----------------------------------------------------------------------------


@dataclass
class ParsedQuery:
    text: str
    whole: set[str] = field(default_factory=set)
    words: list[set[str]] = field(default_factory=list)
    text_words: list[tuple[set[str], str | None]] = field(default_factory=list)
    # Per word typed: its name keys, so "Simon Hamburg" can match a name and a place.
    token_keys: list[set[str]] = field(default_factory=list)
    # A query of one or two Chinese characters ("李", "响灿") as a key of its own: names that contain it.
    han_gram: str | None = None
    # Every name key of the query with its quality (namekeys.QUALITY_*).
    quality: dict[str, int] = field(default_factory=dict)

    @property
    def forms(self) -> NameForms:
        words = tuple(frozenset(word) for word in self.words)
        return NameForms(words=words, whole=frozenset(self.whole), quality=self.quality)

    @property
    def is_han(self) -> bool:
        """Typed in Chinese characters (or another script than Latin letters, `names_world.is_native`): then it
        never fuzzes to other names, through their readings, while an exact name exists."""
        return has_han(self.text) or names_world.is_native(self.text)

    @property
    def is_empty(self) -> bool:
        return not (self.whole or self.text_words)


def parse_query(text: str) -> ParsedQuery:
    text = " ".join(text.split()[:MAX_QUERY_WORDS])
    forms = name_forms(text)
    parsed = ParsedQuery(
        text=text, whole=set(forms.whole), words=[set(word) for word in forms.words], quality=dict(forms.quality)
    )
    folded, _pinyin = fold_text(text)
    if len(text.split()) > 1:
        parsed.token_keys = [set(name_forms(token).whole) for token in text.split()]
    for word in folded.split():
        if has_han(word):
            parsed.text_words.append(({word}, run_pinyin(word)))
        else:
            parsed.text_words.append(({word}, None))
    # Umlaut spellings ("mueller") as well as plain ones ("muller") for each Latin word.
    for index, raw in enumerate(w for w in re.split(r"[^\w\u3400-\u9fff]+", to_simplified(text)) if w):
        if index < len(parsed.text_words) and not has_han(raw):
            parsed.text_words[index][0].update(fold_latin(raw))
    han = name_simplified("".join(text.split()), keep=True)
    if len(han) <= MAX_HAN_GRAM and _HAN_RUN.fullmatch(han):
        parsed.han_gram = han
    return parsed


# Name conditions are tested by id: the query's name keys are looked up once (`_NameLookup`)
# and a request matches when its id is in the resulting list. A correlated EXISTS on NameKey
# per request, inside the ORs, made both databases run it for every row (bench/README.md).
# Past MAX_KEY_ROWS key rows, or MAX_ID_LIST ids in one condition, the condition is an
# uncorrelated subquery instead (computed once by the database, not per row).
MAX_KEY_ROWS = 20_000
MAX_ID_LIST = 5_000
# Up to this many matches the whole search is done by id (see `_search_by_id`): on SQLite, whose
# every statement would scan the text again, as many as its host parameters allow; PostgreSQL's
# trigram indexes find text cheaply, and there long literal lists cost more than they save.
MAX_SEARCH_IDS = {"sqlite": 30_000, "postgresql": 1_000}


def _sqlite_variables() -> int:
    """SQLite's host-parameter limit: 999 on old builds, 32,766 from 3.32, more on some distributions.

    Django does not split long IN lists on SQLite, so an id list must stay below it.
    """
    connection.ensure_connection()
    getlimit = getattr(connection.connection, "getlimit", None)  # Python 3.11+
    return getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if getlimit else 999


def _id_list_limit() -> int:
    """Most ids one name condition may carry as literals (a statement carries up to a few lists)."""
    if connection.vendor != "sqlite":
        return MAX_ID_LIST
    return max(50, min(MAX_ID_LIST, _sqlite_variables() // 16))


class _NameLookup:
    """Which requests carry which of a query's name keys, read in one query."""

    def __init__(self, kind: str, keys: set[str], grams: set[str] | frozenset[str] = frozenset()):
        """`grams`: the query's short Chinese words, read in the same statement among the text's keys."""
        self.kind = kind
        self.limit = _id_list_limit()
        one = _one_post.get()
        rows: list[tuple[int, str, str, int]]
        text_kinds = tuple(_GRAM_KINDS.values())
        if one is not None:  # only_keys_of: the rows of that request, read already
            mine = one.keys.get(kind, {})
            rows = [(one.pk, kind, key, mine[key]) for key in mine if key in keys]
            rows += [(one.pk, k, key, QUALITY_GRAM) for k in text_kinds for key in one.keys.get(k, ()) if key in grams]
        else:
            wanted = Q(kind=kind, key__in=sorted(keys)) if keys else Q(pk__in=[])
            if grams:
                wanted |= Q(kind__in=text_kinds, key__in=sorted(grams))
            found = NameKey.objects.filter(wanted).values_list("post_id", "kind", "key", "quality")
            rows = list(found[: MAX_KEY_ROWS + 1]) if keys or grams else []
        # Too many rows to hold: every condition becomes a subquery.
        self.complete = len(rows) <= MAX_KEY_ROWS
        self.by_key: dict[str, dict[int, int]] = {}  # key -> request -> the best quality of its rows
        self.by_gram: dict[tuple[str, str], set[int]] = {}
        for post_id, row_kind, key, quality in rows if self.complete else ():
            if row_kind == kind:
                found_in = self.by_key.setdefault(key, {})
                found_in[post_id] = max(found_in.get(post_id, quality), quality)
            else:
                self.by_gram.setdefault((row_kind, key), set()).add(post_id)

    def gram_condition(self, column: str, gram: str) -> Q:
        """Requests whose text column holds this short Chinese word: by id when read, else a subquery."""
        ids = self.by_gram.get((_GRAM_KINDS[column], gram), set())
        if self.complete and len(ids) <= self.limit:
            return Q(pk__in=sorted(ids))
        grams = NameKey.objects.filter(kind=_GRAM_KINDS[column], key=gram)
        return Q(pk__in=grams.values("post_id"))

    def _read_ids(self, keys: set[str], level: int, typed: Iterable[str] | None = None) -> set[int]:
        found: set[int] = set()
        for key in keys:
            floor = level if typed is None or key in typed else max(level, MIN_SLIP_QUALITY)
            found.update(post_id for post_id, quality in self.by_key.get(key, {}).items() if quality >= floor)
        return found

    def condition(
        self,
        any_of: set[str] | None,
        every: Sequence[set[str]] = (),
        *,
        level: int = QUALITY_GRAM,
        typed: Iterable[str] | None = None,
    ) -> tuple[Q, set[int] | None]:
        """Requests with a key of `any_of`, or with a key of each set in `every`; and their ids if known.

        Only the rows of at least `level` quality count (namekeys.QUALITY_*). With `typed` (the
        query's own keys), a key that is not one of them (a typing slip away) counts only in rows
        of `MIN_SLIP_QUALITY` or better.
        """
        typed = None if typed is None else frozenset(typed)
        ids = None
        if self.complete:
            ids = self._read_ids(any_of, level, typed) if any_of else set()
            if every:
                ids |= set.intersection(*(self._read_ids(keys, level, typed) for keys in every))
            if len(ids) <= self.limit:
                return Q(pk__in=sorted(ids)), ids
        condition = self._subquery(any_of, level, typed) if any_of else Q(pk__in=[])
        if every:
            every_word = Q()
            for keys in every:
                every_word &= self._subquery(keys, level, typed)
            condition = Q(condition) | every_word
        return condition, ids

    def _subquery(self, keys: set[str], level: int, typed: frozenset[str] | None = None) -> Q:
        if typed is not None and keys - typed:
            slips = keys - typed
            return self._subquery(keys & typed, level) | self._subquery(slips, max(level, MIN_SLIP_QUALITY))
        rows = NameKey.objects.filter(kind=self.kind, key__in=sorted(keys))
        if level > QUALITY_GRAM:
            rows = rows.filter(quality__gte=level)
        return Q(pk__in=rows.values("post_id"))


def _exact_condition(query: ParsedQuery, lookup: _NameLookup, level: int) -> tuple[Q, set[int] | None]:
    """A name matches the whole query (in either order), or has every word of it, by keys of `level` or better.

    A match is as good as the worse of its two keys: the query's key and the name's.
    """

    def good(keys: Iterable[str]) -> set[str]:
        return {key for key in keys if query.quality.get(key, QUALITY_SPELLING) >= level}

    every = [good(word) for word in query.words] if len(query.words) > 1 else []
    if not all(every):
        every = []  # a word with no key this good: no name has every word at this level
    return lookup.condition(good(query.whole) or None, every, level=level)


def _exact_subquery(query: ParsedQuery, kind: str) -> Q:
    """`_exact_condition` at any quality as subqueries on every request's keys, whatever `only_keys_of` says."""
    rows = NameKey.objects.filter(kind=kind, quality__gte=QUALITY_ROMANISED)
    condition = Q(pk__in=rows.filter(key__in=sorted(query.whole)).values("post_id"))
    if len(query.words) > 1:
        every_word = Q()
        for word in query.words:
            every_word &= Q(pk__in=rows.filter(key__in=sorted(word)).values("post_id"))
        condition |= every_word
    return condition


def _near_condition(query: ParsedQuery, near: dict[str, set[str]], lookup: _NameLookup) -> tuple[Q, set[int] | None]:
    """A name matching the query with typing slips, or containing its one or two Chinese characters."""

    def keys_for(keys: Iterable[str]) -> set[str]:
        return set().union(*(near[key] for key in keys))

    every = [keys_for(word) for word in query.words] if len(query.words) > 1 else []
    any_of = keys_for(query.whole) if query.whole else set()
    typed = set(query.whole).union(*query.words)
    condition, ids = lookup.condition(any_of or None, every, level=QUALITY_ROMANISED, typed=typed)
    if query.han_gram:  # a name containing the characters, ranked below an exact name
        in_name, gram_ids = lookup.condition({query.han_gram})
        condition = Q(condition) | in_name
        ids = None if ids is None or gram_ids is None else ids | gram_ids
        if ids is not None and len(ids) <= lookup.limit:
            condition = Q(pk__in=sorted(ids))
    return condition, ids


# The gram keys (index.han_grams) of each folded text column.
_GRAM_KINDS = {"search_text": NameKind.TEXT, "search_places": NameKind.PLACE}


def _is_gram(spelling: str) -> bool:
    return has_han(spelling) and len(spelling) <= MAX_HAN_GRAM


def _text_condition(query: ParsedQuery, *, column: str, pinyin_column: str, lookup: "_NameLookup | None" = None) -> Q:
    condition = Q()
    for spellings, pinyin in query.text_words:
        word_match = Q()
        for spelling in spellings:
            if _is_gram(spelling):
                # The same test as `contains`, by index: the column holds Chinese as words of their own.
                if lookup is not None:
                    word_match |= lookup.gram_condition(column, spelling)
                else:
                    grams = NameKey.objects.filter(kind=_GRAM_KINDS[column], key=spelling)
                    word_match |= Q(pk__in=grams.values("post_id"))
            elif has_han(spelling):
                word_match |= Q(**{f"{column}__contains": spelling})
            else:
                word_match |= Q(**{f"{column}__contains": f" {spelling}"})
                if len(spelling) >= MIN_PINYIN_WORD:
                    word_match |= Q(**{f"{pinyin_column}__contains": spelling})
        if pinyin and len(pinyin) >= MIN_PINYIN_WORD:
            # "武汉" finds both 武汉 in Chinese text and "Wuhan" written in Latin letters.
            word_match |= Q(**{f"{pinyin_column}__contains": pinyin}) | Q(**{f"{column}__contains": f" {pinyin}"})
        condition &= word_match
    return condition


def search_posts(posts: QuerySet, text: str, *, kind: str = NameKind.SOUGHT) -> QuerySet:
    """Requests among `posts` that match `text`, annotated with `search_rank` (5 best, 0 text only).

    The ranked ids of a query are cached until the index changes; they are read back through
    `posts`, so visibility is always today's.
    """
    one = _one_post.get()
    if one is not None:
        posts = posts.filter(pk=one.pk)
    query = parse_query(text)
    if query.is_empty:
        return posts.annotate(search_rank=Value(0, output_field=IntegerField()))
    version = 0
    if one is None:
        version = search_version()
        cached = cached_ids(query.text, kind, version)
        if cached is not None:
            return _ranked_queryset(posts, cached)
    all_keys = set(query.whole).union(*query.words, *query.token_keys)
    # A slip is typed in a spelling as written, read or respelled (MIN_SLIP_QUALITY), not in a romanisation.
    slipping = {key for key in all_keys if query.quality.get(key, QUALITY_LITERAL) >= MIN_SLIP_QUALITY}
    near = {**{key: {key} for key in all_keys - slipping}, **near_keys(slipping)}
    grams = {s for spellings, _pinyin in query.text_words for s in spellings if _is_gram(s)}
    lookup = _NameLookup(kind, set().union(*near.values(), {query.han_gram} if query.han_gram else ()), grams)
    tiers = {level: _exact_condition(query, lookup, level) for level in RANK_BY_QUALITY}
    _name_exact, exact_ids = tiers[QUALITY_ROMANISED]
    if query.is_han:
        # Characters typed: a slip to other characters only when no name has these (any reading).
        exact_exists = bool(exact_ids)
        if exact_ids is None or (one is not None and not exact_ids):
            # Not read (too many), or read for one request only (alerts): ask the whole index.
            exact_exists = Post.objects.filter(_exact_subquery(query, kind)).exists()
        if exact_exists:
            near = {key: {key} for key in near}
    name_near, near_ids = _near_condition(query, near, lookup)
    places = _text_condition(query, column="search_places", pinyin_column="search_pinyin", lookup=lookup)
    text_match = _text_condition(query, column="search_text", pinyin_column="search_pinyin", lookup=lookup)
    if query.token_keys and len(query.token_keys) == len(query.text_words):
        # Each word found in a name or in the text: "Simon Hamburg".
        mixed = Q()
        for keys, text_word in zip(query.token_keys, query.text_words, strict=True):
            in_name, _ids = lookup.condition(
                set().union(*(near[k] for k in keys)), level=QUALITY_ROMANISED, typed=keys
            )
            mixed &= Q(in_name) | _text_condition(
                ParsedQuery(text="", text_words=[text_word]),
                column="search_text",
                pinyin_column="search_pinyin",
                lookup=lookup,
            )
        text_match |= mixed
    tier_ids = {level: ids for level, (_q, ids) in tiers.items() if ids is not None}
    if len(tier_ids) == len(tiers) and near_ids is not None and one is None:
        ranked = _search_by_id(near_ids, tier_ids, text_match, places)
        if ranked is not None:
            store_ids(query.text, kind, ranked, version)
            return _ranked_queryset(posts, ranked)
    # The rank tests the exact names first, so the second case needs only the near-only ids.
    rank_near = name_near
    if exact_ids is not None and near_ids is not None and len(near_ids) <= lookup.limit:
        rank_near = Q(pk__in=sorted(near_ids - exact_ids))
    in_places = [When(places, then=Value(RANK_PLACE))] if places else []  # none for a query of symbols only
    by_quality = [When(tiers[level][0], then=Value(RANK_BY_QUALITY[level])) for level in sorted(tiers, reverse=True)]
    return posts.filter(name_near | text_match).annotate(
        search_rank=Case(
            *by_quality,
            When(rank_near, then=Value(RANK_NEAR)),
            *in_places,
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def _search_by_id(near_ids: set[int], tier_ids: dict[int, set[int]], text_match: Q, places: Q) -> RankedIds | None:
    """The search as lists of ids, when they are short enough; None otherwise.

    The text conditions are evaluated once, here, and the first page and the count then only
    look requests up by id, instead of each testing the text again. SQLite has no index for
    `LIKE '%…%'` and scans every request (inside the list page's queries, by walking the
    moderation index, which is slower still); PostgreSQL's trigram indexes cannot serve words
    of fewer than three characters (two Chinese characters: "李明") and scan too.
    Same requests, same rank as the conditions in the page's own query.
    """
    # The first page carries the matched ids and, in its rank, at most as many again.
    limit = MAX_SEARCH_IDS.get(connection.vendor, 1_000)
    if connection.vendor == "sqlite":
        limit = min(limit, _sqlite_variables() // 2 - 100)
    rows = []
    if text_match:  # a query of symbols only ("¢") has no words to find in the text
        place_flag = Case(When(places, then=Value(1)), default=Value(0)) if places else Value(0)
        rows = (
            Post.objects.filter(text_match)
            .annotate(in_places=ExpressionWrapper(place_flag, output_field=IntegerField()))
            .values_list("pk", "in_places")
            .order_by()  # a plain scan: the default order would walk the created_at index
        )
        rows = list(rows[: limit + 1])
    matched = near_ids.union(pk for pk, _in_places in rows)
    if len(rows) > limit or len(matched) > limit:
        return None
    literal = tier_ids[QUALITY_LITERAL]
    reading = tier_ids[QUALITY_READING] - literal
    exact = tier_ids[QUALITY_ROMANISED] - literal - reading
    return RankedIds(
        matched=tuple(sorted(matched)),
        exact=tuple(sorted(exact)),
        near=tuple(sorted(near_ids - exact - reading - literal)),
        places=tuple(sorted({pk for pk, flag in rows if flag} - near_ids)),
        reading=tuple(sorted(reading)),
        literal=tuple(sorted(literal)),
    )


def _ranked_queryset(posts: QuerySet, ranked: RankedIds) -> QuerySet:
    """`posts` limited to the ids found, with their rank: the page and the count only look ids up."""
    ranks = (
        (RANK_BY_QUALITY[QUALITY_LITERAL], ranked.literal),
        (RANK_BY_QUALITY[QUALITY_READING], ranked.reading),
        (RANK_BY_QUALITY[QUALITY_SPELLING], ranked.exact),
        (RANK_NEAR, ranked.near),
        (RANK_PLACE, ranked.places),
    )
    whens = [When(pk__in=ids, then=Value(rank)) for rank, ids in ranks if ids]
    # No CASE without a WHEN: it would compile to a bare 0, which ORDER BY reads as a column number.
    rank = Case(*whens, default=Value(0), output_field=IntegerField()) if whens else Value(0, IntegerField())
    return posts.filter(pk__in=ranked.matched).annotate(search_rank=rank)


# Why it matched ------------------------------------------------------------------------


def explain(post: Post, text: str) -> list[str]:
    """Short reasons a request matched, for a helper to judge: "name, same reading: Li Xiangcan ≈ 李响灿"."""
    query = parse_query(text)
    if query.is_empty:
        return []
    reasons = []
    best: tuple[int, str] | None = None
    for name in sought_names(post):
        quality = name_quality(query, name)
        if quality is not None and (best is None or quality > best[0]):
            best = (quality, name)
    if best is not None:
        reasons.append(_name_reason(best[0]) % {"query": query.text, "name": best[1]})
    places, places_pinyin = fold_text(" ".join((post.met_place, post.met_city)))
    if text_matches(query, places, places_pinyin):
        reasons.append(_("place: %(place)s") % {"place": post.place_display})
    elif not reasons:
        reasons.append(_translation_reason(post, query) or _("words in the title or story"))
    return reasons


def _translation_reason(post: Post, query: ParsedQuery) -> str:
    """ "words in its translation into Simplified Chinese", when only a translation has the words.

    Reads the approved translations prefetched with the cards (`PostQuerySet.with_translations`); none otherwise.
    """
    translations = getattr(post, "shown_translations", None)
    if not translations:
        return ""
    original, original_pinyin = fold_text(" ".join((post.title, post.met_place, post.met_city, post.story)))
    if text_matches(query, original, original_pinyin):
        return ""
    for translation in translations:
        folded, pinyin = fold_text(f"{translation.title} {translation.story}")
        if text_matches(query, folded, pinyin):
            return _("words in its translation into %(language)s") % {"language": language_name(translation.language)}
    return ""


# name_quality of a match with typing slips, and of a name containing the characters typed.
_NEAR, _CONTAINS = -1, -2


def _name_reason(quality: int) -> str:
    if quality == QUALITY_LITERAL:
        return _("name as written: %(name)s")
    if quality == QUALITY_READING:
        return _("name, same reading: %(query)s ≈ %(name)s")
    if quality in (QUALITY_SPELLING, QUALITY_ROMANISED):
        return _("name, another spelling: %(query)s ≈ %(name)s")
    if quality == _NEAR:
        return _("name, close spelling: %(query)s ≈ %(name)s")
    return _("name contains %(query)s: %(name)s")


def name_quality(query: ParsedQuery, name: str) -> int | None:
    """How well a name matches: a `QUALITY_*` for an exact match, `_NEAR` with slips, `_CONTAINS`; None if not."""
    forms = name_forms(name)
    quality = match_quality(query.forms, forms)
    if quality is not None:
        return quality
    keys = {key for key, q in forms.quality.items() if q >= MIN_SLIP_QUALITY}  # slips reach these only

    def close(a: str, b: str) -> bool:
        limit = allowed_edits(a)
        return OSA.distance(a, b, score_cutoff=limit) <= limit

    typed = {key for key, q in query.quality.items() if q >= MIN_SLIP_QUALITY}
    if any(close(q, key) for q in query.whole & typed for key in keys):
        return _NEAR
    if len(query.words) > 1 and all(
        any(close(q, key) for q in word & typed for key in keys) for word in query.words
    ):
        return _NEAR
    if query.han_gram and query.han_gram in name_grams(name):
        return _CONTAINS
    return None


def name_matches(query: ParsedQuery, name: str) -> bool:
    return name_quality(query, name) is not None


def text_matches(query: ParsedQuery, folded: str, pinyin: str) -> bool:
    for spellings, word_pinyin in query.text_words:
        found = any(
            (s in folded) if has_han(s) else (f" {s}" in folded or (len(s) >= MIN_PINYIN_WORD and s in pinyin))
            for s in spellings
        ) or bool(
            word_pinyin
            and len(word_pinyin) >= MIN_PINYIN_WORD
            and (word_pinyin in pinyin or f" {word_pinyin}" in folded)
        )
        if not found:
            return False
    return True
