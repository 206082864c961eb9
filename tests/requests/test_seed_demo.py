"""Tests for `manage.py seed_demo`: the demo content that `make run` loads on a fresh clone."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser, Group
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from accounts.models import User
from accounts.roles import is_moderator
from posts.demo import loader
from posts.demo.data import MEMBER_EMAIL, MODERATOR_EMAIL, PASSWORD
from posts.models import (
    Comment,
    Moderation,
    ModerationAction,
    ModerationActionKind,
    Photo,
    Post,
    Relationship,
    Report,
    ReportReason,
    ReportStatus,
    ReviewItem,
    ReviewReason,
    Status,
)
from posts.requests.images import THUMBNAIL_SIZE
from tests.helpers import logged

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
TRADITIONAL_ONLY = re.compile(r"[尋們聯絡機場溫華國學過來時說]")


def _run() -> str:
    """Run the command and return what it printed."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(settings) -> str:
    """The demo content, loaded once for the test (with a fast password hasher: the hash is not under test)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return _run()


def test_requests_cover_every_state(seeded):
    posts = list(Post.objects.select_related("author", "resolved_comment"))
    now = timezone.now()

    assert 25 <= len(posts) <= 35
    assert f"Loaded {len(posts)} requests" in seeded
    assert {post.moderation for post in posts} == set(Moderation.values)
    assert {post.status for post in posts if post.moderation == Moderation.PUBLISHED} == set(Status.values)
    by_state = {state: [p for p in posts if p.moderation == state] for state in Moderation.values}
    assert 2 <= len(by_state[Moderation.PENDING]) <= 3
    assert len(by_state[Moderation.HIDDEN]) == 2
    assert len(by_state[Moderation.REMOVED]) == 1
    assert 2 <= len([p for p in posts if p.status == Status.CLOSED]) <= 3
    assert len([p for p in posts if p.status == Status.OPEN and p.is_published]) > len(posts) / 2

    for post in posts:
        post.full_clean()
        assert post.title and post.sought_name and post.story and post.languages
        assert post.relationship in Relationship.values
        assert post.created_at <= post.last_activity_at <= now
        if post.moderation == Moderation.PENDING:
            assert post.published_at is None
        elif post.moderation == Moderation.PUBLISHED:
            assert post.created_at <= post.published_at <= now
        if post.moderation in (Moderation.HIDDEN, Moderation.REMOVED):
            assert post.moderation_reason
            kind = ModerationActionKind.HIDE if post.moderation == Moderation.HIDDEN else ModerationActionKind.REMOVE
            assert logged(post) == [(kind, post.moderation_reason)]
        if post.status == Status.RESOLVED:
            assert post.resolved_note
            # The story is shown only because the person found agreed to it in a conversation.
            assert post.reunion_story == post.resolved_note
            assert post.created_at < post.resolved_at <= post.last_activity_at
        else:
            assert post.resolved_at is None and post.resolved_comment is None

    helped = [p for p in posts if p.resolved_comment]
    assert len(helped) >= 2
    for post in helped:
        lead = post.resolved_comment
        assert lead.post_id == post.pk and lead.is_lead and lead.is_published
        assert lead.created_at < post.resolved_at

    ages = sorted(now - post.created_at for post in posts)
    assert ages[0] < timedelta(days=7)
    assert ages[-1] > timedelta(days=2 * 365)

    assert any(CJK.search(p.story) for p in posts) and any(not CJK.search(p.story) for p in posts)
    assert len([p for p in posts if TRADITIONAL_ONLY.search(p.story) and "zh-hant" in p.languages]) >= 2
    assert [p for p in posts if p.on_behalf_of]
    assert [p for p in posts if p.sought_other_names and p.sought_nickname and p.now_country]

    member_posts = [p for p in posts if p.author.email == MEMBER_EMAIL]
    assert {Moderation.PENDING, Moderation.PUBLISHED} <= {p.moderation for p in member_posts}
    assert Status.RESOLVED in {p.status for p in member_posts}


def test_comments_private_leads_and_reports(seeded):
    comments = list(Comment.objects.select_related("post", "author"))

    assert len(comments) >= 50
    assert len({c.author_id for c in comments}) >= 6
    assert any(CJK.search(c.body) for c in comments) and any(not CJK.search(c.body) for c in comments)
    for comment in comments:
        assert comment.post.created_at < comment.created_at <= timezone.now()

    private = [c for c in comments if c.is_private]
    assert len(private) >= 3
    assert all(c.is_lead for c in private)
    assert len([c for c in comments if c.is_lead and not c.is_private]) >= 5
    for lead in private:
        assert lead not in Comment.objects.visible_to(AnonymousUser(), lead.post)
        assert lead in Comment.objects.visible_to(lead.post.author, lead.post)

    hidden = [c for c in comments if c.moderation == Moderation.HIDDEN]
    assert hidden and all(c.moderation_reason for c in hidden)

    open_reports = Report.objects.open()
    assert open_reports.filter(reason=ReportReason.SPAM, comment__isnull=False).exists()
    assert open_reports.filter(reason=ReportReason.THIS_IS_ME, post__isnull=False).exists()
    for report in Report.objects.exclude(status=ReportStatus.OPEN):
        assert report.handled_by.email == MODERATOR_EMAIL and report.handled_at
    # The review queue holds the held requests and what is reported, removal requests first.
    queue = list(ReviewItem.objects.pending())
    assert queue[0].reason == ReviewReason.REMOVAL_REQUEST
    assert len(queue) == open_reports.count() + Post.objects.filter(moderation=Moderation.PENDING).count()


def test_photos_are_stored_like_uploads(seeded, settings):
    photos = list(Photo.objects.select_related("post"))
    posts_with_photos = {photo.post_id for photo in photos}

    assert len(photos) >= 15
    assert 10 <= len(posts_with_photos) <= 20
    assert f"{len(photos)} photos" in seeded
    for post_id in posts_with_photos:
        orders = [photo.order for photo in photos if photo.post_id == post_id]
        assert sorted(orders) == list(range(len(orders))) and len(orders) <= 3

    for photo in photos:
        assert photo.caption and photo.alt_text
        for field in (photo.image, photo.thumbnail):
            path = Path(settings.MEDIA_ROOT) / field.name
            assert path.is_file()
            with Image.open(path) as img:
                assert img.format == "JPEG"
                assert not img.getexif() and "exif" not in img.info
                img.verify()
        with Image.open(photo.image.path) as full:
            assert full.size == (photo.width, photo.height) == (800, 600)
        with Image.open(photo.thumbnail.path) as thumb:
            assert max(thumb.size) <= THUMBNAIL_SIZE


def test_demo_accounts(seeded):
    member = User.objects.get(email=MEMBER_EMAIL)
    moderator = User.objects.get(email=MODERATOR_EMAIL)

    for user in (member, moderator):
        assert user.check_password(PASSWORD)
        assert user.is_active and not user.is_superuser
    assert moderator.is_staff and is_moderator(moderator)
    assert moderator.groups.filter(pk=Group.objects.get(name="Moderators").pk).exists()
    assert not member.is_staff and not is_moderator(member)

    people = list(User.objects.all())
    assert len(people) >= 8
    assert any(CJK.search(person.display_name) for person in people)
    for person in people:
        assert EmailAddress.objects.filter(user=person, email=person.email, verified=True, primary=True).exists()
        assert person.display_name and person.bio and person.languages
        assert person.interface_language in {"en", "zh-hans"}
    assert {person.interface_language for person in people} == {"en", "zh-hans"}


def test_second_run_changes_nothing(seeded, settings):
    models = (User, EmailAddress, Post, Photo, Comment, Report, ModerationAction)
    before = {model: model.objects.count() for model in models}
    files = sorted(Path(settings.MEDIA_ROOT).rglob("*"))

    output = _run()

    assert output.strip() == "Demo content is already loaded."
    assert {model: model.objects.count() for model in models} == before
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == files


def test_a_failed_run_leaves_nothing_behind(settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader.Loader, "_create_report", fail)
    with pytest.raises(RuntimeError):
        _run()

    assert not User.objects.exists() and not Post.objects.exists()
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_demo_watched_words_act_on_what_members_write(seeded):
    from django.core.exceptions import ValidationError

    from posts.moderation import watched
    from tests.factories import UserFactory

    writer = UserFactory()
    with pytest.raises(ValidationError):
        watched.screen_text(author=writer, text="Add fastfind888 on WeChat")
    assert watched.screen_text(author=writer, text="Send it by Western  Union").holds
    assert watched.screen_text(author=writer, text="专业寻人服务").holds
    assert watched.screen_text(author=writer, text="I hired a private investigator").flags
    assert not watched.screen_text(author=writer, text="My teacher in Wuhan").holds
