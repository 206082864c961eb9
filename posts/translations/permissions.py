"""Who may offer, decide on, edit and confirm translations, and ask for one; each refusal tells its true reason."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.permissions import allows, check_can_write
from accounts.roles import is_moderator
from posts.models import Moderation, Post, Translation, TranslationStatus


def check_offer_translation(user, post: Post) -> None:
    check_can_write(user)
    if not post.is_published:
        raise PermissionDenied(_("This request is not published, so it cannot be translated yet."))


def check_decide_translation(user, translation: Translation) -> None:
    """The poster decides on a translation of their request; the moderators when the poster left it to them."""
    check_can_write(user)
    post = translation.post
    moderator = is_moderator(user)
    if post.author_id != user.pk and not moderator:
        raise PermissionDenied(_("Only the poster of this request, or a moderator, can approve its translations."))
    if not translation.is_undecided:
        raise PermissionDenied(_("This translation has been decided on already."))
    if translation.moderation != Moderation.PUBLISHED:
        raise PermissionDenied(_("A moderator is still checking this translation; you can decide once they have."))
    if translation.status == TranslationStatus.MODERATORS and not moderator:
        raise PermissionDenied(_("You left this translation to the moderators: they will decide on it."))


def check_leave_to_moderators(user, translation: Translation) -> None:
    check_decide_translation(user, translation)
    if translation.status == TranslationStatus.MODERATORS:
        raise PermissionDenied(_("This translation is already left to the moderators."))


def check_edit_translation(user, translation: Translation) -> None:
    check_can_write(user)
    if translation.translator_id != user.pk:
        raise PermissionDenied(_("Only its translator can change a translation."))
    if translation.moderation == Moderation.REMOVED:
        raise PermissionDenied(_("A moderator has removed this translation: it can no longer be changed."))
    if translation.status in (TranslationStatus.REJECTED, TranslationStatus.REPLACED):
        raise PermissionDenied(_("This translation is no longer in use; offer a new one instead."))


def check_confirm_translation(user, translation: Translation) -> None:
    """A translation marked "may be out of date" is confirmed by its translator or by the poster."""
    check_can_write(user)
    if user.pk not in (translation.translator_id, translation.post.author_id):
        raise PermissionDenied(_("Only its translator or the poster can confirm a translation is up to date."))
    if not translation.out_of_date:
        raise PermissionDenied(_("This translation is not marked as out of date."))


def check_ask_translation(user, post: Post) -> None:
    check_can_write(user)
    if post.author_id != user.pk:
        raise PermissionDenied(_("Only the poster of this request can ask for a translation of it."))
    if not post.is_published:
        raise PermissionDenied(_("This request is not published, so translators cannot see it yet."))


def can_offer_translation(user, post: Post) -> bool:
    return allows(check_offer_translation, user, post)


def can_decide_translation(user, translation: Translation) -> bool:
    return allows(check_decide_translation, user, translation)


def can_edit_translation(user, translation: Translation) -> bool:
    return allows(check_edit_translation, user, translation)


def can_confirm_translation(user, translation: Translation) -> bool:
    return allows(check_confirm_translation, user, translation)


def can_ask_translation(user, post: Post) -> bool:
    return allows(check_ask_translation, user, post)
