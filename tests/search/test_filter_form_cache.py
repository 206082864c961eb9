"""The list's filter options are rendered once per language, and each page still marks what the reader chose."""

import re
from http import HTTPStatus

import pytest

from posts.search import filters
from posts.search.filters import RenderedChoiceField, RenderedOptionsSelect

LIST_URL = "/requests/"
SELECTS = ("met_country", "now_country", "relationship", "status", "language", "sort")


@pytest.fixture(autouse=True)
def _pages_made_anew(settings):
    """Every page renders its form, rather than being served whole (where pages are kept, reconnect/pagecache.py)."""
    settings.RECONNECT_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def fresh_cache(monkeypatch):
    monkeypatch.setattr(RenderedOptionsSelect, "rendered", {})
    monkeypatch.setattr(RenderedChoiceField, "codes", {})


@pytest.fixture
def format_calls(monkeypatch):
    """How many times the filters module formats a piece of HTML."""
    calls = []
    real = filters.format_html

    def counted(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(filters, "format_html", counted)
    return calls


def select_html(page: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)


def selected_values(page: str, name: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', select_html(page, name))


def test_the_second_list_page_renders_its_options_from_the_cache(client, db, fresh_cache, format_calls):
    first = client.get(LIST_URL, {"met_country": "DE"})
    options_formatted = len(format_calls)
    format_calls.clear()
    second = client.get(LIST_URL, {"met_country": "FR", "status": "open"})

    assert first.status_code == second.status_code == HTTPStatus.OK
    assert options_formatted > 500  # two lists of every country, every language, the small lists
    assert format_calls == ['<select name="{}"{}>\n{}\n</select>'] * len(SELECTS)  # only the select tags
    assert first.text.count("<option") == second.text.count("<option") > 500


def test_the_chosen_values_are_selected_and_nothing_else(client, db):
    query = {
        "met_country": "DE",
        "now_country": "CN",
        "relationship": "teacher",
        "status": "resolved",
        "language": "de",
        "sort": "active",
    }
    client.get(LIST_URL)  # fill the cache with nothing chosen

    page = client.get(LIST_URL, query).text

    for name, value in query.items():
        assert selected_values(page, name) == [value], name
    assert '<option value="DE" selected>Germany</option>' in select_html(page, "met_country")


def test_nothing_chosen_selects_any_and_a_bad_value_selects_nothing(client, db):
    page = client.get(LIST_URL, {"met_country": "XX"}).text

    assert selected_values(page, "met_country") == []
    assert selected_values(page, "now_country") == [""]
    assert selected_values(page, "sort") == []  # no empty choice: the browser shows the first, "best match"


def test_each_language_has_its_own_options(client, db, settings):
    english = client.get(LIST_URL, {"met_country": "DE"}).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = client.get(LIST_URL, {"met_country": "DE"}).text

    assert '<option value="DE" selected>Germany</option>' in english
    assert '<option value="DE" selected>德国</option>' in chinese
    assert "Germany" not in select_html(chinese, "now_country")


def test_a_value_outside_the_choices_is_still_refused(client, db):
    page = client.get(LIST_URL, {"status": "bogus", "met_country": "FR"})

    # The bad filter is dropped, the good one kept (PostFilter.qs), as before the options were cached.
    assert page.status_code == HTTPStatus.OK
    assert page.context["filter"].form.errors.keys() == {"status"}
    assert selected_values(page.text, "met_country") == ["FR"]
