"""Pages kept for anonymous readers: one copy serves every visitor, and what a moderator hides leaves it at once.

Each test warms the pages as an anonymous visitor, checks that the kept copy is what the next visitor gets
(no query at all), acts through the real service, then reads every page again.
"""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from posts.models import Notification, NotificationKind, PostMatch, ReportReason
from posts.moderation.actions import ban_user, hide_comment, hide_post
from posts.moderation.reports import report_content
from posts.reach import pagecache as rules
from reconnect import pagecache
from tests.conftest import login
from tests.factories import CommentFactory, PhotoFactory, PostFactory, UserFactory

TITLE = "Looking for Simon Okonkwo-Lindqvist"
LEAD = "Simon sang in the Hamburg harbour choir in 2019."


@pytest.fixture(autouse=True)
def _back_to_english():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def author(db):
    return UserFactory(display_name="Katharina")


@pytest.fixture
def viral(author):
    post = PostFactory(author=author, title=TITLE, sought_name="Simon Okonkwo")
    PhotoFactory.create_batch(2, post=post)
    CommentFactory(post=post, body=LEAD, is_lead=True)
    PostFactory(title="Looking for my host family in Lyon", sought_name="Famille Moreau")
    return post


def pages_of(post) -> dict[str, str]:
    return {
        "home": reverse("home"),
        "list": reverse("posts:list"),
        "search": f"{reverse('posts:list')}?q=Simon",
        "request": post.get_absolute_url(),
        "requests feed": reverse("posts:requests_feed"),
        "comments feed": reverse("posts:comments_feed", args=[post.pk]),
        "sitemap index": reverse("sitemap"),
        "sitemap page": reverse("sitemap_section", args=["requests"]),
    }


def warm(client, urls, django_assert_num_queries) -> dict[str, str]:
    """Read every page twice; the second read must be the kept copy, served without the database."""
    bodies = {}
    for name, url in urls.items():
        first = client.get(url)
        assert first.status_code == HTTPStatus.OK, name
        assert first[pagecache.HIT_HEADER] == "miss", name
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second[pagecache.HIT_HEADER] == "hit", name
        assert second.content == first.content, name
        bodies[name] = second.content.decode()
    return bodies


def test_a_hidden_request_leaves_every_kept_page_at_once(client, viral, moderator, django_assert_num_queries):
    urls = pages_of(viral)
    bodies = warm(client, urls, django_assert_num_queries)
    for name in ("home", "list", "search", "request", "requests feed"):
        assert "Simon Okonkwo-Lindqvist" in bodies[name], name
    for name in ("sitemap page", "request"):
        assert viral.get_absolute_url() in bodies[name], name

    hide_post(post=viral, by=moderator, reason="The person sought asked us to.")

    for name in ("home", "list", "search", "requests feed", "sitemap page"):
        response = client.get(urls[name])
        assert response.status_code == HTTPStatus.OK, name
        assert "Okonkwo" not in response.text, name
        assert viral.get_absolute_url() not in response.text, name
    for name in ("request", "comments feed"):
        assert client.get(urls[name]).status_code == HTTPStatus.NOT_FOUND, name
    # The index is made again too (a page fewer, a different lastmod): not the copy from before.
    assert client.get(urls["sitemap index"])[pagecache.HIT_HEADER] == "miss"


def test_a_hidden_comment_leaves_the_kept_request_page_and_feed_at_once(
    client, viral, moderator, django_assert_num_queries
):
    urls = {name: pages_of(viral)[name] for name in ("request", "comments feed")}
    bodies = warm(client, urls, django_assert_num_queries)
    assert all("Hamburg harbour choir" in body for body in bodies.values())

    hide_comment(comment=viral.comments.get(), by=moderator, reason="Spam")

    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, name
        assert "Hamburg harbour choir" not in response.text, name


