"""Every email the site sends, with hostile values in every field a member controls (issue 11, #1).

Each kind is sent through the code that sends it in production (the tasks, the digest, the export);
the moderators' reminder, whose only member text is the moderator's own name, through send_to_user as
its command does. The HTML part may hold no element and no attribute that came from member input; the
plain-text part and the subject hold what members typed, unescaped.
"""

from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Sanction, SanctionKind
from accounts.privacy.tasks import prepare_export
from posts.models import (
    Conversation,
    ConversationKind,
    EmailMode,
    Message,
    Notification,
    NotificationKind,
    NotificationSetting,
    Post,
    RequestEmail,
    SavedSearch,
    Visitor,
    VisitorRequest,
    VisitorRequestKind,
)
from posts.reach.delivery import send_digests, send_message_notice, send_notification, send_request_email
from reconnect.emails import send_to_user
from tests.factories import CommentFactory, PostFactory, ReportFactory, UserFactory
from tests.security.test_markdown_sanitising import XSS_PAYLOADS, dangers_in

HOSTILE = """Tom & Jerry's <img src=x onerror=alert(1)>"><a href="javascript:alert(1)">x</a>"""
BENIGN = "Tom and Jerry"
SITE = "https://reconnect.example"
EMAIL_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "emails"


def fit(model, field: str, text: str) -> str:
    limit = model._meta.get_field(field).max_length
    return text[:limit] if limit else text


class World:
    """The people and things of one email, every member-written field holding `text`."""

    def __init__(self, text: str):
        from accounts.models import User

        self.text = text
        name = fit(User, "display_name", text)
        self.recipient = UserFactory(display_name=name)
        self.other = UserFactory(display_name=name)
        self.post = PostFactory(author=self.recipient, title=fit(Post, "title", text), moderation_reason=text)
        self.other_post = PostFactory(author=self.other, title=fit(Post, "title", text))
        self.comment = CommentFactory(post=self.post, author=self.other, body=text)
        self.private_lead = CommentFactory(post=self.post, author=self.other, body=text, is_lead=True, is_private=True)


def notification_email(kind: str):
    def send(world: World) -> None:
        comment = None if kind == NotificationKind.RESOLVED else world.comment
        if kind == NotificationKind.PRIVATE_LEAD:
            comment = world.private_lead
        Notification.objects.create(recipient=world.recipient, kind=kind, post=world.post, comment=comment)
        RequestEmail.objects.create(user=world.recipient, post=world.post, due_at=timezone.now())
        send_request_email.call(user_id=world.recipient.pk, post_id=world.post.pk)

    return send


def translation_email(kind: str):
    """A translation by the other member, every text of it hostile; rejected, so its reason is sent too."""

    def send(world: World) -> None:
        from posts.models import Translation, TranslationStatus

        translation = Translation.objects.create(
            post=world.post,
            translator=world.other,
            language="zh-hans",
            source_language="en",
            title=fit(Translation, "title", world.text),
            story=world.text,
            status=TranslationStatus.REJECTED,
            rejection_reason=world.text,
        )
        Notification.objects.create(recipient=world.recipient, kind=kind, post=world.post, translation=translation)
        RequestEmail.objects.create(user=world.recipient, post=world.post, due_at=timezone.now())
        send_request_email.call(user_id=world.recipient.pk, post_id=world.post.pk)

    return send


def coalesced_email(world: World) -> None:
    for kind, comment in (("comment", world.comment), ("private_lead", world.private_lead), ("resolved", None)):
        Notification.objects.create(recipient=world.recipient, kind=kind, post=world.post, comment=comment)
    RequestEmail.objects.create(user=world.recipient, post=world.post, due_at=timezone.now())
    send_request_email.call(user_id=world.recipient.pk, post_id=world.post.pk)


def digest(world: World) -> None:
    for kind, comment in (("comment", world.comment), ("resolved", None)):
        NotificationSetting.objects.create(user=world.recipient, kind=kind, email=EmailMode.DAILY)
        Notification.objects.create(recipient=world.recipient, kind=kind, post=world.post, comment=comment)
    assert send_digests() == 1


