from django import template
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy

from accounts.fields import language_name
from posts.search.matching import describe
from reconnect import textlang

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
def other_script(value):
    """The text with its parts in the other script marked with their language (reconnect/textlang.py)."""
    return textlang.mark_other_script(value)


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


# Why a log-in page is shown, by the page it will lead back to: nobody should meet a bare "Log in".
LOGIN_REASONS = {
    ("posts:conversation_start", "this_is_me"): gettext_lazy(
        "To tell the poster that this request is about you, log in or create an account. You write to them here, "
        "on the site: they never see your email address. If you would rather not be found, you can ask for the "
        "request to be removed instead."
    ),
    ("posts:conversation_start", "i_know_them"): gettext_lazy(
        "To tell the poster that you know this person, log in or create an account. You write to them here, "
        "on the site: they never see your email address."
    ),
    ("posts:report", None): gettext_lazy(
        "To report a request, log in or create an account, so that a moderator can tell you what they decided. "
        "If it is about you and you want it removed, choose “this is me — please remove it”."
    ),
    ("posts:create", None): gettext_lazy(
        "To post a request, log in or create an account: leads reach you by email, and your address is never shown."
    ),
    ("posts:opt_out", None): gettext_lazy(
        "To ask that requests about you are held before anyone sees them, log in or create an account. "
        "Your details are never shown to anyone."
    ),
}


@register.simple_tag
def login_reason(next_url: str | None) -> str:
    """What the page behind the log-in is for, as the log-in page tells it; "" when nothing needs saying."""
    path = (next_url or "").split("?", 1)[0]
    if not path.startswith("/"):
        return ""
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    kind = match.kwargs.get("kind")
    reason = LOGIN_REASONS.get((match.view_name, kind)) or LOGIN_REASONS.get((match.view_name, None))
    return str(reason) if reason else ""


@register.filter
def has_visible_field_errors(form) -> bool:
    """Whether an error sits beside a field the reader can see (not the form's own, nor a hidden field's)."""
    return any(name in form.fields and not form[name].is_hidden for name in form.errors)