def test_photos_withheld_by_a_removal_request_leave_every_kept_page_at_once(
    client, viral, stranger, django_assert_num_queries
):
    urls = {name: pages_of(viral)[name] for name in ("home", "list", "search", "request")}
    photos = [photo.get_thumbnail_url() for photo in viral.photos.all()]
    bodies = warm(client, urls, django_assert_num_queries)
    for name, body in bodies.items():
        assert photos[0] in body, name

    report_content(reporter=stranger, post=viral, reason=ReportReason.THIS_IS_ME)

    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, name
        assert not any(photo in response.text for photo in photos), name
        assert "Okonkwo" in response.text, name  # The request itself stays.


def test_banning_the_author_empties_every_kept_page(client, viral, author, moderator, django_assert_num_queries):
    urls = pages_of(viral)
    other = PostFactory(title="Looking for Mrs Li, my teacher")
    CommentFactory(post=other, author=author, body="Katharina's lead on another request")
    urls["other request"] = other.get_absolute_url()
    warm(client, urls, django_assert_num_queries)

    ban_user(user=author, by=moderator, reason="Harassment")

    for name in ("home", "list", "search", "requests feed", "sitemap page"):
        assert "Okonkwo" not in client.get(urls[name]).text, name
    assert client.get(urls["request"]).status_code == HTTPStatus.NOT_FOUND
    assert "Katharina's lead" not in client.get(urls["other request"]).text


@pytest.mark.parametrize("page", ["home", "list", "request"])
def test_anonymous_pages_set_no_cookie_carry_no_token_and_one_copy_serves_everyone(client, viral, page):
    url = pages_of(viral)[page]
    first = client.get(url)
    assert first[pagecache.HIT_HEADER] == "miss"
    assert not first.cookies
    assert "csrfmiddlewaretoken" not in first.text
    assert "csrftoken" not in first.text

    other_visitor = Client()
    other_visitor.cookies["tracker"] = "someone-else"
    second = other_visitor.get(url)
    assert second[pagecache.HIT_HEADER] == "hit"
    assert second.content == first.content


