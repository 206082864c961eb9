from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from posts.models import Comment, Photo, Post, ReportReason
from posts.requests import photos, uploads
from posts.requests.services import POST_FIELDS, NewPhoto, PhotoChange
from reconnect.antispam import HumanCheckMixin
from reconnect.normalise import is_blank


class BodyRequiredMixin:
    """A comment of spaces and invisible characters only (zero-width spaces) is refused as an empty one."""

    def clean_body(self):
        body = self.cleaned_data["body"]
        if is_blank(body):
            raise ValidationError(self.fields["body"].error_messages["required"], code="required")
        return body


class PostForm(HumanCheckMixin, forms.ModelForm):
    class Meta:
        model = Post
        fields = POST_FIELDS
        widgets = {
            "story": forms.Textarea(attrs={"rows": 10}),
            "year_from": forms.NumberInput(attrs={"placeholder": "1998", "inputmode": "numeric"}),
            "year_to": forms.NumberInput(attrs={"placeholder": "1999", "inputmode": "numeric"}),
        }

    def clean_year_from(self):
        return self._clean_year("year_from")

    def clean_year_to(self):
        return self._clean_year("year_to")

    def _clean_year(self, field):
        year = self.cleaned_data.get(field)
        if year is not None and not 1900 <= year <= timezone.now().year:
            raise ValidationError(
                _("Enter a year between 1900 and %(this_year)d."), params={"this_year": timezone.now().year}
            )
        return year

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", _("This year comes before the “from” year."))
        return cleaned


# What the file picker offers; the extensions too, since some browsers know no HEIC media type.
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,image/avif,.heic,.heif,.avif"


class PhotoUploadForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
        help_text=_("JPEG, PNG, WebP, HEIC or AVIF, up to 10 MB. Location and camera details are removed."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
    alt_text = forms.CharField(
        label=_("What the photo shows"),
        max_length=250,
        required=False,
        help_text=_("For people who cannot see it, e.g. “Two students in front of a red-brick school”."),
    )
    # A signed token for a photo checked on an earlier try of this form (see posts/uploads.py).
    kept = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        self.kept_preview = ""
        super().__init__(*args, **kwargs)

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            return uploads.accept(upload)
        token = self.data.get(self.add_prefix("kept"))
        if token and self.user is not None:
            return uploads.restore(token, user=self.user)
        return None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("image") and (cleaned.get("caption") or cleaned.get("alt_text")) and not self.errors:
            self.add_error("image", _("Choose the photo this caption belongs to."))
        return cleaned

    def to_new_photo(self) -> NewPhoto | None:
        image = self.cleaned_data.get("image")
        if not image:
            return None
        return NewPhoto(image=image, caption=self.cleaned_data["caption"], alt_text=self.cleaned_data["alt_text"])


class BasePhotoUploadFormSet(forms.BaseFormSet):
    default_error_messages = {"too_many_forms": photos.TOO_MANY_PHOTOS}

    def __init__(self, *args, user=None, existing: int = 0, deleting: forms.BaseFormSet | None = None, **kwargs):
        self.existing = existing
        # The request's own photos, where ticking "delete" makes room for the ones uploaded in the same edit.
        self.deleting = deleting
        self.limit = photos.photo_limit(user)
        self.limit_note = photos.limit_note(user)
        super().__init__(*args, form_kwargs={"user": user}, **kwargs)

    def remaining(self) -> int:
        """How many of the request's photos stay after this edit."""
        if self.deleting is None or not self.deleting.is_valid():
            return self.existing
        return self.existing - sum(1 for form in self.deleting.deleted_forms if form.instance.pk)

    def clean(self):
        if any(self.errors):
            return
        uploads = [form for form in self.forms if form.cleaned_data.get("image")]
        remaining = self.remaining()
        if remaining + len(uploads) > settings.RECONNECT_MAX_PHOTOS:
            raise ValidationError(photos.too_many_photos_message(), code="too_many_photos")
        # Beside each photo over the first-day limit; the photos within it are kept for the next try.
        for form in uploads[max(self.limit - remaining, 0) :]:
            form.add_error("image", self.limit_note)

    def new_photos(self) -> list[NewPhoto]:
        return [photo for form in self.forms if (photo := form.to_new_photo())]

    def kept_tokens(self) -> list[str]:
        return [token for form in self.forms if (token := self.data.get(form.add_prefix("kept")))]


def photo_upload_formset(
    data=None,
    files=None,
    *,
    user=None,
    existing: int = 0,
    deleting: forms.BaseFormSet | None = None,
    prefix: str = "photos",
):
    formset_class = forms.formset_factory(
        PhotoUploadForm,
        formset=BasePhotoUploadFormSet,
        # As many slots as the limit even when the request is full: ticking "delete" beside its photos makes
        # room for new ones in the same edit, and the formset's clean() counts what stays (issue 11, #14).
        extra=photos.photo_limit(user),
        max_num=settings.RECONNECT_MAX_PHOTOS,
        absolute_max=settings.RECONNECT_MAX_PHOTOS,
    )
    return formset_class(data, files, user=user, existing=existing, deleting=deleting, prefix=prefix)


PHOTO_FORM_TAMPERED = _(
    "The photo form was changed or is out of date. Your text is kept: check the photos below and send it again."
)


def photo_forms_intact(*formsets: forms.BaseFormSet) -> bool:
    """Whether the formsets' management fields (counts of forms) are what the page sent: not missing,
    numbers, not negative, and naming only photos that exist. Browsers never change them; people can."""
    for formset in formsets:
        if not formset.is_bound:
            continue
        management = formset.management_form
        if not management.is_valid():
            return False
        counts = {name: management.cleaned_data.get(name) or 0 for name in management.cleaned_data}
        if any(count < 0 for count in counts.values()) or counts["INITIAL_FORMS"] > counts["TOTAL_FORMS"]:
            return False
        if isinstance(formset, forms.BaseModelFormSet) and any(not form.instance.pk for form in formset.forms):
            return False
    return True


class PhotoEditForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ("caption", "alt_text", "order")
        widgets = {"order": forms.NumberInput(attrs={"min": 0, "max": 99})}


PhotoEditFormSet = forms.modelformset_factory(Photo, form=PhotoEditForm, extra=0, can_delete=True)


def photo_changes(formset) -> list[PhotoChange]:
    changes = []
    for form in formset.forms:
        if not form.instance.pk:
            continue
        data = form.cleaned_data
        changes.append(
            PhotoChange(
                photo_id=form.instance.pk,
                caption=data.get("caption", ""),
                alt_text=data.get("alt_text", ""),
                order=data.get("order") or 0,
                delete=bool(data.get("DELETE")),
            )
        )
    return changes


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("A short story of your reunion"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown on the request while the person you found agrees to it: how you found each other. "
            "Leave out anything private."
        ),
    )
    lead = forms.ModelChoiceField(
        label=_("The comment that led to it"),
        queryset=Comment.objects.none(),
        required=False,
        empty_label=_("None of them"),
    )

    def __init__(self, *args, comments=None, story_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # Without agreement there is no story field, unless a story was typed while there was one:
        # then it stays, for the service to refuse beside it with the text kept.
        if not story_allowed and not (self.data.get("note") or "").strip():
            del self.fields["note"]
        if comments is not None:
            self.fields["lead"].queryset = comments
            self.fields["lead"].label_from_instance = lambda c: f"{c.author.public_name}: {c.body[:80]}"


class CommentForm(BodyRequiredMixin, HumanCheckMixin, forms.ModelForm):
    # Filled in by a comment's "Reply" link (?reply_to=<pk>); which comments may be answered is the view's to say.
    reply_to = forms.ModelChoiceField(
        queryset=Comment.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("The comment you are replying to is no longer there.")},
    )

    class Meta:
        model = Comment
        fields = ("body", "is_lead", "is_private")
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        labels = {"body": _("Your comment or lead")}

    def __init__(self, *args, replies_to=None, **kwargs):
        super().__init__(*args, **kwargs)
        if replies_to is not None:
            self.fields["reply_to"].queryset = replies_to

    def clean(self):
        cleaned = super().clean()
        # Only leads can be private, so "private" alone means a private lead (not a constraint error).
        if cleaned.get("is_private"):
            cleaned["is_lead"] = True
        return cleaned


class CommentEditForm(BodyRequiredMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ("body",)
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Anything moderators should know"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
