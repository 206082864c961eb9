"""What a phone needs without JavaScript, and forms that say the truth: menu, filters, one search box, share
targets, the languages field in the reader's language, and photo slots as many as the member may fill."""

import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import global_settings, settings
from django.urls import reverse
from django.utils import timezone

from posts.models import Status
from tests.contact.consent.helpers import consenting_conversation, conversation_on
from tests.factories import NewUserFactory, PostFactory

pytestmark = pytest.mark.django_db


def header(html: str) -> str:
    return html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def test_the_header_menu_is_a_details_button_that_holds_every_link(member_client):
    head = header(member_client.get(reverse("posts:list")).text)

    # A <details> works without JavaScript; its <summary> is a button with its state announced, named "Menu".
    menu = re.search(
        r'<details class="site-menu"[^>]*>\s*<summary class="menu-button">(.*?)</summary>(.*)</details>', head, re.S
    )
    assert menu, head
    assert "Menu" in menu.group(1)
    assert " open" not in head.split("<summary", 1)[0]  # Closed: one line of header on a phone.
    for url in (reverse("posts:notifications"), reverse("posts:conversations"), reverse("accounts:profile_edit")):
        assert f'href="{url}"' in menu.group(2)
    assert 'action="' + reverse("account_logout") in menu.group(2)


def test_the_list_page_folds_its_filters_and_shows_the_results_after_one_line(client):
    PostFactory(sought_name="Simon")
    page = client.get(reverse("posts:list"), {"q": "simon", "met_country": "US"}).text

    details = re.search(r'<details class="filters-toggle"[^>]*>', page).group(0)
    assert " open" not in details  # Even after a search: the first result comes first on a phone.
    summary = page.split(details, 1)[1].split("</summary>", 1)[0]
    assert "Search and filters" in summary and "(2 in use)" in summary
    assert page.index("</details>") < page.index('class="card"')  # The results follow the folded filters.


def test_filters_with_an_error_stay_open_so_the_error_is_seen(client):
    page = client.get(reverse("posts:list"), {"year_from": "12"}).text

    assert re.search(r'<details class="filters-toggle"[^>]* open>', page)


def test_the_home_page_has_one_search_box(client):
    page = client.get(reverse("home")).text

    assert page.count('type="search"') == 1
    assert page.count('role="search"') == 1


def test_other_pages_keep_the_header_search(client):
    assert 'id="header-q"' in client.get(reverse("about")).text


def test_share_links_are_44_pixel_targets():
    css = Path(settings.BASE_DIR, "static", "css", "site.css").read_text()
    rule = re.search(r"\n\.share-links a \{([^}]*)\}", css).group(1)

    assert "min-width: var(--touch)" in rule and "min-height: var(--touch)" in rule
    assert re.search(r"--touch: 2\.75rem;", css)  # 44 px


# Home ---------------------------------------------------------------------------------------------------------


def reunited(**fields):
    return PostFactory(status=Status.RESOLVED, resolved_at=timezone.now(), **fields)


def test_home_says_how_it_works_counts_reunions_and_makes_the_safety_promise(client):
    reunited()
    reunited()
    PostFactory()
    page = client.get(reverse("home")).text

    assert "How it works" in page
    assert page.count("<li><strong>") >= 3
    assert "2 requests here have ended in a reunion." in page
    assert "No contact details are ever shown" in page
    assert "A conversation is read by the two people in it and by the moderators" in page
    assert f'href="{reverse("posts:opt_out")}"' in page


def test_one_reunion_is_counted_in_the_singular(client):
    reunited()
    assert "1 request here has ended in a reunion." in client.get(reverse("home")).text


def test_home_shows_a_reunion_story_only_while_the_person_found_agrees(client):
    shown = reunited(resolved_note="We met again in Wuhan after thirty years.")
    consenting_conversation(shown)
    withheld = reunited(resolved_note="Our secret reunion in Lyon.")
    conversation_on(withheld)
    page = client.get(reverse("home")).text

    assert "We met again in Wuhan after thirty years." in page
    assert "Our secret reunion in Lyon." not in page


