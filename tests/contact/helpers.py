"""Small helpers shared by the conversation tests."""

import re

from django.urls import reverse

QUESTION = "What did we call our chemistry teacher?"
ANSWER = "Mr Bunsen, the one with the green tie"


def start_url(post, kind: str = "this_is_me") -> str:
    return reverse("posts:conversation_start", kwargs={"pk": post.pk, "kind": kind})


def header_unread(html: str) -> int:
    """The unread-messages badge in the header, 0 when there is none."""
    match = re.search(r'Messages <span class="count-badge">(\d+)<', html)
    return int(match.group(1)) if match else 0


def all_email_text(mail) -> str:
    return "\n".join([mail.subject, mail.body, *(content for content, _type in mail.alternatives)])