def test_a_query_string_is_kept_as_the_filters_read_it(client, viral, django_assert_num_queries):
    plain = client.get(reverse("posts:list"), {"q": "Simon", "sort": "newest"})
    assert plain[pagecache.HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        same = client.get(f"{reverse('posts:list')}?utm_source=x&sort=newest&met_country=&q=Nobody&q=Simon+")
    assert same[pagecache.HIT_HEADER] == "hit"
    assert same.content == plain.content
    assert "utm_source" not in same.text
    assert client.get(reverse("posts:list"), {"q": "Simon", "page": "2"})[pagecache.HIT_HEADER] == "miss"


def test_each_language_has_its_own_copy(client, viral):
    assert '<html lang="en"' in client.get(reverse("home")).text

    chinese = Client()
    chinese.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = chinese.get(reverse("home"))
    assert response[pagecache.HIT_HEADER] == "miss"
    assert '<html lang="zh-Hans"' in response.text
    assert "最新寻人启事" in response.text  # "Newest requests"
    assert '<html lang="zh-Hans"' in chinese.get(reverse("home")).text

    again = client.get(reverse("home"))
    assert again[pagecache.HIT_HEADER] == "hit"
    assert '<html lang="en"' in again.text


def test_members_never_get_the_anonymous_copy_nor_each_others(client, viral, member, stranger):
    for url in pages_of(viral).values():
        client.get(url)
    Notification.objects.create(recipient=member, kind=NotificationKind.NEW_LEAD, post=viral)
    member_client, stranger_client = login(member), login(stranger)

    for url in (reverse("home"), reverse("posts:list"), viral.get_absolute_url()):
        mine, theirs = member_client.get(url), stranger_client.get(url)
        for response in (mine, theirs):
            assert pagecache.HIT_HEADER not in response
            assert "Log out" in response.text
            assert "Log in" not in response.text
        assert '<span class="count-badge">1' in mine.text
        assert "count-badge" not in theirs.text
    # Nor is a member's page kept for anonymous readers.
    fresh = PostFactory(title="Looking for the airport worker in Doha")
    login(member).get(fresh.get_absolute_url())
    anonymous = client.get(fresh.get_absolute_url())
    assert anonymous[pagecache.HIT_HEADER] == "miss"
    assert "Log in" in anonymous.text


def test_a_reader_with_a_message_waiting_gets_it_not_the_kept_copy(client, viral, member):
    client.get(reverse("home"))
    leaving = login(member)
    response = leaving.post(reverse("account_logout"), follow=True)
    assert response.request["PATH_INFO"] == reverse("home")
    assert "You are logged out." in response.text
    assert pagecache.HIT_HEADER not in response
    assert "You are logged out." not in client.get(reverse("home")).text


def test_the_match_panel_is_kept_for_members_and_follows_the_request_it_names(viral, member, moderator):
    partner = PostFactory(title="Looking for the girl from Hamburg harbour", sought_name="Lindqvist")
    PostMatch.objects.create(post=viral, other=partner, score=80, evidence=[{"kind": "place", "place": "Hamburg"}])
    reader = login(member)
    assert partner.title in reader.get(viral.get_absolute_url()).text

    with CaptureQueriesContext(connection) as queries:
        again = reader.get(viral.get_absolute_url())
    assert partner.title in again.text
    assert not any("posts_postmatch" in query["sql"] for query in queries.captured_queries)

    hide_post(post=partner, by=moderator, reason="Spam")

    assert partner.title not in reader.get(viral.get_absolute_url()).text


def test_a_story_consent_withdrawn_leaves_the_kept_request_page(client, db):
    from posts.contact.stories import set_story_consent
    from tests.contact.consent.helpers import consenting_conversation

    post = PostFactory(status="resolved", resolved_note="We met again in Wuhan!")
    conversation = consenting_conversation(post)
    assert "We met again in Wuhan!" in client.get(post.get_absolute_url()).text

    set_story_consent(conversation=conversation, by=conversation.starter, agree=False)

    assert "We met again in Wuhan!" not in client.get(post.get_absolute_url()).text


def test_with_no_lifetime_nothing_is_kept(client, viral, settings):
    settings.RECONNECT_PAGE_CACHE_SECONDS = 0
    client.get(reverse("home"))
    response = client.get(reverse("home"))
    assert pagecache.HIT_HEADER not in response



def test_a_kept_page_is_served_before_the_middleware_with_every_header_it_was_made_with(client, viral):
    url = viral.get_absolute_url()
    made = client.get(url)
    assert made[pagecache.HIT_HEADER] == "miss"

    again = client.get(url)

    assert again[pagecache.HIT_HEADER] == "hit"
    # Served before AuthenticationMiddleware (no request.user) and the URLconf (no resolver_match) ran.
    assert not hasattr(again.wsgi_request, "user")
    assert again.wsgi_request.resolver_match is None
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "Vary", "Content-Type"):
        assert again[header] == made[header], header
    assert again.content == made.content


def test_a_reader_with_a_session_goes_the_long_way_and_still_gets_the_kept_copy(client, viral):
    url = viral.get_absolute_url()
    client.get(url)
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"

    response = client.get(url)

    assert response[pagecache.HIT_HEADER] == "hit"
    assert hasattr(response.wsgi_request, "user")  # The whole stack ran: the session could have been a member's.


def test_a_page_kept_before_the_middleware_is_stale_once_what_it_shows_is_bumped(client, viral, moderator):
    url = viral.get_absolute_url()
    client.get(url)
    assert client.get(url)[pagecache.HIT_HEADER] == "hit"

    hide_comment(comment=viral.comments.get(), by=moderator, reason="Spam")

    response = client.get(url)
    assert response[pagecache.HIT_HEADER] == "miss"
    assert LEAD not in response.text


