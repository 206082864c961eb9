"""Chinese names as the world writes them: the romanisations people really use, and honorifics dropped.

`posts.search.namekeys` reads a Chinese name in Hanyu Pinyin; this module adds the other
spellings of the same name, each keyed as a romanisation (`QUALITY_ROMANISED` there: ranked
as another spelling, matched only exactly, never by a typing slip):

* Mandarin: tone marks fold away already; tone numbers ("li3 xiang3can4") are dropped
  (`normalise`), ü is also written v, u or yu (Lü, Lv, Lu, Lyu), and a given name ending in
  儿 is also keyed in its erhua spelling ("xiaomingr") and without the 儿 ("xiaoming"). A Latin
  word is not stripped of an erhua r: "Samir" and "Bashir" would lose theirs.
* Taiwan: Wade–Giles without its apostrophes and umlauts, as passports write it (Ch'en →
  Chen, Hsü → Hsu; `WADE_GILES`), Tongyong Pinyin (`TONGYONG`), and the surname spellings
  passports use beyond them (`TAIWAN_PASSPORT_SURNAMES`: Lee, Shieh, Jeng, ...).
* Hong Kong and Macau: the name read in Cantonese (Jyutping, by ToJyutping) and written
  the way the Hong Kong government romanises it (`hk_syllables`), and the surname tables
  of Hong Kong and Macau (`HK_SURNAMES`, `MACAU_SURNAMES`: Chan, Wong, Cheung, Lau, Kwok...).
* Singapore and Malaysia: Hokkien, Teochew and Hakka surname spellings (`DIALECT_SURNAMES`:
  Tan, Lim, Teo, Khoo, Ang, ...). Given names in those dialects are not keyed (no syllable
  table of Hokkien, Teochew or Hakka readings is used): "Tan Ah Kow" finds 陈 only through
  the surname and its other names.
* Honorifics and roles around a Chinese name (`HONORIFIC_SUFFIXES`, `HONORIFIC_PREFIXES`)
  are dropped (`drop_honorifics`): 王先生 is keyed also as 王, 阿明 also as 明; the name as
  written keeps its keys.

Only strings and tables here: `namekeys` gives the keys their quality and calls these.
"""

import itertools
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from pypinyin.style.wadegiles import _convert_table as _PYPINYIN_WADE_GILES

# --- Mandarin ------------------------------------------------------------------------------------

# Hanyu Pinyin → Wade–Giles, every syllable. Source: pypinyin's Wade–Giles table (pinned 0.55,
# pypinyin/style/wadegiles.py), itself from en.wikipedia.org "Wade–Giles" and the University of
# Chicago Library's Wade–Giles/Pinyin conversion table. Its keys (with "v" for ü) are the pinyin
# syllables. Its lüan/luan and lüe/lue rows map Pinyin's own "luan" and "lue" to the ü forms:
# Pinyin writes 乱 luan (Wade–Giles luan), so that row is corrected here.
_WADE_GILES_MARKED = {**dict(_PYPINYIN_WADE_GILES), "luan": "luan"}
# Its ü rows with "v" as well, the way pypinyin's own readings write it ("lv", "nve").
_WADE_GILES_MARKED.update({key.replace("ü", "v"): spelling for key, spelling in _PYPINYIN_WADE_GILES if "ü" in key})
SYLLABLES = frozenset(_WADE_GILES_MARKED) | {"r"}


def _unmarked(spelling: str) -> str:
    """A Wade–Giles spelling as passports and most people write it: no apostrophes, ü as u."""
    return spelling.replace("'", "").replace("ü", "u")


WADE_GILES = {syllable: _unmarked(spelling) for syllable, spelling in _WADE_GILES_MARKED.items()}


