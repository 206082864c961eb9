"""Whole pages kept for readers who are not logged in, and fragments the same for everyone, under versioned keys.

A page is kept under a key made of the versions of what it shows (names the domain chooses, such as
"listing" or "request:12"), the interface language, the site's address, the path and a normalised query
string. Changing what a page shows bumps a version (`bump`): copies made under the old one are never read
again and age out, so invalidating costs one write however many pages, languages and queries there are.

Only a response that is the same for every anonymous reader is kept: a GET answered 200 for a request with
no member logged in and no message waiting, whose rendering used no CSRF token, set no cookie and asked not
to be kept private. A hit is served from the cache alone, without the database. RECONNECT_PAGE_CACHE_SECONDS
(0 turns caching off) is the backstop for what no version tracks, such as "posted 3 hours ago".

With the local-memory cache (no REDIS_URL) each process keeps its own copies and sees only its own bumps;
`check --deploy` already warns of that (reconnect.W001).
"""

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import wraps
from typing import TypeVar
from urllib.parse import urlencode

from asgiref.local import Local
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.template import Context
from django.template.defaulttags import CsrfTokenNode
from django.utils import translation
from django.utils.cache import get_max_age
from django.utils.safestring import SafeString, mark_safe

VERSION_PREFIX = "pagecache:version:"
PAGE_PREFIX = "pagecache:page:"
FRAGMENT_PREFIX = "pagecache:fragment:"
# A forgotten version is made up anew (never reused), so forgetting one costs a miss, never a stale page.
VERSION_SECONDS = 60 * 60 * 24 * 7
HIT_HEADER = "X-Page-Cache"

T = TypeVar("T")

# A view's dependencies: the version names of what the page shows, from the view's arguments.
DependsOn = Callable[..., Iterable[str]]
# A page's query string as its key reads it: what the page reads of it, spelled one way.
Normaliser = Callable[[QueryDict], str]


def seconds() -> int:
    return settings.RECONNECT_PAGE_CACHE_SECONDS


# Versions -------------------------------------------------------------------------------------------------------


def versions(names: Iterable[str]) -> list[str]:
    """The current version of each name, in one round trip; a name never bumped (or forgotten) gets a new one.

    During a request, each name is read once (with every name `want_versions` asked for): one request's pages
    and fragments are made under one set of versions, and cost one round trip for them.
    """
    names = list(names)
    memo = _memo()
    if memo is None:
        current = _read_versions(names)
    else:
        missing = [name for name in names if name not in memo.versions]
        if missing:
            wanted = [name for name in memo.wanted_names if name not in memo.versions and name not in missing]
            memo.versions.update(zip(missing + wanted, _read_versions(missing + wanted), strict=True))
        current = [memo.versions[name] for name in names]
    _bumped_since_read().clear()
    return current


def _tracked():
    """This process's copies of the versions, kept current by Redis (reconnect.cache.TrackedKeys); None on
    other caches (local memory is this process's own already)."""
    tracked = getattr(cache, "tracked", None)
    return tracked(VERSION_PREFIX) if tracked is not None else None


def _get_versions(keys: list[str]) -> dict:
    """The versions Redis holds under these keys (VERSION_PREFIX + name), from this process's copies when
    Redis has said nothing of them since they were read."""
    tracked = _tracked()
    if tracked is None:
        return cache.get_many(keys)
    full = {cache.make_key(key): key for key in keys}
    found = {full[key]: value for key, value in tracked.get_many(list(full)).items()}
    missing = [key for key in keys if key not in found]
    if missing:
        read = cache.get_many(missing)
        tracked.put({cache.make_key(key): value for key, value in read.items()})
        found.update(read)
    return found


def peek_versions(names: Iterable[str]) -> dict[str, str | None]:
    """The current version of each name, or None for one never bumped (made up by nobody yet)."""
    found = _get_versions([VERSION_PREFIX + name for name in names])
    return {name: found.get(VERSION_PREFIX + name) for name in names}


