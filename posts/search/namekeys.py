"""Cross-script keys for names: the same person written "李響燦", "Li Xiangcan" or "xiangcan li".

A name becomes a set of compact, lower-case keys, each with a *quality* saying how
literally it renders the name as written (`QUALITY_*`), so that search can rank
"the same characters" above "the same reading" above "another spelling":

* Chinese characters are converted Traditional → Simplified one character at a
  time (`name_simplified`; OpenCC's phrase table must not turn a surname and the
  first given-name character into a word), keeping characters names write as
  they are (`KEPT_CHARACTERS`: 乾 stays 乾, the surname 於 is not 于) with the
  folded form as a second spelling. The characters themselves are keys.
* They are read in pinyin: a family name only in its readings as a family name
  (`SURNAME_READINGS`, else its usual reading), given-name characters in their
  usual reading plus the readings names use (`GIVEN_NAME_READINGS`), never a
  rare reading no name has (石 is not "dan" in a name).
* Two-character family names (`COMPOUND_SURNAMES`, and Taiwan's joined double
  surnames, `DOUBLE_SURNAMES`) are split off before the given name.
* Accents are folded ("Zoë" → "zoe"; German umlauts also as "ue", so "Müller"
  gives "muller" and "mueller").
* A name of several words gives its words, the words run together, the same with
  the family name moved to the other end, and neighbours joined ("Yu-Han" also
  as "yuhan", "de la Cruz" also as "delacruz", so "dela Cruz" finds it).

Keys are computed once when a request is saved (see `posts.search.index`; after a
change here run `manage.py reindex_search`), and a query is turned into keys the
same way, so matching is a comparison of short strings.
"""

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc
from anyascii import anyascii
from pypinyin import Style, pinyin

from posts.search import names_chinese, names_world

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")
_WORD_SPLIT = re.compile(r"[\s\-‐‑–—_·・.,，、/()（）\"'“”‘’]+")
_HYPHEN = re.compile(r"[\-‐‑–—]")
_NOT_LETTER = re.compile(r"[^a-z0-9]")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})

# How literally a key renders the name as written; a match is as good as the worse of its two keys.
QUALITY_LITERAL = 4  # the characters or the letters as written (accents, case and hyphens aside)
QUALITY_READING = 3  # the usual reading of Chinese characters
QUALITY_SPELLING = 2  # another reading, umlaut spelling, order or joining of the same name
# Another romanisation of Chinese characters (Wade–Giles, Cantonese, a surname table: `names_chinese`):
# ranked as another spelling, but matched only exactly, never reached by a typing slip.
QUALITY_ROMANISED = 1
QUALITY_GRAM = 0  # a character or pair inside a name (`index.han_grams`): a containment, not a name

