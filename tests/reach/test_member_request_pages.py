"""A member's request page made from kept parts: the request, its photos, its actions and comment form, and what
is the member's own (may they write, do they follow it, did they write on it), all read from the cache.

Every test reads the page once to warm what is kept, checks that the next read asks the database nothing,
then changes something through the real services (or the clock) and reads again: what the member sees must
follow at once, and no member may ever be given another's token, state or buttons.
"""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import SanctionKind
from posts.models import Comment, Moderation
from posts.moderation.actions import hide_post, lift_sanction, sanction_user
from posts.requests import services
from reconnect.pagecache import PageShell
from tests.conftest import login
from tests.factories import CommentFactory, PhotoFactory, PostFactory, UserFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FOLLOW, STOP = "Follow this request", "Following · stop"
COMMENT_FORM = 'id="comment-form"'


@pytest.fixture
def request_(db):
    post = PostFactory(title="Looking for Simon, my classmate in Iowa", sought_name="Simon")
    PhotoFactory(post=post, caption="The choir in 2019")
    CommentFactory(post=post, body="Simon sang in the harbour choir.", is_lead=True)
    return post


@pytest.fixture
def clock(monkeypatch):
    """Moves Django's clock forward (`clock(timedelta(...))`), for every module that asks timezone.now()."""
    real_now = timezone.now
    shift = [timedelta()]
    monkeypatch.setattr(timezone, "now", lambda: real_now() + shift[0])

    def move(by: timedelta) -> None:
        shift[0] += by

    return move


def warm(client, url):
    """The page, read twice: the second read must come from what is kept, asking the database nothing but the
    session (kept in the cache in production, with Redis: reconnect.sessions)."""
    first = client.get(url)
    assert first.status_code == HTTPStatus.OK
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.status_code == HTTPStatus.OK
    assert [query["sql"] for query in queries if "django_session" not in query["sql"]] == []
    return second


def test_a_member_reads_a_request_page_without_the_database_and_sees_all_of_it(request_, member, monkeypatch):
    filled = []
    fill = PageShell.fill
    monkeypatch.setattr(
        PageShell, "fill", lambda shell, html, **kwargs: filled.append(1) or fill(shell, html, **kwargs)
    )
    page = warm(login(member), request_.get_absolute_url()).text
    assert filled  # the page kept whole served it
    assert request_.title in page
    assert "The choir in 2019" in page
    assert "Simon sang in the harbour choir." in page
    assert COMMENT_FORM in page
    assert "I think this is me" in page
    assert FOLLOW in page
    assert "Log out" in page


