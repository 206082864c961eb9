"""What members' pages keep between requests: the header's counts, the member's role, shared blocks of pages.

The caches are on here (the tests' local-memory cache, RECONNECT_PAGE_CACHE_SECONDS as in production): every
test reads a page once so that what it shows is kept, changes something, and reads it again at once.
"""

import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posts.contact import relay
from posts.models import Comment, Moderation, Post
from posts.moderation import actions
from posts.reach import notifications
from posts.requests import services
from tests.conftest import login
from tests.factories import CommentFactory, ModeratorFactory, PostFactory, UserFactory
from tests.reach.notifications.conftest import SECRET_LEAD

BADGE = re.compile(r'>(Notifications|Messages) <span class="count-badge">(\d+)<')


def header(client) -> dict[str, int]:
    """The header's unread counts as the member reads them on the home page (none shown: 0)."""
    response = client.get(reverse("home"))
    assert response.status_code == HTTPStatus.OK
    shown = dict.fromkeys(("Notifications", "Messages"), 0)
    shown.update({name: int(count) for name, count in BADGE.findall(response.text)})
    return shown


# The header's counts ----------------------------------------------------------------------------------------------


def test_a_new_notification_and_marking_it_read_change_the_header_at_once(looking_for, follower, helper, commit):
    client = login(follower)
    assert header(client) == {"Notifications": 0, "Messages": 0}  # kept now

    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
    assert header(client)["Notifications"] == 1

    notifications.mark_read(user=follower)
    assert header(client)["Notifications"] == 0


def test_opening_a_notification_from_the_page_lowers_the_count_at_once(looking_for, follower, helper, commit):
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
        services.add_comment(post=looking_for, author=helper, body="Or the church office.")
    client = login(follower)
    assert header(client)["Notifications"] == 2
    note = follower.notifications.order_by("pk").first()

    client.get(reverse("posts:notification_open", args=[note.pk]))

    assert header(client)["Notifications"] == 1


def test_a_hidden_comment_leaves_the_count_at_once(looking_for, follower, helper, moderator, commit):
    with commit():
        comment = services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
    client = login(follower)
    assert header(client)["Notifications"] == 1

    actions.hide_comment(comment=comment, by=moderator, reason="Spam")

    assert header(client)["Notifications"] == 0


def test_a_new_message_and_reading_it_change_the_header_at_once(looking_for, poster, helper, commit):
    poster_client = login(poster)
    assert header(poster_client)["Messages"] == 0

    with commit():
        conversation = relay.start_conversation(post=looking_for, by=helper, kind="i_know_them", body="Hello!")
    assert header(poster_client)["Messages"] == 1

    poster_client.get(reverse("posts:conversation", args=[conversation.pk]))
    assert header(poster_client)["Messages"] == 0

    helper_client = login(helper)
    assert header(helper_client)["Messages"] == 0
    with commit():
        relay.send_message(conversation=conversation, by=poster, body="Thank you, tell me more.")
    assert header(helper_client)["Messages"] == 1


def test_no_member_is_shown_another_members_counts(looking_for, follower, poster, helper, commit):
    bystander = UserFactory(display_name="Bea Bystander")
    bystander_client = login(bystander)
    assert header(bystander_client) == {"Notifications": 0, "Messages": 0}
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
        relay.start_conversation(post=looking_for, by=helper, kind="i_know_them", body="Hello!")

    assert header(login(follower))["Notifications"] == 1
    assert header(login(poster))["Messages"] == 1
    # Read after theirs were kept: still the bystander's own.
    assert header(bystander_client) == {"Notifications": 0, "Messages": 0}


def test_the_header_costs_no_query_once_kept(looking_for, follower):
    client = login(follower)
    client.get(reverse("home"))

    with CaptureQueriesContext(connection) as queries:
        header(client)

    counted = [query["sql"] for query in queries if "posts_notification" in query["sql"]]
    counted += [query["sql"] for query in queries if "posts_message" in query["sql"]]
    assert counted == []


# The member's role ------------------------------------------------------------------------------------------------


def moderation_link(client) -> bool:
    return 'href="/admin/"' in client.get(reverse("home")).text


def test_becoming_or_ceasing_to_be_a_moderator_shows_at_once(member):
    client = login(member)
    moderators = Group.objects.get(name="Moderators")
    assert not moderation_link(client)

    member.groups.add(moderators)
    assert moderation_link(client)

    moderators.user_set.remove(member)
    assert not moderation_link(client)


def test_a_group_losing_the_permission_takes_it_from_its_members_at_once(db):
    moderator = ModeratorFactory()
    client = login(moderator)
    assert moderation_link(client)

    Group.objects.get(name="Moderators").permissions.clear()

    assert not moderation_link(client)


