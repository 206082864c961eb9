"""Per-account lockout after failed passwords: allauth's "login_failed" limit per key, told to the owner.

allauth counts wrong passwords per address and per account (the key is the email address) and refuses the
password log-in once either is full (ACCOUNT_RATE_LIMITS["login_failed"]); the admin's log-in goes through
the same count (reconnect/admin.py uses the adapter's authenticate). Here: knowing that it is the account
that is full, not the address, and telling its owner once per lockout, with the way in that still works
(a log-in code sent to that same address: whoever can read it is the owner).
"""

import hashlib
import time

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from reconnect.emails import send_to_user

LOCKED_MESSAGE = _(
    "Too many wrong passwords were tried for this account, so logging in with a password is paused for a while. "
    "You can still log in with a code sent to your email address."
)


def account_rates() -> list:
    """The per-account parts of allauth's limit on failed log-ins."""
    rates = allauth_ratelimit.get_rates(app="allauth.account", action="login_failed")
    return [rate for rate in rates if rate.per == "key"]


def is_locked(request, *, key: str) -> bool:
    """Whether the account `key` (allauth's login-attempts key) has used up a per-account limit."""
    now = time.time()
    for rate in account_rates():
        cache_key = allauth_ratelimit.get_cache_key(
            request, app="allauth.account", action="login_failed", rate=rate, key=key
        )
        recent = [stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration]
        if len(recent) >= rate.amount:
            return True
    return False


def tell_owner_once(*, email: str, key: str) -> None:
    """Email the owner of `email` that their account is locked: once per lockout, however often it is tried."""
    rates = account_rates()
    if not email or not rates:
        return
    rate = max(rates, key=lambda rate: rate.duration)
    digest = hashlib.sha256(key.encode()).hexdigest()
    if cache.add(f"lockout-told:{digest}", 1, timeout=int(rate.duration)):
        send_lockout_notice.enqueue(email=email, attempts=rate.amount, minutes=max(1, int(rate.duration // 60)))


@task()
def send_lockout_notice(*, email: str, attempts: int, minutes: int) -> None:
    """Tell the owner of `email`, if there is one, in their language, and how to log in all the same."""
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return
    site = settings.RECONNECT_SITE_URL.rstrip("/")
    send_to_user(
        user,
        "account_locked",
        {
            "attempts": attempts,
            "minutes": minutes,
            "code_url": site + reverse("account_request_login_code"),
            "reset_url": site + reverse("account_reset_password"),
        },
    )