def test_home_in_chinese_says_it_all_in_chinese(client):
    reunited()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse("home")).text

    assert "如何运作" in page and "我们对被寻找者的承诺" in page
    assert "这里已有 1 条寻人启事以重逢告终。" in page


# Languages ----------------------------------------------------------------------------------------------------


def language_labels(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(r'<input type="checkbox" name="languages"[^>]*>(.*?)</label>', html)
    ]


def test_the_languages_field_names_languages_in_chinese_for_a_chinese_reader(member_client):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    labels = language_labels(member_client.get(reverse("accounts:profile_edit")).text)

    assert labels[:4] == ["英语 (English)", "简体中文", "繁体中文 (繁體中文)", "西班牙语 (español)"]
    assert "南非荷兰语 (Afrikaans)" in labels[17:]  # Under "More languages", not first.


def test_the_languages_field_s_own_label_is_in_the_reader_s_language(member_client):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    assert "<legend>使用的语言" in member_client.get(reverse("accounts:profile_edit")).text
    assert "<legend>你能使用的语言" in member_client.get(reverse("posts:create")).text
    assert "更多语言" in member_client.get(reverse("posts:create")).text


def test_the_languages_field_puts_common_languages_first_and_folds_the_rest(member_client):
    page = member_client.get(reverse("accounts:profile_edit")).text
    labels = language_labels(page)

    assert labels[:3] == ["English", "Simplified Chinese (简体中文)", "Traditional Chinese (繁體中文)"]
    assert len(labels) == len(global_settings.LANGUAGES)  # Every language is still offered.
    common, more = page.split('<details class="more-languages"', 1)
    assert 'value="ja"' in common and 'value="af"' in more
    assert '<span lang="ja">日本語</span>' in common
    assert re.search(r'<details class="more-languages">', page)  # Closed while none of them is chosen.


def test_a_chosen_language_under_more_languages_is_never_out_of_sight(member, member_client):
    member.languages = ["en", "pl"]
    member.save(update_fields=["languages"])
    page = member_client.get(reverse("accounts:profile_edit")).text

    assert '<details class="more-languages" open>' in page
    assert re.search(r'value="pl" id="id_languages_\d+" checked', page)


def test_languages_are_stored_as_the_same_codes(member, member_client):
    page = member_client.get(reverse("accounts:profile_edit"))
    assert page.status_code == HTTPStatus.OK

    response = member_client.post(
        reverse("accounts:profile_edit"), {"display_name": "Anna", "languages": ["zh-hans", "af"]}
    )

    assert response.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.languages == ["zh-hans", "af"]


# Photo slots --------------------------------------------------------------------------------------------------


def photo_slots(html: str) -> int:
    return len(re.findall(r'<div class="photo-slot">', html))


def test_a_new_member_on_their_first_day_is_offered_one_photo_slot_and_told_why(client):
    client.force_login(NewUserFactory())
    page = client.get(reverse("posts:create")).text

    assert photo_slots(page) == 1
    limit = re.search(r'<p class="help photo-limit">(.*?)</p>', page, re.S).group(1)
    assert "Up to 1 photo." in limit
    assert "Up to 6 photos" not in page
    assert "On your first day you can add 1 photo to a request." in limit
    assert "your trust level" in limit


def test_an_established_member_is_offered_every_slot(member_client):
    page = member_client.get(reverse("posts:create")).text

    assert photo_slots(page) == settings.RECONNECT_MAX_PHOTOS
    limit = re.search(r'<p class="help photo-limit">(.*?)</p>', page, re.S).group(1)
    assert f"Up to {settings.RECONNECT_MAX_PHOTOS} photos." in limit
    assert "first day" not in limit