def test_an_authenticator_app_makes_a_moderator_at_once_when_two_factor_is_required(settings, db):
    from allauth.mfa.models import Authenticator

    settings.RECONNECT_MODERATOR_MFA = True
    moderator = ModeratorFactory()
    client = login(moderator)
    assert not moderation_link(client)

    app = Authenticator.objects.create(user=moderator, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert moderation_link(client)

    app.delete()
    assert not moderation_link(client)


# Shared blocks of home, the list and a request's page -------------------------------------------------------------


def test_a_hidden_request_leaves_members_home_and_list_at_once(member, moderator):
    post = PostFactory(title="Looking for Zanzibar Quartet")
    client = login(member)
    for page in (reverse("home"), reverse("posts:list"), reverse("posts:list") + "?q=Zanzibar"):
        assert "Zanzibar Quartet" in client.get(page).text

    actions.hide_post(post=post, by=moderator, reason="Spam")

    for page in (reverse("home"), reverse("posts:list"), reverse("posts:list") + "?q=Zanzibar"):
        assert "Zanzibar Quartet" not in client.get(page).text, page


def test_members_list_keeps_their_own_forms_outside_the_shared_block(member):
    PostFactory(title="Looking for Zanzibar Quartet")
    other = UserFactory()
    first, second = login(member), login(other)
    first.get(reverse("posts:list") + "?q=Zanzibar&utm_source=secret-of-the-first")

    response = second.get(reverse("posts:list") + "?q=Zanzibar")

    assert "Zanzibar Quartet" in response.text
    assert "secret-of-the-first" not in response.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert token is not None  # the save-search form, with the reader's own token
    assert first.get(reverse("posts:list") + "?q=Zanzibar").text.count(token.group(1)) == 0


def test_a_hidden_comment_leaves_a_members_request_page_at_once(looking_for, helper, moderator):
    comment = CommentFactory(post=looking_for, author=helper, body="Try the Zanzibar choir archive.")
    Post.objects.filter(pk=looking_for.pk).update(moderation=Moderation.PUBLISHED)
    reader = login(UserFactory())
    assert "Zanzibar choir archive" in reader.get(looking_for.get_absolute_url()).text

    actions.hide_comment(comment=comment, by=moderator, reason="Spam")

    assert "Zanzibar choir archive" not in reader.get(looking_for.get_absolute_url()).text


@pytest.mark.parametrize("author_reads_first", [True, False])
def test_a_private_lead_never_reaches_another_member_through_a_kept_page(looking_for, poster, helper,
                                                                        author_reads_first):  # fmt: skip
    services.add_comment(post=looking_for, author=helper, body=SECRET_LEAD, is_lead=True, is_private=True)
    assert Comment.objects.get(body=SECRET_LEAD).is_published
    readers = [login(UserFactory()), login(UserFactory())]
    author, poster_client = login(helper), login(poster)
    order = [author, *readers] if author_reads_first else [*readers, author]

    seen = {id(client): SECRET_LEAD in client.get(looking_for.get_absolute_url()).text for client in order}

    assert seen[id(author)]
    assert not any(seen[id(reader)] for reader in readers)
    assert SECRET_LEAD in poster_client.get(looking_for.get_absolute_url()).text
    assert SECRET_LEAD not in readers[0].get(looking_for.get_absolute_url()).text


def test_a_members_own_controls_stay_their_own_on_a_shared_comments_block(looking_for, helper):
    CommentFactory(post=looking_for, author=helper, body="Try the Zanzibar choir archive.")
    reader = login(UserFactory())
    reader.get(looking_for.get_absolute_url())  # kept now, with a reader's links

    page = login(helper).get(looking_for.get_absolute_url()).text

    assert "Zanzibar choir archive" in page
    assert ">Delete</a>" in page  # the author's own, not the reader's kept block


# Queries: the same however much there is --------------------------------------------------------------------------


def warm_queries(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


@pytest.mark.parametrize("page", ["home", "list", "request"])
def test_members_pages_take_the_same_queries_for_small_and_large_data(member, page):
    viral = PostFactory(title="Looking for Katharina")
    counts = []
    for size in (2, 20):
        for _ in range(size):
            PostFactory()
            CommentFactory(post=viral, author=UserFactory(), is_lead=True)
        path = {"home": reverse("home"), "list": reverse("posts:list"), "request": viral.get_absolute_url()}[page]
        counts.append(warm_queries(login(member), path))
    assert counts[0] == counts[1]
    # Once kept: the session and the member, and on a request's page what is theirs alone (the request as they
    # may see it, its photos, following, whether they may comment and whether they wrote on it).
    assert counts[0] <= {"home": 2, "list": 2, "request": 10}[page]
