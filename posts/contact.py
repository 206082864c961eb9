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

from posts import permissions
from posts.models import Conversation, ConversationKind, Message, Post
from posts.tasks import send_message_notice

MESSAGE_MAX_LENGTH = 5000
ANSWER_MAX_LENGTH = 500


def claim_question_for(post: Post, kind: str) -> str:
    """The question a starter of `kind` must answer: only someone saying "this is me" is asked."""
    return post.claim_question.strip() if kind == ConversationKind.THIS_IS_ME else ""


def start_conversation(*, post: Post, by, kind: str, answer: str = "", body: str) -> Conversation:
    """Open a conversation with the poster, or continue the one `by` already started of this kind."""
    if not permissions.has_verified_email(by):
        raise PermissionDenied(_("Please verify your email address before writing to the poster."))
    if not permissions.can_start_conversation(by, post):
        raise PermissionDenied(_("You cannot write to the poster of this request."))
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
    try:
        body = _clean_body(body)
    except ValidationError as error:
        errors["body"] = error
    if errors:
        raise ValidationError(errors)

    if existing is not None:
        return _continue(existing, by=by, question=question, answer=answer, body=body)
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
            _add_message(conversation, author=by, body=body, now=now)
    except IntegrityError:
        # The same form sent twice at once: the other request created it.
        existing = Conversation.objects.get(post=post, starter=by, kind=kind)
        return _continue(existing, by=by, question=question, answer=answer, body=body)
    return conversation


def _continue(conversation: Conversation, *, by, question: str, answer: str, body: str) -> Conversation:
    with transaction.atomic():
        if question and answer and not conversation.claim_answer:
            # The question was added after this conversation began: keep the late answer with it.
            conversation.claim_question, conversation.claim_answer = question, answer
            conversation.save(update_fields=["claim_question", "claim_answer"])
        _add_message(conversation, author=by, body=body, now=timezone.now())
    return conversation


def send_message(*, conversation: Conversation, by, body: str) -> Message:
    """Add a message from one participant and tell the other side by email, without its text."""
    if not permissions.can_read_conversation(by, conversation):
        raise PermissionDenied(_("This conversation is not yours."))
    if not permissions.can_send_message(by, conversation):
        raise PermissionDenied(_("This conversation is closed: its request is no longer published."))
    body = _clean_body(body)
    with transaction.atomic():
        return _add_message(conversation, author=by, body=body, now=timezone.now())


def mark_read(*, conversation: Conversation, by) -> None:
    """Record that `by` has read the conversation up to now."""
    if not permissions.can_read_conversation(by, conversation):
        raise PermissionDenied(_("This conversation is not yours."))
    read_at = conversation.read_at_for(by)
    if read_at is not None and read_at >= conversation.last_message_at:
        return  # Nothing new: no write on every visit.
    field = "starter_read_at" if by.pk == conversation.starter_id else "poster_read_at"
    now = timezone.now()
    Conversation.objects.filter(pk=conversation.pk).update(**{field: now})
    setattr(conversation, field, now)


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError(_("Please write a message."), code="empty")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            _("Keep a message under %(limit)d characters."), code="too_long", params={"limit": MESSAGE_MAX_LENGTH}
        )
    return body


def _add_message(conversation: Conversation, *, author, body: str, now) -> Message:
    message = Message.objects.create(conversation=conversation, author=author, body=body, created_at=now)
    # The author has read everything up to their own message.
    read_field = "starter_read_at" if author.pk == conversation.starter_id else "poster_read_at"
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now, **{read_field: now})
    conversation.last_message_at = now
    setattr(conversation, read_field, now)
    transaction.on_commit(lambda: send_message_notice.enqueue(message_id=message.pk))
    return message