def _tongyong(syllable: str) -> str:
    """A pinyin syllable in Tongyong Pinyin.

    Source: the Tongyong Pinyin scheme of Taiwan's Ministry of Education (教育部, 2002) as tabled
    against Hanyu Pinyin in en.wikipedia.org "Tongyong Pinyin" (section "Differences from Hanyu
    Pinyin"): zhi chi shi ri zi ci si → jhih chih shih rih zih cih sih; zh → jh; q → c; x → s;
    ü after j q x l n → yu; -iu → -iou; -ui → -uei; -ong after j q x (-iong) → -yong; -eng after
    b p m f w → -ong; wen → wun.
    """
    s = syllable.replace("ü", "v")
    if s in {"zhi", "chi", "shi", "ri", "zi", "ci", "si"}:
        return ("jh" + s[2:] if s.startswith("zh") else s) + "h"
    if s == "wen":
        return "wun"
    if s == "weng":
        return "wong"
    if re.fullmatch(r"[bpmf]eng", s):
        return s[0] + "ong"
    if s[0] in "jqx" and s[1:2] in {"u"}:  # ju, que, xuan, jun: the u is ü
        s = s[0] + "yu" + s[2:]
    elif s[0] in "ln" and s[1:2] == "v":
        s = s[0] + "yu" + s[2:]
    if s[0] in "jqx" and s[1:] == "iong":
        s = s[0] + "yong"
    s = re.sub(r"(?<=[^aeiouy])iu$", "iou", s)
    s = re.sub(r"(?<=[^aeiouy])ui$", "uei", s)
    s = s.replace("v", "yu")
    if s.startswith("zh"):
        s = "jh" + s[2:]
    elif s.startswith("q"):
        s = "c" + s[1:]
    elif s.startswith("x"):
        s = "s" + s[1:]
    return s


TONGYONG = {syllable: _tongyong(syllable) for syllable in SYLLABLES if syllable != "r"}


def u_umlaut_spellings(syllable: str) -> tuple[str, ...]:
    """ü (pypinyin writes v) as people type it: lv → lu, lyu; nve → nue, nyue."""
    if "v" not in syllable:
        return ()
    return (syllable.replace("v", "u"), syllable.replace("v", "yu"))


def _jyutping():
    """ToJyutping, imported when a Chinese name is first read: its tables take ~70 MB, which a process that
    never keys a name (a web process serving kept pages, a worker re-encoding photos) should not carry."""
    import ToJyutping  # type: ignore[import-untyped]  # no type information

    return ToJyutping


@lru_cache(maxsize=8192)
def split_syllables(reading: str, count: int) -> tuple[str, ...] | None:
    """A run-together pinyin reading cut into exactly `count` syllables ("xiangcan", 2 → xiang, can), or None."""
    if count == 1:
        return (reading,) if reading in SYLLABLES else None
    for end in range(min(6, len(reading) - count + 1), 0, -1):
        head = reading[:end]
        if head in SYLLABLES:
            rest = split_syllables(reading[end:], count - 1)
            if rest is not None:
                return (head, *rest)
    return None


_TONE_NUMBERED = re.compile(r"(?<![\w'])((?:[a-zA-ZüÜ]+(?::)?[1-5])+)(?![\w])")


def _untoned(match: re.Match) -> str:
    word = match.group(1)
    parts = re.findall(r"([a-zA-ZüÜ]+:?)([1-5])", word)
    if all(p.lower().replace("u:", "v").replace("ü", "v") in SYLLABLES for p, _tone in parts):
        return "".join(p.replace("u:", "ü").replace("U:", "Ü") for p, _tone in parts)
    return word


# Wade–Giles's apostrophe of aspiration (Ch'en, K'ung, P'eng, T'ang, Ts'ai, Tz'u): written or not,
# the same spelling. Only after these initials, so O'Brien and D'Angelo keep theirs.
_ASPIRATED = re.compile(r"(?i)\b(ch|k|p|t|ts|tz)['’ʻ‘`](?=[aeiouüh])")


