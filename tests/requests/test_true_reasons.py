"""Every write, tried by members in every state, through the pages: each is told the true reason, and nothing changes.

A silenced member cannot write what others read (requests, comments, messages, reports, claims, opt-outs,
the profile) and is told until when; what is theirs alone (following, saved searches, email settings,
taking back a comment, an opt-out or a story consent) stays open to them. A suspended member whose
session outlived the suspension writes nothing. A banned member's session no longer logs them in.
The same writes by a member in good standing succeed, so each refusal is the state's and not the data's.
"""

from dataclasses import dataclass
from datetime import timedelta
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from accounts.models import Sanction, SanctionKind, User
from posts.models import (
    Comment,
    Conversation,
    ConversationKind,
    Follow,
    Message,
    NotificationKind,
    NotificationSetting,
    OptOut,
    Post,
    Report,
    ReportReason,
    SavedSearch,
    Status,
)
from posts.requests import services
from tests.factories import CommentFactory, PostFactory, UserFactory

REQUEST = {
    "title": "Looking for Mei from the night train to Ürümqi",
    "sought_name": "Mei Lin",
    "relationship": "helper",
    "met_place": "Night train K1121",
    "met_city": "Lanzhou",
    "met_country": "CN",
    "year_from": "2009",
    "year_to": "2009",
    "story": "She shared her noodles with me and taught me to play cards.",
    "languages": ["en", "zh-hans"],
}
NO_PHOTOS = {"photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0"}
NO_EXISTING_PHOTOS = {"existing-TOTAL_FORMS": "0", "existing-INITIAL_FORMS": "0"}

# What a write is to silence: it speaks to others, or it keeps what is the member's alone.
SPEAKS, KEEPS = "speaks", "keeps"


@dataclass
class Scene:
    actor: User
    client: Client
    own_post: Post
    own_closed: Post
    other_post: Post
    own_comment: Comment
    other_comment: Comment
    conversation: Conversation
    other_message: Message
    opt_out: OptOut
    saved: SavedSearch


def _scene() -> Scene:
    actor = UserFactory(display_name="Actor")
    poster = UserFactory(display_name="Poster")
    own_post = PostFactory(author=actor)
    other_post = PostFactory(author=poster)
    Follow.objects.create(user=actor, post=own_post)
    conversation = Conversation.objects.create(post=other_post, starter=actor, kind=ConversationKind.I_KNOW_THEM)
    Message.objects.create(conversation=conversation, author=actor, body="Hello, I think I knew her")
    client = Client()
    client.force_login(actor)
    return Scene(
        actor=actor,
        client=client,
        own_post=own_post,
        own_closed=PostFactory(author=actor, status=Status.CLOSED),
        other_post=other_post,
        own_comment=CommentFactory(post=other_post, author=actor, body="I saw her in Lanzhou"),
        other_comment=CommentFactory(post=other_post, author=poster, body="Thank you, where exactly?"),
        conversation=conversation,
        other_message=Message.objects.create(conversation=conversation, author=poster, body="Tell me more"),
        opt_out=OptOut.objects.create(user=actor, name="Actor Person"),
        saved=SavedSearch.objects.create(user=actor, query="q=Mei", name="Mei"),
    )


def _url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)


