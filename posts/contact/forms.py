"""Forms of the private conversations (posts/contact.py): they validate and nothing more."""

from django import forms
from django.utils.translation import gettext_lazy as _

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
