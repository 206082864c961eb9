"""Typing slips found by exact lookups: the deletion neighbourhoods of keys (SymSpell).

A query key `q` matches a vocabulary key `v` when their restricted Damerau–Levenshtein (OSA)
distance is at most `allowed_edits(q)` (none up to 4 letters, 1 at 5–8, 2 at 9+). Such a pair
always shares a *variant*: a string left after deleting a few letters of the first `PREFIX`
letters of each. Each vocabulary key's variants are stored (`KeyDeletion`); a query key's are
computed and looked up with one `variant IN (...)`, and the candidates found are checked
with the true OSA distance. Why no match is lost:

* Let `k = OSA(q, v) ≤ d(q)`. Every edit is a substitution, a transposition, an insertion or
  a deletion; deleting the letter concerned from one side or both (one of the two letters of a
  transposition) leaves the same string `c`, with at most `k` letters deleted from each side.
* Cut both to their first `PREFIX` letters. The letters of `q[:PREFIX]` kept in `c` form a
  prefix of `c`, and so do those of `v[:PREFIX]`; cutting the longer of the two prefixes of `c`
  to the shorter one leaves each side at most `max` of the two sides' deletions, so at most `k`.
* So the variants of `q[:PREFIX]` with up to `d(q)` deletions meet those of `v[:PREFIX]` with
  up to `vocabulary_depth(len(v))` deletions: the most `k` can be for any query key that can
  reach `v` (a query of length L reaches `v` only if |L − len(v)| ≤ d(L)). When both keys are
  no longer than `PREFIX`, the side of `v` needs only substitutions, transpositions and its own
  extra letters, at most `d(len(v))` (a longer query spends edits on its extra letters).

tests/search/test_typos.py checks this against random keys and slips.
"""

from collections.abc import Iterable

from posts.search.namekeys import edits_for_length

# Variants are taken of a key's first PREFIX letters: 8 keeps about 32 rows a key and a few
# hundred candidates a query key at 100,000 requests (bench/README.md); longer keys share them.
PREFIX = 8
MAX_EDITS = 2
# A key this short carries no slip and no query key of 5 letters or more can reach it.
MIN_FUZZY_LENGTH = 4


def deletions(text: str, depth: int) -> set[str]:
    """Every string left after deleting up to `depth` letters of `text[:PREFIX]`, itself included."""
    found = frontier = {text[:PREFIX]}
    for _ in range(depth):
        frontier = {word[:i] + word[i + 1 :] for word in frontier for i in range(len(word))}
        found = found | frontier
    return found


def vocabulary_depth(length: int) -> int:
    """How many letters to delete from a vocabulary key of this length: enough for any query key reaching it."""
    depth = edits_for_length(length)
    for query_length in range(length - MAX_EDITS, length + MAX_EDITS + 1):
        edits = edits_for_length(query_length)
        if abs(query_length - length) <= edits and (query_length > PREFIX or length > PREFIX):
            depth = max(depth, edits)
    return depth


def vocabulary_variants(key: str) -> set[str]:
    """The variants stored for a vocabulary key (none for keys no slip can reach)."""
    if len(key) < MIN_FUZZY_LENGTH:
        return set()
    return deletions(key, vocabulary_depth(len(key)))


def query_variants(keys: Iterable[str]) -> set[str]:
    """The variants to look up for the typo-tolerant keys of a query."""
    variants: set[str] = set()
    for key in keys:
        edits = edits_for_length(len(key))
        if edits:
            variants |= deletions(key, edits)
    return variants