def test_each_member_gets_their_own_csrf_token_in_the_kept_forms_and_it_works(request_, member, stranger):
    mine, theirs = login(member), login(stranger)
    mine.get(request_.get_absolute_url())  # the kept parts are made on this member's page
    my_page, their_page = mine.get(request_.get_absolute_url()).text, theirs.get(request_.get_absolute_url()).text
    assert "reconnect-kept-csrf-token" not in my_page + their_page
    # Every token on each page is masked from that member's own CSRF secret (their cookie), never the other's.
    for client, page in ((mine, my_page), (theirs, their_page)):
        secrets = {_unmask_cipher_token(token) for token in TOKEN.findall(page)}
        assert secrets == {client.cookies[settings.CSRF_COOKIE_NAME].value}
    assert mine.cookies[settings.CSRF_COOKIE_NAME].value != theirs.cookies[settings.CSRF_COOKIE_NAME].value

    # The token the kept comment form carries is accepted (the client checks CSRF like a browser's request).
    checked = login(stranger)
    checked.handler.enforce_csrf_checks = True
    page = checked.get(request_.get_absolute_url()).text
    form = page[page.index(COMMENT_FORM) - 200 :]
    token = TOKEN.search(form).group(1)
    response = checked.post(
        reverse("posts:comment_create", args=[request_.pk]),
        {"csrfmiddlewaretoken": token, "body": "I sang with him in 2019.", "website": ""},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.filter(post=request_, author=stranger, body="I sang with him in 2019.").exists()


def test_following_and_unfollowing_show_at_once_and_only_to_that_member(request_, member, stranger):
    mine, theirs = login(member), login(stranger)
    assert FOLLOW in mine.get(request_.get_absolute_url()).text

    services.follow_post(user=member, post=request_)
    assert STOP in mine.get(request_.get_absolute_url()).text
    their_page = theirs.get(request_.get_absolute_url()).text
    assert FOLLOW in their_page
    assert STOP not in their_page

    services.unfollow_post(user=member, post=request_)
    assert FOLLOW in mine.get(request_.get_absolute_url()).text


def test_a_members_own_pending_comment_shows_to_them_at_once_not_the_kept_comments(request_, stranger):
    reader = login(stranger)
    reader.get(request_.get_absolute_url())
    pending = CommentFactory(post=request_, author=stranger, body="Held for review, mine alone.")
    Comment.objects.filter(pk=pending.pk).update(moderation=Moderation.PENDING)

    assert "Held for review, mine alone." in reader.get(request_.get_absolute_url()).text
    assert "Held for review, mine alone." not in login(UserFactory()).get(request_.get_absolute_url()).text


def test_a_request_hidden_by_a_moderator_is_gone_from_a_members_page_at_once(request_, member, moderator):
    reader = login(member)
    assert reader.get(request_.get_absolute_url()).status_code == HTTPStatus.OK
    reader.get(request_.get_absolute_url())

    hide_post(post=request_, by=moderator, reason="The person sought asked us to.")

    assert reader.get(request_.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    # Its poster still reads it, with the reason.
    assert "The person sought asked us to." in login(request_.author).get(request_.get_absolute_url()).text


def test_an_edit_of_the_request_shows_to_members_at_once(request_, member):
    reader = login(member)
    reader.get(request_.get_absolute_url())
    request_.title = "Looking for Simon Okafor, my classmate in Iowa City"
    request_.save()
    assert "Simon Okafor" in reader.get(request_.get_absolute_url()).text


def test_the_poster_and_moderators_never_get_the_kept_parts_of_a_reader(request_, member, moderator):
    login(member).get(request_.get_absolute_url())
    login(member).get(request_.get_absolute_url())
    own = login(request_.author).get(request_.get_absolute_url()).text
    assert "We are reunited" in own
    assert "I think this is me" not in own
    assert "Where you met" in own
    assert "Where they met" in login(member).get(request_.get_absolute_url()).text
    assert "Moderate" in login(moderator).get(request_.get_absolute_url()).text


def test_a_silence_takes_the_forms_away_at_once_and_lifting_it_gives_them_back(request_, member, moderator):
    reader = login(member)
    assert COMMENT_FORM in reader.get(request_.get_absolute_url()).text

    sanction = sanction_user(user=member, by=moderator, kind=SanctionKind.SILENCE, days=3, reason="Spam links.")
    page = reader.get(request_.get_absolute_url()).text
    assert COMMENT_FORM not in page
    assert "A moderator has stopped your account from writing until" in page
    assert "I think this is me" not in page

    lift_sanction(sanction=sanction, by=moderator)
    page = reader.get(request_.get_absolute_url()).text
    assert COMMENT_FORM in page
    assert "I think this is me" in page


def test_a_silence_ends_on_time_with_no_write_to_end_it(request_, member, moderator, clock):
    reader = login(member)
    sanction_user(user=member, by=moderator, kind=SanctionKind.SILENCE, days=1, reason="Cool down.")
    assert COMMENT_FORM not in reader.get(request_.get_absolute_url()).text
    assert COMMENT_FORM not in reader.get(request_.get_absolute_url()).text  # the kept standing says so too

    clock(timedelta(days=1, minutes=1))
    assert COMMENT_FORM in reader.get(request_.get_absolute_url()).text


def test_a_sanction_set_to_start_later_starts_on_time(request_, member, moderator, clock):
    reader = login(member)
    sanction = sanction_user(user=member, by=moderator, kind=SanctionKind.SILENCE, days=3, reason="From tomorrow.")
    sanction.starts_at = timezone.now() + timedelta(hours=1)
    sanction.save()
    assert COMMENT_FORM in reader.get(request_.get_absolute_url()).text
    assert COMMENT_FORM in reader.get(request_.get_absolute_url()).text

    clock(timedelta(hours=2))
    assert COMMENT_FORM not in reader.get(request_.get_absolute_url()).text


def test_verifying_an_address_gives_the_comment_form_at_once(request_, db):
    newcomer = UserFactory(display_name="Newcomer")
    EmailAddress.objects.filter(user=newcomer).delete()
    address = EmailAddress.objects.create(user=newcomer, email=newcomer.email, primary=True, verified=False)
    reader = login(newcomer)
    assert "Please verify your email address to leave a lead." in reader.get(request_.get_absolute_url()).text

    address.verified = True
    address.save()
    assert COMMENT_FORM in reader.get(request_.get_absolute_url()).text


def test_following_through_the_page_says_so_then_serves_the_kept_page_with_the_new_button(request_, member):
    reader = login(member)
    reader.get(request_.get_absolute_url())
    reader.get(request_.get_absolute_url())

    followed = reader.post(reverse("posts:follow", args=[request_.pk]), follow=True)
    assert "You follow this request" in followed.text  # a message waiting: the page is made for them alone
    assert STOP in followed.text
    again = reader.get(request_.get_absolute_url()).text
    assert "You follow this request" not in again
    assert STOP in again

    stopped = reader.post(reverse("posts:follow", args=[request_.pk]), {"follow": "0"}, follow=True)
    assert "You no longer follow this request." in stopped.text
    assert FOLLOW in reader.get(request_.get_absolute_url()).text


def test_a_member_reading_in_chinese_gets_the_chinese_page_kept_apart(request_, member):
    english = login(member)
    chinese = login(UserFactory(display_name="王芳", interface_language="zh-hans"))
    english.get(request_.get_absolute_url())
    assert '<html lang="en"' in english.get(request_.get_absolute_url()).text
    chinese.get(request_.get_absolute_url())
    page = chinese.get(request_.get_absolute_url()).text
    assert '<html lang="zh-Hans"' in page
    assert "线索" in page
    assert "Leads and comments" not in page
    assert '<html lang="en"' in english.get(request_.get_absolute_url()).text


def test_the_kept_request_carries_no_password_hash_of_its_poster_or_translators(request_, member):
    from django.core.cache import cache

    from tests.translations.helpers import approved

    translator = UserFactory(display_name="Xiaoming", languages=["zh-hans", "en"])
    approved(request_, translator)
    login(member).get(request_.get_absolute_url())
    login(member).get(request_.get_absolute_url())

    kept = b"".join(value for value in cache._cache.values() if isinstance(value, bytes))  # local memory's pickles
    assert request_.title.encode() in kept  # the request is kept…
    for person in (request_.author, translator):
        assert person.password.encode() not in kept  # …without its people's password hashes