def normalise(name: str) -> str:
    """A name with pinyin tone numbers dropped ("li3 xiang3can4" → "li xiangcan") and Wade–Giles apostrophes."""
    if any(char.isdigit() for char in name):
        name = _TONE_NUMBERED.sub(_untoned, name)
    return _ASPIRATED.sub(r"\1", name)


# --- Taiwan: passport surname spellings ----------------------------------------------------------

# Surname spellings Taiwanese passports carry beyond Wade–Giles and Tongyong: Taiwan's Bureau of
# Consular Affairs lets a holder choose Wade–Giles, Mandarin Phonetic Symbols II (國音第二式:
# Jeng, Jang, Shieh, Shyu, Tzeng, Chiou), Tongyong or Hanyu Pinyin, or keep a spelling in use
# (Lee). Source: the BOCA's 外文姓名中譯英系統 and its comparison table of the four systems
# (中文譯音對照表), and en.wiktionary.org "Appendix:Chinese surnames" (W-G "Other" column).
TAIWAN_PASSPORT_SURNAMES = {
    "李": ("lee",),
    "吕": ("lu", "lyu", "leu"),
    "许": ("hsu", "shiu", "shyu"),
    "徐": ("hsu", "shyu"),
    "谢": ("hsieh", "shieh"),
    "萧": ("hsiao", "shiao"),
    "郑": ("cheng", "jeng"),
    "张": ("chang", "jang"),
    "曾": ("tseng", "tzeng"),
    "邱": ("chiu", "chiou"),
    "丘": ("chiu", "chiou"),
    "周": ("chou", "jou"),
    "钟": ("chung", "jong"),
    "赵": ("chao", "jaw"),
    "庄": ("chuang", "juang"),
    "黄": ("huang", "hwang"),
    "胡": ("hu", "hoo"),
    "宋": ("sung", "soong"),
    "薛": ("hsueh", "shiue"),
    "蔡": ("tsai", "tsay"),
    "洪": ("hung", "hong"),
    "詹": ("chan", "jan"),
    "夏": ("hsia", "shia"),
    "卓": ("cho", "jwo"),
    "刘": ("liu", "liou"),
    "陈": ("chen", "chern"),
    "吴": ("wu", "woo"),
    "游": ("yu", "yo"),
    "易": ("yi", "i"),
}

# --- Hong Kong and Macau: Cantonese -----------------------------------------------------------

# Jyutping initials as the Hong Kong government writes them. Source: en.wikipedia.org "Hong Kong
# Government Cantonese Romanisation" (its table against Jyutping): b p d t g k gw → p p t t k k kw,
# z c → ch or ts, s → s or sh, j → y; the rest unchanged.
_HK_INITIALS = {
    "b": ("p",),
    "p": ("p",),
    "d": ("t",),
    "t": ("t",),
    "g": ("k",),
    "k": ("k",),
    "gw": ("kw",),
    "kw": ("kw",),
    "z": ("ch", "ts"),
    "c": ("ch", "ts"),
    "s": ("s", "sh"),
    "j": ("y",),
}
# Jyutping finals as the Hong Kong government writes them (same source): aa → a, oe/eo → eu/u,
# yu → u or ue, ou → o, with the second spellings it also uses (am/um, an/un, ei/ee, un/oon).
_HK_FINALS = {
    "aa": ("a", "ah"),  # 華 Wah, 家 Ka
    "aai": ("ai",),
    "aau": ("au",),
    "aam": ("am",),
    "aan": ("an",),
    "aang": ("ang",),
    "aap": ("ap",),
    "aat": ("at",),
    "aak": ("ak",),
    "am": ("am", "um"),
    "an": ("an", "un"),
    "ei": ("ei", "ee"),
    "eoi": ("ui",),
    "eon": ("un",),
    "eot": ("ut",),
    "oe": ("oe",),
    "oeng": ("eung",),
    "oek": ("euk",),
    "ou": ("o", "ou"),
    "un": ("un", "oon"),
    "yu": ("u", "ue"),
    "yun": ("uen", "un"),
    "yut": ("uet", "ut"),
    "i": ("i",),
}
_JYUTPING = re.compile(r"^(gw|kw|ng|[bpmfdtnlgkhwzcsj])?([a-z]+?)([1-6])?$")