# Two-character family names, Simplified; every other Chinese name is taken as one character, then
# the given name. Source: the compound surnames of the Hundred Family Surnames (百家姓), as listed by
# zh.wikipedia.org "複姓" and hotoo/pinyin's table of them (src/data/compound_surname.ts, MIT).
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 司徒 夏侯 轩辕 长孙 宇文 端木 澹台 呼延 南宫 独孤 闻人 申屠 "
    "万俟 西门 百里 太史 钟离 拓跋 赫连 第五 公羊 公冶 宗政 濮阳 淳于 单于 太叔 仲孙 鲜于 闾丘 司空 亓官 司寇 "
    "子车 颛孙 巫马 公西 漆雕 乐正 壤驷 公良 夹谷 宰父 谷梁 段干 百里 东郭 南门 羊舌 微生 梁丘 左丘 东门 "
    "公门 乐羊 公仪 司城 呼衍 叱干 贺兰 宇文 长孙 尉迟 慕容 完颜 纳兰 爱新觉罗".split()
)
# Taiwan's joined double surnames (冠姓 that became hereditary), each two ordinary surnames, so a
# three-character name may also be surname + two-character given name: both splits are keyed.
# Source: zh.wikipedia.org "複姓" (its section on Taiwan's double surnames).
DOUBLE_SURNAMES = frozenset("范姜 张简 张廖 周黄 张李".split())
# Readings of family names, where the character's usual reading (pypinyin's first) is not the only one,
# or not the one it has as a family name: 卜 is Bu, never "bo"; 翟 is Zhai, never "di". pypinyin has
# no surname mode (0.55); source: hotoo/pinyin's surname table (src/data/surname.ts, MIT, the readings
# of the 百家姓), and for the surnames it lacks (种 Chong, 区 Ou, 朴 Piao, 覃 Qin, ...) and the second
# readings of 盖, 乐, 隗, 宓, 牟, 莘, 谌, 郇 the entries marked 姓 in 《现代汉语词典》 (7th ed.).
SURNAME_READINGS = {
    "卜": ("bu",),
    "翟": ("zhai",),
    "缪": ("miao",),
    "种": ("chong",),
    "万": ("wan",),
    "石": ("shi",),
    "曾": ("zeng",),
    "单": ("shan",),
    "仇": ("qiu",),
    "区": ("ou",),
    "解": ("xie",),
    "朴": ("piao",),
    "查": ("zha",),
    "盖": ("ge", "gai"),
    "乐": ("yue", "le"),
    "覃": ("qin", "tan"),
    "尉": ("wei",),
    "繁": ("po",),
    "秘": ("bi",),
    "句": ("gou",),
    "召": ("shao",),
    "员": ("yun",),
    "贲": ("ben",),
    "阚": ("kan",),
    "宓": ("mi", "fu"),
    "牟": ("mou", "mu"),
    "隗": ("kui", "wei"),
    "洗": ("xian",),
    "冼": ("xian",),
    "重": ("chong",),
    "长": ("chang",),
    "任": ("ren",),
    "那": ("na",),
    "藏": ("zang",),
    "宿": ("su",),
    "折": ("she",),
    "祭": ("zhai",),
    "能": ("nai",),
    "薄": ("bo",),
    "车": ("che",),
    "都": ("du",),
    "莘": ("shen", "xin"),
    "朝": ("chao",),
    "褚": ("chu",),
    "柏": ("bai",),
    "粘": ("nian",),
    "广": ("guang",),
    "行": ("xing",),
    "沈": ("shen",),
    "费": ("fei",),
    "六": ("lu",),
    "郇": ("xun", "huan"),
    "乜": ("nie",),
    "陆": ("lu",),
    "於": ("yu",),
    "参": ("can",),
    "强": ("qiang",),
    "传": ("chuan",),
    "谌": ("chen", "shen"),
    "万俟": ("moqi",),
    "尉迟": ("yuchi",),
    "单于": ("chanyu",),
    "长孙": ("zhangsun",),
    "澹台": ("tantai",),
    "乐正": ("yuezheng",),
    "夹谷": ("jiagu",),
    "子车": ("ziju",),
    "句龙": ("goulong",),
}
# Given-name characters with a second reading that names really use (pypinyin's first reading is
# the usual one and is always kept); every other reading pypinyin lists is left out. Source: the
# heteronym entries of 《现代汉语词典》 (7th ed.) whose second reading appears in personal names.
GIVEN_NAME_READINGS = {
    "乐": ("yue",),
    "长": ("zhang",),
    "行": ("hang",),
    "重": ("chong",),
    "朝": ("zhao",),
    "曾": ("zeng",),
    "茜": ("xi",),
    "单": ("shan",),
    "传": ("zhuan",),
    "解": ("xie",),
    "会": ("kuai",),
    "和": (),
    "俊": (),
    "少": (),
    "觉": ("jiao",),
    "相": (),
    "晟": ("cheng",),
    "尉": (),
    "翟": ("zhai",),
    "宿": ("xiu",),
    "区": ("ou",),
    "沈": (),
    "华": (),
    "谌": ("shen",),
    "於": (),
}
# Traditional characters that names keep as they are, where OpenCC folds them into a character
# with another reading or another family: 乾 (qian, as in 乾隆) is not 干 (gan); the family name 於
# (Yu, as in 於梨華) is not 于. Both forms are keyed; the kept one is the name as written. Source: the
# 通用规范汉字表 (State Council, 2013), which keeps 乾 for qian and 於 for the family name as standard
# characters beside 干 and 于.
KEPT_CHARACTERS = frozenset("乾於")
MAX_READINGS = 16