def _read_versions(names: list[str]) -> list[str]:
    keys = [VERSION_PREFIX + name for name in names]
    found = _get_versions(keys)
    current = []
    for key in keys:
        value = found.get(key)
        if value is None:
            value = _new_version()
            if not cache.add(key, value, VERSION_SECONDS):  # Another process made one up first: use theirs.
                value = cache.get(key) or value
        current.append(value)
    return current


def bump(*names: str) -> None:
    """Make every page and fragment kept under these names stale: now, and again when the transaction commits.

    At commit, because a reader elsewhere may have taken the new version before then and kept a page made from
    the rows as they were. Now, for what this same transaction reads before it commits (and for tests, which
    never commit); once per name until this thread reads a version again, so a cascade of a thousand deleted
    comments writes each name once.
    """
    if not names:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _set_new(set(names))
        return
    _at_commit(connection).update(names)
    bumped = _bumped_since_read()
    fresh = set(names) - bumped
    if fresh:
        _set_new(fresh)
        bumped |= fresh


def _new_version() -> str:
    return uuid.uuid4().hex[:16]


def _set_new(names: set[str]) -> None:
    cache.set_many({VERSION_PREFIX + name: _new_version() for name in names}, VERSION_SECONDS)
    tracked = _tracked()
    if tracked is not None:  # Redis says so too; this process need not wait for it.
        tracked.drop(cache.make_key(VERSION_PREFIX + name) for name in names)
    memo = _memo()
    if memo is not None:  # This request reads them again.
        for name in names:
            memo.versions.pop(name, None)


# One request's reads -------------------------------------------------------------------------------------------------


class _Memo:
    """What one request read of the versions and of the values kept under them, and what it will want."""

    def __init__(self) -> None:
        self.versions: dict[str, str] = {}
        self.values: dict[str, object] = {}
        self.wanted_names: set[str] = set()
        self.wanted_keys: list[Callable[[], Iterable[str]]] = []


def _memo() -> "_Memo | None":
    return getattr(_local, "memo", None)


def start_request(**kwargs) -> None:
    _local.memo = _Memo()


def end_request(**kwargs) -> None:
    _local.memo = None


def want_versions(*names: str) -> None:
    """This request will read these versions: read them with the first ones it reads (no-op outside a request)."""
    memo = _memo()
    if memo is not None:
        memo.wanted_names.update(names)


def want_values(keys: Callable[[], Iterable[str]]) -> None:
    """This request will read the values kept under `keys()` (called when the first value is read, after the
    versions are known): read them with the first value it reads, in one round trip."""
    memo = _memo()
    if memo is not None:
        memo.wanted_keys.append(keys)


def kept(key: str):
    """The value kept under `key` (None when none is), read with every value this request wants.

    Such keys name the versions they were made under, so what is kept under one never changes: this process
    keeps its own copies too (`_local_values`, with Redis), and asks the cache only for the others.
    """
    memo = _memo()
    if memo is None:
        return _get_values([key]).get(key)
    if key not in memo.values:
        wanted = [key]
        while memo.wanted_keys:
            wanted += [each for each in memo.wanted_keys.pop()() if each not in memo.values]
        found = _get_values(list(dict.fromkeys(wanted)))
        memo.values.update({each: found.get(each) for each in wanted})
    return memo.values[key]


def kept_or_made(key: Callable[[], str], make: Callable[[], T], timeout: int = VERSION_SECONDS) -> T:
    """The value kept under `key()`, or `make()` kept there now; just `make()` when nothing is kept at all.
    For values kept per member under their versions (their role, header counts, follows)."""
    if not seconds():
        return make()
    name = key()
    known = kept(name)
    if known is None:
        known = make()
        keep(name, known, timeout)
    return known


def keep(key: str, value, timeout: int) -> None:
    cache.set(key, value, timeout)
    if _tracked() is not None:
        _local_values.put(key, (value,), min(timeout, seconds()))
    memo = _memo()
    if memo is not None:
        memo.values[key] = value


