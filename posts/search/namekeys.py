"""Cross-script keys for names: the same person written "李響燦", "Li Xiangcan" or "xiangcan li".

A name becomes a set of compact, lower-case Latin keys: Chinese characters are
converted to Simplified and read in pinyin (every reading of a character that
has several, so 曾 gives both "zeng" and "ceng"), accents are folded ("Zoë" →
"zoe"; German umlauts also as "ue", so "Müller" gives "muller" and
"mueller"), and a name of several words gives its words, the words run
together, and the same with the family name moved to the other end. Keys are
computed once when a request is saved (see `posts.search.index`), and a query is
turned into keys the same way, so matching is a comparison of short strings.
"""

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc
from anyascii import anyascii
from pypinyin import Style, pinyin

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")
_WORD_SPLIT = re.compile(r"[\s\-‐‑–—_·・.,，、/()（）\"'“”‘’]+")
_NOT_LETTER = re.compile(r"[^a-z0-9]")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})

# Two-character family names; every other Chinese name is taken as one character, then the given name.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 司徒 夏侯 轩辕 长孙 宇文 端木 澹台 呼延 南宫 独孤 闻人 申屠 "
    "万俟 西门 百里 太史 钟离 拓跋 赫连 第五".split()
)
# Readings a family name takes that differ from the character's usual ones.
SURNAME_READINGS = {
    "曾": ("zeng",),
    "单": ("shan",),
    "仇": ("qiu",),
    "区": ("ou",),
    "解": ("xie",),
    "朴": ("piao",),
    "查": ("zha",),
    "盖": ("ge",),
    "万俟": ("moqi",),
    "尉迟": ("yuchi",),
}
MAX_READINGS = 16

_to_simplified = opencc.OpenCC("t2s")


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def to_simplified(text: str) -> str:
    return _to_simplified.convert(text) if has_han(text) else text


def fold_latin(word: str) -> set[str]:
    """Accent-free, lower-case spellings of a Latin (or other non-Chinese) word."""
    spellings = set()
    for variant in {word, word.translate(_GERMAN)}:
        text = unicodedata.normalize("NFKC", variant).casefold()
        spellings.add(_NOT_LETTER.sub("", anyascii(text).lower()))
    return {spelling for spelling in spellings if spelling}


@lru_cache(maxsize=4096)
def _readings(han: str) -> tuple[str, ...]:
    """Every pinyin reading of a run of characters, each run together ("xiangcan"), capped."""
    per_char = [
        tuple(dict.fromkeys(r.lower() for r in readings))
        for readings in pinyin(han, style=Style.NORMAL, heteronym=True, errors="ignore")
    ]
    combos = itertools.islice(itertools.product(*per_char), MAX_READINGS)
    return tuple(dict.fromkeys(_NOT_LETTER.sub("", "".join(combo)) for combo in combos))


def _split_chinese_name(han: str) -> tuple[str, str]:
    han = to_simplified(han)
    if len(han) >= 3 and han[:2] in COMPOUND_SURNAMES:
        return han[:2], han[2:]
    if len(han) >= 2:
        return han[:1], han[1:]
    return "", han


def _surname_readings(surname: str) -> tuple[str, ...]:
    # A family name's own reading first, so it survives the MAX_READINGS cap of the whole name.
    extra = SURNAME_READINGS.get(surname, ())
    return tuple(dict.fromkeys((*extra, *_readings(surname))))


@dataclass(frozen=True)
class NameForms:
    """A name as comparable keys: `words` are its parts, `whole` the parts run together in either order."""

    words: tuple[frozenset[str], ...]
    whole: frozenset[str]

    @property
    def keys(self) -> frozenset[str]:
        return self.whole.union(*self.words) if self.words else self.whole


def name_forms(name: str) -> NameForms:
    """Split a name into words and give each word, and the whole, in every spelling we derive."""
    # Each word's spellings in a fixed order (Chinese readings in pypinyin's order, the usual
    # reading first; Latin spellings sorted), so that the first MAX_READINGS combinations, and
    # so the keys, are the same in every process whatever its string hashing.
    words: list[tuple[str, ...]] = []
    for part in _WORD_SPLIT.split(name.strip()):
        if not part:
            continue
        if has_han(part):
            for chunk in re.split(f"({_HAN_RUN.pattern})", part):
                if not chunk:
                    continue
                if _HAN_RUN.fullmatch(chunk):
                    surname, given = _split_chinese_name(chunk)
                    if surname:
                        words.append(_surname_readings(surname))
                    if given:
                        words.append(_readings(given))
                elif fold_latin(chunk):
                    words.append(tuple(sorted(fold_latin(chunk))))
        else:
            spellings = fold_latin(part)
            if spellings:
                words.append(tuple(sorted(spellings)))
    whole: set[str] = set()
    if words:
        orders = [words]
        if len(words) > 1:
            orders.append(words[1:] + words[:1])  # family name moved to the end: "Xiangcan Li"
            orders.append(words[-1:] + words[:-1])  # and to the front: "Becker Simon"
        for order in orders:
            for combo in itertools.islice(itertools.product(*order), MAX_READINGS):
                whole.add("".join(combo))
    return NameForms(words=tuple(frozenset(word) for word in words), whole=frozenset(whole))


def split_names(text: str) -> list[str]:
    """The names in a field of other names: commas (Latin or Chinese), semicolons or slashes separate them."""
    return [name.strip() for name in re.split(r"[,，;；/、\n]+", text or "") if name.strip()]


def allowed_edits(key: str) -> int:
    """How many typing slips a key may carry and still match: none for short names."""
    return edits_for_length(len(key))


def edits_for_length(length: int) -> int:
    """`allowed_edits` of a key of this many letters."""
    if length >= 9:
        return 2
    if length >= 5:
        return 1
    return 0