_to_simplified = opencc.OpenCC("t2s")


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def to_simplified(text: str) -> str:
    """Running text in Simplified characters, by OpenCC's phrases (see `name_simplified` for names)."""
    return _to_simplified.convert(text) if has_han(text) else text


@lru_cache(maxsize=8192)
def _char_simplified(char: str) -> str:
    return _to_simplified.convert(char)


def name_simplified(text: str, *, keep: bool = False) -> str:
    """A name in Simplified characters, one character at a time; with `keep`, `KEPT_CHARACTERS` stay as written."""
    if not has_han(text):
        return text
    return "".join(char if keep and char in KEPT_CHARACTERS else _char_simplified(char) for char in text)


def _kept_simplified(text: str) -> str:
    return name_simplified(text, keep=True)


def fold_latin(word: str) -> set[str]:
    """Accent-free, lower-case spellings of a Latin (or other non-Chinese) word."""
    return set(_fold_latin(word))


def _fold_latin(word: str) -> tuple[str, ...]:
    """`fold_latin`, the plain folding first (the literal spelling), the umlaut spelling after."""
    spellings = []
    for variant in (word, word.translate(_GERMAN)):
        text = unicodedata.normalize("NFKC", variant).casefold()
        spellings.append(_NOT_LETTER.sub("", anyascii(text).lower()))
    return tuple(dict.fromkeys(spelling for spelling in spellings if spelling))


@lru_cache(maxsize=8192)
def _char_readings(char: str) -> tuple[str, ...]:
    """A given-name character's readings: pypinyin's usual (first) one and those of `GIVEN_NAME_READINGS`."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    usual = tuple(r.lower() for r in found[0][:1]) if found else ()
    extra = GIVEN_NAME_READINGS.get(char, GIVEN_NAME_READINGS.get(_char_simplified(char), ()))
    return tuple(dict.fromkeys(_NOT_LETTER.sub("", r) for r in (*usual, *extra) if r))


@lru_cache(maxsize=4096)
def _readings(han: str) -> tuple[str, ...]:
    """The readings of a given name, each run together ("xiangcan"), the usual one first, capped."""
    per_char = [_char_readings(char) or ("",) for char in han]
    combos = itertools.islice(itertools.product(*per_char), MAX_READINGS)
    return tuple(r for r in dict.fromkeys("".join(combo) for combo in combos) if r)


def _surname_readings(surname: str) -> tuple[str, ...]:
    """A family name's readings as a family name: the table's, else each character's usual reading."""
    for form in (surname, name_simplified(surname)):
        if form in SURNAME_READINGS:
            return SURNAME_READINGS[form]
    per_char = [SURNAME_READINGS.get(_char_simplified(char)) or _char_readings(char)[:1] or ("",) for char in surname]
    combos = itertools.islice(itertools.product(*per_char), MAX_READINGS)
    return tuple(r for r in dict.fromkeys("".join(combo) for combo in combos) if r)


def _surname_lengths(han: str) -> list[int]:
    """How many leading characters of a run may be its family name (0: none), the likeliest first."""
    han = name_simplified(han)
    if len(han) >= 3 and han[:2] in COMPOUND_SURNAMES:
        return [2]
    if len(han) >= 4 and han[:2] in DOUBLE_SURNAMES:
        return [2]
    if len(han) == 3 and han[:2] in DOUBLE_SURNAMES:
        return [1, 2]
    if len(han) >= 2:
        return [1]
    if han in SURNAME_READINGS or han in names_chinese.TABLED_SURNAMES:  # a lone family name ("曾", "卜", "陈")
        return [1]
    return [0]


