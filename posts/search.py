"""Find requests by what a helper remembers, whatever script or spelling it was written in.

Two parts, both computed once when a request is saved (`index_post`):

* name keys (`NameKey` rows, from `posts.namekeys`) for the sought person's
  names and the poster's own names of back then, and a vocabulary of every
  distinct key, which typo-tolerant lookups scan;
* folded copies of the text (`Post.search_text`, `search_places`,
  `search_pinyin`): lower case, accents folded, Chinese in Simplified
  characters, and Chinese runs once more in pinyin.

A query is turned into keys the same way (`parse_query`). A request matches
when a name matches (the whole query, in either order, or every word of it,
allowing a typing slip or two in longer names), or when every query word is
found in its text. Results rank name matches first, then places, then text.

On PostgreSQL the vocabulary is searched with pg_trgm (a GIN index) and the
text columns carry trigram GIN indexes for their `contains` lookups; SQLite
scans the vocabulary in memory and the text columns in place. The rules, and
so the results, are the same on both.
"""

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from rapidfuzz.distance import OSA
from rapidfuzz.process import extract

from posts.models import NameKey, NameKind, NameVocabulary, Post
from posts.namekeys import (
    _HAN_RUN,
    allowed_edits,
    fold_latin,
    has_han,
    name_forms,
    split_names,
    to_simplified,
)

MAX_QUERY_WORDS = 6
# Text matches need words long enough not to turn up inside every other word.
MIN_PINYIN_WORD = 4


# Indexing ----------------------------------------------------------------------------


def sought_names(post: Post) -> list[str]:
    return [name for name in (post.sought_name, *split_names(post.sought_other_names), post.sought_nickname) if name]


def poster_names(post: Post) -> list[str]:
    return [name for name in (post.poster_then_name, post.poster_then_nickname) if name]


def fold_text(text: str) -> tuple[str, str]:
    """Text as space-separated folded words (Chinese kept as characters), and its Chinese in pinyin."""
    text = to_simplified(text or "")
    words, pinyin_runs = [], []
    for word in re.split(r"[^\w\u3400-\u9fff]+", text):
        if not word:
            continue
        if has_han(word):
            for chunk in re.split(f"({_HAN_RUN.pattern})", word):
                if not chunk:
                    continue
                if _HAN_RUN.fullmatch(chunk):
                    words.append(chunk)
                    pinyin_runs.append(_run_pinyin(chunk))
                else:
                    words.extend(sorted(fold_latin(chunk)))
        else:
            words.extend(sorted(fold_latin(word)))
    return f" {' '.join(words)} ", f" {' '.join(pinyin_runs)} "


def _run_pinyin(han: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(han, style=Style.NORMAL, errors="ignore")).lower()


def build_index(post: Post) -> tuple[dict[str, str], list[NameKey]]:
    """The folded text columns and the name keys of one request, without writing them."""
    text, text_pinyin = fold_text(" ".join((post.title, post.met_place, post.met_city, post.story)))
    places, places_pinyin = fold_text(" ".join((post.met_place, post.met_city)))
    columns = {"search_text": text, "search_places": places, "search_pinyin": f"{text_pinyin}|{places_pinyin}"}
    keys = [
        NameKey(post=post, kind=kind, name=name[:255], key=key[:100])
        for kind, names in ((NameKind.SOUGHT, sought_names(post)), (NameKind.POSTER, poster_names(post)))
        for name in dict.fromkeys(names)
        for key in sorted(name_forms(name).keys)
    ]
    return columns, keys


def index_post(post: Post) -> None:
    """Write the request's name keys and folded text. Call after every save that changes them."""
    columns, keys = build_index(post)
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(**columns)
        NameKey.objects.filter(post=post).delete()
        NameKey.objects.bulk_create(keys)
        add_to_vocabulary(key.key for key in keys)
    for name, value in columns.items():
        setattr(post, name, value)


def add_to_vocabulary(keys: Iterable[str]) -> None:
    NameVocabulary.objects.bulk_create([NameVocabulary(key=key) for key in set(keys)], ignore_conflicts=True)


# Typo-tolerant lookup in the vocabulary -----------------------------------------------


class _Vocabulary:
    """Distinct keys by length, kept per process and topped up with the rows added since."""

    def __init__(self):
        self.lock = threading.Lock()
        self.by_length: dict[int, list[str]] = {}
        self.last_id = 0

    def refresh(self) -> None:
        with self.lock:
            rows = NameVocabulary.objects.filter(pk__gt=self.last_id).order_by("pk").values_list("pk", "key")
            for pk, key in rows.iterator(chunk_size=10_000):
                self.by_length.setdefault(len(key), []).append(key)
                self.last_id = pk

    def near(self, key: str, edits: int) -> set[str]:
        found = set()
        for length in range(len(key) - edits, len(key) + edits + 1):
            choices = self.by_length.get(length)
            if choices:
                found.update(
                    match
                    for match, _score, _i in extract(key, choices, scorer=OSA.distance, score_cutoff=edits, limit=None)
                )
        return found

    def reset(self) -> None:
        with self.lock:
            self.by_length, self.last_id = {}, 0


_vocabulary = _Vocabulary()


def reset_vocabulary_cache() -> None:
    _vocabulary.reset()


