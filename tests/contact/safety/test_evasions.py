"""Contact details are found after the text is folded, and ordinary writing is not held (issue 11, finding 5).

Before, full-width "＠", zero-width characters, Cyrillic look-alikes, digits written with letters among them,
"name at gmail dot com" and messenger IDs all slipped past the detector. The corpora are data files beside this
test: `corpus/evasions.txt` (every line must be held) and `corpus/ordinary.txt` (no line may be).
"""

from pathlib import Path

import pytest

from posts.demo import data as demo
from posts.moderation.detection import contains_contact_details, redact_contact_details

CORPUS = Path(__file__).parent / "corpus"
# The demo content has contact details on purpose: the adverts, a daughter's WeChat ID, an email, a hidden story.
MEANT_TO_BE_HELD = ("fastfind888", "lijing_whu", "aiko.fujimoto@example.jp", "Kopenhagener Straße 12")
FALSE_HOLDS_ALLOWED = 0.02


def corpus(name: str) -> list[str]:
    """The lines of a corpus, without comments and blank lines; "\\u200b" and the like stand for the character."""
    lines = []
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lines.append(line.encode("latin-1", "backslashreplace").decode("unicode_escape") if "\\u" in line else line)
    return lines


def demo_texts() -> list[str]:
    texts = [text for person in demo.PEOPLE for text in (person.name, person.bio)]
    for request in demo.REQUESTS:
        texts += [
            request.title,
            request.sought_name,
            request.story,
            request.other_names,
            request.nickname,
            request.met_place,
            request.met_city,
            request.on_behalf_of,
            request.then_name,
            request.reunion,
        ]
        texts += [text for photo in request.photos for text in (photo.caption, photo.alt)]
        texts += [note.body for note in request.notes]
    return [text for text in texts if text]


def test_no_evasion_in_the_corpus_gets_past_the_detector():
    evasions = corpus("evasions.txt")

    assert len(evasions) >= 60
    assert [text for text in evasions if not contains_contact_details(text)] == []


def test_no_ordinary_sentence_of_the_corpus_is_held():
    sentences = corpus("ordinary.txt")

    assert [text for text in sentences if contains_contact_details(text)] == []


def test_the_demo_contents_texts_give_fewer_than_two_percent_false_holds():
    texts = demo_texts()

    held = [text for text in texts if contains_contact_details(text)]
    false_holds = [text for text in held if not any(detail in text for detail in MEANT_TO_BE_HELD)]

    assert len(false_holds) / len(texts) < FALSE_HOLDS_ALLOWED, false_holds
    assert all(any(detail in text for text in held) for detail in MEANT_TO_BE_HELD)


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("Mail lixc\u200b@\u200bgmаil.com today", "gmаil"),
        ("Call １３８ ００１３ ８０００ after six", "８０００"),
        ("wechat: lixc_1988 ok", "lixc_1988"),
        ("write to name at gmail dot com please", "gmail"),
    ],
)
def test_what_is_found_after_folding_is_cut_out_of_the_text_as_written(text, detail):
    redacted = redact_contact_details(text)

    assert detail not in redacted
    assert "[…]" in redacted
    assert redacted.split("[…]")[0].strip() in text