def message_notice(world: World) -> None:
    conversation = Conversation.objects.create(post=world.post, starter=world.other, kind=ConversationKind.I_KNOW_THEM)
    message = Message.objects.create(conversation=conversation, author=world.other, body=world.text)
    send_message_notice.call(message_id=message.pk)


def event(kind: str, **ids):
    def send(world: World) -> None:
        objects = {name: make(world) for name, make in ids.items()}
        send_notification.call(user_id=world.recipient.pk, kind=kind, **objects)

    return send


def saved_search(world: World) -> int:
    return SavedSearch.objects.create(
        user=world.recipient, name=fit(SavedSearch, "name", world.text), query="q=x", alert=True
    ).pk


def report(status: str, target: str):
    def make(world: World) -> int:
        on = {"post": world.post} if target == "post" else {"post": None, "comment": world.comment}
        return ReportFactory(reporter=world.recipient, status=status, details=world.text, **on).pk

    return make


def sanction(kind: str):
    def make(world: World) -> int:
        return Sanction.objects.create(
            user=world.recipient, kind=kind, reason=world.text, ends_at=timezone.now() + timedelta(days=3)
        ).pk

    return make


def export_ready(world: World) -> None:
    prepare_export.call(user_id=world.recipient.pk)


def moderators_reminder(world: World) -> None:
    send_to_user(
        world.recipient, "moderators_reminder", {"posts": 1, "comments": 2, "messages": 3, "reports": 4, "hours": 24}
    )


def account_locked(world: World) -> None:
    from accounts.lockout import send_lockout_notice

    send_lockout_notice.call(email=world.recipient.email, attempts=5, minutes=15)


def visitor_verify(world: World) -> None:
    from posts.contact.visitors import send_visitor_link

    visitor_request = VisitorRequest.objects.create(
        post=world.post, kind=VisitorRequestKind.THIS_IS_ME, email=world.recipient.email, body=world.text
    )
    send_visitor_link.call(request_id=visitor_request.pk)


def visitor_message_notice(world: World) -> None:
    """The poster's answer to someone who wrote without an account: a signed link to the conversation."""
    Visitor.objects.create(user=world.recipient)
    conversation = Conversation.objects.create(
        post=world.other_post, starter=world.recipient, kind=ConversationKind.THIS_IS_ME
    )
    message = Message.objects.create(conversation=conversation, author=world.other, body=world.text)
    send_message_notice.call(message_id=message.pk)


def post_id(world: World) -> int:
    return world.post.pk


def other_post_id(world: World) -> int:
    return world.other_post.pk


def comment_id(world: World) -> int:
    return world.comment.pk


# Each email kind (its template's name), how it is sent, and whether its subject carries member text.
EMAILS = {
    "notify_comment": (notification_email(NotificationKind.COMMENT), True),
    "notify_new_lead": (notification_email(NotificationKind.NEW_LEAD), True),
    "notify_private_lead": (notification_email(NotificationKind.PRIVATE_LEAD), True),
    "notify_reply": (notification_email(NotificationKind.REPLY), True),
    "notify_resolved": (notification_email(NotificationKind.RESOLVED), True),
    "notify_request": (coalesced_email, True),
    "notify_translation_offered": (translation_email(NotificationKind.TRANSLATION_OFFERED), True),
    "notify_translation_decided": (translation_email(NotificationKind.TRANSLATION_DECIDED), True),
    "notify_translation": (translation_email(NotificationKind.TRANSLATION), True),
    "notify_digest": (digest, False),
    "message_received": (message_notice, True),
    "new_lead": (event("new_lead", post_id=post_id, comment_id=comment_id), True),
    "lead_helped": (event("lead_helped", post_id=post_id), False),
    "post_published": (event("post_published", post_id=post_id), False),
    "post_hidden": (event("post_hidden", post_id=post_id), False),
    "post_removed": (event("post_removed", post_id=post_id), False),
    "possible_match": (event("possible_match", post_id=post_id, other_post_id=other_post_id), False),
    "saved_search_match": (event("saved_search_match", post_id=other_post_id, saved_search_id=saved_search), True),
    "report_outcome": (event("report_outcome", report_id=report("resolved", "comment")), False),
    "sanction": (event("sanction", sanction_id=sanction(SanctionKind.SILENCE)), False),
    "sanction_lifted": (event("sanction_lifted", sanction_id=sanction(SanctionKind.SUSPEND)), False),
    "data_export_ready": (export_ready, False),
    "moderators_reminder": (moderators_reminder, False),
    "account_locked": (account_locked, False),
    "visitor_verify": (visitor_verify, True),
    "visitor_message_received": (visitor_message_notice, True),
}


