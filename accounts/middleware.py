from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Use a signed-in member's saved language on a device that has not chosen one yet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.interface_language
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            translation.activate(user.interface_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