@lru_cache(maxsize=4096)
def hk_syllables(jyutping: str) -> tuple[str, ...]:
    """A Jyutping syllable ("zoeng1") as Hong Kong government romanisation writes it ("cheung"), the usual first."""
    found = _JYUTPING.match(jyutping)
    if not found:
        return ()
    initial, final = found.group(1) or "", found.group(2)
    if initial == "ng" and not final:  # 吳 ng4
        return ("ng",)
    if final in {"m", "ng"} and not initial:
        return (final,)
    initials = _HK_INITIALS.get(initial, (initial,))
    finals = _HK_FINALS.get(final, (final,))
    spellings = []
    for head, tail in itertools.product(initials, finals):
        if initial == "j" and (tail.startswith(("i", "y")) or final.startswith("yu")):
            head = "y" if not tail.startswith("y") else ""  # jyu → yu, jim → yim
            tail = tail if final != "yu" else "u"
        if initial in {"z", "c", "s"} and final == "i":
            tail = "z" if head in {"ts", "s"} else "i"  # 子 tsz / chi, 思 sze
            if head == "s":
                tail = "ze"
        spellings.append(head + tail)
    return tuple(dict.fromkeys(spellings))


@lru_cache(maxsize=8192)
def jyutping(han: str) -> tuple[str, ...]:
    """The usual Jyutping of each character of `han` (ToJyutping, pinned), "" where it has none."""
    return tuple(reading or "" for _char, reading in _jyutping().get_jyutping_list(han))


# Hong Kong government spellings of surnames, where they differ from the syllable rules above or
# are the only ones used. Source: en.wiktionary.org "Appendix:Chinese surnames" (its "HK Gov't"
# column) and en.wikipedia.org "List of common Chinese surnames" (the Cantonese column).
HK_SURNAMES = {
    "陈": ("chan",),
    "黄": ("wong",),
    "王": ("wong",),
    "汪": ("wong",),
    "张": ("cheung",),
    "蒋": ("cheung",),
    "李": ("lee", "li"),
    "利": ("lee",),
    "梁": ("leung",),
    "吴": ("ng",),
    "伍": ("ng",),
    "何": ("ho",),
    "刘": ("lau",),
    "周": ("chow", "chau"),
    "邹": ("chau", "chow"),
    "郭": ("kwok",),
    "谢": ("tse",),
    "冯": ("fung",),
    "林": ("lam",),
    "郑": ("cheng",),
    "罗": ("law", "lo"),
    "杨": ("yeung",),
    "朱": ("chu",),
    "胡": ("wu", "woo"),
    "许": ("hui",),
    "曾": ("tsang",),
    "蔡": ("choi", "tsoi"),
    "邓": ("tang",),
    "袁": ("yuen",),
    "阮": ("yuen",),
    "麦": ("mak",),
    "苏": ("so",),
    "叶": ("yip", "ip"),
    "谭": ("tam",),
    "卢": ("lo", "lou"),
    "余": ("yu", "yue"),
    "潘": ("poon", "pun"),
    "杜": ("to",),
    "彭": ("pang",),
    "区": ("au",),
    "欧": ("au",),
    "高": ("ko",),
    "孔": ("hung",),
    "洪": ("hung",),
    "熊": ("hung",),
    "钟": ("chung",),
    "关": ("kwan",),
    "邝": ("kwong",),
    "姚": ("yiu",),
    "石": ("shek",),
    "游": ("yau",),
    "邱": ("yau",),
    "丘": ("yau",),
    "莫": ("mok",),
    "赵": ("chiu",),
    "招": ("chiu",),
    "邵": ("shiu",),
    "萧": ("siu",),
    "徐": ("tsui", "chui"),
    "崔": ("tsui", "chui"),
    "雷": ("lui",),
    "吕": ("lui",),
    "岑": ("shum", "sum"),
    "沈": ("shum", "sum"),
    "孙": ("suen", "sun"),
    "施": ("sze",),
    "严": ("yim",),
    "魏": ("ngai",),
    "霍": ("fok",),
    "薛": ("sit",),
    "温": ("wan", "wen"),
    "姜": ("keung",),
    "冼": ("sin",),
    "卓": ("cheuk",),
    "颜": ("ngan",),
    "柯": ("or",),
    "单": ("sin",),
    "司徒": ("szeto",),
    "欧阳": ("auyeung",),
    "上官": ("sheungkwun",),
    "诸葛": ("chukot",),
}
# Macau's spellings (Portuguese-based): Source: en.wikipedia.org "List of common Chinese surnames"
# (its Macau column) and "Macau Government Cantonese Romanisation".
MACAU_SURNAMES = {
    "张": ("cheong",),
    "李": ("lei",),
    "梁": ("leong",),
    "刘": ("lao",),
    "周": ("chao",),
    "郭": ("kuok",),
    "冯": ("fong",),
    "郑": ("cheang",),
    "杨": ("ieong",),
    "许": ("hoi",),
    "曾": ("chang",),
    "袁": ("un",),
    "苏": ("sou",),
    "叶": ("ip",),
    "余": ("u",),
    "区": ("ao",),
    "欧": ("ao",),
    "赵": ("chio",),
    "萧": ("sio",),
    "徐": ("choi", "chui"),
    "高": ("kou",),
    "钟": ("chong",),
    "关": ("kuan",),
    "邱": ("iao",),
    "姚": ("io",),
    "卢": ("lou",),
    "杜": ("tou",),
}