def near_keys(keys: Iterable[str]) -> dict[str, set[str]]:
    """For each key, the known keys within its allowed number of edits (itself included)."""
    keys = set(keys)
    fuzzy = {key for key in keys if allowed_edits(key)}
    result = {key: {key} for key in keys}
    if not fuzzy:
        return result
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Low enough that every key within two edits of a 5+ letter key is a candidate.
            cursor.execute("SET pg_trgm.similarity_threshold = 0.1")
        for key in fuzzy:
            candidates = NameVocabulary.objects.filter(key__trigram_similar=key).values_list("key", flat=True)
            limit = allowed_edits(key)
            result[key].update(c for c in candidates if OSA.distance(key, c, score_cutoff=limit) <= limit)
    else:
        _vocabulary.refresh()
        for key in fuzzy:
            result[key].update(_vocabulary.near(key, allowed_edits(key)))
    return result


# Queries -----------------------------------------------------------------------------


@dataclass
class ParsedQuery:
    text: str
    whole: set[str] = field(default_factory=set)
    words: list[set[str]] = field(default_factory=list)
    text_words: list[tuple[set[str], str | None]] = field(default_factory=list)
    # Per word typed: its name keys, so "Simon Hamburg" can match a name and a place.
    token_keys: list[set[str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.whole or self.text_words)


def parse_query(text: str) -> ParsedQuery:
    text = " ".join(text.split()[:MAX_QUERY_WORDS])
    forms = name_forms(text)
    parsed = ParsedQuery(text=text, whole=set(forms.whole), words=[set(word) for word in forms.words])
    folded, _pinyin = fold_text(text)
    if len(text.split()) > 1:
        parsed.token_keys = [set(name_forms(token).whole) for token in text.split()]
    for word in folded.split():
        if has_han(word):
            parsed.text_words.append(({word}, _run_pinyin(word)))
        else:
            parsed.text_words.append(({word}, None))
    # Umlaut spellings ("mueller") as well as plain ones ("muller") for each Latin word.
    for index, raw in enumerate(w for w in re.split(r"[^\w\u3400-\u9fff]+", to_simplified(text)) if w):
        if index < len(parsed.text_words) and not has_han(raw):
            parsed.text_words[index][0].update(fold_latin(raw))
    return parsed


def _name_condition(query: ParsedQuery, near: dict[str, set[str]], *, exact: bool, kind: str) -> Q:
    def keys_for(keys: Iterable[str]) -> set[str]:
        return set(keys) if exact else set().union(*(near[key] for key in keys))

    def has_key(keys: set[str]) -> Exists:
        return Exists(NameKey.objects.filter(post=OuterRef("pk"), kind=kind, key__in=sorted(keys)))

    condition = has_key(keys_for(query.whole)) if query.whole else Q(pk__in=[])
    if len(query.words) > 1:
        every_word = Q()
        for word in query.words:
            every_word &= has_key(keys_for(word))
        condition = Q(condition) | every_word
    return Q(condition)


def _text_condition(query: ParsedQuery, *, column: str, pinyin_column: str) -> Q:
    condition = Q()
    for spellings, pinyin in query.text_words:
        word_match = Q()
        for spelling in spellings:
            if has_han(spelling):
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
    """Requests among `posts` that match `text`, annotated with `search_rank` (3 best, 0 text only)."""
    query = parse_query(text)
    if query.is_empty:
        return posts.annotate(search_rank=Value(0, output_field=IntegerField()))
    all_keys = set(query.whole).union(*query.words, *query.token_keys)
    near = near_keys(all_keys)
    name_exact = _name_condition(query, near, exact=True, kind=kind)
    name_near = _name_condition(query, near, exact=False, kind=kind)
    places = _text_condition(query, column="search_places", pinyin_column="search_pinyin")
    text_match = _text_condition(query, column="search_text", pinyin_column="search_pinyin")
    if query.token_keys and len(query.token_keys) == len(query.text_words):
        # Each word found in a name or in the text: "Simon Hamburg".
        mixed = Q()
        for keys, text_word in zip(query.token_keys, query.text_words, strict=True):
            in_name = Exists(
                NameKey.objects.filter(
                    post=OuterRef("pk"), kind=kind, key__in=sorted(set().union(*(near[k] for k in keys)))
                )
            )
            mixed &= Q(in_name) | _text_condition(
                ParsedQuery(text="", text_words=[text_word]), column="search_text", pinyin_column="search_pinyin"
            )
        text_match |= mixed
    return posts.filter(name_near | text_match).annotate(
        search_rank=Case(
            When(name_exact, then=Value(3)),
            When(name_near, then=Value(2)),
            When(places, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


# Why it matched ------------------------------------------------------------------------


def explain(post: Post, text: str) -> list[str]:
    """Short reasons a request matched, for a helper to judge: "name: Li Xiangcan ≈ 李响灿"."""
    query = parse_query(text)
    if query.is_empty:
        return []
    reasons = []
    for name in sought_names(post):
        if name_matches(query, name):
            reasons.append(_("name: %(query)s ≈ %(name)s") % {"query": query.text, "name": name})
            break
    places, places_pinyin = fold_text(" ".join((post.met_place, post.met_city)))
    if text_matches(query, places, places_pinyin):
        reasons.append(_("place: %(place)s") % {"place": post.place_display})
    elif not reasons:
        reasons.append(_("words in the title or story"))
    return reasons


def name_matches(query: ParsedQuery, name: str) -> bool:
    forms = name_forms(name)
    keys = forms.keys

    def close(a: str, b: str) -> bool:
        limit = allowed_edits(a)
        return OSA.distance(a, b, score_cutoff=limit) <= limit

    if any(close(q, key) for q in query.whole for key in keys):
        return True
    return len(query.words) > 1 and all(any(close(q, key) for q in word for key in keys) for word in query.words)


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