def test_feeds_and_sitemaps_serve_members_the_one_public_copy(client, viral, author):
    private = CommentFactory(post=viral, body="My number is on the card I gave you.", is_lead=True, is_private=True)
    poster = login(author)
    urls = [
        reverse("posts:requests_feed"),
        reverse("posts:comments_feed", args=[viral.pk]),
        reverse("sitemap"),
        reverse("sitemap_section", args=["requests"]),
    ]
    for url in urls:
        made = client.get(url)
        assert made[pagecache.HIT_HEADER] == "miss", url

        mine = poster.get(url)

        assert mine[pagecache.HIT_HEADER] == "hit", url
        assert mine.content == made.content, url
    assert private.body not in poster.get(reverse("posts:comments_feed", args=[viral.pk])).text
    # With a language chosen on the device, a member's feed is served before the middleware.
    poster.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    early = poster.get(urls[0])
    assert early[pagecache.HIT_HEADER] == "hit"
    assert not hasattr(early.wsgi_request, "user")
    # Pages with the reader in them never are.
    assert pagecache.HIT_HEADER not in poster.get(viral.get_absolute_url())


def test_a_page_this_process_keeps_is_served_asking_the_shared_cache_only_for_versions(client, viral, monkeypatch):
    url = viral.get_absolute_url()
    client.get(url)

    shared_get = pagecache.cache.get

    def no_copy_from_the_shared_cache(key, *args, **kwargs):
        if not key.startswith(pagecache.VERSION_PREFIX):
            raise AssertionError(f"read {key} from the shared cache")
        return shared_get(key, *args, **kwargs)  # The local-memory cache's get_many reads through get.

    monkeypatch.setattr(pagecache.cache, "get", no_copy_from_the_shared_cache)
    response = client.get(url)

    assert response[pagecache.HIT_HEADER] == "hit"
    assert viral.title in response.text


def test_another_process_serves_the_shared_copy_and_keeps_it_itself(client, viral):
    url = viral.get_absolute_url()
    client.get(url)
    other_process = Client()  # Its own middleware, so its own LocalPages.

    response = other_process.get(url)

    assert response[pagecache.HIT_HEADER] == "hit"
    assert not hasattr(response.wsgi_request, "user")


def test_this_process_keeps_pages_within_its_limit_least_recently_used_out_first(settings):
    settings.RECONNECT_PAGE_CACHE_SECONDS = 300
    local = pagecache.LocalPages(limit=250)
    page = (200, b"x" * 100, {}, {}, False)
    local.put("a", page)
    local.put("b", page)
    assert local.get("a") is page  # "a" is now the most recently used.

    local.put("c", page)

    assert local.get("b") is None
    assert local.get("a") is page and local.get("c") is page
    assert local.size == 200
    local.put("huge", (200, b"x" * 300, {}, {}, False))
    assert local.get("huge") is None


def test_this_process_keeps_a_page_no_longer_than_the_page_cache_lifetime(settings, monkeypatch):
    settings.RECONNECT_PAGE_CACHE_SECONDS = 300
    local = pagecache.LocalPages(limit=1000)
    now = 1000.0
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: now)
    local.put("a", (200, b"page", {}, {}, False))
    now += 299
    assert local.get("a") is not None
    now += 2
    assert local.get("a") is None
    assert local.size == 0

# The mechanism ------------------------------------------------------------------------------------------------------


def test_a_bump_in_a_transaction_bumps_again_once_at_commit(db, django_capture_on_commit_callbacks):
    before = pagecache.versions(["listing", "request:1"])
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for _ in range(100):
            rules.request_changed(1)
        during = pagecache.versions(["listing", "request:1"])
    assert len(callbacks) == 1
    assert all(now != then for now, then in zip(during, before, strict=True))
    callbacks[0]()
    assert all(now != then for now, then in zip(pagecache.versions(["listing", "request:1"]), during, strict=True))


def test_a_forgotten_version_is_never_made_up_again_the_same(db):
    from django.core.cache import cache

    first = pagecache.versions(["listing"])
    cache.delete(pagecache.VERSION_PREFIX + "listing")
    assert pagecache.versions(["listing"]) != first
