from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from accounts.models import User
from accounts.profile import PROFILE_FIELDS
from reconnect.antispam import HumanCheckMixin


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


class SignupForm(HumanCheckMixin, AllauthSignupForm):
    """allauth's sign-up, with the quiet checks against robots."""

    def human_check_refused(self) -> None:
        # Refused for its timing, not its passwords: show them again rather than make the person type both anew.
        for name in ("password1", "password2"):
            if name in self.fields:
                self.fields[name].widget.render_value = True
