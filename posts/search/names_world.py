"""Names as the world writes them (issue 13): Japanese, Korean, Cyrillic, Greek and Arabic script, and the
spelling families, nicknames and honorifics of names in Latin letters.

`posts.search.namekeys` asks this module for the keys of each word of a name (`word_entries`), for the
Japanese readings of a run of kanji (`japanese_splits`), and to drop honorifics first (`prepare`). Every key
given here for another script, another romanisation, a nickname or an equivalent in another language has
quality `QUALITY_SPELLING` or worse, so the name as written always ranks first and a nickname never
outranks an exact match; only the script itself, as typed, is `QUALITY_LITERAL`.

Three kinds of key meet across spellings:

* **Spellings** in Latin letters: the romanisations of a non-Latin name (Revised Romanisation and
  McCune-Reischauer for Hangul, Hepburn for kana and kanji, BGN/PCGN, ISO 9, scholarly, German, Polish and
  French transliteration for Cyrillic, ISO 843 and its popular forms for Greek). Japanese spellings in
  Latin letters are also keyed as passport Hepburn (`japanese_skeleton`: Itō, Itou, Itoh, Itoo → ito).
* **Cyrillic skeletons** (`cyrillic_skeleton`): a Cyrillic name, and a Latin word that reads back into one
  under one of those schemes (Khrushchev, Chruschtschow, Chruszczow → хрущев), with the letters that the
  schemes tell apart differently folded together. A Latin word is read back only when it looks Slavic
  (`SLAVIC_ENDINGS`) or is a name of `RUSSIAN_NAMES`, so "Jun" does not become "Yun".
* **Roots** (`roots`): upper-case keys naming a family of given names (MICHAEL for Michael, Mikhail, Miguel,
  Michał, Mike and Misha), from `CROSS_LANGUAGE`, the `nicknames` package, `NICKNAMES`, `RUSSIAN_NAMES` and
  `ARABIC_NAMES`; and Hangul family names for their Latin spellings (`KOREAN_SURNAMES`: Lee, Yi, Rhee → 이).
  Roots take no typing slips (`is_root`), so Misha never finds Michaela.

Functions here are pure and cached; `namekeys` combines what they return like any other word.
"""

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# The qualities of posts.search.namekeys (QUALITY_LITERAL, QUALITY_SPELLING), which imports this module.
LITERAL = 4
SPELLING = 2

Word = dict[str, int]

_NOT_LETTER = re.compile(r"[^a-z0-9]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only (accents and marks dropped), as namekeys folds Latin."""
    return _NOT_LETTER.sub("", anyascii(unicodedata.normalize("NFKC", text).casefold()).lower())


def is_root(key: str) -> bool:
    """A root key (`roots`), or a name run together with one: never matched with typing slips."""
    return key != key.lower()


# --- Honorifics and roles, dropped around a name -----------------------------------------------------
# Titles written before or after a name, in the forms style guides list (the Chicago Manual of Style,
# 17th ed., 10.11-10.20, for English; Duden and the Real Academia's Diccionario panhispánico de dudas for
# German and Spanish forms of address). Japanese suffixes: さん, 様/さま, 先生, くん, ちゃん, 殿 (the
# Agency for Cultural Affairs' 敬語の指針, 2007); Korean: 씨, 님, 선생(님), 교수(님), 선배(님), 사장님
# (National Institute of Korean Language, 표준 언어 예절, 2011). Chinese ones live in names_chinese.
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr doctor prof professor sir dame madame mme mademoiselle mlle monsieur herr frau "
    "fraulein señor senor señora senora señorita senorita sr sra srta signor signora signorina dott pan pani "
    "auntie aunt uncle coach teacher господин госпожа г-н г-жа".split()
)
# 先生 is written in Chinese and Japanese alike: names_chinese drops it and keeps the name as written too.
JAPANESE_SUFFIXES = ("せんせい", "さん", "様", "さま", "くん", "ちゃん", "殿")
KOREAN_SUFFIXES = ("선생님", "교수님", "선배님", "사장님", "선생", "교수", "선배", "씨", "님")
_TOKEN = re.compile(r"[^\s,，;；/]+")


def _strip_suffix(word: str) -> str:
    """A Japanese or Korean honorific written onto the name ("伊藤さん", "김서준씨"), taken off."""
    for suffix in JAPANESE_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    for suffix in KOREAN_SUFFIXES:
        if word.endswith(suffix) and len(word) >= len(suffix) + 2 and _HANGUL.fullmatch(word[-len(suffix) - 1]):
            return word[: -len(suffix)]
    return word


def _is_honorific(token: str) -> bool:
    bare = token.casefold().rstrip(".")
    return bare in HONORIFICS or token in JAPANESE_SUFFIXES or token in KOREAN_SUFFIXES


# "Abd al-Rahman", "Abdul Rahman", "Abd-ur-Rahman", "Abdel Rahman": the servant-of prefix joined to the
# name it governs, so each spelling is one word (Encyclopaedia of Islam, 2nd ed., "ʿAbd"; the article
# assimilates to sun letters, hence ur-, ar-, as-, ad-, an-, at-, az-, ash-).
_ABD = re.compile(
    r"(?i)\b(abd|abdu|abdul|abdel|abdal|abdol|abdoul|abdur|abdar|abd[-\s]?(?:al|el|ul|ur|ar|as|ad|an|at|az|ash))"
    r"[-\s]+(?:(?:al|el|ul|ur|ar|as|ad|an|at|az|ash)[-\s]+)?(?=[a-z])"
)
_ABD_ARABIC = re.compile(r"عبد\s+(?=ال)")


def prepare(name: str) -> str:
    """The name without honorifics and roles, and with Abd- joined to what follows; never emptied."""
    tokens = _TOKEN.findall(name)
    kept = [token for token in tokens if not _is_honorific(token)]
    if kept and len(kept) < len(tokens):
        name = " ".join(kept)
    name = " ".join(_strip_suffix(token) for token in name.split())
    name = _ABD.sub(lambda m: re.sub(r"[-\s]", "", m.group(1)), name)
    return _ABD_ARABIC.sub("عبد", name)


