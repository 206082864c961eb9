from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from posts.models import SavedSearch
from posts.search.filters import filter_query_string
from posts.search.permissions import check_change_saved_search, check_save_search

User = get_user_model()


SAVED_SEARCH_LIMIT = 50


def save_search(*, user, query: str, name: str = "") -> SavedSearch:
    check_save_search(user)
    query = filter_query_string(query)[:1000]
    if SavedSearch.objects.filter(user=user).count() >= SAVED_SEARCH_LIMIT:
        raise ValidationError(
            _("You can keep at most %(limit)d saved searches."), code="limit", params={"limit": SAVED_SEARCH_LIMIT}
        )
    existing = SavedSearch.objects.filter(user=user, query=query).first()
    if existing:
        return existing
    return SavedSearch.objects.create(user=user, query=query, name=(name.strip() or describe_search(query))[:120])


def update_saved_search(*, saved_search: SavedSearch, by, name: str, alert: bool) -> SavedSearch:
    check_change_saved_search(by, saved_search)
    saved_search.name = name.strip()[:120] or saved_search.name
    saved_search.alert = alert
    saved_search.save(update_fields=["name", "alert"])
    return saved_search


def delete_saved_search(*, saved_search: SavedSearch, by) -> None:
    check_change_saved_search(by, saved_search)
    saved_search.delete()


def set_saved_search_alert(*, saved_search: SavedSearch, alert: bool) -> SavedSearch:
    """Switch the emails on or off; reached through a signed link, so no log-in is needed."""
    saved_search.alert = alert
    saved_search.save(update_fields=["alert"])
    return saved_search


def describe_search(query: str) -> str:
    params = QueryDict(query)
    return params.get("q", "").strip() or _("Requests with my filters")
