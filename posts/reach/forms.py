from django import forms

from posts.models import NotificationKind
from posts.reach.delivery import email_choices, email_mode


class NotificationSettingsForm(forms.Form):
    """One choice per kind of notification: an email for each, a daily digest (not for messages), or none."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=email_choices(kind), initial=email_mode(user, kind), widget=forms.RadioSelect
            )
