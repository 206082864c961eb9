"""What a request page shows of its translations: which one the reader reads, and the switch between them."""

from dataclasses import dataclass, field

from django.utils import translation as i18n

from posts.models import Post, Translation, translation_languages
from posts.translations import permissions
from posts.translations.languages import ORIGINAL, choose_translation, guess_source_language


@dataclass
class Reading:
    """The translations a request page offers, and the one shown (None: the original)."""

    shown: Translation | None
    available: list[Translation] = field(default_factory=list)
    original_language: str = ""
    original_param: str = ORIGINAL
    can_offer: bool = False
    can_ask: bool = False
    waiting_for_poster: list[Translation] = field(default_factory=list)

    @property
    def ask_languages(self) -> list[str]:
        """The languages the poster may ask for: all but the original's."""
        return [code for code in translation_languages() if code != self.original_language]


def reading(post: Post, *, user, asked: str) -> Reading:
    """The page's translations from those prefetched with the request (`PostQuerySet.with_translations`).

    Translations follow their request's visibility: a request that is not published shows none.
    """
    available = list(getattr(post, "shown_translations", ())) if post.is_published else []
    shown = choose_translation(available, asked=asked, interface=i18n.get_language() or "")
    original = shown.source_language if shown is not None else guess_source_language(post)
    is_poster = user.is_authenticated and user.pk == post.author_id
    return Reading(
        shown=shown,
        available=available,
        original_language=original,
        can_offer=permissions.can_offer_translation(user, post),
        can_ask=is_poster and permissions.can_ask_translation(user, post),
        waiting_for_poster=(
            list(Translation.objects.filter(post=post).undecided().select_related("translator")) if is_poster else []
        ),
    )