# --- Singapore and Malaysia: Hokkien, Teochew, Hakka surnames ----------------------------------------

# Source: en.wiktionary.org "Appendix:Chinese surnames" (its Min Nan "Other" column: the
# spellings of Singapore, Malaysia and the Philippines) and en.wikipedia.org "List of common
# Chinese surnames" (Singapore and Malaysia sections, with Hokkien, Teochew and Hakka spellings).
DIALECT_SURNAMES = {
    "陈": ("tan", "chin"),
    "林": ("lim",),
    "黄": ("ng", "wee", "ooi", "oei", "ung", "wong"),
    "张": ("teo", "teoh", "tio", "chong"),
    "李": ("lee",),
    "王": ("ong", "heng"),
    "汪": ("ong",),
    "吴": ("goh", "ng"),
    "刘": ("lau", "low", "liew"),
    "蔡": ("chua", "chuah", "chai"),
    "杨": ("yeo", "yeoh", "yong"),
    "许": ("koh", "khor", "kor"),
    "郑": ("tay", "teh"),
    "谢": ("chia", "cheah", "seah"),
    "洪": ("ang",),
    "翁": ("ang", "ong"),
    "郭": ("quek", "kuek", "kwek", "kok"),
    "邱": ("khoo", "khu", "hew"),
    "丘": ("khoo", "hew"),
    "曾": ("chan", "chen"),
    "周": ("chew", "chiu"),
    "庄": ("chng",),
    "叶": ("yap", "yeap"),
    "苏": ("soh", "saw", "soo"),
    "潘": ("phua", "pua"),
    "高": ("koh", "kow"),
    "胡": ("oh", "foo"),
    "傅": ("poh", "foo"),
    "马": ("beh", "mah"),
    "梁": ("neo", "nio"),
    "赵": ("teo", "tio"),
    "孙": ("sng", "soon"),
    "沈": ("sim",),
    "魏": ("gwee", "ngui"),
    "姚": ("yeow",),
    "方": ("png",),
    "颜": ("gan",),
    "白": ("peh",),
    "柯": ("kua", "kuah", "quah"),
    "卢": ("loo",),
    "罗": ("loh",),
    "戴": ("tay",),
    "汤": ("thng",),
    "朱": ("choo",),
    "徐": ("chee",),
    "彭": ("phang",),
    "卓": ("toh",),
    "杜": ("toh",),
    "廖": ("leow", "liaw", "liau"),
    "赖": ("lua",),
    "钟": ("chong", "choong"),
    "温": ("woon", "voon", "oon"),
    "辜": ("koo",),
    "萧": ("seow", "siow"),
    "严": ("giam",),
    "孔": ("khong",),
}


