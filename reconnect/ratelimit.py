"""Per-member and per-address limits on writing, counted in Django's cache (Redis in production).

How much more a member may write than the limits say is the domain's to decide, not this module's: the
setting RECONNECT_RATE_FACTOR names the function that says it, so that reconnect/ imports no domain.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.module_loading import import_string

from reconnect.clientip import client_ip

PERIODS = {"m": 60, "h": 3600, "d": 86400}


def parse(rate: str) -> tuple[int, int]:
    """'10/h' -> (10, 3600)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period]


def scaled(rate: str, factor: int) -> str:
    """'10/h' times 2 -> '20/h'."""
    count, period = rate.split("/")
    return f"{int(count) * factor}/{period}"


def member_factor(user) -> int:
    """How many times the per-member limits `user` gets (RECONNECT_RATE_FACTOR, or 1)."""
    path = getattr(settings, "RECONNECT_RATE_FACTOR", None)
    return import_string(path)(user) if path else 1


def hit(key: str, rate: str) -> int:
    """Count one hit; return 0 if within the limit, else the seconds until the window ends."""
    limit, period = parse(rate)
    now = int(time.time())
    window = now - now % period
    cache_key = f"rl:{key}:{window}"
    cache.add(cache_key, 0, timeout=period + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # Evicted between add and incr.
        cache.set(cache_key, 1, timeout=period + 5)
        count = 1
    return 0 if count <= limit else window + period - now


def limited(scope: str):
    """Refuse a POST with 429 when the member or their address is over the scope's limits."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and (wait := over(request, scope)):
                return too_many(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def over(request, scope: str, *, user=None, email: str = "") -> int:
    """Count one write in `scope` by the member (or `user`, a visitor known by a signed link), their network
    address and, where the scope limits it, the email address it goes to; 0 if within every limit, else the
    seconds to wait."""
    rates = settings.RECONNECT_RATE_LIMITS.get(scope, {})
    user = user if user is not None else request.user
    keys = []
    if user.is_authenticated and "user" in rates:
        # Trusted members get more per member; an address's limit is shared, so it stays.
        keys.append((f"{scope}:u:{user.pk}", scaled(rates["user"], member_factor(user))))
    if "ip" in rates:
        keys.append((f"{scope}:ip:{client_ip(request)}", rates["ip"]))
    if email and "email" in rates:
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        keys.append((f"{scope}:e:{digest}", rates["email"]))
    return max((hit(key, rate) for key, rate in keys), default=0)


def too_many(request, retry_after: int):
    minutes = max(1, -(-retry_after // 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


# The allauth limits (ACCOUNT_RATE_LIMITS) each of its pages can hit; a page not listed may hit any of them.
ALLAUTH_ACTIONS = {
    "account_login": ("login", "login_failed"),
    "account_signup": ("signup",),
    "account_reset_password": ("reset_password",),
    "account_reset_password_from_key": ("reset_password_from_key",),
    "account_email": ("manage_email",),
    "account_change_password": ("change_password",),
    "account_set_password": ("change_password",),
    "account_reauthenticate": ("reauthenticate",),
    "account_confirm_email": ("confirm_email",),
    "account_email_verification_sent": ("confirm_email",),
    "account_request_login_code": ("request_login_code",),
    "account_confirm_login_code": ("request_login_code", "login_failed"),
    "mfa_authenticate": ("login_failed",),
    "mfa_reauthenticate": ("reauthenticate", "login_failed"),
}
ALLAUTH_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def allauth_window(rate: str) -> int:
    """'5/15m/key' -> 900: the seconds one of allauth's limits counts over."""
    duration = rate.strip().split("/")[1]
    return int(float(duration[:-1] or 1) * ALLAUTH_UNITS[duration[-1]])


def allauth_retry_after(request) -> int:
    """When the allauth limit this page hit lets go at the latest: allauth does not say which one it was."""
    limits = getattr(settings, "ACCOUNT_RATE_LIMITS", None) or {}
    match = getattr(request, "resolver_match", None)
    actions = ALLAUTH_ACTIONS.get(match.url_name if match else "", tuple(limits))
    windows = [allauth_window(rate) for action in actions for rate in (limits.get(action) or "").split(",") if rate]
    return max(windows, default=60)


def allauth_rate_limited(request):
    """allauth's 429 (`handler429` in the root URLconf): the site's page, in the reader's language, with Retry-After."""
    return too_many(request, allauth_retry_after(request))
