"""Spot contact details in what people write: email addresses, phone numbers, street addresses, messenger IDs.

The one detector of the site (posts/moderation/detection.py holds comments, messages and requests with it,
PFIF cuts what it finds, profiles refuse it). It reads the text through `reconnect.normalise` first, so that
full-width "＠", zero-width spaces, Cyrillic look-alikes and "l38OO138000" are seen for what they are, and
finds, in the folded text:

- email addresses, also written out: "name at gmail dot com", "name(at)qq(dot)com", "name 艾特 163 点 com";
- phone numbers, found by libphonenumber in the regions of the request (when known) and in the countries most
  of our members write from, and by the shapes people type them in (seven or more digits with separators),
  also with digits written as words among them ("one three eight 1234 5678", "幺三八…");
- messenger IDs after the messenger's name ("wechat: lixc_1988", "加微信 abc123", "LINE ID: abc123") and
  links to a chat (t.me/…, wa.me/…);
- a house number beside a street word, in the languages of our users.

Years, dates, year ranges, and numbers said to be something else (a student number, a flight, a passport) are
not phone numbers: the false holds they made cost more trust than they saved.
"""

import re
from collections.abc import Iterable

import phonenumbers

from reconnect.normalise import Normalised, normalise

REDACTED = "[…]"
# Where members mostly write from, tried besides the request's own countries.
DEFAULT_REGIONS = ("CN", "TW", "HK", "US", "GB", "DE", "JP", "KR")

# Matches start only where a run of an address's characters starts (the lookbehind), so a long run is scanned once,
# not once per character.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)

# An address written out: "at" and "dot" as words or in brackets.
_AT = r"(?:\s*@\s*|\s*[(\[{<]\s*(?:at|@)\s*[)\]}>]\s*|\s+at\s+|\s*(?:艾特|圈a)\s*)"
_DOT = r"(?:\s*\.\s*|\s*[(\[{<]\s*(?:dot|\.)\s*[)\]}>]\s*|\s+dot\s+|\s*(?:点|點|。)\s*)"
_TLDS = "com|net|org|edu|gov|info|biz|io|me|co|cn|tw|hk|jp|kr|de|uk|us|ru|fr|it|es|nl|se|no|pl|vn|sg|au|ca|at|ch|in"
WRITTEN_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}(?:{_TLDS})(?![\w])", re.IGNORECASE | re.UNICODE
)
# Only a bracketed or spelled-out dot, or a mail provider's name, tells an address from "met at Wuhan. Then".
_WRITTEN_DOT = re.compile(r"[(\[{<]\s*(?:dot|\.)\s*[)\]}>]|\sdot\s|点|點|。", re.IGNORECASE)
MAIL_PROVIDERS = frozenset(
    "gmail googlemail qq foxmail 163 126 yeah sina sohu aliyun 139 hotmail outlook live msn yahoo icloud me mac "
    "aol gmx web yandex mail proton protonmail naver daum hanmail kakao nate tutanota zoho".split()
)

# Phone numbers as people type them, two ways, each caught wherever it stands:
# eight or more digits with short runs of separators between them, line breaks too: +49 (0)30 1234-5678, 138 0013 8000;
# seven or more digits with the separators of one line, slashes too: 030/1234567, (319) 555-0142.
PHONES = (
    re.compile(r"(?<![\w])\+?\d(?:[\s\-().]{0,3}\d){7,}"),
    re.compile(r"(?<![\w+])\+?\(?\d[\d \t().\-/]{5,}\d(?!\w)"),
)
PHONE_DIGITS = 7
_YEAR = re.compile(r"(19|20)\d\d")
# Digits written as words, with or without digits among them: "one three eight 1234 5678", "幺三八零零幺三八".
_NUMBER_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9",
    "null": "0", "eins": "1", "zwei": "2", "drei": "3", "vier": "4", "fünf": "5", "sechs": "6", "sieben": "7",
    "acht": "8", "neun": "9",
}  # fmt: skip
_HAN_DIGITS = dict(zip("〇零一二三四五六七八九幺壹贰貳叁參肆伍陆陸柒捌玖", "001234567891122334566789", strict=True))
_SPELLED_TOKEN = r"(?:\d+|(?<![^\W\d_])(?:" + "|".join(_NUMBER_WORDS) + r")(?![^\W\d_])|[" + "".join(_HAN_DIGITS) + "])"
SPELLED_NUMBER = re.compile(rf"{_SPELLED_TOKEN}(?:[\s,.\-/]*{_SPELLED_TOKEN})+", re.IGNORECASE)

