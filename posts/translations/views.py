"""Offering, deciding on, editing and confirming translations; asking for one; the "Help translate" list."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import allows, refusal
from posts.models import Post, Translation, TranslationRequest, translation_languages
from posts.reach import pagecache
from posts.translations import permissions, services
from posts.translations.filters import TranslationRequestFilter
from posts.translations.forms import AskForm, RejectForm, TranslationEditForm, TranslationForm
from posts.translations.languages import guess_source_language
from reconnect import ratelimit
from reconnect.paginator import CappedPaginator


def _visible_post(request, pk: int) -> Post:
    return get_object_or_404(Post.objects.visible_to(request.user), pk=pk)


def _visible_translation(request, pk: int) -> Translation:
    """A translation the reader may read, on a request they may see: otherwise 404, as for the request."""
    translations = Translation.objects.visible_to(request.user).select_related("post__author", "translator")
    return get_object_or_404(translations, pk=pk)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def reading_url(translation: Translation) -> str:
    return f"{translation.post.get_absolute_url()}?{urlencode({'lang': translation.language})}"


@login_required
@ratelimit.limited("comment")
def translation_create(request, pk: int):
    post = _visible_post(request, pk)
    permissions.check_offer_translation(request.user, post)  # Before the form: a refused member is told why.
    language = request.GET.get("language", "")
    initial = {
        "source_language": guess_source_language(post),
        "language": language if language in translation_languages() else "",
    }
    form = TranslationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            translation = services.offer_translation(post=post, translator=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if translation.moderation_reason and not translation.is_shown:
                messages.info(request, translation.moderation_reason)
            elif translation.is_shown:
                messages.success(request, _("Your translation is published with your request."))
            else:
                messages.success(request, _("Thank you. The poster will be asked to approve your translation."))
            return redirect(translation)
    return render(request, "posts/translation_form.html", {"form": form, "post": post, "creating": True})


def translation_detail(request, pk: int):
    """The translation with its state, for its translator, the poster and moderators; readers read it on the
    request's page."""
    if not request.user.is_authenticated:
        translation = get_object_or_404(Translation.objects.visible_to(None).select_related("post"), pk=pk)
        return redirect(reading_url(translation))
    translation = _visible_translation(request, pk)
    user = request.user
    return render(
        request,
        "posts/translation_detail.html",
        {
            "translation": translation,
            "post": translation.post,
            "reject_form": RejectForm(),
            "decide_refusal": refusal(permissions.check_decide_translation, user, translation),
            "can_leave": allows(permissions.check_leave_to_moderators, user, translation),
            "can_edit": permissions.can_edit_translation(user, translation),
            "can_confirm": permissions.can_confirm_translation(user, translation),
            "is_translator": translation.translator_id == user.pk,
            "is_poster": translation.post.author_id == user.pk,
        },
    )


@require_POST
@login_required
def translation_decide(request, pk: int):
    translation = _visible_translation(request, pk)
    decision = request.POST.get("decision")
    form = RejectForm(request.POST if decision == "reject" else None)
    try:
        if decision == "approve":
            services.approve_translation(translation=translation, by=request.user)
            messages.success(request, _("The translation is approved: readers of its language now see it."))
            return redirect(reading_url(translation))
        if decision == "moderators":
            services.leave_to_moderators(translation=translation, by=request.user)
            messages.info(request, _("A moderator will approve or reject the translation."))
            return redirect(translation)
        if decision == "reject" and form.is_valid():
            services.reject_translation(translation=translation, by=request.user, reason=form.cleaned_data["reason"])
            messages.info(request, _("The translation is rejected; its translator is told why."))
            return redirect(translation)
    except ValidationError as error:
        _add_errors(form, error)
    if decision not in ("approve", "reject", "moderators"):
        form.add_error(None, _("Choose to approve, reject or leave it to the moderators."))
    permissions.check_decide_translation(request.user, translation)
    context = {
        "translation": translation,
        "post": translation.post,
        "reject_form": form,
        "decide_refusal": None,
        "can_leave": allows(permissions.check_leave_to_moderators, request.user, translation),
        "is_poster": translation.post.author_id == request.user.pk,
    }
    return render(request, "posts/translation_detail.html", context, status=400)


@login_required
def translation_edit(request, pk: int):
    translation = _visible_translation(request, pk)
    permissions.check_edit_translation(request.user, translation)  # Before the form: a refused member is told why.
    form = TranslationEditForm(request.POST or None, instance=translation)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_translation(translation=translation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your translation is saved."))
            return redirect(translation)
    context = {"form": form, "post": translation.post, "translation": translation, "creating": False}
    return render(request, "posts/translation_form.html", context)


@require_POST
@login_required
def translation_confirm(request, pk: int):
    translation = _visible_translation(request, pk)
    services.confirm_translation(translation=translation, by=request.user)
    messages.success(request, _("Thank you: the translation is marked up to date."))
    return redirect(translation)


@require_POST
@login_required
def translation_ask(request, pk: int):
    post = _visible_post(request, pk)
    permissions.check_ask_translation(request.user, post)
    form = AskForm(request.POST)
    if form.is_valid():
        try:
            services.ask_for_translation(post=post, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your request is listed for translators under “Help translate”."))
            return redirect(post)
    for field_errors in form.errors.values():
        messages.error(request, " ".join(str(error) for error in field_errors))
    return redirect(post)


@pagecache.translate_page
def help_translate(request):
    asks = TranslationRequest.objects.open().select_related("post").order_by("-created_at", "-pk")
    ask_filter = TranslationRequestFilter(request.GET or None, queryset=asks)
    paginator = CappedPaginator(ask_filter.qs, settings.RECONNECT_PAGE_SIZE, cap=settings.RECONNECT_COUNT_CAP)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "posts/help_translate.html", {"filter": ask_filter, "page": page})