def _han_word(han: str, *, surname: bool) -> dict[str, int]:
    """A Chinese part of a name as keys: its characters (kept, then folded) and its readings, best first."""
    keys: dict[str, int] = {}
    kept, folded = name_simplified(han, keep=True), name_simplified(han)
    keys[kept] = QUALITY_LITERAL
    keys.setdefault(folded, QUALITY_SPELLING)
    readings = _surname_readings(kept) if surname else _readings(kept)
    for index, reading in enumerate(readings):
        keys.setdefault(reading, QUALITY_READING if index == 0 else QUALITY_SPELLING)
    for spelling in names_chinese.part_spellings(kept, readings, surname):  # Wade–Giles, Cantonese, ...
        keys.setdefault(spelling, QUALITY_ROMANISED)
    return keys


def _latin_word(part: str) -> dict[str, int]:
    spellings = _fold_latin(part)
    return {spelling: QUALITY_LITERAL if index == 0 else QUALITY_SPELLING for index, spelling in enumerate(spellings)}


# Particles that are written apart or joined to the next word ("de la Cruz", "dela Cruz", "van der Berg").
PARTICLES = frozenset(
    "de la le du del della dela des di da dos das do van der den von zu ter ten al el bin binti ibn bint abu "
    "mac mc st san santa".split()
)


@dataclass(frozen=True)
class NameForms:
    """A name as comparable keys: `words` are its parts, `whole` the parts run together in either order.

    `quality` gives every key (of `whole`, of `words` and the joined neighbours) its best `QUALITY_*`.
    """

    words: tuple[frozenset[str], ...]
    whole: frozenset[str]
    quality: dict[str, int]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(self.quality)


def _is_latin(key: str) -> bool:
    """Keys in Latin letters (and roots) combine with each other; characters, Hangul, kana, Cyrillic... with theirs."""
    return key.isascii()


def _other_words(part: str, name: str) -> list[tuple[dict[str, int], bool]]:
    """A part not in Chinese characters as words: other scripts, spellings and nicknames (`names_world`)."""
    return names_world.word_entries(part, name, _latin_word(part))


def _analyses(name: str) -> list[list[tuple[dict[str, int], bool]]]:
    """The name as lists of words (each its keys, and whether a hyphen joins it to the next), one list per split."""
    analyses: list[list[tuple[dict[str, int], bool]]] = [[]]
    name = names_world.prepare(name)
    for part in re.split(f"({_WORD_SPLIT.pattern})", names_chinese.normalise(name.strip())):
        if not part:
            continue
        if _WORD_SPLIT.fullmatch(part):
            if _HYPHEN.search(part) and not part.strip(" -‐‑–—") and analyses[0]:
                for words in analyses:
                    words[-1] = (words[-1][0], True)
            continue
        if not has_han(part):
            for words in analyses:
                words.extend(_other_words(part, name))
            continue
        for chunk in re.split(f"({_HAN_RUN.pattern})", part):
            if not chunk:
                continue
            if not _HAN_RUN.fullmatch(chunk):
                for words in analyses:
                    words.extend(_other_words(chunk, name))
                continue
            splits = []
            for length in _surname_lengths(chunk):
                parts = []
                if length:
                    parts.append((_han_word(chunk[:length], surname=True), False))
                if chunk[length:]:
                    parts.append((_han_word(chunk[length:], surname=False), False))
                splits.append(parts)
            splits += names_world.japanese_splits(chunk, name)  # kanji of a Japanese name, read in Japanese
            analyses = [[*words, *parts] for words in analyses for parts in splits]
    return [words for words in analyses if words]


def _combine(words: list[dict[str, int]], limit: int) -> dict[str, int]:
    """The words run together: Latin spellings with Latin, characters with characters; quality the worst part's."""
    combined: dict[str, int] = {}
    for latin in (True, False):
        options = [[(key, q) for key, q in word.items() if _is_latin(key) == latin] for word in words]
        if not all(options):
            continue
        for combo in itertools.islice(itertools.product(*options), MAX_READINGS):
            key = "".join(key for key, _q in combo)
            quality = min(min(q for _key, q in combo), limit)
            if key and combined.get(key, -1) < quality:
                combined[key] = quality
    return combined


def _add(keys: dict[str, int], found: dict[str, int]) -> None:
    for key, quality in found.items():
        if keys.get(key, -1) < quality:
            keys[key] = quality