# What a number is said to be, just before it, when it is not a phone number.
_NOT_A_PHONE = re.compile(
    r"(?:(?<![^\W\d_])(?:student|matriculation|matrikel|enrol?ment|admission|employee|staff|passport|flight|train|"
    r"order|invoice|ticket|booking|case|file|serial|isbn|archive|record|registration|membership|identity|id)|"
    r"学号|學號|工号|工號|编号|編號|证号|證號|身份证|身份證|护照|護照|航班|车次|車次|订单|訂單|档案|檔案|准考证|准考證)"
    r"(?:[\s:#.,：]+(?:number|no|nr|id|card|code|was|is|said|read|reads|of|号|號|码|碼|是|为)){0,3}[\s:#.,：号號码碼是为]*$",
    re.IGNORECASE,
)

# A messenger's name, then the ID: "wechat: lixc_1988", "微信号 lixc1988", "加微信 abc123", "kakao id abc".
_MESSENGERS = (
    r"we\s?chat|weixin|微信|薇信|威信|徽信|v信|vx|wx|whats\s?app|telegram|kakao\s?talk|kakao|카톡|카카오톡|카카오|"
    r"skype|viber|qq|扣扣|threema|zalo|snapchat|ライン|라인|line|signal|tg|ig|insta(?:gram)?|discord|fb|facebook"
)
# Names that are ordinary words too ("the line between us"): only with a colon or "ID" and an ID-like handle.
_AMBIGUOUS = frozenset({"line", "signal", "tg", "ig", "insta", "instagram", "discord", "fb", "facebook"})
MESSENGER = re.compile(
    rf"(?P<add>加|添加|加我|\+)?\s*(?P<name>{_MESSENGERS})"
    r"\s*(?P<id>\b(?:id|number|no|handle|username|user\s?name)\b|号|號|账号|帳號|賬號|아이디)?"
    r"\s*(?P<sep>[:：=]|\bis\b|是|为|為)?\s*"
    r"(?P<handle>@?[A-Za-z0-9][\w.\-]{3,29})(?![\w])",
    re.IGNORECASE,
)
MESSENGER_LINK = re.compile(
    r"(?:https?://)?(?:t\.me|telegram\.me|wa\.me|line\.me|m\.me|qm\.qq\.com|u\.wechat\.com|weixin\.qq\.com|"
    r"open\.kakao\.com|signal\.me)/[\w/?=+\-.~%]+",
    re.IGNORECASE,
)

# A house number beside a street word, in the languages of our users.
STREET = re.compile(
    r"(?:\b\d{1,5}[a-z]?,?\s+(?:[\w'’.-]+\s+){0,3}"
    r"(?:street|st\.|road|rd\.|avenue|ave\.|lane|boulevard|blvd|drive|way|straße|strasse|str\.|weg|allee|platz|"
    r"rue|avenida|calle|ulica|ul\.)\b)"
    r"|(?:\b(?:rue|calle|avenida|ulica|via)\s+[\w'’ -]{2,40}\s+\d{1,5}\b)"
    r"|(?:\b[\w'’-]+(?:straße|strasse|weg|allee|gasse|platz)\s+\d{1,5}\b)"
    r"|(?:[\u4e00-\u9fff]{1,10}(?:路|街|道|巷|弄)\s*\d{1,5}\s*(?:号|號))",
    re.IGNORECASE | re.UNICODE,
)


def _looks_like_date_or_years(number: str) -> bool:
    """Year ranges and dates ("2017-2018", "1998 2003", "2019-05-01", "03.09.2017") are not phone numbers."""
    groups = re.findall(r"\d+", number)
    if len(groups) > 3 or not any(_YEAR.fullmatch(group) for group in groups):
        return False
    return all(len(group) <= 2 or _YEAR.fullmatch(group) for group in groups)


def _said_to_be_something_else(text: str, start: int) -> bool:
    """Whether the words just before `start` say the number is a student number, a flight, a passport..."""
    return bool(_NOT_A_PHONE.search(text[max(0, start - 40) : start]))


