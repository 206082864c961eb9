"""Quiet checks against form-filling robots: a field people never see, and a token that says when and for what
the form was shown.

People never see the honeypot field (it is moved off screen and labelled
"leave this empty" for screen readers), so anything in it came from a robot.
The form also carries a token, signed: when it was shown, which form it was
shown for, and a random number. A token is good for its own form only, and
once: the number is kept in the cache until the token would expire anyway, so
a robot cannot fetch one form and send it back a thousand times. A form sent
back sooner than `RECONNECT_MIN_FILL_SECONDS` after it was shown is refused
too (0 turns the token off altogether). Whatever is refused comes back with
everything typed and a kind message, and a form shown again carries a new
token, so sending it again works.
"""

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SALT = "reconnect.form-started"
MAX_AGE = 60 * 60 * 24

EXPIRED = _("This form has expired. Please check what you wrote and send it again.")


def issue_token(purpose: str) -> str:
    """A token for one showing of the form `purpose`."""
    return signing.dumps({"t": time.time(), "p": purpose, "n": secrets.token_urlsafe(12)}, salt=SALT)


def spend_token(token: str, purpose: str) -> float:
    """The time the form was shown; ValidationError if the token is forged, old, for another form or spent."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        shown, nonce = float(payload["t"]), str(payload["n"])
        if payload["p"] != purpose:
            raise ValueError(purpose)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError(EXPIRED, code="expired") from None
    # add() is atomic (SET NX in Redis): of two requests sending one token, one wins.
    if not cache.add(f"antispam:spent:{nonce}", 1, timeout=MAX_AGE):
        raise ValidationError(EXPIRED, code="expired")
    return shown


class TokenField(forms.CharField):
    """A hidden field that is shown with a new token even on a form sent back: the one sent is spent."""

    widget = forms.HiddenInput

    def bound_data(self, data, initial):
        return initial


class HumanCheckMixin(forms.Form):
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = TokenField(required=False)

    # What a token is bound to; a form may name itself, otherwise its class does.
    human_check_purpose = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_started"].initial = issue_token(self.get_human_check_purpose())

    @classmethod
    def get_human_check_purpose(cls) -> str:
        return cls.human_check_purpose or f"{cls.__module__}.{cls.__qualname__}"

    def clean(self):
        cleaned = super().clean()
        if self.data.get(self.add_prefix("website")):
            raise ValidationError(_("Something went wrong. Please try again."), code="honeypot")
        minimum = settings.RECONNECT_MIN_FILL_SECONDS
        if minimum:
            token = self.data.get(self.add_prefix("form_started"), "")
            try:
                shown = spend_token(token, self.get_human_check_purpose())
            except ValidationError:
                self.human_check_refused()
                raise
            if time.time() - shown < minimum:
                self.human_check_refused()
                raise ValidationError(
                    _("That was quick! Please read over what you wrote, then send it again."), code="too_fast"
                )
        return cleaned

    def human_check_refused(self) -> None:
        """Called when the token refuses the form: a form may keep more of what was typed (sign-up's passwords)."""
