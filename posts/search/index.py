"""The search index of a request, written once when it is saved (`index_post`), and the vocabulary of name keys.

* name keys (`NameKey` rows, from `posts.search.namekeys`) for the sought person's
  names and the poster's own names of back then, and a vocabulary of every
  distinct Latin key but the romanisations of Chinese (`NameVocabulary`; those
  match only exactly) with each key's deletion neighbourhood
  (`KeyDeletion`, see `posts.search.typos`), which typo-tolerant lookups read;
* the Chinese characters and character pairs of each name, and of the title,
  place and story (`han_grams`), as keys too, so a one- or two-character word is
  an exact lookup;
* the approved translations' titles and stories (`translated_texts`), in the text column with the
  original's, so a Chinese query finds an English request through its Chinese translation;
* folded copies of the text (`Post.search_text`, `search_places`,
  `search_pinyin`): lower case, accents folded, Chinese in Simplified
  characters, and Chinese runs once more in pinyin.

Large loads use `bulk_index_posts` (or `build_index` and `add_to_vocabulary`, for
loaders that insert the requests themselves). Every write bumps the search
version (`posts.search.cache`), so no cached result of the old index is read.

`posts.search.query` reads what is written here; this module knows nothing of queries.
"""

import re
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from posts.models import KeyDeletion, NameKey, NameKind, NameVocabulary, Post, Translation
from posts.search.cache import bump_search_version
from posts.search.namekeys import (
    _HAN_RUN,
    QUALITY_GRAM,
    QUALITY_SPELLING,
    fold_latin,
    has_han,
    name_forms,
    name_simplified,
    split_names,
    to_simplified,
)
from posts.search.typos import vocabulary_variants

# Rows per INSERT statement: well under SQLite's host-parameter limit (999 on old builds).
_CHUNK = 400


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


def han_grams(text: str) -> set[str]:
    """The Chinese characters and adjacent pairs of characters in `text` (Simplified)."""
    grams: set[str] = set()
    for run in _HAN_RUN.findall(to_simplified(text)):
        grams.update(run)
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def name_grams(name: str) -> set[str]:
    """`han_grams` of a name, converted character by character, with and without its kept characters."""
    forms = {name_simplified(name), name_simplified(name, keep=True)}
    grams: set[str] = set()
    for form in forms:
        for run in _HAN_RUN.findall(form):
            grams.update(run)
            grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def name_keys(name: str) -> dict[str, int]:
    """Every key of a name with its quality (`namekeys.QUALITY_*`): its forms, and its characters and pairs."""
    keys = {gram: QUALITY_GRAM for gram in name_grams(name)}
    keys.update(name_forms(name).quality)
    return keys


def translated_texts(post_ids: Iterable[int]) -> dict[int, list[str]]:
    """The titles and stories of the approved translations of these requests, in one query."""
    texts: dict[int, list[str]] = {}
    approved = Translation.objects.approved().filter(post_id__in=list(post_ids)).order_by("pk")
    for post_id, title, story in approved.values_list("post_id", "title", "story"):
        texts.setdefault(post_id, []).extend((title, story))
    return texts


def build_index(post: Post, translated: list[str] | None = None) -> tuple[dict[str, str], list[NameKey]]:
    """The folded text columns and the name keys of one request, without writing them.

    `translated` is the text of its approved translations (`translated_texts`), read here when not given.
    """
    if translated is None:
        translated = translated_texts([post.pk]).get(post.pk, []) if post.pk is not None else []
    text, text_pinyin = fold_text(" ".join((post.title, post.met_place, post.met_city, post.story, *translated)))
    places, places_pinyin = fold_text(" ".join((post.met_place, post.met_city)))
    columns = {"search_text": text, "search_places": places, "search_pinyin": f"{text_pinyin}|{places_pinyin}"}
    keys = [
        NameKey(post=post, kind=kind, name=name[:255], key=key[:100], quality=quality)
        for kind, names in ((NameKind.SOUGHT, sought_names(post)), (NameKind.POSTER, poster_names(post)))
        for name in dict.fromkeys(names)
        for key, quality in sorted(name_keys(name).items())
    ]
    # search_text and search_places hold Chinese as its own words (fold_text), so a word of one or two
    # characters is in the column exactly when it is one of these grams.
    keys += [
        NameKey(post=post, kind=kind, name="", key=gram, quality=QUALITY_GRAM)
        for kind, column in ((NameKind.TEXT, text), (NameKind.PLACE, places))
        for gram in sorted(han_grams(column))
    ]
    return columns, keys


def index_post(post: Post) -> None:
    """Write the request's name keys and folded text. Call after every save that changes them."""
    columns, keys = build_index(post)
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(**columns)
        old_keys = set(NameKey.objects.filter(post=post).values_list("key", flat=True))
        NameKey.objects.filter(post=post).delete()
        NameKey.objects.bulk_create(keys)
        add_to_vocabulary(vocabulary_keys(keys))
        _prune_vocabulary(old_keys - {key.key for key in keys})
        bump_search_version()
    for name, value in columns.items():
        setattr(post, name, value)


