from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# Caches that live inside one process: counts kept there are not shared with the other workers or servers.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    """Production must sign sessions with its own key, not the development one."""
    if settings.DEBUG or settings.SECRET_KEY_FROM_ENVIRONMENT:
        return []
    return [Error("DJANGO_SECRET_KEY is not set.", hint="Set it to a long random string.", id="reconnect.E001")]


@register(Tags.security, Tags.caches, deploy=True)
def rate_limits_shared_between_processes(app_configs, **kwargs):
    """Rate limits count in the cache; a per-process cache lets N processes take N times the limit."""
    if settings.DEBUG or settings.CACHES["default"]["BACKEND"] not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            "The cache is per process, so rate limits (Reconnect's and allauth's) count per process: "
            "with several gunicorn workers or app servers a visitor gets the limit once per process.",
            hint="Set REDIS_URL so that every process counts in the same Redis.",
            id="reconnect.W001",
        )
    ]


@register(Tags.security, deploy=True)
def proxy_count_set_behind_a_proxy(app_configs, **kwargs):
    """Behind a proxy with no trusted count, every visitor has the proxy's address and shares one limit."""
    if settings.DEBUG or not settings.SECURE_PROXY_SSL_HEADER or settings.RECONNECT_TRUSTED_PROXY_COUNT > 0:
        return []
    return [
        Warning(
            "DJANGO_BEHIND_PROXY is on but DJANGO_TRUSTED_PROXY_COUNT is 0: rate limits see the proxy's address, "
            "so every visitor shares one limit.",
            hint="Set DJANGO_TRUSTED_PROXY_COUNT to the number of proxies that append to X-Forwarded-For.",
            id="reconnect.W002",
        )
    ]
