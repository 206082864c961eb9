"""Text in another script than the page's, marked with its language (WCAG 3.1.2, language of parts).

Members write names and stories in any script: "Looking for Professor 李响灿 (Li Xiangcan)" on an English page,
"寻找2012年在里昂认识的法国朋友 Zoë" on a Chinese one. A screen reader reads a part in the page's voice unless it
is marked with its own language, and an English voice cannot read Han characters at all. So the parts of a text
in the other script are wrapped in `<span lang="…">`:

- on a page in any language but Chinese, runs of Han characters, kana or Hangul: `ja` when the text has kana,
  `ko` when the run has Hangul, otherwise `zh`;
- on a Chinese page, runs of Latin-script words: `en`, the site's other language (a name in Latin letters read
  by an English voice is closer than by a Chinese one, whatever its own language).

Which language a member wrote in is not stored, so the script is what decides.
"""

import regex
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

EAST_ASIAN = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}"
KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
HANGUL = regex.compile(r"\p{Hangul}")
# From an east-Asian character to the last one, with the spaces, digits and punctuation between them.
EAST_ASIAN_RUN = regex.compile(rf"[{EAST_ASIAN}](?:[{EAST_ASIAN}\p{{Common}}\p{{Inherited}}]*[{EAST_ASIAN}])?")
# From a Latin letter to the last letter or digit (or closing mark) of the run, across spaces and ASCII punctuation.
LATIN_RUN = regex.compile(
    r"\p{Latin}(?:[\p{Latin}\p{Inherited}0-9 '’,.:;!?()/&\-–—\"“”]*[\p{Latin}\p{Inherited}0-9.!?)\"”])?"
)
# Tags and character references are never cut: only the text between them is marked.
MARKUP = regex.compile(r"(<[^>]*>|&#?\w+;)")


def page_is_chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


def east_asian_language(text: str, run: str) -> str:
    if KANA.search(text):
        return "ja"
    if HANGUL.search(run):
        return "ko"
    return "zh"


def mark_other_script(value) -> SafeString:
    """`value` as HTML (escaped unless already safe), its parts in the other script wrapped in `<span lang>`."""
    html = str(conditional_escape(value if value is not None else ""))
    chinese = page_is_chinese()
    pieces = MARKUP.split(html)
    for index in range(0, len(pieces), 2):  # Even pieces are text, odd ones markup.
        text = pieces[index]
        if chinese:
            pieces[index] = LATIN_RUN.sub(
                lambda match: (
                    f'<span lang="en">{match.group(0)}</span>'
                    if regex.search(r"\p{Latin}{2}", match.group(0))
                    else match.group(0)
                ),
                text,
            )
        else:
            pieces[index] = EAST_ASIAN_RUN.sub(
                lambda match: f'<span lang="{east_asian_language(html, match.group(0))}">{match.group(0)}</span>',
                text,
            )
    return mark_safe("".join(pieces))  # noqa: S308 - escaped above; only spans of our own are added

