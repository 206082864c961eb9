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
