"""Finding requests: the list with its search, filters, sorts and pages; the home and profile pages."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.models import Moderation, Relationship, Status
from tests.factories import PhotoFactory, PostFactory, UserFactory

LIST_URL = "/requests/"


def listed(client, query: str = "") -> list[str]:
    response = client.get(f"{LIST_URL}?{query}" if query else LIST_URL)
    assert response.status_code == HTTPStatus.OK
    return [post.title for post in response.context["page"].object_list]


def test_list_url_is_the_named_route():
    assert reverse("posts:list") == LIST_URL


# Search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "stored", "query"),
    [
        ("sought_name", "Xiangcan Li", "xiangcan"),
        ("sought_other_names", "李响灿, Lee Hsiang-tsan", "李响灿"),
        ("sought_other_names", "李响灿, Lee Hsiang-tsan", "hsiang-tsan"),
        ("sought_nickname", "Cellokid", "CELLOKID"),
        ("title", "Looking for the boy with the yellow bicycle", "bicycle"),
        ("met_place", "Kaiser-Wilhelm-Gymnasium", "gymnasium"),
        ("met_city", "Shenzhen", "shenzhen"),
        ("story", "We sold dumplings at the night market together.", "dumplings"),
    ],
)
def test_search_finds_a_request_by_each_searched_field(client, db, field, stored, query):
    found = PostFactory(**{"title": "The one to find", field: stored})
    PostFactory(title="Someone else")

    assert listed(client, f"q={query}") == [found.title]


def test_search_needs_every_word_to_match_somewhere(client, db):
    PostFactory(title="Cello and Hamburg", sought_name="Simon", met_city="Hamburg")
    PostFactory(title="Only cello", sought_name="Simon", met_city="Munich")

    assert listed(client, "q=simon+hamburg") == ["Cello and Hamburg"]


def test_empty_search_lists_everything(client, db):
    PostFactory(title="First")
    PostFactory(title="Second")

    assert sorted(listed(client, "q=+++")) == ["First", "Second"]


@pytest.mark.parametrize("moderation", [Moderation.PENDING, Moderation.HIDDEN, Moderation.REMOVED])
@pytest.mark.parametrize("viewer", ["anonymous", "author", "moderator"])
def test_unpublished_requests_never_appear_in_list_or_search(client, member, moderator, moderation, viewer):
    PostFactory(author=member, title="Unpublished Zanzibar request", moderation=moderation)
    PostFactory(title="Published Zanzibar request")
    if viewer != "anonymous":
        client.force_login(member if viewer == "author" else moderator)

    assert listed(client) == ["Published Zanzibar request"]
    assert listed(client, "q=zanzibar") == ["Published Zanzibar request"]
    assert "Unpublished Zanzibar request" not in client.get(f"{LIST_URL}?q=Unpublished").text


# Filters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("met_country=CN", ["Met in China"]),
        ("now_country=CA", ["Now in Canada"]),
        ("relationship=teacher", ["A teacher"]),
        ("status=resolved", ["Reunited"]),
        ("status=closed", ["Closed"]),
        ("language=zh-hans", ["Writes Chinese"]),
        ("met_country=CN&relationship=teacher", []),
    ],
)
def test_filters_keep_only_matching_requests(client, db, query, expected):
    PostFactory(title="Met in China", met_country="CN")
    PostFactory(title="Now in Canada", now_country="CA")
    PostFactory(title="A teacher", relationship=Relationship.TEACHER)
    PostFactory(title="Reunited", status=Status.RESOLVED)
    PostFactory(title="Closed", status=Status.CLOSED)
    PostFactory(title="Writes Chinese", languages=["en", "zh-hans"])

    assert listed(client, query) == expected


def test_open_status_filter_leaves_out_reunited_and_closed(client, db):
    PostFactory(title="Open one")
    PostFactory(title="Reunited", status=Status.RESOLVED)
    PostFactory(title="Closed", status=Status.CLOSED)

    assert listed(client, "status=open") == ["Open one"]


def test_has_photos_filter_keeps_requests_with_photos(client, db):
    PhotoFactory(post=PostFactory(title="With photo"))
    PostFactory(title="Without photo")

    assert listed(client, "has_photos=on") == ["With photo"]
    assert sorted(listed(client, "has_photos=")) == ["With photo", "Without photo"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year_from=2008", {"2005–2008", "2010", "2012–2015", "until 2009"}),
        ("year_from=2009", {"2010", "2012–2015", "until 2009"}),
        ("year_to=2009", {"2005–2008", "until 2009"}),
        ("year_to=2012", {"2005–2008", "2010", "2012–2015", "until 2009"}),
        ("year_from=2009&year_to=2011", {"2010", "until 2009"}),
        ("year_from=2013&year_to=2013", {"2012–2015"}),
        ("year_from=2016", set()),
    ],
)
def test_year_filters_keep_requests_whose_years_overlap(client, db, query, expected):
    PostFactory(title="2005–2008", year_from=2005, year_to=2008)
    PostFactory(title="2010", year_from=2010, year_to=None)
    PostFactory(title="2012–2015", year_from=2012, year_to=2015)
    PostFactory(title="until 2009", year_from=None, year_to=2009)
    PostFactory(title="no years", year_from=None, year_to=None)

    assert set(listed(client, query)) == expected


# Sorting -------------------------------------------------------------------------------------


@pytest.fixture
def three_requests(db):
    now = timezone.now()
    PostFactory(
        title="Oldest, quiet",
        created_at=now - timedelta(days=30),
        published_at=now - timedelta(days=3),
        last_activity_at=now - timedelta(days=3),
    )
    PostFactory(
        title="Middle, busy",
        created_at=now - timedelta(days=20),
        published_at=now - timedelta(days=2),
        last_activity_at=now,
    )
    PostFactory(
        title="Newest",
        created_at=now - timedelta(days=10),
        published_at=now - timedelta(days=1),
        last_activity_at=now - timedelta(days=1),
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Newest", "Middle, busy", "Oldest, quiet"]),
        ("sort=newest", ["Newest", "Middle, busy", "Oldest, quiet"]),
        ("sort=active", ["Middle, busy", "Newest", "Oldest, quiet"]),
        ("sort=waiting", ["Oldest, quiet", "Middle, busy", "Newest"]),
        ("sort=bogus", ["Newest", "Middle, busy", "Oldest, quiet"]),
    ],
)
def test_sorts_order_the_list(client, three_requests, query, expected):
    assert listed(client, query) == expected


def test_invalid_filter_value_is_ignored_and_other_filters_and_sort_still_apply(client, three_requests):
    PostFactory(title="Elsewhere", met_country="FR", created_at=timezone.now() - timedelta(days=99))

    assert listed(client, "met_country=US&sort=waiting&year_from=abc") == ["Oldest, quiet", "Middle, busy", "Newest"]


# Pages ---------------------------------------------------------------------------------------


def test_pagination_links_keep_search_and_filters(client, db, settings):
    settings.RECONNECT_PAGE_SIZE = 2
    for number in range(5):
        PostFactory(title=f"Cellist number {number}", met_country="US")
    PostFactory(title="Violinist", met_country="US")
    PostFactory(title="Cellist in France", met_country="FR")

    first = client.get(f"{LIST_URL}?q=cellist&met_country=US")
    second = client.get(f"{LIST_URL}?q=cellist&met_country=US&page=2")

    assert first.context["page"].paginator.count == 5
    assert 'href="?q=cellist&amp;met_country=US&amp;page=2"' in first.text
    assert "Page 1 of 3" in first.text
    assert 'href="?q=cellist&amp;met_country=US&amp;page=1"' in second.text
    assert 'href="?q=cellist&amp;met_country=US&amp;page=3"' in second.text
    assert [p.title for p in second.context["page"]] == ["Cellist number 2", "Cellist number 1"]
    assert 'value="cellist"' in first.text


@pytest.mark.parametrize(
    "query",
    [
        "year_from=abc",
        "year_to=abc",
        "year_from=1e400",
        "year_from=99999999999999999999",
        "year_to=-5",
        "year_from=NaN",
        "year_from=2000.5",
        "met_country=XX",
        "now_country=%3Cscript%3E",
        "relationship=bogus",
        "status=bogus",
        "status=open&status=closed",
        "language=xx",
        "sort=bogus",
        "has_photos=maybe",
        "page=999",
        "page=-1",
        "page=abc",
        "page=0",
        "q=%00",
        "q=%25",
        "q=_",
        "q=" + "word+" * 300,
        "q=%E2%80%8B",
    ],
)
def test_invalid_list_parameters_never_break_the_page(client, post, query):
    response = client.get(f"{LIST_URL}?{query}")

    assert response.status_code == HTTPStatus.OK


def test_page_beyond_the_last_shows_the_last_page(client, db, settings):
    settings.RECONNECT_PAGE_SIZE = 2
    for number in range(3):
        PostFactory(title=f"Request {number}")

    response = client.get(f"{LIST_URL}?page=999")

    assert response.context["page"].number == 2


# Home ----------------------------------------------------------------------------------------


def test_home_shows_newest_open_requests_and_latest_reunions(client, db):
    now = timezone.now()
    for number in range(8):
        PostFactory(title=f"Open {number}", published_at=now - timedelta(hours=number))
    for number in range(5):
        PostFactory(title=f"Reunion {number}", status=Status.RESOLVED, resolved_at=now - timedelta(hours=number))
    PostFactory(title="Closed one", status=Status.CLOSED)

    response = client.get(reverse("home"))

    assert response.status_code == HTTPStatus.OK
    assert [p.title for p in response.context["newest"]] == [f"Open {n}" for n in range(6)]
    assert [p.title for p in response.context["reunions"]] == [f"Reunion {n}" for n in range(4)]
    assert "Open 0" in response.text
    assert "Reunion 0" in response.text
    assert "Closed one" not in response.text


@pytest.mark.parametrize("moderation", [Moderation.PENDING, Moderation.HIDDEN, Moderation.REMOVED])
@pytest.mark.parametrize("status", [Status.OPEN, Status.RESOLVED])
def test_home_never_shows_unpublished_requests(client, member, moderation, status):
    PostFactory(author=member, title="Unpublished Zanzibar", moderation=moderation, status=status)
    client.force_login(member)

    response = client.get(reverse("home"))

    assert list(response.context["newest"]) == []
    assert list(response.context["reunions"]) == []
    assert "Unpublished Zanzibar" not in response.text


# Profile -------------------------------------------------------------------------------------


@pytest.fixture
def person_with_requests(db):
    person = UserFactory(display_name="Pia")
    PostFactory(author=person, title="Pia published")
    PostFactory(author=person, title="Pia reunited", status=Status.RESOLVED)
    PostFactory(author=person, title="Pia pending", moderation=Moderation.PENDING, published_at=None)
    PostFactory(author=person, title="Pia hidden", moderation=Moderation.HIDDEN)
    PostFactory(author=person, title="Pia removed", moderation=Moderation.REMOVED)
    PostFactory(title="Someone else's request")
    return person


ALL_OF_PIA = {"Pia published", "Pia reunited", "Pia pending", "Pia hidden", "Pia removed"}


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("anonymous", {"Pia published", "Pia reunited"}),
        ("stranger", {"Pia published", "Pia reunited"}),
        ("owner", ALL_OF_PIA),
        ("moderator", ALL_OF_PIA),
    ],
)
def test_profile_lists_the_requests_the_viewer_may_see(
    client, person_with_requests, stranger, moderator, viewer, expected
):
    viewers = {"stranger": stranger, "owner": person_with_requests, "moderator": moderator}
    if viewer in viewers:
        client.force_login(viewers[viewer])

    response = client.get(reverse("accounts:profile", kwargs={"pk": person_with_requests.pk}))

    assert response.status_code == HTTPStatus.OK
    assert {p.title for p in response.context["posts"]} == expected
    for title in ALL_OF_PIA - expected:
        assert title not in response.text
    assert "Someone else's request" not in response.text


def test_profile_of_a_banned_person_is_not_found_for_others(client, db):
    banned = UserFactory(is_active=False)

    assert client.get(reverse("accounts:profile", kwargs={"pk": banned.pk})).status_code == HTTPStatus.NOT_FOUND
