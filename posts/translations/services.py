"""Every change of state of translations: offered, screened, decided, edited, confirmed, asked for.

A translation goes through the checks a request's own text does (watched words, contact details, a new
member's first writing held; posts/moderation/), then waits for the poster, who approves it, rejects it with a
reason, or leaves it to the moderators. Only an approved translation is shown, indexed and announced; the
decision itself is `posts.moderation.actions.settle_translation`, shared with the moderators' queue.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_moderator
from posts.models import (
    Moderation,
    Post,
    ReviewReason,
    Translation,
    TranslationRequest,
    TranslationStatus,
    translation_languages,
)
from posts.moderation import actions, review, revisions, trust, watched
from posts.moderation.detection import HELD_MESSAGE, brings_in_contact_details, regions_of
from posts.reach import notifications, pagecache
from posts.search.index import index_post
from posts.translations import permissions
from reconnect.normalise import is_blank

# The fields of a request a translation carries; names, places and the structured facts never are.
TRANSLATED_FIELDS = ("title", "story")


def _check_languages(*, language: str, source_language: str) -> None:
    known = translation_languages()
    if language not in known:
        raise ValidationError({"language": _("Choose one of the languages listed.")}, code="unknown_language")
    if source_language not in known:
        raise ValidationError({"source_language": _("Choose one of the languages listed.")}, code="unknown_language")
    if language == source_language:
        raise ValidationError(
            {"language": _("Choose a language other than the one the request is written in.")},
            code="same_language",
        )


def _check_texts(title: str, story: str) -> None:
    errors = {}
    if is_blank(title):
        errors["title"] = _("Please translate the title.")
    if is_blank(story):
        errors["story"] = _("Please translate the story.")
    if errors:
        raise ValidationError(errors, code="empty")


def _screening_hold(*, translator, post: Post, title: str, story: str, before=()) -> tuple[str, str]:
    """Why a translation waits for a moderator, as for a comment: the queue's reason and the words its
    translator reads, or ("", "")."""
    if is_moderator(translator):
        return "", ""
    texts = (title, story)
    # Contact details already in the original (a moderator let them through there) do not hold its translation.
    if brings_in_contact_details(texts, before=(post.title, post.story, *before), regions=regions_of(post)):
        return ReviewReason.CONTACT_DETAILS, str(HELD_MESSAGE)
    reason = trust.comment_hold_reason(translator)
    return (ReviewReason.NEW_MEMBER, reason) if reason else ("", "")


def offer_translation(
    *, post: Post, translator, language: str, source_language: str, title: str, story: str
) -> Translation:
    """Offer a translation of `post`; it waits for the poster (and first for a moderator, when held)."""
    permissions.check_offer_translation(translator, post)
    title, story = title.strip(), story.strip()
    _check_languages(language=language, source_language=source_language)
    _check_texts(title, story)
    if Translation.objects.undecided().filter(post=post, translator=translator, language=language).exists():
        raise ValidationError(
            _("You already offered a translation into this language that waits for a decision: change that one."),
            code="already_offered",
        )
    trust.check_comment_links(translator, story)
    verdict = watched.screen_fields(author=translator, fields={"title": title, "story": story})
    with transaction.atomic():
        held_for, reason = _screening_hold(translator=translator, post=post, title=title, story=story)
        translation = Translation.objects.create(
            post=post,
            translator=translator,
            language=language,
            source_language=source_language,
            title=title,
            story=story,
            moderation=Moderation.PENDING if held_for else Moderation.PUBLISHED,
            moderation_reason=reason,
        )
        if held_for:
            review.needs_review(target=translation, reason=held_for)
        watched.apply(verdict, translation)
        if translator.pk == post.author_id:
            # The poster's own translation needs nobody's approval but a moderator's screening.
            translation = actions.settle_translation(translation=translation, by=translator, approve=True)
        else:
            notifications.translation_offered(translation)
    return translation


def approve_translation(*, translation: Translation, by) -> Translation:
    permissions.check_decide_translation(by, translation)
    return actions.settle_translation(translation=translation, by=by, approve=True)


def reject_translation(*, translation: Translation, by, reason: str) -> Translation:
    permissions.check_decide_translation(by, translation)
    if is_blank(reason):
        raise ValidationError(
            {"reason": _("Say why, so that the translator can do better next time.")}, code="reason_required"
        )
    return actions.settle_translation(translation=translation, by=by, approve=False, reason=reason)


def leave_to_moderators(*, translation: Translation, by) -> Translation:
    """The poster cannot judge the language: a moderator approves or rejects it from the review queue."""
    permissions.check_leave_to_moderators(by, translation)
    with transaction.atomic():
        translation.status = TranslationStatus.MODERATORS
        translation.save(update_fields=["status"])
        review.needs_review(target=translation, reason=ReviewReason.TRANSLATION)
    return translation


def edit_translation(*, translation: Translation, by, title: str, story: str) -> Translation:
    """The translator's change. A change to an approved translation waits for the poster again: only text the
    poster approved is shown. The text before it is kept for moderators (posts/moderation/revisions.py)."""
    permissions.check_edit_translation(by, translation)
    title, story = title.strip(), story.strip()
    _check_texts(title, story)
    trust.check_comment_links(by, story)
    with transaction.atomic():
        translation = Translation.objects.select_for_update().select_related("post").get(pk=translation.pk)
        before = {field: getattr(translation, field) for field in TRANSLATED_FIELDS}
        if before == {"title": title, "story": story}:
            return translation
        verdict = watched.screen_fields(author=by, fields={"title": title, "story": story}, before=before)
        held_for, reason = _screening_hold(
            translator=by, post=translation.post, title=title, story=story, before=before.values()
        )
        was_shown = translation.is_shown
        translation.title, translation.story = title, story
        revisions.record_translation_revision(before, translation, by)
        fields = ["title", "story", "out_of_date"]
        translation.out_of_date = False
        if translation.status == TranslationStatus.APPROVED and by.pk != translation.post.author_id:
            translation.status, translation.decided_by, translation.decided_at = TranslationStatus.WAITING, None, None
            fields += ["status", "decided_by", "decided_at"]
        if held_for and translation.moderation in (Moderation.PUBLISHED, Moderation.PENDING):
            translation.moderation, translation.moderation_reason = Moderation.PENDING, reason
            fields += ["moderation", "moderation_reason"]
        translation.save(update_fields=fields)
        if held_for and translation.moderation == Moderation.PENDING:
            review.needs_review(target=translation, reason=held_for)
        watched.apply(verdict, translation)
        if was_shown:
            index_post(translation.post)
        if translation.status == TranslationStatus.WAITING:
            notifications.translation_offered(translation)
    return translation


def confirm_translation(*, translation: Translation, by) -> Translation:
    """The translator or the poster says the translation still says what the edited original says."""
    permissions.check_confirm_translation(by, translation)
    translation.out_of_date = False
    translation.save(update_fields=["out_of_date"])
    return translation


def mark_out_of_date(*, post: Post, before: dict) -> int:
    """After an edit of the original's translated text, its translations may be out of date until confirmed."""
    if all(before.get(field) == getattr(post, field) for field in TRANSLATED_FIELDS):
        return 0
    in_use = Translation.objects.filter(post=post, out_of_date=False).exclude(
        status__in=(TranslationStatus.REJECTED, TranslationStatus.REPLACED)
    )
    count = in_use.update(out_of_date=True, updated_at=timezone.now())
    if count:
        pagecache.request_changed(post.pk)  # An update sends no signal.
    return count


def ask_for_translation(*, post: Post, by, language: str, source_language: str) -> TranslationRequest:
    """The poster asks for a translation into `language`; it is listed at /translate/ until one is approved."""
    permissions.check_ask_translation(by, post)
    _check_languages(language=language, source_language=source_language)
    if Translation.objects.approved().filter(post=post, language=language).exists():
        raise ValidationError(
            {"language": _("Your request already has an approved translation into this language.")},
            code="already_translated",
        )
    try:
        with transaction.atomic():
            ask, _created = TranslationRequest.objects.update_or_create(
                post=post, language=language, defaults={"source_language": source_language}
            )
    except IntegrityError:  # Asked twice at the same moment: one ask is kept.
        ask = TranslationRequest.objects.get(post=post, language=language)
    return ask


def withdraw_ask(*, ask: TranslationRequest, by) -> None:
    permissions.check_ask_translation(by, ask.post)
    ask.delete()
