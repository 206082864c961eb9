from typing import ClassVar
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.fields import language_choices
from posts.models import Photo, Post, Relationship, Status
from posts.search.query import search_posts


class RenderedOptionsSelect(forms.Select):
    """A select whose options are rendered once per language and process, then only marked selected.

    The list's filters offer the same 600 options to everyone who reads one language (two lists of every
    country among them), and rendering them through a template each was half of the list page's time.
    `key` names the choices: a widget is copied for each form, so the cache cannot be keyed by the widget.
    The HTML is the one Django's select and option templates write; without JavaScript, the form works as
    before.
    """

    rendered: ClassVar[dict[tuple[str, str | None], tuple[tuple[str, str, str], ...]]] = {}

    def __init__(self, *, key: str, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.key = key

    def rendered_options(self) -> tuple[tuple[str, str, str], ...]:
        """(value, `<option value="…"`, `>label</option>`) for each choice, escaped, in the reader's language."""
        key = (self.key, translation.get_language())
        if key not in self.rendered:
            self.rendered[key] = tuple(
                (str(value), str(format_html('<option value="{}"', value)), str(format_html(">{}</option>", label)))
                for value, label in self.choices
            )
        return self.rendered[key]

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = set(self.format_value(value))
        options = []
        for option_value, start, end in self.rendered_options():
            selected = option_value in chosen
            if selected:
                chosen = set()  # one select marks one option, as Django's does
            options.append(f"{start} selected{end}" if selected else start + end)
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        # Every part of each option was escaped by format_html when it was cached.
        return format_html('<select name="{}"{}>\n{}\n</select>', name, attributes, mark_safe("\n".join(options)))  # noqa: S308


class RenderedChoiceField(django_filters.fields.ChoiceField):
    """A choice field that checks a value against a set made once, not against every choice in turn."""

    codes: ClassVar[dict[str, frozenset[str]]] = {}

    def valid_value(self, value) -> bool:
        key = self.widget.key
        if key not in self.codes:  # the values are codes, the same in every language
            self.codes[key] = frozenset(str(code) for code, _label in self.choices)
        return str(value) in self.codes[key]


class RenderedChoiceFilter(django_filters.ChoiceFilter):
    """A choice filter whose options are rendered and checked from what this process made once."""

    field_class = RenderedChoiceField

    def __init__(self, *args, key: str, **kwargs):
        super().__init__(*args, widget=RenderedOptionsSelect(key=f"{__name__}.{key}"), **kwargs)


SORTS = {
    "newest": ("-published_at", "-pk"),
    "active": ("-last_activity_at", "-pk"),
    "waiting": ("created_at", "pk"),
}


class PostFilter(django_filters.FilterSet):
    """The list page's search box, filters and sort, all carried in the URL."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("A name, a school, a city…")}),
    )
    met_country = RenderedChoiceFilter(
        key="met_country", label=_("Country where they met"), choices=countries, empty_label=_("Any")
    )
    now_country = RenderedChoiceFilter(
        key="now_country", label=_("Country they may be in now"), choices=countries, empty_label=_("Any")
    )
    relationship = RenderedChoiceFilter(
        key="relationship", label=_("Relationship"), choices=Relationship.choices, empty_label=_("Any")
    )
    year_from = django_filters.NumberFilter(label=_("From year"), method="filter_year_from", min_value=1900)
    year_to = django_filters.NumberFilter(label=_("To year"), method="filter_year_to", min_value=1900)
    status = RenderedChoiceFilter(key="status", label=_("Status"), choices=Status.choices, empty_label=_("Any"))
    language = RenderedChoiceFilter(
        key="language",
        label=_("Poster writes in"),
        choices=language_choices,
        method="filter_language",
        empty_label=_("Any"),
    )
    has_photos = django_filters.BooleanFilter(
        label=_("Only with photos"), method="filter_has_photos", widget=forms.CheckboxInput
    )
    sort = RenderedChoiceFilter(
        key="sort",
        label=_("Sort by"),
        choices=[
            ("best", _("best match")),
            ("newest", _("newest")),
            ("active", _("recently active")),
            ("waiting", _("longest waiting")),
        ],
        method="filter_sort",
        empty_label=None,
    )

    class Meta:
        model = Post
        fields = ()

    @property
    def active_count(self) -> int:
        """How many filters narrow the list (the search box among them; the sort narrows nothing)."""
        return sum(1 for name in self.filters if name != "sort" and str(self.data.get(name, "")).strip())

    def filter_search(self, queryset, name, value):
        return search_posts(queryset, value) if value.strip() else queryset

    def filter_year_from(self, queryset, name, value):
        # Years are a range; keep requests whose range reaches this year or later.
        return queryset.filter(Q(year_to__gte=value) | Q(year_to__isnull=True, year_from__gte=value))

    def filter_year_to(self, queryset, name, value):
        return queryset.filter(Q(year_from__lte=value) | Q(year_from__isnull=True, year_to__lte=value))

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__contains=f",{value},")

    def filter_has_photos(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(Photo.objects.ready().filter(post=OuterRef("pk"))))  # Not one still processing.

    def filter_sort(self, queryset, name, value):
        return queryset

    @property
    def qs(self):
        posts = super().qs
        # One bad value (say year_from=abc) drops that filter only, not the chosen sort.
        sort = (self.form.cleaned_data.get("sort") or "best") if self.is_bound else "best"
        searching = self.is_bound and bool((self.form.cleaned_data.get("q") or "").strip())
        if sort == "best":
            # The best match ranks name matches first, then places, then text; newest among equals.
            order = ("-search_rank", *SORTS["newest"]) if searching else SORTS["newest"]
        else:
            order = SORTS[sort]
        return posts.order_by(*order)


def filter_params(query: QueryDict | str) -> tuple[tuple[str, str], ...]:
    """What the list page's filters read of a query string, spelled one way: equal for queries that filter alike.

    Each filter reads only its own name, and only its last value (`data.get(name)`); a blank value filters
    nothing, the search box ignores spaces around its words, and the check box is ticked by any value but ""
    and "false". So "q=Simon&page=2", "page=3&q=Simon+", "q=Nobody&q=Simon" and "q=Simon&met_country=&utm=x"
    all give (("q", "Simon"),). Saved searches, their alerts, the list page's canonical address and the feeds
    all normalise here.
    """
    data = QueryDict(query.lstrip("?")) if isinstance(query, str) else query
    params = []
    for name, list_filter in PostFilter.base_filters.items():
        field = list_filter.field
        if isinstance(field.widget, forms.CheckboxInput):
            if field.widget.value_from_datadict(data, MultiValueDict(), name):
                params.append((name, "on"))
            continue
        value = data.get(name) or ""
        if getattr(field, "strip", False):
            value = value.strip()
        if value.strip():
            params.append((name, value))
    return tuple(params)


def filter_query_string(query: QueryDict | str, *, page: int | None = None) -> str:
    """`filter_params` as a query string; pass `page` to keep a later page's number (canonical addresses)."""
    params = list(filter_params(query))
    if page and page > 1:
        params.append(("page", str(page)))
    return urlencode(params)
