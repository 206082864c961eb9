from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import ContactMessage, User
from accounts.profile import PROFILE_FIELDS, check_profile_texts, refuse_contact_details
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:  # In the site's words rather than allauth's "Remember Me".
            self.fields["remember"].label = _("Keep me logged in on this device")

    @property
    def locked(self) -> bool:
        return self.is_bound and self.has_error(NON_FIELD_ERRORS, code="account_locked")


class SignupForm(HumanCheckMixin, AllauthSignupForm):
    """allauth's sign-up, with the quiet checks against robots and the name others will see."""

    display_name = forms.CharField(
        label=_("Your name on Reconnect"),
        max_length=User._meta.get_field("display_name").max_length,
        help_text=_(
            "Shown beside your requests and comments, for example “Mei” or “Simon W.”. "
            "Your email address is never shown. You can change it later."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    field_order = ("display_name", "email", "password1", "password2")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth builds its fields after Django orders them: order again, so the name comes first.
        self.order_fields(self.field_order)

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"]
        # The same refusal as on the profile page, beside the field, while what was typed is still there.
        try:
            refuse_contact_details({"display_name": name}, fields=("display_name",))
        except ValidationError as error:
            raise ValidationError(error.error_dict["display_name"]) from None
        return name

    def human_check_refused(self) -> None:
        # Refused for its timing, not its passwords: show them again rather than make the person type both anew.
        for name in ("password1", "password2"):
            if name in self.fields:
                self.fields[name].widget.render_value = True


class ContactForm(HumanCheckMixin, forms.ModelForm):
    """A message to the moderators (accounts.contact.send_contact_message keeps it for them)."""

    class Meta:
        model = ContactMessage
        fields = ("topic", "name", "email", "body")
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