# --- Given names: cross-language equivalents, nicknames, spelling families --------------------------------
# Each group is one name in the languages that write it differently; its first member, upper-cased, is the
# root. Only names people treat as the same name (John is Juan is Ivan), not every cognate: Catherine and
# Katharina, Dmitri and Dimitri stay apart, as the look-alikes of the corpus. Sources: Behind the Name
# (behindthename.com, the "related names" of each entry); the Wikipedia articles "John (given name)",
# "Joseph (given name)", "Peter (given name)" and "Alexander" for their forms in other languages; for the
# Greek formal and everyday forms (Georgios, Giorgos), Wikipedia "Greek name" (its "Given names" section).
CROSS_LANGUAGE = [
    "john juan johann johannes johan jan jean giovanni ivan ioannis yannis giannis joao",
    "joseph jose giuseppe jozef josef yusuf youssef yousef yousuf yusef yosef iosif josip jusuf yusif",
    "peter pedro pierre pietro piotr pyotr petr petro pieter petar petros",
    "alexander aleksandr alexandr aleksander alexandre alessandro alejandro alexandros oleksandr",
    "alexandra aleksandra alessandra alejandra",
    "georgios giorgos yiorgos yorgos",
    "dimitrios dimitris",
    "ioannis giannis yannis",
    "konstantinos kostas",
    "nikolaos nikos",
    "panagiotis panayiotis panos",
    "athanasios thanasis",
    "vasileios vasilios vasilis",
    "aikaterini katerina",
]
# Spelling families of Arabic names in Latin letters, and the name in Arabic script (without vowel marks,
# alef forms unified, as `arabic_form` writes it). Sources: the Library of Congress's ALA-LC romanisation
# of Arabic (2012) for the standard form, and Annemarie Schimmel, Islamic Names (Edinburgh, 1989) with
# the spellings of the same names in the Ottoman/Turkish, Persian, Maghrebi and South Asian traditions.
ARABIC_NAMES = [
    "muhammad mohammed mohamed mohammad muhammed mohamad mohamud mehmet mehmed muhamed mouhamed mohamet "
    "mohammod muhamad محمد",
    "ahmad ahmed ahmet achmed احمد",
    "husayn hussein husain hossein hussain hosein houssein husein huseyin hossain hussien hosain husseyn حسين",
    "hasan hassan hassane hasen حسن",
    "ali aly علي",
    "umar omar omer عمر",
    "uthman usman osman othman عثمان",
    "khalid khaled halid chalid خالد",
    "mahmud mahmoud mahmood mahmut محمود",
    "mustafa mostafa moustafa mustapha مصطفي",
    "fatima fatimah fatma fatemeh fatimeh فاطمه",
    "aisha aicha ayesha aysha ayse aishah aischa عايشه",
    "khadija khadijah hatice khadidja خديجه",
    "zaynab zainab zeinab zeynep زينب",
    "tariq tarek tarik tareq طارق",
    "hamza hamzah حمزه",
    "said saeed saied سعيد",
    "karim kareem كريم",
    "nasir nasser naser nacer nasr ناصر",
    "rashid rasheed rachid رشيد",
    "jamal gamal cemal جمال",
    "yasin yassin yaseen yassine ياسين",
    "nur noor nour نور",
    "layla leila laila leyla ليلي",
    "abdallah abdullah abdulla abdellah abdollah abdalla عبدالله",
    "yusuf يوسف",
    "khalil khaleel halil خليل",
    "haddad hadad حداد",
    "ibrahim ابراهيم",
    "musa موسي",
    "sulayman سليمان",
    "yaqub يعقوب",
    "ismail اسماعيل",
    "dawud داود",
    "maryam مريم",
]
# The names that follow Abd- ("servant of"), in their spelling families (same sources).
ABD_NAMES = [
    "rahman rehman rahmane rahmaan الرحمن",
    "rahim raheem rahime الرحيم",
    "aziz azeez العزيز",
    "karim kareem الكريم",
    "qadir kader kadir qader kadeer القادر",
    "hamid hameed hamed الحميد",
    "latif lateef اللطيف",
    "majid majeed magid المجيد",
    "nasir nasser naser الناصر",
    "salam salaam السلام",
    "wahab wahhab الوهاب",
    "razzaq razak razzak الرزاق",
    "jabbar gabbar الجبار",
    "ghani gani الغني",
    "hadi hady الهادي",
    "hakim hakeem الحكيم",
    "halim haleem الحليم",
    "jalil jaleel galil الجليل",
    "rashid rasheed الرشيد",
    "malik malek الملك",
    "fattah fatah الفتاح",
    "ghafur ghafoor الغفور",
]
# Nicknames the `nicknames` package (an English data set) lacks: the Spanish, Italian, German, Polish
# and Portuguese hypocoristics. Sources: Behind the Name's "diminutive" entries; Wikipedia "Spanish
# naming customs" (Paco, Pepe, Pancho, Nacho, Lupe, Chema, Chelo, Concha, Maite) and "Polish name"
# (Kasia, Basia, Gosia, Jurek, Staś).
NICKNAMES = {
    "francisco": "paco pancho curro kiko",
    "francesco": "checco cesco",
    "jose": "pepe pepito chepe",
    "giuseppe": "beppe peppe peppino pino",
    "josef": "sepp seppl",
    "ignacio": "nacho",
    "guadalupe": "lupe",
    "josemaria": "chema",
    "consuelo": "chelo",
    "concepcion": "concha conchita",
    "mariateresa": "maite",
    "enrique": "quique",
    "manuel": "manolo manu",
    "alejandro": "alejo",
    "jesus": "chucho chuy",
    "eduardo": "lalo",
    "rosario": "charo chayo",
    "dolores": "lola",
    "mercedes": "merche",
    "katarzyna": "kasia",
    "barbara": "basia",
    "malgorzata": "gosia",
    "jerzy": "jurek",
    "stanislaw": "stas",
    "antonio": "tonio toni",
    "johannes": "hans hannes",
    "alexander": "sasha sascha sacha",
    "alexandra": "sasha sascha",
}
# Russian given names in Cyrillic and their common diminutives. Sources: Wikipedia "Russian given name"
# (its "Diminutives" section) and "List of Russian-language given names"; А. В. Суперанская, Словарь
# русских личных имён (1998).
RUSSIAN_NAMES = {
    "Елена": "Лена Алёна",
    "Михаил": "Миша",
    "Александр": "Саша Шура Саня",
    "Александра": "Саша Шура",
    "Дмитрий": "Дима Митя",
    "Екатерина": "Катя",
    "Наталья": "Наташа",
    "Наталия": "Наташа",
    "Владимир": "Володя Вова",
    "Николай": "Коля",
    "Алексей": "Алёша Лёша",
    "Сергей": "Серёжа",
    "Иван": "Ваня",
    "Анна": "Аня",
    "Мария": "Маша",
    "Ольга": "Оля",
    "Татьяна": "Таня",
    "Евгений": "Женя",
    "Евгения": "Женя",
    "Павел": "Паша",
    "Пётр": "Петя",
    "Юрий": "Юра",
    "Андрей": "Андрюша",
    "Анастасия": "Настя",
    "Светлана": "Света",
    "Людмила": "Люда Мила",
    "Галина": "Галя",
    "Ирина": "Ира",
    "Юлия": "Юля",
    "Константин": "Костя",
    "Борис": "Боря",
    "Григорий": "Гриша",
    "Виктор": "Витя",
    "Василий": "Вася",
    "Фёдор": "Федя",
    "Яков": "Яша",
    "Анатолий": "Толя",
    "Станислав": "Стас",
    "Вячеслав": "Слава",
    "Валентина": "Валя",
    "Надежда": "Надя",
    "Любовь": "Люба",
    "Софья": "Соня",
    "Елизавета": "Лиза",
    "Ксения": "Ксюша",
    "Дарья": "Даша",
    "Игорь": "",
    "Олег": "",
    "Вера": "",
    "Илья": "",
    "Георгий": "Жора",
    "Иосиф": "",
    "Антон": "Тоша",
}


