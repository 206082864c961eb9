from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from accounts.fields import language_name
from posts.search.matching import describe

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, number: int, param: str = "") -> str:
    """The query string of this page with `param` (default `page`) set to `number`, the others kept.

    Django 5.2's `{% querystring %}` cannot take the parameter's name from a variable; this can, for the
    one pagination include that pages requests (`page`) and a request's comments (`comments`).
    """
    query = context.request.GET.copy()
    query[param or "page"] = number
    return f"?{query.urlencode()}"


@register.filter
def initials(name: str) -> str:
    """The first letter of a name, or the first character of a Chinese name."""
    name = (name or "").strip()
    return name[:1].upper() if name else "?"


@register.filter
def language_names(codes) -> str:
    # Translators: the separator between items of a list, e.g. "English, German".
    return gettext(", ").join(str(language_name(code)) for code in codes or [])


@register.filter
def match_evidence(evidence) -> list[str]:
    return describe(evidence or [])


@register.filter
def grouped(number: int) -> str:
    """A number with the language's thousands separator, as in "more than 1,000 requests"."""
    return number_format(number, force_grouping=True)


@register.filter
def html_datetime(value) -> str:
    """A moment as HTML's `<time datetime>` takes it: local time to the second, with its offset.

    Django's `date:"c"` keeps microseconds, which HTML's datetime syntax does not allow past three digits.
    """
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat(timespec="seconds")
