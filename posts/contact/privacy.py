"""A member's conversations and opt-outs: their part of the export, and of an account deletion.

Receivers of accounts.privacy.signals, connected in posts/apps.py.
"""

from typing import Any

from accounts.privacy.signals import UserDataExport
from posts.models import Conversation, Message, OptOut


def export_contact(sender, *, user, export: UserDataExport, **kwargs) -> None:
    export.add(
        "opt_outs", list(OptOut.objects.filter(user=user).values("name", "other_names", "details", "created_at"))
    )
    export.add("conversations", _conversations(user))


def _conversations(user) -> list[dict[str, Any]]:
    """Conversations `user` takes part in, with only the messages they wrote: the other side's are theirs."""
    conversations = Conversation.objects.for_user(user).select_related("post").order_by("pk")
    mine: dict[int, list[dict[str, Any]]] = {}
    for message in Message.objects.filter(author=user, conversation__in=conversations).order_by("created_at", "pk"):
        mine.setdefault(message.conversation_id, []).append({"body": message.body, "sent_at": message.created_at})
    exported = []
    for conversation in conversations:
        started = conversation.starter_id == user.pk
        exported.append(
            {
                "id": conversation.pk,
                "request": {"id": conversation.post_id, "title": conversation.post.title},
                "kind": conversation.kind,
                "role": "starter" if started else "poster",
                "started_at": conversation.created_at,
                # The answer is the starter's own writing; the poster's copy of it is not theirs to take.
                "claim_question": conversation.claim_question,
                "claim_answer": conversation.claim_answer if started else "",
                "my_messages": mine.get(conversation.pk, []),
            }
        )
    return exported


def erase_contact(sender, *, user, placeholder, marker: str, **kwargs) -> None:
    _hand_over_conversations(user, placeholder)
    Message.objects.filter(author=user).update(author=placeholder, body=marker)
    OptOut.objects.filter(user=user).delete()


def _hand_over_conversations(user, placeholder) -> None:
    """Keep conversations `user` started on others' requests readable for the poster, without their answer."""
    for conversation in Conversation.objects.filter(starter=user):
        existing = Conversation.objects.filter(
            post_id=conversation.post_id, starter=placeholder, kind=conversation.kind
        ).first()
        if existing is None:
            # Their agreement to a reunion story leaves with them: the story stops being shown.
            conversation.starter, conversation.claim_answer, conversation.story_consent_at = placeholder, "", None
            conversation.save(update_fields=["starter", "claim_answer", "story_consent_at"])
            continue
        # Another deleted member already holds this slot (one conversation per kind and starter): join it.
        conversation.messages.update(conversation=existing)
        last = max(existing.last_message_at, conversation.last_message_at)
        Conversation.objects.filter(pk=existing.pk).update(last_message_at=last)
        conversation.delete()