# --- Cyrillic --------------------------------------------------------------------------------------------
# Cyrillic → Latin, one table per scheme, for Russian. BGN/PCGN (1947 system, as the US Board on
# Geographic Names publishes it); ISO 9:1995; the scholarly system (Wikipedia "Scientific
# transliteration of Cyrillic"); German (Duden, Wikipedia "Deutsche Transkription" / "Russisch-deutsche
# Transkription"); Polish (Wikipedia "Transkrypcja języka rosyjskiego"); French (Wikipedia
# "Transcription du russe en français"). `None` stands for "ye / je / ie at the start or after a vowel".
_CYR = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_CYR_SCHEMES: dict[str, list[str]] = {
    "bgn": "a b v g d e ë zh z i y k l m n o p r s t u f kh ts ch sh shch ʺ y ʹ e yu ya".split(),
    "iso9": "a b v g d e ë ž z i j k l m n o p r s t u f h c č š ŝ ʺ y ʹ è û â".split(),
    "scholarly": "a b v g d e ë ž z i j k l m n o p r s t u f x c č š šč ʺ y ʹ è ju ja".split(),
    "german": "a b w g d e jo sch s i i k l m n o p r s t u f ch z tsch sch schtsch - y - e ju ja".split(),
    "polish": "a b w g d e io ż z i j k ł m n o p r s t u f ch c cz sz szcz - y - e iu ia".split(),
    "french": "a b v g d e io j z i ï k l m n o p r s t ou f kh ts tch ch chtch - y - e iou ia".split(),
}
_CYR_INITIAL_E = {"bgn": "ye", "german": "je", "polish": "je", "french": "ie", "iso9": "e", "scholarly": "je"}
_VOWELS_CYR = set("аеёиоуыэюяъь")
# Endings that mark a Latin word as a transliterated Slavic name (surnames in -ov/-ev/-in, -sky, -enko,
# -uk, patronymics in -ovich/-ovna): the Latin forms of the suffixes in Unbegaun, Russian Surnames
# (Oxford, 1972), in the schemes above.
SLAVIC_ENDINGS = tuple(
    "ov ova ev eva yov yova ow owa ew jow in ina yn yna sky ski skiy skij skii skaya skaja ska skyi enko uk yuk "
    "juk chuk czuk tschuk vich vitch witsch wicz ovna evna owna ich ič ovič".split()
)


def transliterate_cyrillic(word: str) -> list[str]:
    """A Cyrillic word in each scheme's Latin letters (lower case, with the scheme's diacritics)."""
    lower = word.lower()
    results = []
    for scheme, table in _CYR_SCHEMES.items():
        out, previous = [], ""
        for index, char in enumerate(lower):
            position = _CYR.find(char)
            if char == "е" and (index == 0 or previous in _VOWELS_CYR) and scheme in _CYR_INITIAL_E:
                out.append(_CYR_INITIAL_E[scheme])
            elif char == "ё" and scheme in ("german", "polish", "french") and previous in "жчшщ":
                out.append("o")
            elif char == "л" and scheme == "polish" and index + 1 < len(lower) and lower[index + 1] in "еёиюяь":
                out.append("l")
            elif char == "ь" and scheme == "polish" and index + 1 < len(lower) and lower[index + 1] in "аоуэ":
                out.append("i")
            elif position >= 0:
                out.append(table[position].replace("-", ""))
            else:
                out.append(char)
            previous = char
        text = "".join(out)
        if scheme in ("german", "french") and text.endswith("ii"):
            text = text[:-1]  # -ий: German -i, French -i
        results.append(text)
    # The English popular forms: -ий and -ый as -y, ий/ия as i/ia, ё as yo, no apostrophes (Dmitry, Natalia, Pyotr).
    bgn = results[0].replace("ʹ", "").replace("ʺ", "")
    popular = re.sub(r"(iy|yy)$", "y", bgn)
    results += [bgn, popular, re.sub(r"iy$", "i", bgn), bgn.replace("iya", "ia").replace("ë", "e")]
    results.append(bgn.replace("ë", "yo"))
    return results


