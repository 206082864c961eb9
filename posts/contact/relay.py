"""The consent-gated relay: private conversations between a poster and a member who may be, or know,
the person sought.

Nobody's email address or phone number is shown to anyone: each side shares contact details only by
writing them in a message. The email telling someone a message is waiting names the sender and the
request, never the message, so that nothing private travels outside the site.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_moderator, member_changed
from posts.contact import permissions
from posts.models import (
    Conversation,
    ConversationKind,
    Message,
    Moderation,
    Post,
    Report,
    ReportReason,
    ReviewReason,
)
from posts.moderation import watched
from posts.moderation.detection import HELD_PRIVATE_MESSAGE, contains_contact_details
from posts.moderation.review import file_report, needs_review
from posts.reach import notifications
from posts.reach.delivery import send_message_notice
from reconnect.normalise import is_blank

MESSAGE_MAX_LENGTH = 5000
ANSWER_MAX_LENGTH = 500
# What a participant may report a message for: "this is me" is about requests.
MESSAGE_REPORT_REASONS = tuple(choice for choice in ReportReason.choices if choice[0] != ReportReason.THIS_IS_ME)


def claim_question_for(post: Post, kind: str) -> str:
    """The question a starter of `kind` must answer: only someone saying "this is me" is asked."""
    return post.claim_question.strip() if kind == ConversationKind.THIS_IS_ME else ""


def start_conversation(*, post: Post, by, kind: str, answer: str = "", body: str) -> Conversation:
    """Open a conversation with the poster, or continue the one `by` already started of this kind."""
    permissions.check_start_conversation(by, post)
    if kind not in ConversationKind.values:
        raise ValueError(f"Unknown conversation kind: {kind}")
    question = claim_question_for(post, kind)
    answer = answer.strip()
    existing = Conversation.objects.filter(post=post, starter=by, kind=kind).first()
    errors = {}
    if question and not answer and not (existing and existing.claim_answer):
        errors["answer"] = ValidationError(_("Please answer the poster's question."), code="answer_required")
    elif len(answer) > ANSWER_MAX_LENGTH:
        errors["answer"] = ValidationError(
            _("Keep the answer under %(limit)d characters."),
            code="answer_too_long",
            params={"limit": ANSWER_MAX_LENGTH},
        )
    answer_verdict = watched.Verdict()
    if question and answer and "answer" not in errors:
        try:
            answer_verdict = watched.screen_text(author=by, text=answer)
        except ValidationError as error:
            errors["answer"] = error
    try:
        body, verdict = _clean_body(body, by=by)
    except ValidationError as error:
        errors["body"] = error
    if errors:
        raise ValidationError(errors)
    # The answer travels with the first message: held with it, for the same reasons.
    verdict += answer_verdict
    answer = answer if question else ""

    if existing is not None:
        return _continue(existing, by=by, question=question, answer=answer, body=body, verdict=verdict)
    now = timezone.now()
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                post=post,
                starter=by,
                kind=kind,
                claim_question=question,
                claim_answer=answer if question else "",
                created_at=now,
                last_message_at=now,
                starter_read_at=now,
            )
            _add_message(conversation, author=by, body=body, now=now, verdict=verdict, answer=answer)
    except IntegrityError:
        # The same form sent twice at once: the other request created it.
        existing = Conversation.objects.get(post=post, starter=by, kind=kind)
        return _continue(existing, by=by, question=question, answer=answer, body=body, verdict=verdict)
    return conversation


def _continue(
    conversation: Conversation, *, by, question: str, answer: str, body: str, verdict: watched.Verdict
) -> Conversation:
    with transaction.atomic():
        if question and answer and not conversation.claim_answer:
            if hold_reason(author=by, body=body, verdict=verdict, answer=answer):
                # Held: the answer waits inside the message, so that the poster reads it only once a moderator
                # has let the message through.
                body = (
                    _("My answer to your question “%(question)s”: %(answer)s")
                    % {
                        "question": question,
                        "answer": answer,
                    }
                    + f"\n\n{body}"
                )
            else:
                # The question was added after this conversation began: keep the late answer with it.
                conversation.claim_question, conversation.claim_answer = question, answer
                conversation.save(update_fields=["claim_question", "claim_answer"])
        _add_message(conversation, author=by, body=body, now=timezone.now(), verdict=verdict, answer=answer)
    return conversation


def send_message(*, conversation: Conversation, by, body: str) -> Message:
    """Add a message from one participant and tell the other side by email, without its text."""
    permissions.check_send_message(by, conversation)
    body, verdict = _clean_body(body, by=by)
    with transaction.atomic():
        return _add_message(conversation, author=by, body=body, now=timezone.now(), verdict=verdict)


def mark_read(*, conversation: Conversation, by) -> None:
    """Record that `by` has read the conversation up to now."""
    permissions.check_read_conversation(by, conversation)
    read_at = conversation.read_at_for(by)
    if read_at is not None and read_at >= conversation.last_message_at:
        return  # Nothing new: no write on every visit.
    field = "starter_read_at" if by.pk == conversation.starter_id else "poster_read_at"
    now = timezone.now()
    Conversation.objects.filter(pk=conversation.pk).update(**{field: now})
    setattr(conversation, field, now)
    member_changed(by.pk)  # An update sends no signal: the header's kept count of unread messages is stale.


def _clean_body(body: str, *, by) -> tuple[str, watched.Verdict]:
    """The message as it will be kept, and what the watched words say of it; blocked words are refused."""
    body = body.strip()
    if is_blank(body):
        raise ValidationError(_("Please write a message."), code="empty")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            _("Keep a message under %(limit)d characters."), code="too_long", params={"limit": MESSAGE_MAX_LENGTH}
        )
    return body, watched.screen_text(author=by, text=body)


def hold_reason(*, author, body: str, verdict: watched.Verdict, answer: str = "") -> str:
    """Why a new message waits for a moderator, in words for its author; "" when it goes straight out."""
    return _held_for(author=author, body=body, verdict=verdict, answer=answer)[1]


def _held_for(*, author, body: str, verdict: watched.Verdict, answer: str = "") -> tuple[str, str]:
    """Why a new message waits: the review queue's reason and the words its author reads, or ("", "")."""
    if is_moderator(author):
        return "", ""
    if contains_contact_details(body) or contains_contact_details(answer):
        return ReviewReason.CONTACT_DETAILS, str(HELD_PRIVATE_MESSAGE)
    if verdict.holds:
        return ReviewReason.WATCHED_HOLD, str(watched.HELD_REASON)
    return "", ""


