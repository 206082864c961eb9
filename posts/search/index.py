"""The search index of a request, written once when it is saved (`index_post`), and the vocabulary of name keys.

* name keys (`NameKey` rows, from `posts.search.namekeys`) for the sought person's
  names and the poster's own names of back then, and a vocabulary of every
  distinct key (`NameVocabulary`), which typo-tolerant lookups scan;
* folded copies of the text (`Post.search_text`, `search_places`,
  `search_pinyin`): lower case, accents folded, Chinese in Simplified
  characters, and Chinese runs once more in pinyin.

`posts.search.query` reads what is written here; this module knows nothing of queries.
"""

import re
import threading
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef
from rapidfuzz.distance import OSA
from rapidfuzz.process import extract

from posts.models import NameKey, NameKind, NameVocabulary, Post
from posts.search.namekeys import _HAN_RUN, fold_latin, has_han, name_forms, split_names, to_simplified


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
                    pinyin_runs.append(run_pinyin(chunk))
                else:
                    words.extend(sorted(fold_latin(chunk)))
        else:
            words.extend(sorted(fold_latin(word)))
    return f" {' '.join(words)} ", f" {' '.join(pinyin_runs)} "


def run_pinyin(han: str) -> str:
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


# The vocabulary, per process --------------------------------------------------------


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
        found: set[str] = set()
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


vocabulary = _Vocabulary()


def reset_vocabulary_cache() -> None:
    vocabulary.reset()


def unindex_posts(post_ids: Iterable[int]) -> None:
    """Drop the name keys of these requests, and the spellings in the vocabulary that no other request uses."""
    name_keys = NameKey.objects.filter(post__in=list(post_ids))
    spellings = set(name_keys.values_list("key", flat=True))
    name_keys.delete()
    NameVocabulary.objects.filter(key__in=spellings).exclude(
        Exists(NameKey.objects.filter(key=OuterRef("key")))
    ).delete()
