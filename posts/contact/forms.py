"""Forms of the private conversations (posts/contact.py): they validate and nothing more."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.profile import check_profile_texts
from posts.contact.relay import ANSWER_MAX_LENGTH, MESSAGE_MAX_LENGTH, MESSAGE_REPORT_REASONS
from posts.models import OptOut
from reconnect.antispam import HumanCheckMixin


class MessageForm(HumanCheckMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please write a message.")},
        help_text=_(
            "A message with an email address, phone number or street address waits for a moderator before it is "
            "delivered."
        ),
    )


class ConversationStartForm(MessageForm):
    """The first message, and the answer to the poster's question when someone says "this is me"."""

    answer = forms.CharField(
        max_length=ANSWER_MAX_LENGTH,
        error_messages={"required": _("Please answer the poster's question.")},
        help_text=_("Only the poster reads your answer."),
    )

    field_order = ("answer", "body")

    def __init__(self, *args, question: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if question:
            self.fields["answer"].label = question
        else:
            del self.fields["answer"]


class MessageReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this message?"),
        choices=(("", _("Choose a reason…")), *MESSAGE_REPORT_REASONS),
        error_messages={"required": _("Choose a reason.")},
    )
    details = forms.CharField(
        label=_("Anything moderators should know"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OptOutForm(forms.ModelForm):
    class Meta:
        model = OptOut
        fields = ("name", "other_names", "details")
        widgets = {"details": forms.Textarea(attrs={"rows": 4})}


# Visitors, who act without an account (posts/contact/visitors.py) ------------------------------------------


class VisitorEmailMixin(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages={
            "required": _("Please give your email address: we send a link to it to check that it is yours."),
            "invalid": _("This does not look like an email address. Please check it, e.g. name@example.com."),
        },
        help_text=_(
            "We send a link to it to check that it is yours. Nobody else sees it: not the poster, not the public."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class VisitorContactForm(HumanCheckMixin, VisitorEmailMixin, forms.Form):
    """ "This is me" or "I know this person" from a visitor: their address, their message, and what only they know."""

    answer = forms.CharField(
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Please answer the poster's question.")},
        help_text=_("Only the poster reads your answer."),
    )
    proof = forms.CharField(
        label=_("Something only you would know"),
        max_length=ANSWER_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("It helps the poster see that it is really you; it goes at the top of your message."),
    )
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please write a message.")},
        help_text=_(
            "A message with an email address, phone number or street address waits for a moderator before it is "
            "delivered."
        ),
    )

    field_order = ("email", "answer", "proof", "body")

    def __init__(self, *args, question: str = "", kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if question:
            self.fields["answer"].label = question
        else:
            del self.fields["answer"]
        if question or kind != "this_is_me":
            del self.fields["proof"]


class VisitorRemovalForm(HumanCheckMixin, VisitorEmailMixin, forms.Form):
    """ "This is about me — please take it down", from a visitor."""

    body = forms.CharField(
        label=_("Anything moderators should know"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example, how it is about you. Only moderators read this."),
    )

    field_order = ("email", "body")


class VisitorOptOutForm(HumanCheckMixin, VisitorEmailMixin, forms.Form):
    """ "Do not post about me", from a visitor: the names an opt-out keeps (OptOut), and their address."""

    name = forms.CharField(
        label=OptOut._meta.get_field("name").verbose_name,
        max_length=120,
        help_text=OptOut._meta.get_field("name").help_text,
        error_messages={"required": _("Please give your name.")},
    )
    other_names = forms.CharField(
        label=OptOut._meta.get_field("other_names").verbose_name,
        max_length=255,
        required=False,
        help_text=OptOut._meta.get_field("other_names").help_text,
    )
    body = forms.CharField(
        label=OptOut._meta.get_field("details").verbose_name,
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=OptOut._meta.get_field("details").help_text,
    )

    field_order = ("email", "name", "other_names", "body")


class VisitorAccountForm(forms.Form):
    """A visitor who chooses to keep their conversation under an account: a name others see, and a password."""

    display_name = forms.CharField(
        label=_("Your name on Reconnect"),
        max_length=60,
        error_messages={"required": _("Please choose a name that others will see.")},
        help_text=_("Others see it beside your messages. Your email address stays private."),
    )
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ. Please type the same one twice."))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except ValidationError as error:
                self.add_error("password1", error)
        if cleaned.get("display_name"):
            try:
                check_profile_texts(user=self.user, data={"display_name": cleaned["display_name"]})
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    for message in errors:
                        self.add_error(field, message)
        return cleaned