@lru_cache(maxsize=8192)
def name_forms(name: str) -> NameForms:
    """Split a name into words and give each word, and the whole, in every spelling we derive.

    Cached: callers must not change what it returns (copy `quality` first).
    """
    # Each word's spellings in a fixed order (the literal form, then the usual reading, then the
    # others; Latin plain folding before the umlaut spelling), so that the first MAX_READINGS
    # combinations, and so the keys, are the same in every process whatever its string hashing.
    analyses = _analyses(name)
    quality: dict[str, int] = {}
    whole: set[str] = set()
    first_words: tuple[frozenset[str], ...] = ()
    for index, analysis in enumerate(analyses):
        words = [word for word, _hyphen in analysis]
        if index == 0:
            first_words = tuple(frozenset(word) for word in words)
        for word in words:
            _add(quality, word)
        written = _combine(words, QUALITY_LITERAL)
        if len(words) > 1:
            # The family name moved to the end ("Xiangcan Li") and to the front ("Becker Simon"); in letters.
            latin_words = [{k: q for k, q in word.items() if _is_latin(k)} for word in words]
            _add(written, _combine(latin_words[1:] + latin_words[:1], QUALITY_SPELLING))
            _add(written, _combine(latin_words[-1:] + latin_words[:-1], QUALITY_SPELLING))
        if index == 0:  # a Chinese name run together in Wade–Giles, Cantonese, ... (combinations _combine would cap)
            romanised = names_chinese.whole_spellings(
                name, _surname_lengths, _kept_simplified, _surname_readings, _readings
            )
            _add(written, dict.fromkeys(romanised, QUALITY_ROMANISED))
        whole.update(written)
        _add(quality, written)
        # Neighbours joined: "Yu-Han" also as "yuhan" (as written), "Seo jun" as "seojun", particles with
        # the next word ("de la Cruz" as "dela" and "delacruz").
        latin = [{k: q for k, q in word.items() if _is_latin(k)} for word in words]
        for i in range(len(analysis) - 1):
            joined_by_hyphen = analysis[i][1]
            _add(quality, _combine(latin[i : i + 2], QUALITY_LITERAL if joined_by_hyphen else QUALITY_SPELLING))
            end = i
            while end < len(words) - 1 and set(latin[end]) & PARTICLES:
                end += 1
                if end - i >= 2:
                    _add(quality, _combine(latin[i : end + 1], QUALITY_SPELLING))
    bare = names_chinese.drop_honorifics(name)  # 王先生 also as 王, a step lower (the name as written ranks first)
    if bare:
        forms = name_forms(bare)
        for key, q in forms.quality.items():  # 王 as a word of 王先生, too, is the bare name: a step lower
            quality[key] = max(quality[key], q - 1) if key in whole else max(q - 1, QUALITY_ROMANISED)
        whole.update(forms.whole)
        first_words = forms.words
    return NameForms(words=first_words, whole=frozenset(whole), quality=quality)


def match_quality(query: NameForms, name: NameForms) -> int | None:
    """The best quality at which the query's keys match the name's exactly (whole, or every word), or None."""
    for level in (QUALITY_LITERAL, QUALITY_READING, QUALITY_SPELLING, QUALITY_ROMANISED):
        keys = {key for key, q in name.quality.items() if q >= level}
        if any(query.quality.get(key, -1) >= level and key in keys for key in query.whole):
            return level
        if len(query.words) > 1 and all(
            any(query.quality.get(key, -1) >= level and key in keys for key in word) for word in query.words
        ):
            return level
    return None


def split_names(text: str) -> list[str]:
    """The names in a field of other names: commas (Latin or Chinese), semicolons or slashes separate them."""
    return [name.strip() for name in re.split(r"[,，;；/、\n]+", text or "") if name.strip()]


def allowed_edits(key: str) -> int:
    """How many typing slips a key may carry and still match: none for short names, none for characters."""
    if has_han(key) or names_world.is_root(key):
        return 0
    return edits_for_length(len(key))


def edits_for_length(length: int) -> int:
    """`allowed_edits` of a key of this many letters."""
    if length >= 9:
        return 2
    if length >= 5:
        return 1
    return 0