WRITES = {
    "create a request": (SPEAKS, lambda s: (_url("posts:create"), {**REQUEST, **NO_PHOTOS})),
    "edit own request": (
        SPEAKS,
        lambda s: (_url("posts:edit", pk=s.own_post.pk), {**REQUEST, **NO_PHOTOS, **NO_EXISTING_PHOTOS}),
    ),
    "mark own request reunited": (SPEAKS, lambda s: (_url("posts:resolve", pk=s.own_post.pk), {"lead": ""})),
    "close own request": (SPEAKS, lambda s: (_url("posts:close", pk=s.own_post.pk), {})),
    "reopen own request": (SPEAKS, lambda s: (_url("posts:reopen", pk=s.own_closed.pk), {})),
    "comment": (
        SPEAKS,
        lambda s: (_url("posts:comment_create", pk=s.other_post.pk), {"body": "She moved to Xi'an in 2012"}),
    ),
    "edit own comment": (
        SPEAKS,
        lambda s: (_url("posts:comment_edit", pk=s.own_comment.pk), {"body": "I saw her in Lanzhou, 2011"}),
    ),
    "report a request": (
        SPEAKS,
        lambda s: (_url("posts:report", pk=s.other_post.pk), {"reason": ReportReason.SPAM}),
    ),
    "report a comment": (
        SPEAKS,
        lambda s: (_url("posts:comment_report", pk=s.other_comment.pk), {"reason": ReportReason.SPAM}),
    ),
    "say “I think this is me”": (
        SPEAKS,
        lambda s: (
            _url("posts:conversation_start", pk=s.other_post.pk, kind=ConversationKind.THIS_IS_ME),
            {"body": "I am the one you look for"},
        ),
    ),
    "say “I know this person”": (
        SPEAKS,
        lambda s: (
            _url("posts:conversation_start", pk=s.other_post.pk, kind=ConversationKind.I_KNOW_THEM),
            {"body": "One more thing I remember"},
        ),
    ),
    "send a message": (
        SPEAKS,
        lambda s: (_url("posts:conversation", pk=s.conversation.pk), {"body": "She had a red bicycle"}),
    ),
    "report a message": (
        SPEAKS,
        lambda s: (_url("posts:message_report", pk=s.other_message.pk), {"reason": ReportReason.SPAM}),
    ),
    "register an opt-out": (SPEAKS, lambda s: (_url("posts:opt_out"), {"name": "Anna Berg"})),
    "edit the profile": (
        SPEAKS,
        lambda s: (_url("accounts:profile_edit"), {"display_name": "Renamed", "bio": "Now in Berlin"}),
    ),
    "follow a request": (KEEPS, lambda s: (_url("posts:follow", pk=s.other_post.pk), {})),
    "stop following a request": (KEEPS, lambda s: (_url("posts:follow", pk=s.own_post.pk), {"follow": "0"})),
    "delete own comment": (KEEPS, lambda s: (_url("posts:comment_delete", pk=s.own_comment.pk), {})),
    "agree to a reunion story": (
        KEEPS,
        lambda s: (_url("posts:conversation_story_consent", pk=s.conversation.pk), {"agree": "1"}),
    ),
    "withdraw an opt-out": (KEEPS, lambda s: (_url("posts:opt_out_withdraw", pk=s.opt_out.pk), {})),
    "save a search": (KEEPS, lambda s: (_url("posts:saved_search_create"), {"query": "q=Lin"})),
    "rename a saved search": (
        KEEPS,
        lambda s: (
            _url("posts:saved_search_edit", pk=s.saved.pk),
            {f"s{s.saved.pk}-name": "Mei Lin", f"s{s.saved.pk}-alert": "on"},
        ),
    ),
    "delete a saved search": (KEEPS, lambda s: (_url("posts:saved_search_delete", pk=s.saved.pk), {})),
    "change email settings": (
        KEEPS,
        lambda s: (_url("posts:notification_settings"), dict.fromkeys(NotificationKind.values, "none")),
    ),
}

STATES = ("in good standing", "silenced", "suspended", "unverified", "banned")
SANCTION_DAYS = 4


def _put_in_state(actor: User, state: str) -> Sanction | None:
    """After the member logged in: what a moderator (or the member's email) did to the account since."""
    now = timezone.now()
    if state in ("silenced", "suspended"):
        kind = SanctionKind.SILENCE if state == "silenced" else SanctionKind.SUSPEND
        # Made directly, as an admin inline would: the member's open session survives it.
        return Sanction.objects.create(
            user=actor, kind=kind, reason="Spam", starts_at=now, ends_at=now + timedelta(days=SANCTION_DAYS)
        )
    if state == "unverified":
        EmailAddress.objects.filter(user=actor).update(verified=False)
    if state == "banned":
        User.objects.filter(pk=actor.pk).update(is_active=False, banned_at=now)
    return None


def _until(sanction: Sanction) -> str:
    return formats.date_format(timezone.localtime(sanction.ends_at), "DATETIME_FORMAT")


