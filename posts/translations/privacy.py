"""A member's translations: their part of the export, and of an account deletion.

Receivers of accounts.privacy.signals, connected in posts/apps.py.
"""

from accounts.privacy.signals import UserDataExport
from posts.models import Post, Translation, TranslationStatus
from posts.reach import pagecache
from posts.search.index import index_post

EXPORTED_FIELDS = ("id", "post_id", "language", "source_language", "title", "story", "status", "created_at")


def export_translations(sender, *, user, export: UserDataExport, **kwargs) -> None:
    translations = Translation.objects.filter(translator=user).order_by("pk")
    export.add("translations", list(translations.values(*EXPORTED_FIELDS)))


def erase_translations(sender, *, user, **kwargs) -> None:
    """Their translations go with them; the requests they were approved for are indexed without them."""
    translations = Translation.objects.filter(translator=user)
    shown_on = set(translations.filter(status=TranslationStatus.APPROVED).values_list("post_id", flat=True))
    translations.delete()
    for post in Post.objects.filter(pk__in=shown_on).exclude(author=user):
        index_post(post)
    if shown_on:
        pagecache.everything_changed()
