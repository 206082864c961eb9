"""factory_boy factories shared by the whole suite."""

import io
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import TrustLevel, User
from posts.models import Comment, Moderation, Photo, Post, Relationship, Report, ReportReason
from posts.requests.images import process_upload
from posts.search.index import index_post


class UserFactory(factory.django.DjangoModelFactory):
    """An established member: joined two months ago, vouched for as a member by a moderator.

    Without the vouching, most accounts built here would be new (nothing published yet) and
    their comments would wait for review; trust rules are tested with `NewUserFactory`.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    date_joined = factory.LazyFunction(lambda: timezone.now() - timedelta(days=60))
    trust_level = TrustLevel.MEMBER
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users have a verified primary email unless built with verified=False."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()


class NewUserFactory(UserFactory):
    """A member who signed up just now: the level is earned, so it starts as new."""

    date_joined = factory.LazyFunction(timezone.now)
    trust_level = ""


class ModeratorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def moderators_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Moderators"))


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Looking for my classmate number {n}")
    sought_name = factory.Sequence(lambda n: f"Simon {n}")
    relationship = Relationship.CLASSMATE
    met_place = "Regina High School"
    met_city = "Iowa City"
    met_country = "US"
    year_from = 2017
    year_to = 2018
    now_country = "DE"
    story = "We were in the same chemistry class. He played the cello."
    languages = factory.LazyFunction(lambda: ["en"])
    moderation = Moderation.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        """Search keys are written by the services; factories write them too."""
        if create and extracted is not False:
            index_post(self)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = "I think I know him: he moved to Hamburg."


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    reporter = factory.SubFactory(UserFactory)
    post = factory.SubFactory(PostFactory)
    reason = ReportReason.SPAM


def image_bytes(fmt: str = "JPEG", size=(64, 48), color=(200, 120, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def image_upload(name: str = "photo.jpg", fmt: str = "JPEG", size=(64, 48)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(fmt, size), content_type=f"image/{fmt.lower()}")


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo
        exclude = ("processed",)

    post = factory.SubFactory(PostFactory)
    processed = factory.LazyFunction(lambda: process_upload(image_upload()))
    image = factory.LazyAttribute(lambda o: o.processed.full)
    thumbnail = factory.LazyAttribute(lambda o: o.processed.thumbnail)
    alt_text = "Two students in front of a school"
    order = factory.Sequence(lambda n: n)