def database() -> dict[str, list[dict]]:
    """Every row a write could touch, to show that a refused one touched none."""
    models = (Post, Comment, Report, Conversation, Message, OptOut, Follow, SavedSearch, NotificationSetting, User)
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("write", WRITES)
def test_each_write_tells_each_member_the_true_reason(db, write, state):
    tier, request_for = WRITES[write]
    scene = _scene()
    sanction = _put_in_state(scene.actor, state)
    url, data = request_for(scene)
    before = database()

    response = scene.client.post(url, data)

    if state == "banned":
        # The session no longer logs the member in: they are sent to log in, where the account is refused.
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("account_login"))
        assert database() == before
    elif state == "suspended":
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert f"A moderator has suspended your account until {_until(sanction)}." in response.text
        assert database() == before
    elif state == "silenced" and tier == SPEAKS:
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert f"A moderator has stopped your account from writing until {_until(sanction)}." in response.text
        assert database() == before
    elif state == "unverified" and tier == SPEAKS:
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "Please verify your email address first" in response.text
        assert reverse("account_email") in response.text
        assert database() == before
    else:
        assert response.status_code == HTTPStatus.FOUND, response.content[:2000]
        assert database() != before


FORM_PAGES = {
    "create a request": lambda s: _url("posts:create"),
    "edit own request": lambda s: _url("posts:edit", pk=s.own_post.pk),
    "mark own request reunited": lambda s: _url("posts:resolve", pk=s.own_post.pk),
    "edit own comment": lambda s: _url("posts:comment_edit", pk=s.own_comment.pk),
    "report a request": lambda s: _url("posts:report", pk=s.other_post.pk),
    "report a comment": lambda s: _url("posts:comment_report", pk=s.other_comment.pk),
    "say “I know this person”": lambda s: _url("posts:conversation_start", pk=s.other_post.pk, kind="i_know_them"),
    "report a message": lambda s: _url("posts:message_report", pk=s.other_message.pk),
}


@pytest.mark.parametrize("write", FORM_PAGES)
def test_a_silenced_member_is_refused_the_form_itself_with_the_reason(db, write):
    scene = _scene()
    sanction = _put_in_state(scene.actor, "silenced")

    response = scene.client.get(FORM_PAGES[write](scene))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert f"until {_until(sanction)}" in response.text
    assert "<textarea" not in response.text


def test_profile_and_opt_out_pages_show_a_silenced_member_why_and_keep_what_they_may_do(db):
    scene = _scene()
    sanction = _put_in_state(scene.actor, "silenced")
    reason = f"A moderator has stopped your account from writing until {_until(sanction)}."

    profile = scene.client.get(reverse("accounts:profile_edit"))
    opt_outs = scene.client.get(reverse("posts:opt_out"))

    assert profile.status_code == HTTPStatus.OK
    assert reason in profile.text
    assert 'name="display_name"' not in profile.text
    assert "Your trust level" in profile.text
    assert opt_outs.status_code == HTTPStatus.OK
    assert reason in opt_outs.text
    assert 'name="name"' not in opt_outs.text
    assert reverse("posts:opt_out_withdraw", kwargs={"pk": scene.opt_out.pk}) in opt_outs.text


def test_a_silenced_member_reads_a_conversation_is_told_why_they_cannot_reply_and_may_still_withdraw_consent(db):
    scene = _scene()
    sanction = _put_in_state(scene.actor, "silenced")

    page = scene.client.get(scene.conversation.get_absolute_url())

    assert page.status_code == HTTPStatus.OK
    assert "Tell me more" in page.text
    assert f"A moderator has stopped your account from writing until {_until(sanction)}." in page.text
    assert "This conversation is closed" not in page.text
    assert "Send privately" not in page.text
    assert "Report this message" not in page.text
    assert reverse("posts:conversation_story_consent", kwargs={"pk": scene.conversation.pk}) in page.text


# The order of reasons --------------------------------------------------------------------------


def _sanction(user, kind, days=SANCTION_DAYS) -> Sanction:
    now = timezone.now()
    return Sanction.objects.create(user=user, kind=kind, reason="x", starts_at=now, ends_at=now + timedelta(days=days))


def _refusal(call) -> str:
    with pytest.raises(PermissionDenied) as refused:
        call()
    return str(refused.value)


def test_a_suspension_is_told_before_an_unverified_address_and_a_silence(db, post):
    member = UserFactory(verified=False)
    _sanction(member, SanctionKind.SILENCE, days=10)
    suspension = _sanction(member, SanctionKind.SUSPEND, days=2)

    reason = _refusal(lambda: services.add_comment(post=post, author=member, body="Hello"))

    assert reason == f"A moderator has suspended your account until {_until(suspension)}."


