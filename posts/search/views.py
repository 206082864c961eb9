from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from posts.models import (
    SavedSearch,
)
from posts.reach.unsubscribe import read_saved_search_token
from posts.search.forms import SavedSearchForm
from posts.search.saved_searches import (
    delete_saved_search,
    save_search,
    set_saved_search_alert,
    update_saved_search,
)
from reconnect import ratelimit


@require_POST
@login_required
@ratelimit.limited("saved_search")
def saved_search_create(request):
    try:
        saved = save_search(user=request.user, query=request.POST.get("query", ""), name=request.POST.get("name", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("posts:saved_searches")
    messages.success(
        request,
        _("Search saved as “%(name)s”. We will email you when a new request matches it.") % {"name": saved.name},
    )
    return redirect("posts:saved_searches")


@login_required
def saved_searches(request):
    return render(
        request,
        "posts/saved_searches.html",
        {
            "saved_searches": [
                (saved, SavedSearchForm(instance=saved, prefix=f"s{saved.pk}"))
                for saved in SavedSearch.objects.filter(user=request.user)
            ]
        },
    )


@require_POST
@login_required
def saved_search_edit(request, pk: int):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    form = SavedSearchForm(request.POST, instance=saved, prefix=f"s{saved.pk}")
    if form.is_valid():
        update_saved_search(
            saved_search=saved, by=request.user, name=form.cleaned_data["name"], alert=form.cleaned_data["alert"]
        )
        messages.success(request, _("Your saved search is updated."))
        return redirect("posts:saved_searches")
    others = [
        (s, SavedSearchForm(instance=s, prefix=f"s{s.pk}")) for s in SavedSearch.objects.filter(user=request.user)
    ]
    rows = [(s, form if s.pk == saved.pk else other_form) for s, other_form in others]
    return render(request, "posts/saved_searches.html", {"saved_searches": rows}, status=400)


@require_POST
@login_required
def saved_search_delete(request, pk: int):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    delete_saved_search(saved_search=saved, by=request.user)
    messages.info(request, _("The saved search is deleted."))
    return redirect("posts:saved_searches")


@csrf_exempt  # Mail clients send the one-click POST (RFC 8058) without a token; the signed link is the proof.
def saved_search_unsubscribe(request, token: str):
    pk = read_saved_search_token(token)
    if pk is None:
        raise Http404
    saved = get_object_or_404(SavedSearch, pk=pk)
    alert = request.method == "POST" and request.POST.get("resubscribe") == "1"
    set_saved_search_alert(saved_search=saved, alert=alert)
    return render(request, "posts/saved_search_unsubscribed.html", {"saved": saved, "token": token})