# The surname tables by where they are used, each a "system" of `systems`.
SURNAME_TABLES = {
    "surname-tw": (TAIWAN_PASSPORT_SURNAMES,),
    "surname-hk": (HK_SURNAMES, MACAU_SURNAMES),
    "surname-sg": (DIALECT_SURNAMES,),
}


# Family names of one character these tables know: alone ("陈", or 陈先生 without its 先生) such a
# character is read as a family name.
TABLED_SURNAMES = frozenset(
    surname for tables in SURNAME_TABLES.values() for table in tables for surname in table if len(surname) == 1
)


def surname_spellings(surname: str, tables: Iterable[dict[str, tuple[str, ...]]]) -> tuple[str, ...]:
    """The spellings of a (Simplified) family name in these tables."""
    return tuple(dict.fromkeys(spelling for table in tables for spelling in table.get(surname, ())))


# --- one name part in every system ----------------------------------------------------------------

# Spellings kept per system for a name part: the first combinations only, so that a given name of
# three characters with second spellings in each stays within a few keys.
MAX_PER_SYSTEM = 4


def _joined(per_syllable: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    combos = itertools.islice(itertools.product(*per_syllable), MAX_PER_SYSTEM)
    return tuple(dict.fromkeys("".join(combo) for combo in combos))


@lru_cache(maxsize=8192)
def systems(simplified: str, readings: tuple[str, ...], surname: bool) -> dict[str, tuple[str, ...]]:
    """A Chinese name part's spellings by system ("wade-giles", "tongyong", "pinyin-u", "erhua", "hk", "surname-tw"...).

    `simplified` is the part in Simplified characters; `readings` its pinyin readings, run
    together, the usual first (as `namekeys` reads them).
    """
    found: dict[str, list[str]] = {"wade-giles": [], "tongyong": [], "pinyin-u": [], "erhua": [], "hk": []}
    for reading in readings[:2]:
        syllables = split_syllables(reading, len(simplified))
        if syllables is None:
            continue
        found["wade-giles"] += _joined((WADE_GILES.get(s, s),) for s in syllables)
        found["tongyong"] += _joined((TONGYONG.get(s, s),) for s in syllables)
        if any("v" in s for s in syllables):
            found["pinyin-u"] += _joined((s, *u_umlaut_spellings(s))[1:] or (s,) for s in syllables)
        if not surname and len(syllables) >= 2 and syllables[-1] == "er":  # 小明儿: xiaomingr
            found["erhua"] += ["".join(syllables[:-1]) + "r", "".join(syllables[:-1])]
    cantonese = jyutping(simplified)
    # A family name outside the table is read in Cantonese only when its character has one reading:
    # ToJyutping reads a word, not a surname (翟 is Zaak6 as a surname, but dik6 first).
    plain = not surname or all(len(_jyutping().get_jyutping_candidates(char)[0][1]) == 1 for char in simplified)
    if all(cantonese) and plain and not (surname and simplified in HK_SURNAMES):
        found["hk"] += _joined(hk_syllables(syllable) or ("",) for syllable in cantonese)
    result = {system: tuple(dict.fromkeys(spellings)) for system, spellings in found.items() if spellings}
    if surname:
        for system, tables in SURNAME_TABLES.items():
            result[system] = surname_spellings(simplified, tables)
    return {system: spellings for system, spellings in result.items() if spellings}


def part_spellings(simplified: str, readings: tuple[str, ...], surname: bool) -> tuple[str, ...]:
    """Every other spelling of a name part, best known first (for `namekeys._han_word`)."""
    by_system = systems(simplified, readings, surname)
    return tuple(dict.fromkeys(spelling for spellings in by_system.values() for spelling in spellings))


# Which systems make a whole name together: a family name in one system goes with a given name in
# the same system; the surname tables' spellings (Lee, Chan, Tan) go with the given name in pinyin,
# Wade–Giles or Cantonese, as passports and identity cards of those places write them.
_WHOLE_PAIRS = (
    ("wade-giles", "wade-giles"),
    ("tongyong", "tongyong"),
    ("pinyin-u", "pinyin"),
    ("pinyin", "pinyin-u"),
    ("pinyin", "erhua"),
    ("hk", "hk"),
    ("surname-tw", "wade-giles"),
    ("surname-tw", "pinyin"),
    ("surname-hk", "hk"),
    ("surname-hk", "pinyin"),
    ("surname-sg", "pinyin"),
    ("surname-sg", "hk"),
)


@lru_cache(maxsize=8192)
def whole_spellings(
    name: str,
    split: Callable[[str], list[int]],
    simplify: Callable[[str], str],
    surname_readings: Callable[[str], tuple[str, ...]],
    given_readings: Callable[[str], tuple[str, ...]],
) -> tuple[str, ...]:
    """A name of Chinese characters only ("李响灿") run together in each system, family name first and last.

    The word-by-word spellings of `part_spellings` combine in `namekeys` only up to its cap;
    these are the combinations people write. `split` etc. are `namekeys`' own functions.
    """
    han = "".join(name.split())
    if not han or not all("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in han):
        return ()
    wholes: list[str] = []
    for length in split(han):
        if not length or length >= len(han):
            continue
        family, given = simplify(han[:length]), simplify(han[length:])
        family_readings, given_readings_ = surname_readings(family), given_readings(given)
        family_by = {"pinyin": family_readings[:1], **systems(family, family_readings, True)}
        given_by = {"pinyin": given_readings_[:1], **systems(given, given_readings_, False)}
        for family_system, given_system in _WHOLE_PAIRS:
            for first, second in itertools.product(family_by.get(family_system, ()), given_by.get(given_system, ())):
                wholes += [first + second, second + first]
    return tuple(dict.fromkeys(wholes))


# --- honorifics and roles around a name ----------------------------------------------------------

# Terms of address written after a Chinese name (王先生, 李老师, 张阿姨, 明哥), Simplified and
# Traditional, longest first so 小姐 goes before 姐. Source: 《现代汉语词典》 (7th ed.) entries for
# these terms of address, and en.wikipedia.org "Chinese honorifics".
HONORIFIC_SUFFIXES = tuple(
    sorted(
        "先生 女士 小姐 太太 夫人 阿姨 叔叔 伯伯 阿婆 老师 老師 教授 同学 同學 师傅 師傅 医生 醫生 大哥 大姐 "
        "哥哥 姐姐 哥 姐".split(),
        key=len,
        reverse=True,
    )
)
# Familiar prefixes before one character: 老王 (old Wang), 小李 (young Li), 阿明 (Cantonese and
# southern 阿 before a given-name character). Same sources.
HONORIFIC_PREFIXES = ("老", "小", "阿")
_HAN_ONLY = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")


def drop_honorifics(name: str) -> str | None:
    """The name without the terms of address around it ("王先生" → "王", "阿明" → "明"), or None if it has none."""
    text = "".join(name.split())
    if not _HAN_ONLY.match(text):
        return None
    # One layer at a time (小红儿 → 小红 → 红): `namekeys.name_forms` drops the next from what is left.
    for suffix in HONORIFIC_SUFFIXES:
        if len(text) > len(suffix) and text.endswith(suffix):
            return text[: -len(suffix)]
    if len(text) == 2 and text[0] in HONORIFIC_PREFIXES:
        return text[1:]
    return None