class Structure(HTMLParser):
    """Every element and attribute of an HTML part, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, tuple(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> Structure:
    structure = Structure()
    structure.feed(html)
    structure.close()
    return structure


def shape(structure: Structure) -> list[tuple[str, tuple[str, ...]]]:
    """Elements and attribute names, in order: what differs between two emails only if input made markup.

    Paragraphs and line breaks are left out: a line break a member typed is shown as one.
    """
    return [(tag, tuple(name for name, _value in attrs)) for tag, attrs in structure.elements if tag not in {"p", "br"}]


def sent(kind: str, text: str, mailoutbox, settings) -> tuple[str, str, str]:
    settings.RECONNECT_SITE_URL = SITE
    mailoutbox.clear()
    send, _ = EMAILS[kind]
    world = World(text)
    send(world)
    [email] = mailoutbox
    assert email.to == [world.recipient.email]
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    return email.subject, email.body, html


def test_every_email_template_is_covered():
    kinds = {path.name.removesuffix(".txt") for path in EMAIL_TEMPLATES.glob("*.txt")}
    kinds = {kind for kind in kinds if not kind.endswith("_subject")}
    assert kinds == set(EMAILS)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(EMAILS))
def test_no_element_or_attribute_of_an_html_email_comes_from_member_input(kind, mailoutbox, settings):
    _subject, _text, html = sent(kind, HOSTILE, mailoutbox, settings)
    _, _, benign_html = sent(kind, BENIGN, mailoutbox, settings)

    structure = parsed(html)
    assert shape(structure) == shape(parsed(benign_html))
    for tag, attrs in structure.elements:
        assert tag in {"html", "head", "meta", "title", "body", "div", "p", "br", "a"}
        for name, value in attrs:
            assert name in {"lang", "charset", "style", "href"}
            assert "alert" not in (value or "") and "javascript" not in (value or "")
            if name == "href":
                assert value.startswith(SITE + "/")
    # What the member wrote is there, as text.
    assert HOSTILE in "".join(structure.text)
    assert "onerror" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(EMAILS))
def test_plain_text_part_and_subject_hold_member_input_unescaped(kind, mailoutbox, settings):
    subject, text, _ = sent(kind, HOSTILE, mailoutbox, settings)

    assert HOSTILE in text
    assert "&amp;" not in text and "&lt;" not in text and "&#x27;" not in text
    if EMAILS[kind][1]:
        assert "Tom & Jerry's" in subject
    assert "&amp;" not in subject and "&#x27;" not in subject and "&quot;" not in subject


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(EMAILS))
def test_xss_corpus_stays_inert_in_the_html_part_of_every_email(kind, mailoutbox, settings):
    _, _, benign = sent(kind, BENIGN, mailoutbox, settings)
    benign_shape, benign_dangers = shape(parsed(benign)), dangers_in(benign)
    for payload in XSS_PAYLOADS:
        _, _, html = sent(kind, f"{payload} {BENIGN}", mailoutbox, settings)

        assert "<script" not in html.lower(), payload
        assert dangers_in(html) == benign_dangers, payload
        assert shape(parsed(html)) == benign_shape, payload
