"""The person sought, and anyone who knows them, acting without an account, as tracing services let anyone act
on a record: "This is me", "I know this person", and "This is about me — please take it down".

1. `ask` keeps what the visitor wrote (a `VisitorRequest`) and emails a link to the address they gave, in
   their language. Nothing reaches the poster or the moderators yet.
2. `confirm`, when the link is used (once, within RECONNECT_VISITOR_LINK_HOURS), delivers it exactly as a
   member's: a message through `relay.start_conversation` (the same contact-detail and watched-word holds)
   or a removal request through `reports.report_content` (the same ReviewItem, and the photos withheld at once).
   The visitor is carried by a user row without a password (`Visitor`), so that sanctions, bans, rate limits,
   export and deletion hold for them as for anyone.
3. The poster's answers reach the visitor by email with a signed link (posts/reach/visitor_links.py) to
   `visitor_conversation`, where they read and reply; `make_account` turns the row into an account, if they choose.

An address that already belongs to an account is never written from here: its owner logs in.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from accounts.roles import is_moderator
from posts.contact import optouts, permissions, relay
from posts.models import (
    Conversation,
    ConversationKind,
    OptOut,
    Post,
    Report,
    ReportReason,
    Visitor,
    VisitorRequest,
    VisitorRequestKind,
)
from posts.moderation import reports
from posts.reach import visitor_links
from reconnect.emails import send_to_address
from reconnect.normalise import is_blank

User = get_user_model()

REMOVAL_DETAILS_MAX_LENGTH = 2000


class LinkRefused(PermissionDenied):
    """A verification or conversation link that does not act, with the reason the page tells."""


def ask(
    *,
    post: Post | None,
    kind: str,
    email: str,
    body: str = "",
    answer: str = "",
    proof: str = "",
    name: str = "",
    other_names: str = "",
    language: str = "",
) -> VisitorRequest:
    """Keep what a visitor wrote and send them the link that delivers it; ValidationError beside each field."""
    if kind not in VisitorRequestKind.values:
        raise ValueError(f"Unknown visitor request: {kind}")
    permissions.check_visitor_request(None, post, kind)
    body, answer, proof, name, other_names = (text.strip() for text in (body, answer, proof, name, other_names))
    errors: dict[str, ValidationError] = {}
    if kind in (VisitorRequestKind.REMOVAL, VisitorRequestKind.OPT_OUT):
        if len(body) > REMOVAL_DETAILS_MAX_LENGTH:
            errors["body"] = ValidationError(
                _("Keep it under %(limit)d characters."), code="too_long", params={"limit": REMOVAL_DETAILS_MAX_LENGTH}
            )
        if kind == VisitorRequestKind.OPT_OUT and not name:
            errors["name"] = ValidationError(_("Please give your name."), code="required")
        answer = proof = ""
        if kind == VisitorRequestKind.REMOVAL:
            name = other_names = ""
    else:
        name = other_names = ""
        assert post is not None  # check_visitor_request: only an opt-out is about no request.
        if is_blank(body):
            errors["body"] = ValidationError(_("Please write a message."), code="empty")
        question = relay.claim_question_for(post, kind)
        if question and is_blank(answer):
            errors["answer"] = ValidationError(_("Please answer the poster's question."), code="answer_required")
        if not question:
            answer = ""
        if proof and kind == VisitorRequestKind.THIS_IS_ME:
            # Said in the visitor's own language, at the top of their first message.
            with override(language or settings.LANGUAGE_CODE):
                body = _("Something only I would know: %(proof)s") % {"proof": proof} + f"\n\n{body}"
        if len(body) > relay.MESSAGE_MAX_LENGTH:
            errors["body"] = ValidationError(
                _("Keep a message under %(limit)d characters."),
                code="too_long",
                params={"limit": relay.MESSAGE_MAX_LENGTH},
            )
    if errors:
        raise ValidationError(errors)
    # Addresses nobody confirmed are not kept past their link's life.
    expired = timezone.now() - timedelta(hours=settings.RECONNECT_VISITOR_LINK_HOURS)
    VisitorRequest.objects.filter(verified_at__isnull=True, created_at__lt=expired).delete()
    visitor_request = VisitorRequest.objects.create(
        post=post,
        kind=kind,
        email=email.strip(),
        body=body,
        answer=answer,
        name=name,
        other_names=other_names,
        language=language,
    )
    transaction.on_commit(lambda: send_visitor_link.enqueue(request_id=visitor_request.pk))
    return visitor_request


@task()
def send_visitor_link(*, request_id: int) -> None:
    """Email the link that verifies the address and sends what the visitor wrote, in their language."""
    visitor_request = VisitorRequest.objects.select_related("post").filter(pk=request_id).first()
    if visitor_request is None or visitor_request.verified_at is not None:
        return
    send_to_address(
        visitor_request.email,
        visitor_request.language,
        "visitor_verify",
        {
            "visitor_request": visitor_request,
            "post": visitor_request.post,
            "verify_url": visitor_links.verify_link(visitor_request),
            "hours": settings.RECONNECT_VISITOR_LINK_HOURS,
        },
    )


def request_for_link(token: str) -> VisitorRequest:
    """The visitor's request a verification link names, if it may still act; LinkRefused with the reason."""
    try:
        pk = visitor_links.read_verify_token(token)
    except visitor_links.LinkExpired:
        raise LinkRefused(
            _(
                "This link has expired: links work for %(hours)d hours. Nothing you wrote was sent. "
                "Please write again from the request's page."
            )
            % {"hours": settings.RECONNECT_VISITOR_LINK_HOURS}
        ) from None
    visitor_request = (
        VisitorRequest.objects.select_related("post__author").filter(pk=pk).first() if pk is not None else None
    )
    if visitor_request is None:
        raise LinkRefused(_("This link is not valid. Please open the link from the email exactly as it is."))
    permissions.check_visitor_link(visitor_request)
    return visitor_request


