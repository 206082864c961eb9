"""Being found: sitemap, robots.txt, canonical links, Open Graph tags and noindex on unpublished pages."""

import re
from html import unescape
from http import HTTPStatus
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from posts.models import Moderation
from tests.conftest import login
from tests.factories import PhotoFactory, PostFactory
from tests.reach.conftest import HIDDEN_TITLES

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def meta(html: str, key: str) -> list[str]:
    """The content of every <meta property|name="key">, unescaped."""
    pattern = rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">'
    return [unescape(value) for value in re.findall(pattern, html)]


def link_href(html: str, rel: str) -> list[str]:
    return [unescape(value) for value in re.findall(rf'<link rel="{rel}"[^>]* href="([^"]*)"', html)]


# Sitemap and robots.txt ---------------------------------------------------------------------


def sitemap_entries(client) -> dict[str, str | None]:
    """Every address in the sitemap, with its lastmod: the index (/sitemap.xml), then each page it names."""
    index = client.get("/sitemap.xml")
    assert index.status_code == HTTPStatus.OK
    root = ElementTree.fromstring(index.content)  # noqa: S314 - the site's own sitemap, not untrusted input
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    entries = {}
    for location in root.findall("sm:sitemap/sm:loc", SITEMAP_NS):
        page = client.get(location.text.removeprefix("http://testserver"))
        assert page.status_code == HTTPStatus.OK
        urlset = ElementTree.fromstring(page.content)  # noqa: S314
        for url in urlset.findall("sm:url", SITEMAP_NS):
            entries[url.findtext("sm:loc", namespaces=SITEMAP_NS)] = url.findtext("sm:lastmod", namespaces=SITEMAP_NS)
    return entries


def test_sitemap_lists_home_list_and_published_requests_only(client, world):
    entries = sitemap_entries(client)

    published = [world["open"], world["reunited"]]
    assert set(entries) == {
        "http://testserver/",
        "http://testserver/requests/",
        *(f"http://testserver{post.get_absolute_url()}" for post in published),
    }
    for post in published:
        assert entries[f"http://testserver{post.get_absolute_url()}"] == post.last_activity_at.date().isoformat()
    for post in world["hidden"]:
        assert f"http://testserver{post.get_absolute_url()}" not in entries


def test_sitemap_is_an_index_of_pages_of_at_most_the_limit(client, db, monkeypatch):
    from posts.reach.sitemaps import SITEMAP_PAGE_URLS, PostSitemap

    assert SITEMAP_PAGE_URLS == 5000
    monkeypatch.setattr(PostSitemap, "limit", 2)
    posts = [PostFactory() for _ in range(5)]
    PostFactory(moderation=Moderation.HIDDEN)

    index = client.get("/sitemap.xml").text
    assert "http://testserver/sitemap-requests.xml</loc>" in index
    assert "http://testserver/sitemap-requests.xml?p=3</loc>" in index
    assert "sitemap-requests.xml?p=4" not in index
    pages = [client.get("/sitemap-requests.xml", {"p": number}).text for number in (1, 2, 3)]
    assert [page.count("<url>") for page in pages] == [2, 2, 1]
    assert all(post.get_absolute_url() in "".join(pages) for post in posts)
    assert client.get("/sitemap-requests.xml", {"p": 4}).status_code == HTTPStatus.NOT_FOUND


def test_sitemap_url_is_named():
    assert reverse("sitemap") == "/sitemap.xml"


def test_robots_txt_allows_requests_and_photos_and_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for private in ("/admin/", "/accounts/", "/searches/", "/settings/"):
        assert f"Disallow: {private}" in lines
    disallowed = {line.split()[-1] for line in lines if line.startswith("Disallow:")}
    assert disallowed.isdisjoint({"/", "/photos/", "/requests/", "/feeds/"})
    assert "Sitemap: http://testserver/sitemap.xml" in lines


# Canonical links ----------------------------------------------------------------------------


def test_request_page_canonical_is_absolute_without_query_string(client, world):
    response = client.get(f"{world['open'].get_absolute_url()}?utm_source=x&page=2")

    assert link_href(response.text, "canonical") == [f"http://testserver{world['open'].get_absolute_url()}"]


