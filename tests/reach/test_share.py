"""The share panel: a copy-link button and plain, correctly encoded links to common networks."""

import re
from html import unescape
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest

from posts.models import Moderation
from tests.conftest import login


def share_links(html: str) -> dict[str, str]:
    panel = re.search(r'<section class="share-panel".*?</section>', html, re.S)
    assert panel, "no share panel"
    anchors = re.findall(r'<li><a href="([^"]+)" rel="nofollow noopener noreferrer">([^<]+)</a></li>', panel.group(0))
    return {unescape(name): unescape(href) for href, name in anchors}


@pytest.fixture
def shared(client, world):
    post = world["open"]
    response = client.get(post.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    return post, f"http://testserver{post.get_absolute_url()}", response.text


def test_share_panel_has_a_link_for_each_network(shared):
    _post, _url, html = shared

    assert set(share_links(html)) == {"Email", "WhatsApp", "Telegram", "Facebook", "X", "Weibo", "LINE"}


def test_share_links_carry_the_encoded_address_and_title(shared):
    post, url, html = shared
    links = share_links(html)
    text = f"Can you help? {post.title}"

    def params(link: str) -> dict[str, str]:
        return {name: values[0] for name, values in parse_qs(urlsplit(link).query, strict_parsing=True).items()}

    assert links["WhatsApp"].startswith("https://wa.me/?")
    assert params(links["WhatsApp"]) == {"text": f"{text} {url}"}
    assert links["Telegram"].startswith("https://t.me/share/url?")
    assert params(links["Telegram"]) == {"url": url, "text": text}
    assert links["Facebook"].startswith("https://www.facebook.com/sharer/sharer.php?")
    assert params(links["Facebook"]) == {"u": url}
    assert links["X"].startswith("https://x.com/intent/post?")
    assert params(links["X"]) == {"url": url, "text": text}
    assert links["Weibo"].startswith("https://service.weibo.com/share/share.php?")
    assert params(links["Weibo"]) == {"url": url, "title": text}
    assert links["LINE"].startswith("https://social-plugins.line.me/lineit/share?")
    assert params(links["LINE"]) == {"url": url}


def test_share_links_percent_encode_reserved_characters(shared):
    _post, url, html = shared
    links = share_links(html)

    # The title holds "&", quotes and "<": none may break out of its parameter.
    assert "Simon%20%26%20%E2%80%9Cthe%20cellist%E2%80%9D%20%3CIowa%3E" in links["X"]
    assert f"url={url.replace(':', '%3A').replace('/', '%2F')}" in links["Telegram"]
    assert " " not in "".join(links.values())


def test_email_link_has_subject_and_body_with_the_address(shared):
    post, url, html = shared
    mailto = share_links(html)["Email"]

    assert mailto.startswith("mailto:?")
    fields = parse_qs(mailto.removeprefix("mailto:?"))
    assert fields["subject"] == [post.title]
    assert post.title in fields["body"][0] and url in fields["body"][0]
    assert "+" not in mailto  # spaces are %20: mail clients read "+" literally


def test_share_panel_uses_no_third_party_scripts_or_frames(shared):
    _post, _url, html = shared

    assert "<iframe" not in html
    for src in re.findall(r'<(?:script|img)[^>]* src="([^"]+)"', html):
        assert not src.startswith(("http:", "https:", "//")), src


def test_copy_link_button_carries_the_canonical_address(shared):
    _post, url, html = shared

    button = re.search(r'<button type="button" class="button-secondary copy-link" data-url="([^"]+)"', html)
    assert button and button.group(1) == url
    assert html.count("copy-link") == 1


@pytest.mark.parametrize("moderation", [Moderation.PENDING, Moderation.HIDDEN, Moderation.REMOVED])
def test_no_share_panel_on_unpublished_requests(world, moderation):
    post = next(post for post in world["hidden"] if post.moderation == moderation)

    html = login(world["author"]).get(post.get_absolute_url()).text

    assert "share-panel" not in html
    assert "wa.me" not in html and "facebook.com" not in html and "copy-link" not in html