# Latin → Cyrillic, each scheme read back, longest match first; a word with a letter the scheme lacks is
# not read in it. Diacritics are kept until this point (ISO 9 and scholarly need them).
def _reverse(pairs: str) -> list[tuple[str, str]]:
    items = [tuple(pair.split("=")) for pair in pairs.split()]
    return sorted(((latin, cyr) for latin, cyr in items), key=lambda pair: -len(pair[0]))


_BASE = "a=а b=б v=в g=г d=д e=е z=з i=и k=к l=л m=м n=н o=о p=п r=р s=с t=т u=у f=ф y=ы"
_LATIN_TO_CYR = {
    "bgn": _reverse(_BASE + " shch=щ kh=х zh=ж ts=ц ch=ч sh=ш yu=ю ya=я ye=е yo=ё yë=ё ë=ё x=кс ʹ=ь '=ь"),
    "iso9": _reverse(_BASE + " ŝ=щ ž=ж č=ч š=ш c=ц h=х j=й û=ю â=я ë=ё è=э"),
    "scholarly": _reverse(_BASE + " šč=щ ž=ж č=ч š=ш c=ц x=х j=й ju=ю ja=я jo=ё je=е ë=ё è=э"),
    "german": _reverse(_BASE + " schtsch=щ tsch=ч sch=ш ch=х z=ц w=в ss=с ju=ю ja=я jo=ё je=е j=й"),
    "polish": _reverse(_BASE + " szcz=щ cz=ч sz=ш ż=ж rz=ж ch=х c=ц w=в ł=л ia=я ie=е io=ё iu=ю ja=я je=е "
                       "jo=ё ju=ю j=й"),
    "french": _reverse(_BASE + " chtch=щ tch=ч ch=ш kh=х ts=ц ou=у iou=ю ia=я io=ё ie=е j=ж ï=й ss=с"),
}


def _read_back(word: str, pairs: list[tuple[str, str]]) -> str | None:
    """`word` read in one scheme, longest match first; None when a letter is not of the scheme."""
    pattern, table = _compiled(tuple(pairs))
    tokens = pattern.findall(word)
    if sum(map(len, tokens)) != len(word):
        return None
    return "".join(table[token] for token in tokens)


