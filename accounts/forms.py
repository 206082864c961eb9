from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from accounts.models import User
from accounts.profile import PROFILE_FIELDS, check_profile_texts
from reconnect.antispam import HumanCheckMixin


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        # Beside the field, before the form puts anything on the member (accounts/profile.py says why).
        try:
            check_profile_texts(user=self.instance, data=cleaned)
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                for message in errors:
                    self.add_error(field, message)
        return cleaned


class LoginForm(AllauthLoginForm):
    """allauth's log-in, which can tell its page that the account is locked (accounts/lockout.py)."""

    @property
    def locked(self) -> bool:
        return self.is_bound and self.has_error(NON_FIELD_ERRORS, code="account_locked")


class SignupForm(HumanCheckMixin, AllauthSignupForm):
    """allauth's sign-up, with the quiet checks against robots."""

    def human_check_refused(self) -> None:
        # Refused for its timing, not its passwords: show them again rather than make the person type both anew.
        for name in ("password1", "password2"):
            if name in self.fields:
                self.fields[name].widget.render_value = True