def _is_phone_number(text: str, start: int, number: str) -> bool:
    digits = sum(char.isdigit() for char in number)
    return (
        digits >= PHONE_DIGITS and not _looks_like_date_or_years(number) and not _said_to_be_something_else(text, start)
    )


def _phone_spans(text: str, regions: Iterable[str]) -> list[tuple[int, int]]:
    spans = [
        match.span()
        for phone in PHONES
        for match in phone.finditer(text)
        if _is_phone_number(text, match.start(), match.group())
    ]
    if any(char.isdigit() for char in text):
        for region in dict.fromkeys(code.upper() for code in (*regions, *DEFAULT_REGIONS) if code):
            for found in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
                if _is_phone_number(text, found.start, found.raw_string):
                    spans.append((found.start, found.end))
    for match in SPELLED_NUMBER.finditer(text):
        digits = _spelled_digits(match.group())
        if digits is not None and _is_phone_number(text, match.start(), digits):
            spans.append(match.span())
    return spans


def _spelled_digits(run: str) -> str | None:
    """The digits of a run with some written as words, kept in groups; None when no word is among them."""
    groups = []
    spelled = False
    for token in re.findall(_SPELLED_TOKEN, run, re.IGNORECASE):
        if token.isascii() and token.isdigit():
            groups.append(token)
        else:
            spelled = True
            groups.append(_NUMBER_WORDS.get(token.lower()) or _HAN_DIGITS[token])
    if not spelled:
        return None
    # Digits written one by one are one group: "一九八五" is the year 1985, not four numbers.
    joined = "".join(groups)
    if len(joined) == 8 and _YEAR.fullmatch(joined[:4]) and _YEAR.fullmatch(joined[4:]):
        return joined[:4] + " " + joined[4:]
    return joined


def _email_spans(text: str) -> list[tuple[int, int]]:
    spans = [match.span() for match in EMAIL.finditer(text)]
    for match in WRITTEN_EMAIL.finditer(text):
        written = match.group()
        domain = re.split(_AT, written, maxsplit=1, flags=re.IGNORECASE)[-1]
        provider = re.split(r"[\s.(\[{<点點。]", domain.strip(), maxsplit=1)[0].lower()
        if "@" in written or _WRITTEN_DOT.search(written) or provider in MAIL_PROVIDERS:
            spans.append(match.span())
    return spans


def _messenger_spans(text: str) -> list[tuple[int, int]]:
    spans = [match.span() for match in MESSENGER_LINK.finditer(text)]
    for match in MESSENGER.finditer(text):
        name = re.sub(r"\s", "", match["name"]).lower()
        handle = match["handle"]
        explicit = bool(match["id"] or (match["sep"] and match["sep"] in ":：=") or match["add"])
        id_like = handle.startswith("@") or any(char.isdigit() or char == "_" for char in handle)
        if name in _AMBIGUOUS:
            found = explicit and id_like
        else:
            found = id_like or (explicit and match["sep"] is not None) or bool(match["id"])
        if found:
            spans.append(match.span())
    return spans


def _spans(normalised: Normalised, regions: Iterable[str]) -> list[tuple[int, int]]:
    text = normalised.text
    spans = _email_spans(text)
    spans += _phone_spans(text, regions)
    spans += _messenger_spans(text)
    spans += [match.span() for match in STREET.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def contact_detail_spans(text: str, regions: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Where the text has contact details: (start, end) in the text as written, in order, merged.

    `regions` are the countries (ISO codes) the text is about, tried first for phone numbers.
    """
    normalised = normalise(text or "")
    return [normalised.span_in_original(start, end) for start, end in _spans(normalised, regions)]


def contains_contact_details(text: str, regions: Iterable[str] = ()) -> bool:
    """Whether the text has an email address, a phone number, a messenger ID or a street address in it."""
    return bool(text) and bool(_spans(normalise(text), regions))


def redact_contact_details(text: str, replacement: str = REDACTED, regions: Iterable[str] = ()) -> str:
    """The text with each contact detail that `contains_contact_details` sees cut out, for what leaves the site."""
    text = text or ""
    pieces, last = [], 0
    for start, end in contact_detail_spans(text, regions):
        pieces += [text[last:start], replacement]
        last = end
    return "".join(pieces) + text[last:]


def without_email_addresses(text: str) -> str:
    """The text with its email addresses blanked, so that the domain of one is not taken for a link."""
    return EMAIL.sub(" ", text)
