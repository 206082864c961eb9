from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    """Production must sign sessions with its own key, not the development one."""
    if settings.DEBUG or settings.SECRET_KEY_FROM_ENVIRONMENT:
        return []
    return [Error("DJANGO_SECRET_KEY is not set.", hint="Set it to a long random string.", id="reconnect.E001")]