@dataclass
class Outcome:
    visitor_request: VisitorRequest
    conversation: Conversation | None = None
    report: Report | None = None
    opt_out: OptOut | None = None
    # The address belongs to an account: nothing was sent, its owner logs in to write.
    has_account: bool = False


def confirm(visitor_request: VisitorRequest) -> Outcome:
    """Use the link: deliver what the visitor wrote, as a member's would be. Raises what the relay or the report
    refuses with (PermissionDenied, ValidationError), and then nothing is done and the link still works."""
    with transaction.atomic():
        # Only the request's own row is locked: PostgreSQL locks no row of the nullable side of a join.
        locked = (
            VisitorRequest.objects.select_for_update(of=("self",))
            .select_related("post__author")
            .get(pk=visitor_request.pk)
        )
        permissions.check_visitor_link(locked)  # Used meanwhile, by a second click.
        permissions.check_visitor_request(None, locked.post, locked.kind)
        locked.verified_at = timezone.now()
        user = _visitor_user(locked.email, locked.language)
        outcome = Outcome(locked)
        if user is None:
            outcome.has_account = True
            locked.save(update_fields=["verified_at"])
            return outcome
        locked.visitor = user.visitor
        if locked.kind == VisitorRequestKind.OPT_OUT:
            outcome.opt_out = optouts.register_opt_out(
                user=user, name=locked.name, other_names=locked.other_names, details=locked.body
            )
        elif locked.kind == VisitorRequestKind.REMOVAL:
            outcome.report, _created = reports.report_content(
                reporter=user, post=locked.post, reason=ReportReason.THIS_IS_ME, details=locked.body
            )
            locked.report = outcome.report
        else:
            assert locked.post is not None
            outcome.conversation = relay.start_conversation(
                post=locked.post, by=user, kind=ConversationKind(locked.kind), answer=locked.answer, body=locked.body
            )
            locked.conversation = outcome.conversation
        locked.save(update_fields=["verified_at", "visitor", "report", "conversation"])
    return outcome


def _visitor_user(email: str, language: str):
    """The password-less user who carries the visitor of `email`, made on their first verified request; None when
    the address is an account's (a member's or a moderator's), which is never acted for without its log-in."""
    addresses = EmailAddress.objects.filter(email__iexact=email).values_list("user_id", flat=True)
    existing = User.objects.filter(email__iexact=email).first() or User.objects.filter(pk__in=addresses).first()
    if existing is not None:
        visitor = Visitor.objects.filter(user=existing, account_made_at__isnull=True).first()
        if visitor is None or is_moderator(existing):
            return None
        existing.visitor = visitor
        return existing
    user = User.objects.create_user(email=email, password=None, interface_language=language)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.visitor = Visitor.objects.create(user=user)
    return user


def conversation_for_link(token: str) -> tuple[Conversation, Any]:
    """The conversation a visitor's link opens, and the visitor (its starter); LinkRefused with the reason."""
    try:
        found = visitor_links.read_conversation_token(token)
    except visitor_links.LinkExpired:
        raise LinkRefused(
            _(
                "This link has expired. The newest email about your conversation has a new link; "
                "each one works for %(days)d days."
            )
            % {"days": settings.RECONNECT_VISITOR_CONVERSATION_LINK_DAYS}
        ) from None
    if found is None:
        raise LinkRefused(_("This link is not valid. Please open the link from the email exactly as it is."))
    conversation_pk, user_pk = found
    conversation = Conversation.objects.select_related("post__author", "starter").filter(pk=conversation_pk).first()
    if conversation is None or conversation.starter_id != user_pk:
        raise LinkRefused(_("This conversation is not yours."))
    user = conversation.starter
    permissions.check_visitor_conversation(user, conversation)
    return conversation, user


def make_account(*, user, display_name: str, password: str) -> None:
    """The visitor chooses to keep their conversations under an account: a name others see, and a password."""
    visitor = Visitor.objects.get(user=user, account_made_at__isnull=True)
    with transaction.atomic():
        user.display_name = display_name.strip()
        user.set_password(password)
        user.save(update_fields=["display_name", "password"])
        visitor.account_made_at = timezone.now()
        visitor.save(update_fields=["account_made_at"])
