"""The forms of translations: they validate what was typed and nothing more (posts/translations/services.py acts)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from posts.models import Translation
from posts.translations.languages import language_choices


class TranslationForm(forms.ModelForm):
    """A translation of a request's title and story; the names stay as the poster wrote them."""

    language = forms.ChoiceField(label=_("Translate into"), choices=language_choices)
    source_language = forms.ChoiceField(
        label=_("The request is written in"),
        choices=language_choices,
        help_text=_("We guessed it from the text; change it if we are wrong."),
    )

    class Meta:
        model = Translation
        fields = ("source_language", "language", "title", "story")
        labels = {"title": _("Title, translated"), "story": _("Story, translated")}
        help_texts = {
            "story": _(
                "Translate what the poster wrote, as faithfully as you can. Leave names as they are written: "
                "they are shown with the request, in every spelling the poster gave."
            )
        }
        widgets = {"story": forms.Textarea(attrs={"rows": 12})}


class TranslationEditForm(forms.ModelForm):
    class Meta:
        model = Translation
        fields = ("title", "story")
        labels = {"title": _("Title, translated"), "story": _("Story, translated")}
        widgets = {"story": forms.Textarea(attrs={"rows": 12})}


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you rejecting it?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The translator reads this."),
    )


class AskForm(forms.Form):
    language = forms.ChoiceField(label=_("Ask for a translation into"), choices=language_choices)
    source_language = forms.ChoiceField(label=_("Your request is written in"), choices=language_choices)