def test_an_unverified_address_is_told_before_a_silence(db, post):
    member = UserFactory(verified=False)
    _sanction(member, SanctionKind.SILENCE)

    assert _refusal(lambda: services.add_comment(post=post, author=member, body="Hi")) == (
        "Please verify your email address first."
    )


def test_a_silence_is_told_before_what_is_wrong_with_the_request(db, member):
    closed = PostFactory(status=Status.CLOSED)
    silence = _sanction(member, SanctionKind.SILENCE)

    reason = _refusal(lambda: services.add_comment(post=closed, author=member, body="Hi"))

    assert reason == f"A moderator has stopped your account from writing until {_until(silence)}."
    assert not Comment.objects.exists()


def test_a_banned_member_is_told_the_ban_by_every_write(db, post):
    banned = UserFactory(is_active=False, banned_at=timezone.now())

    assert _refusal(lambda: services.add_comment(post=post, author=banned, body="Hi")) == (
        "A moderator has banned this account."
    )
    assert _refusal(lambda: services.follow_post(user=banned, post=post)) == "A moderator has banned this account."
    assert not Comment.objects.exists()
    assert not Follow.objects.exists()


def test_the_object_s_own_reasons_follow_the_account_s(db, member, stranger, post):
    own_comment = CommentFactory(post=post, author=member)
    old = CommentFactory(post=post, author=stranger)
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=1))
    old.refresh_from_db()

    assert _refusal(lambda: services.edit_post(post=post, by=stranger, data={})) == (
        "Only the person who posted this request can edit it."
    )
    assert _refusal(lambda: services.close_post(post=post, by=stranger)) == (
        "Only the person who posted this request can close it."
    )
    assert _refusal(lambda: services.edit_comment(comment=own_comment, by=stranger, body="x")) == (
        "Only the author of a comment can edit it."
    )
    assert _refusal(lambda: services.edit_comment(comment=old, by=stranger, body="x")) == (
        "Comments can be edited by their author for 15 minutes after posting."
    )
    from posts.moderation import reports

    assert _refusal(lambda: reports.report_content(reporter=member, post=post, reason=ReportReason.SPAM)) == (
        "This is your own request: edit or close it instead of reporting it."
    )
    assert not Report.objects.exists()


# What the request page offers matches what may be done -----------------------------------------


PAGE_STATES = ("visitor", "poster", *STATES[:-1])


@pytest.mark.parametrize("state", PAGE_STATES)
def test_the_request_page_offers_exactly_what_the_reader_may_do(db, state):
    from posts.contact import permissions as contact_permissions
    from posts.moderation import permissions as report_permissions
    from posts.requests import permissions

    poster = UserFactory()
    post = PostFactory(author=poster)
    comment = CommentFactory(post=post, author=poster, body="Any news?")
    client = Client()
    reader = poster
    if state != "poster":
        reader = UserFactory()
    if state != "visitor":
        client.force_login(reader)
        sanction = _put_in_state(reader, state) if state in STATES else None
    else:
        reader, sanction = None, None

    page = client.get(post.get_absolute_url()).text

    user = User.objects.get(pk=reader.pk) if reader else None
    logged_in = user is not None
    report_url = reverse("posts:report", kwargs={"pk": post.pk})
    comment_report_url = reverse("posts:comment_report", kwargs={"pk": comment.pk})
    assert (report_url in page) == (not logged_in or report_permissions.can_report_post(user, post))
    assert (comment_report_url in page) == (logged_in and report_permissions.can_report_comment(user, comment))
    assert ("Follow this request" in page) == (logged_in and permissions.can_follow(user, post))
    # A visitor is offered it too, and logs in first (tests/contact/test_visitors.py).
    assert ("I know this person" in page) == (not logged_in or contact_permissions.can_start_conversation(user, post))
    assert ('name="body"' in page) == (logged_in and permissions.can_comment(user, post))
    expected = {
        "visitor": (True, True, False, False),  # claim and report (to log in), but no follow, no comment form
        "poster": (False, False, True, True),
        "in good standing": (True, True, True, True),
        "silenced": (False, False, True, False),
        "suspended": (False, False, False, False),
        "unverified": (False, False, True, False),
    }[state]
    shown = ("I know this person" in page, report_url in page, "Follow this request" in page, 'name="body"' in page)
    assert shown == expected
    if sanction is not None:
        assert f"until {_until(sanction)}" in page  # told why the comment form is missing