def _add_message(
    conversation: Conversation, *, author, body: str, now, verdict: watched.Verdict, answer: str = ""
) -> Message:
    held_for, reason = _held_for(author=author, body=body, verdict=verdict, answer=answer)
    message = Message.objects.create(
        conversation=conversation,
        author=author,
        body=body,
        created_at=now,
        moderation=Moderation.PENDING if reason else Moderation.PUBLISHED,
        moderation_reason=reason,
    )
    # The author has read everything up to their own message.
    read_field = "starter_read_at" if author.pk == conversation.starter_id else "poster_read_at"
    setattr(conversation, read_field, now)
    if reason:
        # Held: nothing changes for the other side, who neither sees it nor hears of it until it is let through.
        Conversation.objects.filter(pk=conversation.pk).update(**{read_field: now})
        needs_review(target=message, reason=held_for)
        return message
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now, **{read_field: now})
    conversation.last_message_at = now
    if verdict.flags:
        watched.flag(message)
    transaction.on_commit(lambda: send_message_notice.enqueue(message_id=message.pk))
    notifications.message_published(message)
    return message


# Moderation of messages -------------------------------------------------------------------


def _require_moderator(by) -> None:
    if not is_moderator(by):
        raise PermissionDenied(_("Only moderators can do this."))


def report_message(*, reporter, message: Message, reason: str, details: str = "") -> tuple[Report, bool]:
    """Report a message to the moderators, and say whether the report is new: a second one updates the first."""
    permissions.check_report_message(reporter, message)
    if reason not in dict(MESSAGE_REPORT_REASONS):
        raise ValidationError(_("Choose a reason."), code="reason")
    with transaction.atomic():
        report, created = file_report(reporter=reporter, target=message, reason=reason, details=details.strip())
        needs_review(target=message, reason=ReviewReason.REPORTS)
    return report, created