def _get_values(keys: list[str]) -> dict:
    if _tracked() is None:
        return cache.get_many(keys)
    found = {}
    for key in keys:
        copy = _local_values.get(key)
        if copy is not None:
            found[key] = copy[0]
    missing = [key for key in keys if key not in found]
    if missing:
        read = cache.get_many(missing)
        for key, value in read.items():
            _local_values.put(key, (value,), seconds())
        found.update(read)
    return found


class _BumpAtCommit:
    """One on-commit callback per transaction, however many names its writes bump."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def __call__(self) -> None:
        _set_new(self.names)


def _at_commit(connection) -> set[str]:
    # Looked up among the transaction's callbacks, so a savepoint rolled back takes its names with it.
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _BumpAtCommit):
            return callback.names
    callback = _BumpAtCommit()
    transaction.on_commit(callback, using=connection.alias)
    return callback.names


# What this thread bumped since it last read a version, per thread (and per asyncio task).
_local = Local()


def _bumped_since_read() -> set[str]:
    if not hasattr(_local, "bumped"):
        _local.bumped = set()
    return _local.bumped


# Query strings ----------------------------------------------------------------------------------------------------


def no_query(query: QueryDict) -> str:
    """For a page that reads nothing of its query string (tracking parameters, cache busters)."""
    return ""


def _last(query: QueryDict, name: str) -> str:
    """A parameter's last value, as a view's `request.GET.get(name)` reads it, without spaces around it."""
    return str(query.get(name) or "").strip()


def sorted_query(query: QueryDict) -> str:
    """Every parameter, sorted, its last value; empty ones dropped."""
    return urlencode(sorted((name, _last(query, name)) for name in query if _last(query, name)))


def only(*names: str) -> Normaliser:
    """A normaliser that keeps these parameters (their last value, when not empty) and drops the rest."""

    def normalise(query: QueryDict) -> str:
        return urlencode([(name, _last(query, name)) for name in sorted(names) if _last(query, name)])

    return normalise


# Pages --------------------------------------------------------------------------------------------------------


def anonymous_page(depends_on: DependsOn, *, query: Normaliser = sorted_query, everyone: bool = False):
    """Keep the view's page for readers who are not logged in, under the versions `depends_on(request, …)` names.

    With `everyone`, members get the same copy too: for pages that show only what anyone may read and
    nothing of the reader (feeds and sitemaps, which are built for the anonymous reader whoever asks).

    The page is made, and found, for the query string as `query` spells it: the view reads that one, so two
    addresses that mean the same page share one copy, and a reader's own stray parameters never reach
    another reader's page (not even in the "next" of the language links).
    """

    def decorator(view):
        @wraps(view)
        def cached_view(request: HttpRequest, *args, **kwargs):
            if not seconds():
                return view(request, *args, **kwargs)
            if not _shareable_request(request, everyone=everyone):
                want_versions(*depends_on(request, *args, **kwargs))  # read with the member's own (one round trip)
                return view(request, *args, **kwargs)
            canonical = query(request.GET)
            request.GET = QueryDict(canonical)
            request.META["QUERY_STRING"] = canonical
            names = list(depends_on(request, *args, **kwargs))
            current = versions(names)
            key = _page_key(request, canonical, current)
            kept = _get_values([key]).get(key)
            if kept is not None:
                status, content, headers = kept
                response = HttpResponse(content, status=status, headers=headers)
                response[HIT_HEADER] = "hit"
            else:
                response = view(request, *args, **kwargs)
                if request.method != "GET" or not _shareable_response(request, response, everyone=everyone):
                    return response
                keep(key, (response.status_code, response.content, dict(response.items())), seconds())
                response[HIT_HEADER] = "miss"
            # For EarlyPageCacheMiddleware: the versions this page was made under, to keep it by its address.
            response.page_cache_versions = dict(zip(names, current, strict=True))  # type: ignore[attr-defined]
            response.page_cache_everyone = everyone  # type: ignore[attr-defined]
            return response

        return cached_view

    return decorator


def _shareable_request(request: HttpRequest, *, everyone: bool = False) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if everyone:
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # A message waits to be shown to this reader (read from its cookie, not marked as seen).
    return not len(get_messages(request))


def _shareable_response(request: HttpRequest, response, *, everyone: bool = False) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if callable(getattr(response, "render", None)) and not response.is_rendered:
        response.render()
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # A cookie, or a CSRF token in the page: this reader's own.
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")) or get_max_age(response) == 0:
        return False
    if everyone:
        return True
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated) and not len(get_messages(request))


def _page_key(request: HttpRequest, canonical: str, current: list[str]) -> str:
    parts = [
        *current,
        translation.get_language() or "",
        request.scheme or "",
        request.get_host(),
        request.path,
        canonical,
    ]
    return PAGE_PREFIX + digest(parts)


def digest(parts: Iterable[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


# Fragments ----------------------------------------------------------------------------------------------------------


def fragment(name: str, *, depends_on: Iterable[str], render: Callable[[], str], vary_on: Iterable[str] = ()) -> str:
    """A piece of HTML the same for every reader in one language, kept under the versions of what it shows.

    For pages that are not shared (a member's): the expensive part that shows nobody's own data.
    """
    if not seconds():
        return render()
    key = FRAGMENT_PREFIX + digest([name, *versions(depends_on), translation.get_language() or "", *vary_on])
    html = kept(key)
    if html is None:
        html = render()
        keep(key, html, seconds())
    # Only HTML our own templates rendered is kept; it was escaped when it was rendered.
    return html if isinstance(html, SafeString) else mark_safe(html)  # noqa: S308


class SharedFragments:
    """The pieces of one page that are the same for every reader, member or not, kept under the same versions.

    For a page a member sees with their own parts around them (a form with their CSRF token, their header):
    the view hands one of these to its template, whose `{% kept shared "name" %}…{% endkept %}` blocks
    (posts.templatetags.reach) are rendered only on a miss. What a block reads must be lazy (QuerySets,
    SimpleLazyObject), so that a hit costs no query. A block must show nothing of the reader: no CSRF token,
    no `user`, no per-member controls. The key holds the versions of `depends_on`, the interface language,
    the scheme and host (absolute links), `vary_on` (the page's query string as its key reads it) and the
    block's name. The first block read fetches every block named in `names` in one round trip.
    """

    def __init__(
        self, request: HttpRequest, *, depends_on: Iterable[str], vary_on: Iterable[str] = (), names: Iterable[str]
    ) -> None:
        self.depends_on = tuple(depends_on)
        try:
            host = request.get_host()
        except DisallowedHost:  # An error page for a host not served: made anew, never kept.
            host = None
        self.vary_on = (request.scheme or "", host, *vary_on) if host else None
        self.names = tuple(names)
        # Read with the request's other versions and kept values (the header's, the member's role).
        want_versions(*self.depends_on)
        want_values(lambda: [self._key(name) for name in self.names])

    def _key(self, name: str) -> str:
        current = versions(self.depends_on)
        return FRAGMENT_PREFIX + digest(
            ["shared", name, *current, translation.get_language() or "", *(self.vary_on or ())]
        )

    def fragment(self, name: str, render: Callable[[], str]) -> str:
        if not seconds() or self.vary_on is None:
            return render()
        key = self._key(name)
        html = kept(key)
        if html is None:
            html = render()
            keep(key, html, seconds())
        # Only HTML our own templates rendered is kept; it was escaped when it was rendered.
        return html if isinstance(html, SafeString) else mark_safe(html)  # noqa: S308


# A member's page kept whole -------------------------------------------------------------------------------------

SHELL_PREFIX = "pagecache:shell:"
# What a kept block's or kept page's `{% csrf_token %}` renders into the kept copy: the whole input, which no
# escaped or sanitised member text can spell (its `<` would be escaped, and sanitised Markdown has no <input>).
# Each reader's own token replaces it when the copy is served, so a block with a form can be kept for everyone.
CSRF_PLACEHOLDER = "reconnect-kept-csrf-token"


def csrf_input(token: str) -> str:
    """`{% csrf_token %}` as Django renders it for this token."""
    return CsrfTokenNode().render(Context({"csrf_token": token}))


def fill_csrf(html: str, request: HttpRequest) -> str:
    """Kept HTML with the reader's own CSRF token in place of the placeholder's."""
    placeholder = csrf_input(CSRF_PLACEHOLDER)
    if placeholder not in html:
        return html
    return html.replace(placeholder, csrf_input(get_token(request)))


class ShellMark:
    """Stands in a kept page for a block that is each member's own (their header's navigation): the page's
    `{% kept %}` block renders the mark in its place (posts.templatetags.reach), and `PageShell.fill` the
    member's block."""

    def __init__(self, name: str) -> None:
        self.mark = f"<!--reconnect-kept:{name}-->"


class PageShell:
    """A member's page kept whole for every member who is given the same page, without what is each one's own.

    For a page whose every part is either the same for all such members (kept blocks, or parts the view
    varies the key by: `vary_on`, such as which actions they are offered) or each member's own in a known
    place: their header's navigation (a `ShellMark` in the kept copy, filled from the member's own kept block)
    and their CSRF token (a placeholder, filled with theirs). Kept under the versions of `depends_on`, the
    interface language, the scheme, host and address as asked (path and query string), and `vary_on`.
    The view decides who may be served one; a reader with a message waiting never is (messages are theirs).
    """

    def __init__(self, request: HttpRequest, *, depends_on: Iterable[str], vary_on: Iterable[str]) -> None:
        self.request = request
        self.depends_on = tuple(depends_on)
        try:
            host = request.get_host()
        except DisallowedHost:
            host = None
        self.vary_on = (request.scheme or "", host, request.get_full_path(), *vary_on) if host else None
        self.nav = ShellMark("nav")
        want_versions(*self.depends_on)
        if self.vary_on is not None:
            want_values(lambda: [self._key()])

    def _key(self) -> str:
        return SHELL_PREFIX + digest(
            ["shell", *versions(self.depends_on), translation.get_language() or "", *(self.vary_on or ())]
        )

    def kept(self) -> str | None:
        if not seconds() or self.vary_on is None:
            return None
        return kept(self._key())

    def keep(self, html: str) -> None:
        if seconds() and self.vary_on is not None:
            keep(self._key(), html, seconds())

    def fill(self, html: str, *, nav: str) -> str:
        return fill_csrf(html.replace(self.nav.mark, nav, 1), self.request)


# Hits before the middleware ---------------------------------------------------------------------------------------


EARLY_PREFIX = "pagecache:early:"


class EarlyPageCacheMiddleware:
    """Serve a kept page to a reader who is not logged in before the rest of the middleware and the URLconf run.

    A page `anonymous_page` kept is also kept here by its address as the reader asked for it (scheme, host,
    path and query string as sent, and the interface language), with the finished response: every header the
    middleware below added (security headers, CSP, Vary, Content-Language) and the versions it was made under.
    It is kept in the shared cache and in this process (`LocalPages`, at most RECONNECT_PAGE_CACHE_LOCAL_BYTES),
    so a hit is one cache round trip, for the current versions of what the page shows, and serves the copy only
    when none of them was bumped since. Anything that could make the page one reader's own goes the long way:
    a request other than GET, a session or messages cookie (unless the page is kept for everyone), or a
    response that set a cookie.

    Put it after the health checks, SecurityMiddleware and WhiteNoise (HTTPS redirects and static files come
    first) and before SessionMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.local = LocalPages(settings.RECONNECT_PAGE_CACHE_LOCAL_BYTES)

    def __call__(self, request: HttpRequest):
        if request.method != "GET" or not seconds():
            return self.get_response(request)
        cookies = request.COOKIES
        # Perhaps a member, or a message waiting: only a page kept for everyone may be served before the
        # middleware, and only in the language the reader chose on this device (a member's saved language,
        # applied further down, could differ).
        personal = settings.SESSION_COOKIE_NAME in cookies or _MESSAGES_COOKIE in cookies
        if personal and settings.LANGUAGE_COOKIE_NAME not in cookies:
            return self.get_response(request)
        key = self._key(request)
        kept = self.local.get(key)
        if kept is None:
            kept = cache.get(key)
            if kept is not None:
                self.local.put(key, kept)
        if kept is not None:
            status, content, headers, made_under, everyone = kept
            if everyone or not personal:
                current = peek_versions(made_under)
                if all(current[name] == value for name, value in made_under.items()):
                    response = HttpResponse(content, status=status, headers=headers)
                    response[HIT_HEADER] = "hit"
                    return response
                self.local.drop(key)
        response = self.get_response(request)
        made_under = getattr(response, "page_cache_versions", None)
        everyone = getattr(response, "page_cache_everyone", False)
        if made_under is not None and not response.cookies and response.status_code == 200 and not personal:
            # Kept as an anonymous reader got it: a member's copy may carry headers meant for them only
            # (Cache-Control: private).
            headers = {name: value for name, value in response.items() if name != HIT_HEADER}
            kept = (response.status_code, response.content, headers, made_under, everyone)
            cache.set(key, kept, seconds())
            self.local.put(key, kept)
        return response

    @staticmethod
    def _key(request: HttpRequest) -> str:
        # The language LocaleMiddleware will choose (this site has no language prefixes in its URLs).
        language = translation.get_language_from_request(request)
        parts = [language, request.scheme or "", request.get_host(), request.get_full_path()]
        return EARLY_PREFIX + digest(parts)


class LocalPages:
    """This process's copies of kept pages, least recently used first out past `limit` bytes of content.

    A copy here is never served on its own say: the caller checks its versions in the shared cache first,
    so a bump anywhere makes it stale everywhere. It lives no longer than RECONNECT_PAGE_CACHE_SECONDS.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.pages: OrderedDict[str, tuple[float, tuple]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> tuple | None:
        with self.lock:
            found = self.pages.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self._remove(key)
                return None
            self.pages.move_to_end(key)
            return found[1]

    def put(self, key: str, kept: tuple, timeout: int | None = None) -> None:
        size = _size(kept)
        if size > self.limit:
            return
        with self.lock:
            self._remove(key)
            self.pages[key] = (time.monotonic() + (seconds() if timeout is None else timeout), kept)
            self.size += size
            while self.size > self.limit:
                self._remove(next(iter(self.pages)))

    def drop(self, key: str) -> None:
        with self.lock:
            self._remove(key)

    def _remove(self, key: str) -> None:
        found = self.pages.pop(key, None)
        if found is not None:
            self.size -= _size(found[1])


def _size(kept: tuple) -> int:
    """A kept page's length (status, content, …), or a kept value's (value,): what it holds, roughly."""
    held = kept[1] if len(kept) > 1 else kept[0]
    if isinstance(held, tuple) and len(held) > 1 and isinstance(held[1], bytes):
        held = held[1]
    return len(held) if isinstance(held, (str, bytes)) else 256


# This process's copies of fragments, kept values and pages (with Redis): see `kept`.
_local_values = LocalPages(settings.RECONNECT_PAGE_CACHE_LOCAL_BYTES)


# Where django.contrib.messages' default storage keeps a waiting message for a reader with no session.
_MESSAGES_COOKIE = CookieStorage.cookie_name


# Each request reads its versions once, and the values it wants together.
request_started.connect(start_request, dispatch_uid="pagecache-request-started")
request_finished.connect(end_request, dispatch_uid="pagecache-request-finished")
