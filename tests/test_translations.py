"""The interface is complete in Simplified Chinese, and what is shipped is what was translated."""

import gettext
import re
import shutil
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

PO = Path(settings.BASE_DIR, "locale", "zh_Hans", "LC_MESSAGES", "django.po")
MO = PO.with_suffix(".mo")


def po_entries() -> list[dict]:
    """Parse the catalogue just enough to see each entry's context, id, translation and flags."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": "", "msgctxt": None}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif match := re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line):
                field = match.group(1)
                entry[field] = match.group(2)
            elif line.startswith('"') and field:
                entry[field] += line[1:-1]
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def test_every_message_has_a_chinese_translation():
    entries = po_entries()
    assert len(entries) > 300
    untranslated = [e["msgid"] for e in entries if not (e.get("msgstr") or e.get("msgstr[0]"))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_translations():
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in po_entries():
        msgid = unescape(entry["msgid"])
        expected = unescape(entry.get("msgstr") or entry.get("msgstr[0]"))
        if entry["msgctxt"]:
            assert catalogue.pgettext(unescape(entry["msgctxt"]), msgid) == expected
        elif "msgid_plural" in entry:
            assert catalogue.ngettext(msgid, unescape(entry["msgid_plural"]), 1) == expected
        else:
            assert catalogue.gettext(msgid) == expected, msgid


def test_pages_render_in_chinese_for_a_chinese_reader(client, post):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    for url in ("/", "/requests/", post.get_absolute_url(), "/accounts/login/"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert '<html lang="zh-Hans"' in response.text
        assert "寻人启事" in response.text or "登录" in response.text


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_catalogue_holds_every_string_the_code_marks(settings, tmp_path, monkeypatch):
    """Run makemessages on a copy of the code: no string it marks may be missing from the Chinese catalogue."""
    base = Path(settings.BASE_DIR)
    for folder in ("accounts", "posts", "reconnect", "templates", "locale"):
        shutil.copytree(base / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    copy = tmp_path / "locale"
    settings.LOCALE_PATHS = [copy]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0)
    refreshed = (copy / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = [block for block in refreshed.split("\n\n") if re.search(r'^msgid "', block, re.M)][1:]
    missing = [block for block in entries if re.search(r'^msgstr(\[0\])? ""$(?!\n")', block, re.M)]
    fuzzy = [block for block in entries if "#, fuzzy" in block]
    assert fuzzy == []
    assert missing == []