def bulk_index_posts(posts: Iterable[Post], *, batch_size: int = 2_000) -> int:
    """Index many saved requests at once (loaders, `reindex_search`): a few statements a batch, not a few a request.

    The same rows as `index_post` on each; returns how many requests were indexed.
    """
    count = 0
    batch: list[Post] = []
    for post in posts:
        batch.append(post)
        if len(batch) >= batch_size:
            count += _index_batch(batch)
            batch = []
    if batch:
        count += _index_batch(batch)
    return count


def _index_batch(posts: list[Post]) -> int:
    translated = translated_texts(post.pk for post in posts)
    built = [(post, *build_index(post, translated.get(post.pk, []))) for post in posts]
    table = connection.ops.quote_name(Post._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET search_text = %s, search_places = %s, search_pinyin = %s WHERE id = %s",  # noqa: S608
            [(c["search_text"], c["search_places"], c["search_pinyin"], post.pk) for post, c, _keys in built],
        )
        ids = [post.pk for post in posts]
        old_keys: set[str] = set()
        for start in range(0, len(ids), _CHUNK):
            chunk = NameKey.objects.filter(post_id__in=ids[start : start + _CHUNK])
            old_keys.update(chunk.values_list("key", flat=True))
            chunk.delete()
        keys = [key for _post, _columns, post_keys in built for key in post_keys]
        write_name_keys(keys)
        new_keys = {key.key for key in keys}
        add_to_vocabulary(vocabulary_keys(keys))
        _prune_vocabulary(old_keys - new_keys)
        bump_search_version()
    for post, columns, _keys in built:
        for name, value in columns.items():
            setattr(post, name, value)
    return len(posts)


def write_name_keys(keys: Iterable[NameKey]) -> None:
    """Insert `NameKey` rows as plainly as the database allows (COPY on PostgreSQL): the bulk of a large load.

    A key's request must be saved; it may have been saved after the key was built (bulk loaders).
    """
    rows = ((key.post_id or key.post.pk, key.kind, key.name, key.key, key.quality) for key in keys)
    _copy_rows(NameKey._meta.db_table, ("post_id", "kind", "name", "key", "quality"), rows)


def vocabulary_keys(keys: Iterable[NameKey]) -> set[str]:
    """The keys typing slips may reach: all but the romanisations of Chinese (`QUALITY_ROMANISED`, exact only)."""
    return {key.key for key in keys if key.quality >= QUALITY_SPELLING}


def add_to_vocabulary(keys: Iterable[str]) -> int:
    """Add the Latin keys not in the vocabulary yet, with their deletion variants; returns how many were new.

    Only the keys this statement inserted get variants (`ON CONFLICT DO NOTHING RETURNING`, SQLite
    3.35+ and PostgreSQL), so two writers adding the same key never store its variants twice.
    """
    fresh = sorted({key for key in keys if not has_han(key)})
    table = connection.ops.quote_name(NameVocabulary._meta.db_table)
    added: list[str] = []
    with connection.cursor() as cursor:
        for start in range(0, len(fresh), _CHUNK):
            chunk = fresh[start : start + _CHUNK]
            cursor.execute(
                f"INSERT INTO {table} (key) VALUES {', '.join(['(%s)'] * len(chunk))} "  # noqa: S608
                "ON CONFLICT (key) DO NOTHING RETURNING key",
                chunk,
            )
            added.extend(key for (key,) in cursor.fetchall())
    variants = ((variant, key) for key in added for variant in vocabulary_variants(key))
    _copy_rows(KeyDeletion._meta.db_table, ("variant", "key"), variants)
    return len(added)


def _copy_rows(table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """COPY on PostgreSQL, executemany on SQLite: several times Django's bulk_create for millions of rows."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", list(rows))  # noqa: S608


def _prune_vocabulary(spellings: set[str]) -> None:
    """Drop the keys (and their variants) that no request carries any more."""
    spellings = {key for key in spellings if not has_han(key)}
    for chunk in _chunks(sorted(spellings)):
        unused = NameVocabulary.objects.filter(key__in=chunk).exclude(
            Exists(NameKey.objects.filter(key=OuterRef("key")))
        )
        KeyDeletion.objects.filter(key__in=unused.values("key")).delete()
        unused.delete()


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def unindex_posts(post_ids: Iterable[int]) -> None:
    """Drop the name keys of these requests, and the spellings in the vocabulary that no other request uses."""
    name_keys = NameKey.objects.filter(post__in=list(post_ids))
    spellings = set(name_keys.values_list("key", flat=True))
    name_keys.delete()
    _prune_vocabulary(spellings)
    bump_search_version()
