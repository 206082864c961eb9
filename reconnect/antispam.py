"""Two quiet checks against form-filling robots: a field people never see, and a minimum time to fill in.

People never see the honeypot field (it is moved off screen and labelled
"leave this empty" for screen readers), so anything in it came from a robot.
The form also carries when it was shown, signed; a form sent back sooner than
`RECONNECT_MIN_FILL_SECONDS` (0 turns the check off) is refused with a kind
message, and everything typed comes back with it.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SALT = "reconnect.form-started"
MAX_AGE = 60 * 60 * 24


class HumanCheckMixin(forms.Form):
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_started"].initial = signing.dumps(time.time(), salt=SALT)

    def clean(self):
        cleaned = super().clean()
        if self.data.get(self.add_prefix("website")):
            raise ValidationError(_("Something went wrong. Please try again."), code="honeypot")
        minimum = settings.RECONNECT_MIN_FILL_SECONDS
        if minimum:
            try:
                started = signing.loads(self.data.get(self.add_prefix("form_started"), ""), salt=SALT, max_age=MAX_AGE)
            except signing.BadSignature:
                raise ValidationError(
                    _("This form has expired. Please check what you wrote and send it again."), code="expired"
                ) from None
            if time.time() - float(started) < minimum:
                raise ValidationError(
                    _("That was quick! Please read over what you wrote, then send it again."), code="too_fast"
                )
        return cleaned
