"""Turn the demo data (posts.demo.data) into rows, with their dates, moderation and admin-log history."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction

from posts.demo.data import (
    FLAGS,
    LEAD,
    MODERATORS_GROUP,
    PASSWORD,
    PEOPLE,
    PRIVATE,
    REQUESTS,
    TRANSLATION_ASKS,
    TRANSLATIONS,
    WATCHED_WORDS,
    Flag,
    Note,
    Picture,
    Request,
)
from posts.demo.images import demo_photo
from posts.models import (
    Comment,
    Conversation,
    ConversationKind,
    Message,
    Moderation,
    ModerationActionKind,
    Notification,
    NotificationKind,
    Photo,
    Post,
    Report,
    ReportReason,
    ReportStatus,
    ReviewItem,
    ReviewReason,
    Status,
    Translation,
    TranslationRequest,
    TranslationStatus,
    WatchedWord,
)
from posts.moderation.log import record
from posts.moderation.review import needs_review
from posts.reach import pagecache
from posts.requests.images import process_upload
from posts.search.index import index_post
from posts.search.matching import update_matches


def is_loaded() -> bool:
    """Whether any demo person is already there."""
    return get_user_model().objects.filter(email__in=[person.email for person in PEOPLE]).exists()


def load(*, now: datetime) -> Loader:
    """Load everything in one transaction; photo files saved before a failure are removed again."""
    loader = Loader(now=now)
    try:
        with transaction.atomic():
            loader.load()
            # Matches and review dates are written round the signals: no kept page may outlive the load.
            pagecache.everything_changed()
    except BaseException:
        loader.delete_files()
        raise
    return loader


class Loader:
    """Creates the demo objects with their history: dates, moderation and the moderation log."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.users: dict[str, Any] = {}
        self.posts: dict[str, Post] = {}
        self.comments: dict[tuple[str, int], Comment] = {}
        self.photo_count = 0
        self.comment_count = 0
        self.stored_files: list[tuple[Storage, str]] = []

    def load(self) -> None:
        """Create people, then requests in the order they were posted, then reports."""
        self._create_people()
        seen_authors: set[str] = set()
        for index, request in enumerate(sorted(REQUESTS, key=lambda r: -r.age)):
            first_post = request.author not in seen_authors
            seen_authors.add(request.author)
            self._create_request(request, index, first_post)
        for flag in FLAGS:
            self._create_report(flag)
        self._create_translations()
        self._queue_what_waits()
        self._create_watched_words()
        for post in self.posts.values():
            update_matches(post)

    def delete_files(self) -> None:
        """Remove photo files saved before the transaction failed."""
        for storage, name in self.stored_files:
            storage.delete(name)

    def _ago(self, days: float, minutes: int = 0) -> datetime:
        return self.now - timedelta(days=days) + timedelta(minutes=minutes)

    def _create_people(self) -> None:
        user_model = get_user_model()
        moderators = Group.objects.get(name=MODERATORS_GROUP)
        password = make_password(PASSWORD)  # Hashed once: hashing is slow on purpose.
        for person in PEOPLE:
            user = user_model(
                email=person.email,
                display_name=person.name,
                country=person.country,
                languages=list(person.languages),
                interface_language=person.interface,
                bio=person.bio,
                is_staff=person.staff,
                password=password,
                date_joined=self._ago(self._first_activity(person.key) + 5),
            )
            user.full_clean()
            user.save()
            EmailAddress.objects.create(user=user, email=person.email, verified=True, primary=True)
            if person.staff:
                user.groups.add(moderators)
            self.users[person.key] = user

    def _first_activity(self, key: str) -> float:
        """Days since the person first posted, commented or reported (the moderator predates everything)."""
        ages = [request.age for request in REQUESTS if request.author == key]
        ages += [request.age - note.after for request in REQUESTS for note in request.notes if note.author == key]
        ages += [flag.age for flag in FLAGS if flag.reporter == key]
        return max(ages, default=max(request.age for request in REQUESTS) + 30)

    def _create_request(self, request: Request, index: int, first_post: bool) -> None:
        created = self._ago(request.age, minutes=-(index * 97) % 600)
        post = Post(
            author=self.users[request.author],
            title=request.title,
            sought_name=request.sought_name,
            sought_other_names=request.other_names,
            sought_nickname=request.nickname,
            relationship=request.relationship,
            met_place=request.met_place,
            met_city=request.met_city,
            met_country=request.met_country,
            year_from=request.years[0],
            year_to=request.years[1],
            now_country=request.now_country,
            story=request.story,
            languages=list(request.languages),
            on_behalf_of=request.on_behalf_of,
            poster_then_name=request.then_name,
            moderation=request.moderation,
            moderation_reason=request.reason,
            created_at=created,
            last_activity_at=created,
        )
        if request.moderation != Moderation.PENDING and request.was_published:
            # A new account's first request waits for a moderator; later ones go straight out.
            post.published_at = created + timedelta(hours=3) if first_post else created
        post.full_clean()
        post.save()
        self.posts[request.key] = post

        for order, picture in enumerate(request.photos):
            self._create_photo(post, picture, order, seed=index * 10 + order)

        activity = [created]
        for position, note in sorted(enumerate(request.notes), key=lambda item: item[1].after):
            comment = self._create_comment(post, note, created + timedelta(days=note.after, minutes=position))
            self.comments[(request.key, position)] = comment
            activity.append(comment.created_at)

        if request.status == Status.RESOLVED:
            post.status = Status.RESOLVED
            post.resolved_note = request.reunion
            post.resolved_at = created + timedelta(days=request.resolved_after or 0)
            if request.helped_by is not None:
                post.resolved_comment = self.comments[(request.key, request.helped_by)]
            activity.append(post.resolved_at)
            if request.reunion:
                self._create_story_consent(post)
        elif request.status == Status.CLOSED:
            post.status = Status.CLOSED
            activity.append(created + timedelta(days=request.closed_after or 0))
        post.last_activity_at = min(max(activity), self.now)
        post.save()
        index_post(post)

        if request.moderation in (Moderation.HIDDEN, Moderation.REMOVED):
            hidden = request.moderation == Moderation.HIDDEN
            action = ModerationActionKind.HIDE if hidden else ModerationActionKind.REMOVE
            self._record(post, action, created + timedelta(days=request.moderated_after), reason=request.reason)

    def _create_story_consent(self, post: Post) -> None:
        """A reunion story is shown only if the person found agreed in a conversation (posts/contact/stories.py)."""
        helper = post.resolved_comment.author if post.resolved_comment else None
        starter = helper or next(user for user in self.users.values() if user.pk != post.author_id)
        kind = ConversationKind.I_KNOW_THEM if helper else ConversationKind.THIS_IS_ME
        agreed = min(post.resolved_at, self.now) - timedelta(days=1)
        conversation = Conversation.objects.create(
            post=post,
            starter=starter,
            kind=kind,
            created_at=agreed - timedelta(days=2),
            last_message_at=agreed,
            starter_read_at=agreed,
            poster_read_at=agreed,
            story_consent_at=agreed,
        )
        Message.objects.create(
            conversation=conversation,
            author=starter,
            body="I saw your request and I believe I can help you reach the person you are looking for.",
            created_at=agreed - timedelta(days=2),
        )
        Message.objects.create(
            conversation=conversation,
            author=post.author,
            body="Thank you! We have found each other. May I tell our story on the request?",
            created_at=agreed - timedelta(hours=6),
        )
        Message.objects.create(
            conversation=conversation,
            author=starter,
            body="Yes, please do. I have ticked the box.",
            created_at=agreed,
        )

    def _create_photo(self, post: Post, picture: Picture, order: int, seed: int) -> None:
        upload = SimpleUploadedFile("photo.jpg", demo_photo(picture.scene, seed), content_type="image/jpeg")
        processed = process_upload(upload)
        photo = Photo.objects.create(
            post=post,
            image=processed.full,
            thumbnail=processed.thumbnail,
            caption=picture.caption,
            alt_text=picture.alt,
            order=order,
            created_at=post.created_at,
        )
        self.stored_files += [(photo.image.storage, photo.image.name), (photo.thumbnail.storage, photo.thumbnail.name)]
        self.photo_count += 1

    def _create_comment(self, post: Post, note: Note, when: datetime) -> Comment:
        when = min(when, self.now - timedelta(minutes=5))
        comment = Comment(
            post=post,
            author=self.users[note.author],
            body=note.body,
            is_lead=note.kind in (LEAD, PRIVATE),
            is_private=note.kind == PRIVATE,
            created_at=when,
        )
        if note.hidden:
            comment.moderation = Moderation.HIDDEN
            comment.moderation_reason = note.hidden
        comment.save()
        if note.hidden:
            # Hidden the day after it was written, when a report about it came in (see FLAGS).
            self._record(comment, ModerationActionKind.HIDE, when + timedelta(days=1, hours=4), reason=note.hidden)
        self.comment_count += 1
        return comment

    def _create_watched_words(self) -> None:
        """A few of the watched words moderators keep (docs/moderation.md), so that the admin shows some."""
        moderator = self.users["moderator"]
        for pattern, is_regex, action, note in WATCHED_WORDS:
            WatchedWord.objects.create(
                pattern=pattern, is_regex=is_regex, action=action, note=note, created_by=moderator, created_at=self.now
            )

    def _create_report(self, flag: Flag) -> None:
        post = self.posts[flag.post]
        comment = self.comments[(flag.post, flag.note)] if flag.note is not None else None
        created = self._ago(flag.age)
        report = Report.objects.create(
            reporter=self.users[flag.reporter],
            post=None if comment else post,
            comment=comment,
            reason=flag.reason,
            details=flag.details,
            status=flag.status,
            created_at=created,
        )
        if flag.status != ReportStatus.OPEN:
            report.handled_by = self.users["moderator"]
            report.handled_at = created + timedelta(hours=4)
            report.save(update_fields=["handled_by", "handled_at"])
            action = (
                ModerationActionKind.RESOLVE_REPORT
                if flag.status == ReportStatus.RESOLVED
                else ModerationActionKind.DISMISS_REPORT
            )
            self._record(report, action, report.handled_at, report_reason=report.reason)

    def _create_translations(self) -> None:
        """Translations both ways, approved by their posters, one waiting for its poster, and asks for more."""
        for demo in TRANSLATIONS:
            post = self.posts[demo.request]
            offered = self._ago(demo.age)
            translation = Translation.objects.create(
                post=post,
                translator=self.users[demo.translator],
                language=demo.language,
                source_language=demo.source,
                title=demo.title,
                story=demo.story,
                status=TranslationStatus.APPROVED if demo.approved else TranslationStatus.WAITING,
                decided_by=post.author if demo.approved else None,
                decided_at=offered + timedelta(hours=5) if demo.approved else None,
                created_at=offered,
            )
            if not demo.approved:
                Notification.objects.create(
                    recipient=post.author,
                    kind=NotificationKind.TRANSLATION_OFFERED,
                    post=post,
                    translation=translation,
                    created_at=offered,
                )
        for key in {demo.request for demo in TRANSLATIONS}:
            index_post(self.posts[key])
        for key, language, source in TRANSLATION_ASKS:
            TranslationRequest.objects.create(
                post=self.posts[key], language=language, source_language=source, created_at=self._ago(3)
            )

    def _queue_what_waits(self) -> None:
        """The review queue's items for the held requests and the open reports, dated as they came in."""
        waiting = [
            (post, ReviewReason.NEW_MEMBER, post.created_at)
            for post in self.posts.values()
            if post.moderation == Moderation.PENDING
        ]
        for report in Report.objects.open().order_by("created_at"):
            removal = report.reason == ReportReason.THIS_IS_ME
            waiting.append(
                (report.target, ReviewReason.REMOVAL_REQUEST if removal else ReviewReason.REPORTS, report.created_at)
            )
        for target, reason, when in waiting:
            item = needs_review(target=target, reason=reason)
            ReviewItem.objects.filter(pk=item.pk).update(created_at=when, updated_at=when)

    def _record(self, obj: models.Model, action: str, when: datetime, reason: str = "", **details: Any) -> None:
        """The moderation action the demo moderator took on `obj`, dated `when`."""
        record(
            actor=self.users["moderator"], action=action, target=obj, reason=reason, at=min(when, self.now), **details
        )
