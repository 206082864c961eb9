"""A request's leads and comments, paged: the order they read in, the links to each, and a page that costs
the same whether the request has 5 comments or 5,000."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from posts.models import Comment, Moderation, Post
from posts.requests import services
from tests.factories import CommentFactory, PostFactory, UserFactory

# What a page of comments costs and shows as made; the page cache in front of it is tests/reach/test_page_cache.py's.
pytestmark = pytest.mark.usefixtures("no_page_cache")

# What a list of names and HTML looks like in the page: `id="comment-<pk>"` in reading order.
ANCHOR = 'id="comment-'


def add_comments(post: Post, count: int, authors, *, start=None) -> list[Comment]:
    """`count` comments in one insert, a minute apart: every 16th a lead, every 128th a private one."""
    start = start or timezone.now() - timedelta(minutes=count)
    return Comment.objects.bulk_create(
        Comment(
            post=post,
            author=authors[number % len(authors)],
            body=f"Comment **{number}**",
            is_lead=number % 16 == 0,
            is_private=number % 128 == 0,
            created_at=start + timedelta(minutes=number),
        )
        for number in range(count)
    )


def shown(response) -> list[int]:
    """The primary keys of the comments on the page, in the order shown."""
    text = response.text
    pks = []
    position = text.find(ANCHOR)
    while position != -1:
        end = text.index('"', position + len(ANCHOR))
        if text[position + len(ANCHOR) : end].isdigit():  # Not the comment form's own id="comment-form".
            pks.append(int(text[position + len(ANCHOR) : end]))
        position = text.find(ANCHOR, end)
    return pks


@pytest.fixture
def poster(db):
    return UserFactory(display_name="Poster")


@pytest.fixture
def request_post(poster):
    return PostFactory(author=poster)


# Reading order and pages ----------------------------------------------------------------------


def test_leads_come_first_newest_first_then_the_conversation_oldest_first(client, request_post, member, settings):
    settings.RECONNECT_COMMENTS_PAGE_SIZE = 50
    now = timezone.now()
    old_comment = CommentFactory(post=request_post, author=member, created_at=now - timedelta(hours=5))
    old_lead = CommentFactory(post=request_post, author=member, is_lead=True, created_at=now - timedelta(hours=4))
    new_comment = CommentFactory(post=request_post, author=member, created_at=now - timedelta(hours=3))
    new_lead = CommentFactory(post=request_post, author=member, is_lead=True, created_at=now - timedelta(hours=2))

    response = client.get(request_post.get_absolute_url())

    assert shown(response) == [new_lead.pk, old_lead.pk, old_comment.pk, new_comment.pk]
    assert "4 leads and comments" in response.text


def test_comments_are_paged_with_links_that_keep_the_query_and_need_no_script(
    client, request_post, member, settings
):
    settings.RECONNECT_COMMENTS_PAGE_SIZE = 3
    comments = add_comments(request_post, 8, [member])  # Leads: the first only (number 0), private too.
    public = [comment for comment in comments if not comment.is_private]
    url = request_post.get_absolute_url()

    first = client.get(url)
    second = client.get(f"{url}?utm_source=mail&comments=2")
    last = client.get(f"{url}?comments=3")

    assert shown(first) + shown(second) + shown(last) == [comment.pk for comment in public]
    assert 'rel="next" href="?comments=2#comments"' in first.text
    assert 'rel="prev" href="?utm_source=mail&amp;comments=1#comments"' in second.text
    assert 'rel="next" href="?utm_source=mail&amp;comments=3#comments"' in second.text
    assert 'rel="next"' not in last.text
    assert "Page 2 of 3" in second.text
    assert shown(client.get(f"{url}?comments=99")) == shown(last)  # Past the end: the last page.
    assert shown(client.get(f"{url}?comments=nonsense")) == shown(first)


def test_private_leads_and_pending_comments_stay_seen_only_by_whom_they_were(
    client, request_post, poster, member, stranger, moderator, settings
):
    settings.RECONNECT_COMMENTS_PAGE_SIZE = 50
    private = CommentFactory(post=request_post, author=member, is_lead=True, is_private=True)
    pending = CommentFactory(post=request_post, author=stranger, moderation=Moderation.PENDING)
    public = CommentFactory(post=request_post, author=member)
    expected = {
        None: {public.pk},
        poster: {public.pk, private.pk},
        member: {public.pk, private.pk},
        stranger: {public.pk, pending.pk},
        moderator: {public.pk, private.pk, pending.pk},
    }
    for reader, pks in expected.items():
        client.logout()
        if reader is not None:
            client.force_login(reader)
        response = client.get(request_post.get_absolute_url())
        assert set(shown(response)) == pks, reader
        assert Comment.objects.visible_to(reader, request_post).thread().count() == len(pks)


# Links to one comment -----------------------------------------------------------------------


def test_a_comment_link_lands_on_the_page_that_holds_it_for_that_reader(
    client, request_post, poster, member, stranger, settings
):
    settings.RECONNECT_COMMENTS_PAGE_SIZE = 3
    comments = add_comments(request_post, 8, [member])
    private_lead, third, last = comments[0], comments[3], comments[7]
    assert private_lead.is_private
    url = request_post.get_absolute_url()

    # The poster reads the private lead first, so the others move one place down for them.
    client.force_login(poster)
    assert client.get(last.get_absolute_url()).url == f"{url}?comments=3#comment-{last.pk}"
    assert client.get(third.get_absolute_url()).url == f"{url}?comments=2#comment-{third.pk}"
    assert client.get(private_lead.get_absolute_url()).url == f"{url}#comment-{private_lead.pk}"
    client.force_login(stranger)
    assert client.get(last.get_absolute_url()).url == f"{url}?comments=3#comment-{last.pk}"
    assert client.get(third.get_absolute_url()).url == f"{url}#comment-{third.pk}"
    # Someone who may not read it is sent to the request, and a visitor to log in first.
    assert client.get(private_lead.get_absolute_url()).url == url
    client.logout()
    login = client.get(private_lead.get_absolute_url())
    assert login.status_code == HTTPStatus.FOUND
    assert login.url.startswith(reverse("account_login"))
    assert f"next=/comments/{private_lead.pk}/" in login.url
    assert client.get(reverse("posts:comment", kwargs={"pk": 10**9})).status_code == HTTPStatus.NOT_FOUND


def test_a_comment_on_a_hidden_request_is_not_found(stranger_client, request_post, member):
    comment = CommentFactory(post=request_post, author=member)
    Post.objects.filter(pk=request_post.pk).update(moderation=Moderation.HIDDEN)

    assert stranger_client.get(comment.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_after_posting_the_author_lands_on_the_page_with_their_comment(
    stranger_client, stranger, request_post, member, settings
):
    settings.RECONNECT_COMMENTS_PAGE_SIZE = 3
    add_comments(request_post, 8, [member])
    url = request_post.get_absolute_url()

    response = stranger_client.post(
        reverse("posts:comment_create", kwargs={"pk": request_post.pk}), {"body": "Try the rowing club."}
    )
    lead = stranger_client.post(
        reverse("posts:comment_create", kwargs={"pk": request_post.pk}), {"body": "He rows.", "is_lead": "on"}
    )

    comment, new_lead = Comment.objects.filter(author=stranger).order_by("pk")
    assert response.url == f"{url}?comments=3#comment-{comment.pk}"  # 7 public before it: page 3.
    assert comment.pk in shown(stranger_client.get(response.url))
    assert lead.url == f"{url}#comment-{new_lead.pk}"  # The newest lead opens page 1.


def test_emails_and_feeds_give_the_comments_absolute_address(
    stranger_client, request_post, mailoutbox, django_capture_on_commit_callbacks, client, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        stranger_client.post(
            reverse("posts:comment_create", kwargs={"pk": request_post.pk}), {"body": "In Kiel.", "is_lead": "on"}
        )
    lead = Comment.objects.get(post=request_post)

    address = f"{settings.RECONNECT_SITE_URL.rstrip('/')}/comments/{lead.pk}/"
    assert address in mailoutbox[0].body
    feed = client.get(reverse("posts:comments_feed", kwargs={"pk": request_post.pk}))
    assert f"http://testserver/comments/{lead.pk}/" in feed.text


# Queries: the same for 5 comments and 5,000 -------------------------------------------------


@pytest.fixture(params=["anonymous", "member", "poster", "moderator"])
def reader(request, client, member, poster, moderator):
    person = {"anonymous": None, "member": member, "poster": poster, "moderator": moderator}[request.param]
    if person is not None:
        client.force_login(person)
    return client


def test_request_page_queries_are_the_same_for_5_comments_and_5000_on_any_page(
    reader, poster, member, stranger, settings, django_assert_num_queries
):
    settings.RECONNECT_COMMENTS_PAGE_SIZE = 50
    authors = [member, stranger, UserFactory(), poster]  # The reader's own comments ask more of the filters.
    few = PostFactory(author=poster)
    add_comments(few, 5, authors, start=timezone.now() - timedelta(minutes=5))
    many = PostFactory(author=poster)
    add_comments(many, 5000, authors, start=timezone.now() - timedelta(minutes=5))
    reader.get(few.get_absolute_url())  # Warm up per-process caches (content types, sessions).

    with CaptureQueriesContext(connection) as small:
        response = reader.get(few.get_absolute_url())
    assert response.status_code == HTTPStatus.OK

    for url in (many.get_absolute_url(), f"{many.get_absolute_url()}?comments=60"):
        with django_assert_num_queries(len(small)):
            page = reader.get(url)
        assert len(shown(page)) == 50, url  # A full page, on page 1 and far into the thread.


def test_counts_are_one_query(request_post, member, django_assert_num_queries):
    add_comments(request_post, 40, [member])

    with django_assert_num_queries(1):
        counts = Comment.objects.visible_to(None, request_post).thread().counts

    assert (counts.total, counts.leads, counts.comments) == (39, 2, 37)  # Number 0 is a private lead.


# Markdown, rendered once and stored sanitised ---------------------------------------------------

HOSTILE = (
    '<script>alert("x")</script> **bold** [click](javascript:alert(1)) '
    '<img src=x onerror="alert(2)"> [fine](https://example.org)'
)


def assert_sanitised(html: str) -> None:
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html and "<img" not in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer ugc">fine</a>' in html


def test_hostile_markdown_is_stored_sanitised_and_the_page_shows_the_stored_html(
    stranger_client, stranger, request_post
):
    stranger_client.post(reverse("posts:comment_create", kwargs={"pk": request_post.pk}), {"body": HOSTILE})

    comment = Comment.objects.get(post=request_post)
    assert_sanitised(comment.body_html)
    page = stranger_client.get(request_post.get_absolute_url()).text
    assert comment.body_html in page
    assert "<script>alert" not in page
    # The page shows what is stored, not the body rendered again.
    Comment.objects.filter(pk=comment.pk).update(body_html="<p>stored</p>")
    assert "<p>stored</p>" in stranger_client.get(request_post.get_absolute_url()).text


def test_editing_a_comment_renders_its_stored_html_again(stranger, request_post):
    comment = services.add_comment(post=request_post, author=stranger, body="First *draft*")
    assert comment.body_html == "<p>First <em>draft</em></p>"

    services.edit_comment(comment=comment, by=stranger, body="Second **go**")

    comment.refresh_from_db()
    assert comment.body_html == "<p>Second <strong>go</strong></p>"


def test_the_story_is_stored_sanitised_and_an_edit_renders_it_again(member_client, member):
    post = PostFactory(author=member, story=HOSTILE)
    assert_sanitised(Post.objects.get(pk=post.pk).story_html)

    services.edit_post(post=post, by=member, data={"story": "Now *calm*"})

    post.refresh_from_db()
    assert post.story_html == "<p>Now <em>calm</em></p>"
    assert "<p>Now <em>calm</em></p>" in member_client.get(post.get_absolute_url()).text


def test_stored_html_is_escaped_when_it_did_not_come_from_the_database():
    """Only what the field read from the database is marked safe; a value set by hand is not."""
    from django.template import Context, Template

    comment = Comment(body="x", body_html="<b>by hand</b>")

    assert Template("{{ comment.body_html }}").render(Context({"comment": comment})) == "&lt;b&gt;by hand&lt;/b&gt;"


def test_the_migration_fills_rows_written_before_it(request_post, member):
    from importlib import import_module

    from django.apps import apps

    comment = CommentFactory(post=request_post, author=member, body="Old *one*")
    Comment.objects.filter(pk=comment.pk).update(body_html="")
    Post.objects.filter(pk=request_post.pk).update(story_html="")

    import_module("posts.migrations.0017_comments_stored_html").render_stored_html(apps, None)

    assert Comment.objects.get(pk=comment.pk).body_html == "<p>Old <em>one</em></p>"
    assert Post.objects.get(pk=request_post.pk).story_html.startswith("<p>We were in the same chemistry class.")