@lru_cache(maxsize=16)
def _compiled(pairs: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    return re.compile("|".join(re.escape(latin) for latin, _cyr in pairs)), dict(pairs)


_SKELETON_LETTERS = str.maketrans("ёэйы", "ееии", "ъь")


def cyrillic_skeleton(cyrillic: str) -> str:
    """A Cyrillic word with what the schemes write alike written alike: ё, э → е; й, ы → и; я → иа; ю → иу;
    ъ, ь dropped; о after ж, ч, ш, щ → е (Хрущёв is Chruschtschow in German); doubled letters once."""
    text = cyrillic.lower()
    text = text.translate(_SKELETON_LETTERS)
    text = text.replace("я", "иа").replace("ю", "иу")
    text = text.replace("шч", "щ")  # šč, as Czech and Ukrainian write щ
    text = re.sub(r"([жчшщ])о", r"\1е", text)
    return re.sub(r"(.)\1+", r"\1", text)


@lru_cache(maxsize=8192)
def latin_skeletons(word: str) -> frozenset[str]:
    """The Cyrillic skeletons a Latin word reads back to, one per scheme that reads it."""
    text = unicodedata.normalize("NFC", word.casefold()).replace("ü", "u")
    found = set()
    for pairs in _LATIN_TO_CYR.values():
        cyrillic = _read_back(text, pairs)
        if cyrillic:
            found.add(cyrillic_skeleton(cyrillic))
    return frozenset(found)


# --- Greek -------------------------------------------------------------------------------------------------
# ISO 843:1997 / ELOT 743 transcription (two-letter combinations first), and the popular spellings of
# the same sounds (γι → y, χ → h, μπ → b, ντ → d, ου → u; Wikipedia "Romanization of Greek").
_GREEK_PAIRS = _reverse(
    "αυ=av ευ=ev ηυ=iv ου=ou αι=ai ει=ei οι=oi γγ=ng γκ=gk γξ=nx γχ=nch μπ=mp ντ=nt "
    "α=a β=v γ=g δ=d ε=e ζ=z η=i θ=th ι=i κ=k λ=l μ=m ν=n ξ=x ο=o π=p ρ=r σ=s ς=s τ=t υ=y φ=f χ=ch ψ=ps ω=o"
)


def transliterate_greek(word: str) -> list[str]:
    """A Greek word in ISO 843 and in the popular Latin spellings of its sounds."""
    bare = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
    iso = _read_back(bare, _GREEK_PAIRS) or fold(bare)
    forms = [iso]
    popular = re.sub(r"^mp", "b", re.sub(r"^nt", "d", re.sub(r"^gk", "g", iso)))
    forms.append(popular)
    forms.append(re.sub(r"^gi(?=[aeiou])", "yi", popular))
    forms.append(re.sub(r"^gi(?=[aeiou])", "y", popular))
    forms.append(popular.replace("ch", "h").replace("ou", "u"))
    return forms


# --- Arabic script -----------------------------------------------------------------------------------------


_ARABIC_LETTERS = str.maketrans("أإآٱةىئ", "ااااهيي")


def arabic_form(word: str) -> str:
    """Arabic letters without vowel marks and tatweel, alef forms as ا, ة as ه, ى as ي, hamza seats as ي."""
    text = re.sub(r"[\u064b-\u065f\u0670\u0640]", "", word)
    return text.translate(_ARABIC_LETTERS)


# --- Korean ------------------------------------------------------------------------------------------------
# Hangul syllables are (initial, vowel, final) jamo (Unicode 15, 3.12 "Conjoining Jamo Behavior").
# Revised Romanisation (Ministry of Culture and Tourism, notice 2000-8); in names, syllable by syllable
# with no sound changes (its article 3.4). McCune-Reischauer (1939), word-initial and voiced forms.
_RR_INITIAL = "g kk n d tt r m b pp s ss - j jj ch k t p h".split()
_MR_INITIAL = "k kk n t tt r m p pp s ss - ch tch ch k t p h".split()
_MR_VOICED = "g kk n d tt r m b pp s ss - j tch ch k t p h".split()
_RR_VOWEL = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
_MR_VOWEL = "a ae ya yae ŏ e yŏ ye o wa wae oe yo u wŏ we wi yu ŭ ŭi i".split()
_FINAL = "- k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split()
# The family names of Korea with the spellings people use: the National Institute of Korean Language's
# survey of passport spellings (국립국어원, 성씨 로마자 표기 실태 조사, 2009), Statistics Korea's 2015
# census list of the commonest surnames, and the RR and MR forms.
KOREAN_SURNAMES = {
    "김": "kim gim", "이": "lee yi rhee i", "박": "park pak bak bahk", "최": "choi choe chey",
    "정": "jung jeong chung cheong joung", "강": "kang gang", "조": "cho jo joe", "윤": "yoon yun youn",
    "장": "jang chang", "임": "lim im rim yim", "한": "han hahn", "오": "oh o", "서": "seo suh so", "신": "shin sin",
    "권": "kwon gwon kweon", "황": "hwang whang", "안": "ahn an", "송": "song", "전": "jeon jun chun chon",
    "홍": "hong", "유": "yoo yu you", "류": "ryu yoo yu rhyu ryoo lyu", "고": "ko go koh", "문": "moon mun",
    "양": "yang", "손": "son sohn", "배": "bae pae", "백": "baek paek baik paik", "허": "heo hur huh ho",
    "남": "nam", "노": "noh roh no", "하": "ha", "곽": "kwak gwak", "성": "sung seong", "차": "cha",
    "주": "joo ju chu", "우": "woo u", "민": "min", "진": "jin chin", "나": "na ra", "구": "koo gu ku",
    "심": "shim sim", "원": "won", "천": "cheon chun", "방": "bang", "공": "kong gong", "현": "hyun hyeon",
    "함": "ham", "변": "byun byeon pyon", "염": "yeom yum", "여": "yeo yeoh", "추": "choo chu", "도": "do doh",
    "석": "seok suk", "설": "seol sul", "마": "ma", "길": "gil kil", "연": "yeon youn", "위": "wi wee",
    "표": "pyo", "명": "myung myeong", "기": "ki gi", "반": "ban pan", "왕": "wang", "금": "geum keum kum",
    "옥": "ok", "육": "yook yuk", "인": "in", "맹": "maeng", "제": "je jae", "모": "mo", "탁": "tak",
    "국": "kook guk", "남궁": "namgung namkung", "황보": "hwangbo", "제갈": "jegal chegal",
    "선우": "sunwoo seonu sunwu", "독고": "dokgo tokko", "사공": "sagong",
}
_KOREAN_LATIN: dict[str, set[str]] = {}
for _hangul, _spellings in KOREAN_SURNAMES.items():
    for _spelling in _spellings.split():
        _KOREAN_LATIN.setdefault(_spelling, set()).add(_hangul)
# Spellings that are also common words or names elsewhere are read as Korean family names only when
# written in a name of Korean form: never "i", "o", "u", "in", "an", "so", "no", "do", "go", "ho", "ma", "mo",
# "ra", "ok", "je", "ha", "na", "gi", "ki", "chu", "ku".
_KOREAN_LATIN = {
    key: value
    for key, value in _KOREAN_LATIN.items()
    if key not in set("i o u in an so no do go ho ma mo ra ok je ha na gi ki chu ku li ri pan joe you ban".split())
}


def _hangul_syllable(char: str) -> tuple[int, int, int]:
    code = ord(char) - 0xAC00
    return code // 588, (code % 588) // 28, code % 28


# The spellings Koreans use beside RR and MR (the passport survey above): ㅜ as oo (Joon, Soo, Hoon), ㅓ in a
# closed syllable as u (Sung, Jung, Hyun), ㅕ as yu / you (Hyun, Young), ㅢ as ee (Hee), 우 as woo, ㅚ as oi
# (Choi), ㅅ before i or y as sh (Shin).
_POPULAR_VOWEL_CLOSED = {4: ("u", "o"), 6: ("yu", "you"), 13: ("oo",), 17: ("yoo",), 19: ("ee", "eui"), 18: ("u",),
                         11: ("oi",)}
_POPULAR_VOWEL_OPEN = {4: ("uh", "o"), 6: ("yo",), 13: ("oo",), 17: ("yoo",), 19: ("ee", "eui"), 11: ("oi",)}


def romanise_syllable(char: str, *, initial: bool) -> list[str]:
    """A Hangul syllable in RR, in MR (its word-initial or voiced form) and in the popular spellings, folded."""
    lead, vowel, tail = _hangul_syllable(char)
    final = _FINAL[tail].replace("-", "")
    rr_lead = _RR_INITIAL[lead].replace("-", "")
    rr = rr_lead + _RR_VOWEL[vowel] + final
    mr_lead = (_MR_INITIAL if initial else _MR_VOICED)[lead].replace("-", "")
    forms = [rr, fold(mr_lead + _MR_VOWEL[vowel] + final)]
    if initial and lead == 5:  # ㄹ at the start of a word is r in RR, and n (or none) in the South's use
        forms.append(fold("n" + _MR_VOWEL[vowel] + final))
    popular_lead = "sh" if lead == 9 and _RR_VOWEL[vowel][0] in "iy" else rr_lead
    if lead == 11 and vowel == 13:  # 우, 욱, 운
        popular_lead = "w"
    for popular in (_POPULAR_VOWEL_CLOSED if final else _POPULAR_VOWEL_OPEN).get(vowel, ()):
        if not (lead == 11 and popular == "yu"):  # 연 is Yeon or Youn, never Yun (윤)
            forms.append(popular_lead + popular + final)
    if popular_lead != rr_lead:
        forms.append(popular_lead + _RR_VOWEL[vowel] + final)
    return list(dict.fromkeys(forms))


def _surname_length(hangul: str) -> int:
    if len(hangul) >= 3 and hangul[:2] in KOREAN_SURNAMES:
        return 2
    if len(hangul) >= 2 or hangul in KOREAN_SURNAMES:
        return 1
    return 0


def _korean_surname(hangul: str) -> Word:
    word: Word = {hangul: LITERAL}
    spellings = KOREAN_SURNAMES.get(hangul)
    if spellings:
        for spelling in spellings.split():
            word.setdefault(spelling, SPELLING)
    else:
        for index, char in enumerate(hangul):
            for form in romanise_syllable(char, initial=index == 0):
                word.setdefault(form, SPELLING)
    return word


def _korean_given(hangul: str) -> list[tuple[Word, bool]]:
    """A given name as one word per syllable, joined as by hyphens (Seo-jun), in RR and MR."""
    words = []
    for index, char in enumerate(hangul):
        word: Word = {char: LITERAL}
        for form in romanise_syllable(char, initial=True) + romanise_syllable(char, initial=index == 0):
            word.setdefault(form, SPELLING)
        words.append((word, index < len(hangul) - 1))
    return words


def korean_words(part: str, name: str) -> list[tuple[Word, bool]]:
    """A Hangul word: its family name (when the word is the whole name, or the first Hangul word of
    several) and its given name. `name` tells whether the family name is written apart."""
    hangul_parts = [p for p in name.split() if _HANGUL.search(p)]
    first = bool(hangul_parts) and hangul_parts[0] == part
    alone = len(hangul_parts) == 1
    if alone:
        length = _surname_length(part)
    elif first and (part in KOREAN_SURNAMES or len(part) == 1):
        length = len(part)
    else:
        length = 0
    words: list[tuple[Word, bool]] = []
    if length:
        words.append((_korean_surname(part[:length]), False))
    if part[length:]:
        words += _korean_given(part[length:])
    return words


# --- Japanese ----------------------------------------------------------------------------------------------
# Kana → Hepburn (the revised Hepburn of Kenkyusha's New Japanese-English Dictionary, 3rd ed., 1954, which
# Japanese passports follow: long vowels unmarked, ん as n).
_KANA_ROMAJI = dict(
    pair.split("=")
    for pair in (
        "きゃ=kya きゅ=kyu きょ=kyo しゃ=sha しゅ=shu しょ=sho ちゃ=cha ちゅ=chu ちょ=cho にゃ=nya にゅ=nyu にょ=nyo "
        "ひゃ=hya ひゅ=hyu ひょ=hyo みゃ=mya みゅ=myu みょ=myo りゃ=rya りゅ=ryu りょ=ryo ぎゃ=gya ぎゅ=gyu ぎょ=gyo "
        "じゃ=ja じゅ=ju じょ=jo びゃ=bya びゅ=byu びょ=byo ぴゃ=pya ぴゅ=pyu ぴょ=pyo ぢゃ=ja ぢゅ=ju ぢょ=jo "
        "あ=a い=i う=u え=e お=o か=ka き=ki く=ku け=ke こ=ko さ=sa し=shi す=su せ=se そ=so た=ta ち=chi "
        "つ=tsu て=te と=to な=na に=ni ぬ=nu ね=ne の=no は=ha ひ=hi ふ=fu へ=he ほ=ho ま=ma み=mi む=mu め=me "
        "も=mo や=ya ゆ=yu よ=yo ら=ra り=ri る=ru れ=re ろ=ro わ=wa ゐ=i ゑ=e を=o ん=n が=ga ぎ=gi ぐ=gu げ=ge "
        "ご=go ざ=za じ=ji ず=zu ぜ=ze ぞ=zo だ=da ぢ=ji づ=zu で=de ど=do ば=ba び=bi ぶ=bu べ=be ぼ=bo ぱ=pa "
        "ぴ=pi ぷ=pu ぺ=pe ぽ=po ゔ=vu ぁ=a ぃ=i ぅ=u ぇ=e ぉ=o ゃ=ya ゅ=yu ょ=yo"
    ).split()
)


def hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def kana_romaji(kana: str) -> str:
    """Kana in Hepburn as the kana spell it (いとう → itou; the long vowel mark repeats the vowel)."""
    text, out, index = hiragana(kana), [], 0
    while index < len(text):
        pair, char = text[index : index + 2], text[index]
        if pair in _KANA_ROMAJI:
            out.append(_KANA_ROMAJI[pair])
            index += 2
            continue
        if char == "っ":
            following = _KANA_ROMAJI.get(text[index + 1 : index + 3]) or _KANA_ROMAJI.get(text[index + 1 : index + 2])
            out.append("t" if following and following.startswith("ch") else (following or "")[:1])
        elif char == "ー" and out:
            out.append(out[-1][-1])
        else:
            out.append(_KANA_ROMAJI.get(char, ""))
        index += 1
    return "".join(out)


_JA_ONSET = r"(?:kk|ss|tt|pp|ssh|tch|cch|sh|ch|ts|[kgnhbpmr]y|sy|zy|ty|dy|[kgsztdnhbpmyrwfj])?"
_JA_WORD = re.compile(rf"(?:{_JA_ONSET}[aiueo](?:h(?![aiueoy]))?|n(?![aiueoy])|m(?=[bmp]))+")
# Kunrei-shiki's digraphs that no other romanisation writes; its si, ti, tu, hu are left, being common
# letters of other languages' names.
_KUNREI = [("sy", "sh"), ("ty", "ch"), ("zy", "j")]


def japanese_skeleton(word: str) -> str | None:
    """A Latin word of Japanese form as passport Hepburn (long vowels unmarked, Kunrei-shiki read as
    Hepburn, m before b, m, p as n): Itō, Itou, Itoh, Itoo → ito; Ohno, Oono, Ōno → ono; Syouta → shota.
    None when the word is not of Japanese syllables or has fewer than two of them."""
    text = fold(word)
    if not _JA_WORD.fullmatch(text):
        return None
    for kunrei, hepburn in _KUNREI:
        text = re.sub(rf"(?<![sc]){kunrei}", hepburn, text)
    text = re.sub(r"oh(?![aiueoy])", "o", text)
    text = re.sub(r"ou|^oo", "o", text)  # oo- as in Oono, Oota (大); Korean -oon, -oo are not Japanese
    text = re.sub(r"(?<![aiueo])uu", "u", text)
    text = re.sub(r"m(?=[bmp])", "n", text)
    if len(re.findall(r"[aiueo]", text)) < 2:
        return None
    return text


@lru_cache(maxsize=1)
def _tagger():
    """MeCab (fugashi) with UniDic-lite, loaded on first use: the readings of Japanese names in kanji."""
    import fugashi

    return fugashi.Tagger()


MAX_JAPANESE_READINGS = 3


def _name_token(node) -> bool:
    return getattr(node.feature, "pos3", "") == "人名"


def _japanese_looking(han: str, name: str) -> bool:
    """Whether a run of kanji is read as a Japanese name: the name has kana, or MeCab reads the run's
    start as a Japanese family name of two or more characters (Chinese family names are mostly one)."""
    if _KANA.search(name):
        return True
    nodes = list(_tagger()(han))
    return bool(nodes) and getattr(nodes[0].feature, "pos4", "") == "姓" and len(nodes[0].surface) >= 2


@lru_cache(maxsize=4096)
def _japanese_readings(han: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Up to `MAX_JAPANESE_READINGS` readings of the run as (surface, romaji) parts, from MeCab's n-best
    paths of one part, or of two that both read as personal names (family name, given name)."""
    tagger = _tagger()
    readings: list[tuple[tuple[str, str], ...]] = []
    for path in tagger.nbestToNodeList(han, 8):
        if not 1 <= len(path) <= 2 or not all(node.feature.kana for node in path):
            continue
        if len(path) == 2 and not all(_name_token(node) for node in path):
            continue
        parts = tuple((node.surface, kana_romaji(node.feature.kana)) for node in path)
        if parts not in readings:
            readings.append(parts)
        if len(readings) >= MAX_JAPANESE_READINGS:
            break
    return tuple(readings)


def _japanese_word(surface: str, romaji: str) -> Word:
    word: Word = {surface: LITERAL}
    word.setdefault(romaji, SPELLING)
    skeleton = japanese_skeleton(romaji)
    if skeleton:
        word.setdefault(skeleton, SPELLING)
    return word


def japanese_splits(han: str, name: str) -> list[list[tuple[Word, bool]]]:
    """A run of kanji of a Japanese name read as Japanese, one list of words per reading (none for a
    name that does not look Japanese). Readings are other spellings: a Chinese name read in pinyin, and
    the characters as written, always rank above them."""
    if not _HAN.search(han) or not _japanese_looking(name.split()[0] if name.split() else han, name):
        return []
    splits = []
    for parts in _japanese_readings(han):
        splits.append([(_japanese_word(surface, romaji), False) for surface, romaji in parts])
    return splits


def _kana_word(part: str) -> Word:
    word: Word = {hiragana(part): LITERAL}
    word.setdefault(part, LITERAL)
    romaji = kana_romaji(part)
    if romaji:
        word.setdefault(romaji, SPELLING)
        skeleton = japanese_skeleton(romaji)
        if skeleton:
            word.setdefault(skeleton, SPELLING)
    return word


# --- Roots ------------------------------------------------------------------------------------------------


MAX_CANONICALS = 12
# Pairs of the `nicknames` data set that are not nicknames in today's use (Bill is William, not Robert).
NOT_NICKNAMES = {("robert", "bill"), ("robert", "billy")}


@lru_cache(maxsize=1)
def _root_index() -> dict[str, frozenset[str]]:
    """Every known form (folded Latin, Cyrillic skeleton, Arabic form) → the roots of its name family."""
    from nicknames import NickNamer

    index: dict[str, set[str]] = {}

    def add(form: str, root: str) -> None:
        if form:
            index.setdefault(form, set()).add(root)

    group_of: dict[str, str] = {}
    for line in CROSS_LANGUAGE + ARABIC_NAMES:
        members = line.split()
        root = members[0].upper()
        if members[0] in group_of:  # a second line for the same family (Arabic script for a Latin group)
            root = group_of[members[0]]
        for member in members:
            form = arabic_form(member) if _ARABIC.search(member) else fold(member)
            group_of.setdefault(form, root)
            add(form, root)
    for line in ABD_NAMES:
        members = line.split()
        for member in members:
            form = arabic_form(member) if _ARABIC.search(member) else fold(member)
            add("abd:" + form, "ABD" + members[0].upper())

    namer = NickNamer()
    # A nickname of more than MAX_CANONICALS names ("Al", "Lee", "Lena" in English) tells nothing.
    ambiguous = {nick for nick, names in namer.canonical_lookup.items() if len(names) > MAX_CANONICALS}
    # A nickname leads to its full name, not on to that name's equivalents: Pepe is José, and José is
    # Giuseppe, but Pepe is not Giuseppe. So the root of a nickname is its full name's own.
    for canonical, nicks in namer.nickname_lookup.items():
        add(fold(canonical), fold(canonical).upper())
        for nick in nicks - ambiguous:
            # A nickname is shorter than its name: Catherine is no nickname of Katarina.
            if len(nick) < len(canonical) and (canonical, nick) not in NOT_NICKNAMES:
                add(fold(nick), fold(canonical).upper())
    for canonical, others in NICKNAMES.items():
        add(canonical, canonical.upper())
        for nick in others.split():
            add(nick, canonical.upper())
    for full, diminutives in RUSSIAN_NAMES.items():
        roots: set[str] = set()
        for latin in transliterate_cyrillic(full):
            roots |= index.get(fold(latin), set())
        roots = roots or {cyrillic_skeleton(full).upper()}
        for form in [full, *diminutives.split()]:
            for root in roots:
                add(cyrillic_skeleton(form), root)
    return {form: frozenset(roots) for form, roots in index.items()}


@lru_cache(maxsize=1)
def _russian_latin() -> frozenset[str]:
    """The Latin spellings, in every scheme, of the names and diminutives of `RUSSIAN_NAMES`."""
    forms = [form for full, diminutives in RUSSIAN_NAMES.items() for form in [full, *diminutives.split()]]
    return frozenset(fold(latin) for form in forms for latin in transliterate_cyrillic(form))


def roots(forms: list[str]) -> set[str]:
    """The roots of a word given in its forms (folded Latin, Cyrillic skeletons, Arabic forms)."""
    index = _root_index()
    found: set[str] = set()
    for form in forms:
        found |= index.get(form, frozenset())
    return found


# The spellings of Abd- with its article ("Abdul", "Abdel", "Abdur" before r, ...), longest first.
_ABD_PREFIXES = sorted(
    {f"abd{vowel}{article}" for vowel in ("", "u", "a", "e", "o", "ou") for article in ("", "l", "r", "s", "d", "n",
                                                                                        "t", "z", "sh")},
    key=len,
    reverse=True,
)


def _abd_split(latin: str) -> tuple[set[str], str]:
    """The roots of an Abd- name written as one word ("Abdulrahman" → ABDRAHMAN) and the name after Abd-."""
    index = _root_index()
    for prefix in _ABD_PREFIXES:
        rest = latin[len(prefix) :]
        if latin.startswith(prefix) and "abd:" + rest in index:
            return set(index["abd:" + rest]), rest
    return set(), ""


# --- Words ------------------------------------------------------------------------------------------------


def _add(word: Word, keys, quality: int = SPELLING) -> None:
    for key in keys:
        if key and key not in word:
            word[key] = quality


def _cyrillic_word(part: str) -> Word:
    lower = part.lower()
    word: Word = {lower: LITERAL}
    skeleton = cyrillic_skeleton(lower)
    latin = [fold(form) for form in transliterate_cyrillic(lower)]
    _add(word, [skeleton, *latin])
    _add(word, roots([skeleton, *latin]))
    return word


def _greek_word(part: str) -> Word:
    bare = "".join(c for c in unicodedata.normalize("NFD", part.lower()) if not unicodedata.combining(c))
    word: Word = {bare.replace("ς", "σ"): LITERAL}
    latin = [fold(form) for form in transliterate_greek(part)]
    _add(word, latin)
    _add(word, roots(latin))
    return word


def _arabic_word(part: str) -> Word:
    form = arabic_form(part)
    word: Word = {form: LITERAL}
    _add(word, [fold(part)])
    found = roots([form])
    if form.startswith("عبد") and len(form) > 3:
        found |= set(_root_index().get("abd:" + form[3:], ()))
    _add(word, found)
    return word


def _latin_extra(part: str, name: str, base: Word) -> Word:
    """What a Latin word adds: its name family's roots, Korean family names, passport Hepburn, and the
    Cyrillic skeletons of a Slavic-looking word."""
    word = dict(base)
    literal = next(iter(base), "")
    if not literal:
        return word
    forms = [literal]
    if literal in _russian_latin() or (len(literal) >= 5 and literal.endswith(SLAVIC_ENDINGS)):
        skeletons = sorted(latin_skeletons(part))
        _add(word, skeletons)
        forms += skeletons
    japanese = japanese_skeleton(part)
    if japanese and japanese != literal:
        _add(word, [japanese])
    abd, rest = _abd_split(literal) if literal.startswith("abd") else (set(), "")
    _add(word, [rest])  # "Abdulrahman" is also found as "Rahman"
    _add(word, sorted(roots(forms) | abd))
    tokens = name.split()
    if part in tokens and (part == tokens[0] or len(tokens) == 2):  # a family name stands first, or last of two
        _add(word, sorted(_KOREAN_LATIN.get(literal, ())))
    return word


def word_entries(part: str, name: str, base: Word) -> list[tuple[Word, bool]]:
    """The words of one space-free part of a name (not Chinese characters), each with its keys and whether
    it is joined to the next as by a hyphen. `base` is namekeys' folding of the part (its Latin letters)."""
    if _HANGUL.search(part):
        hangul = "".join(_HANGUL.findall(part))
        return korean_words(hangul, name)
    if _KANA.search(part):
        return [(_kana_word(part), False)]
    if _CYRILLIC.search(part):
        return [(_cyrillic_word(part), False)]
    if _GREEK.search(part):
        return [(_greek_word(part), False)]
    if _ARABIC.search(part):
        return [(_arabic_word(part), False)]
    if not base:
        return []
    return [(_latin_extra(part, name, base), False)]


def is_native(text: str) -> bool:
    """Typed in Hangul, kana, Cyrillic, Greek or Arabic script (query.ParsedQuery.is_han treats it as characters)."""
    return any(script.search(text) for script in (_HANGUL, _KANA, _CYRILLIC, _GREEK, _ARABIC))