def test_home_canonical(client, db):
    assert link_href(client.get("/").text, "canonical") == ["http://testserver/"]


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("", "http://testserver/requests/"),
        # The filter form sends every field; empty ones and unknown parameters are dropped.
        ("q=&met_country=&relationship=teacher&sort=best&utm_source=x", "/requests/?relationship=teacher&sort=best"),
        ("q=Simon&page=1", "/requests/?q=Simon"),
        ("q=Simon&page=2", "/requests/?q=Simon&page=2"),
        ("page=99", "/requests/?page=2"),  # beyond the last page: the page actually shown
    ],
)
def test_list_page_canonical_keeps_filters_and_later_page_numbers(client, db, settings, query, canonical):
    settings.RECONNECT_PAGE_SIZE = 2
    for number in range(3):
        PostFactory(title=f"Simon request {number}")

    response = client.get(f"/requests/?{query}")

    assert link_href(response.text, "canonical") == [
        canonical if canonical.startswith("http") else f"http://testserver{canonical}"
    ]


# Open Graph ---------------------------------------------------------------------------------


def test_request_page_open_graph_tags_with_the_first_photo(client, world):
    post = world["open"]
    second = PhotoFactory(post=post, order=2)
    first = PhotoFactory(post=post, order=1, alt_text="Simon with his cello")

    html = client.get(post.get_absolute_url()).text

    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:title") == [post.title]
    description = meta(html, "og:description")[0]
    assert description.startswith("We were in the same chemistry class. He played the cello & sang. He moved")
    assert "**" not in description and len(description) <= 200
    assert meta(html, "og:url") == [f"http://testserver{post.get_absolute_url()}"]
    assert meta(html, "og:image") == [f"http://testserver{first.get_image_url()}"]
    assert first.get_image_url().endswith("/full/")
    assert second.get_image_url() not in html.split("<body")[0]
    assert meta(html, "og:image:alt") == ["Simon with his cello"]
    assert meta(html, "og:site_name") == ["Reconnect"]
    assert meta(html, "og:locale") == ["en_US"]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert meta(html, "robots") == []


def test_open_graph_description_is_cut_to_about_200_characters(client, db):
    post = PostFactory(story="word " * 200)

    description = meta(client.get(post.get_absolute_url()).text, "og:description")[0]

    assert 150 < len(description) <= 200
    assert description.endswith("…")


def test_request_page_without_photos_has_a_summary_card_and_no_image(client, world):
    html = client.get(world["reunited"].get_absolute_url()).text

    assert meta(html, "og:image") == []
    assert meta(html, "twitter:card") == ["summary"]


def test_open_graph_locale_follows_the_reader_language(client, world, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    assert meta(client.get(world["open"].get_absolute_url()).text, "og:locale") == ["zh_CN"]


def test_request_page_links_its_comments_feed(client, world):
    html = client.get(world["open"].get_absolute_url()).text

    feed = reverse("posts:comments_feed", kwargs={"pk": world["open"].pk})
    assert re.search(rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="{feed}">', html)


# noindex ------------------------------------------------------------------------------------


@pytest.mark.parametrize("moderation", [Moderation.PENDING, Moderation.HIDDEN, Moderation.REMOVED])
@pytest.mark.parametrize("reader", ["author", "moderator"])
def test_unpublished_request_page_is_noindex_in_meta_and_header(world, moderator, moderation, reader):
    post = next(post for post in world["hidden"] if post.moderation == moderation)
    client = login(world["author"] if reader == "author" else moderator)
    PhotoFactory(post=post)

    response = client.get(post.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert meta(response.text, "robots") == ["noindex"]
    assert response["X-Robots-Tag"] == "noindex"
    assert meta(response.text, "og:title") == [] and meta(response.text, "og:image") == []
    assert post.title in HIDDEN_TITLES


def test_published_request_page_has_no_noindex_header(client, world):
    response = client.get(world["open"].get_absolute_url())

    assert "X-Robots-Tag" not in response
    assert meta(response.text, "robots") == []


# Feed links on the list page and home -------------------------------------------------------


def test_list_page_links_the_feed_for_its_current_filters(client, db):
    response = client.get("/requests/?q=Simon&met_country=US&relationship=&page=2")

    expected = "http://testserver/feeds/requests/?q=Simon&met_country=US"
    alternates = re.findall(
        r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">', response.text
    )
    assert [(title, unescape(href)) for title, href in alternates] == [("Feed of these requests", expected)]
    visible = re.search(r'<a class="feed-link" href="([^"]+)"[^>]*>Feed of these requests</a>', response.text)
    assert visible and unescape(visible.group(1)) == expected


def test_home_links_the_requests_and_reunions_feeds(client, db):
    html = client.get("/").text

    assert 'type="application/atom+xml" title="Reconnect: new requests" href="/feeds/requests/"' in html
    assert 'type="application/atom+xml" title="Reconnect: reunions" href="/feeds/reunions/"' in html
