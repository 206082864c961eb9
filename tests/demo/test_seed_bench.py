"""`manage.py seed_bench` creates the data set it reports, findable through the normal search, and reruns safely."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command

from posts.demo.bench import BENCH_DOMAIN, MEMBER_EMAIL, PASSWORD, TARGET_NAME, VIRAL_TITLE
from posts.models import Comment, Follow, NameKey, Photo, Post

pytestmark = pytest.mark.django_db

SMALL = {"requests": 200, "viral_comments": 50, "viral_leads": 10, "viral_private": 3, "followers": 20, "photos": 2}


def seed() -> str:
    out = StringIO()
    call_command("seed_bench", stdout=out, **SMALL)
    return out.getvalue()


def assert_seeded() -> None:
    bench_posts = Post.objects.filter(author__email__endswith=f"@{BENCH_DOMAIN}")
    assert bench_posts.count() == 200
    viral = bench_posts.get(title=VIRAL_TITLE)
    assert viral.comments.count() == 50
    assert viral.comments.filter(is_lead=True).count() == 10
    assert viral.comments.filter(is_lead=True, is_private=True).count() == 3
    assert Follow.objects.filter(post=viral).count() == 20
    photos = Photo.objects.filter(post=viral)
    assert photos.count() == 2
    assert all(photo.image.storage.exists(photo.thumbnail.name) for photo in photos)
    # Every request has its name keys, as a save would have written them.
    assert not bench_posts.exclude(pk__in=NameKey.objects.values("post")).exists()
    assert bench_posts.filter(sought_name=TARGET_NAME).count() == 1
    member = get_user_model().objects.get(email=MEMBER_EMAIL)
    assert member.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=member).verified


def test_seed_bench_creates_what_it_says(client):
    output = seed()
    assert_seeded()
    assert "200 requests" in output
    target = Post.objects.get(sought_name=TARGET_NAME)
    response = client.get("/requests/", {"q": "李响灿"})
    assert response.status_code == 200
    assert f"/requests/{target.pk}/" in response.content.decode()
    response = client.get("/requests/", {"q": "Li Xiangcan"})
    assert f"/requests/{target.pk}/" in response.content.decode()


def test_rerunning_replaces_the_bench_data_and_leaves_the_rest(member, post):
    seed()
    first_photos = list(Photo.objects.filter(post__author__email__endswith=f"@{BENCH_DOMAIN}"))
    output = seed()
    assert "Wiped the previous bench data" in output
    assert_seeded()
    assert get_user_model().objects.filter(email=MEMBER_EMAIL).count() == 1
    assert Comment.objects.filter(post__author__email__endswith=f"@{BENCH_DOMAIN}").count() == (
        Comment.objects.exclude(post=post).count()
    )
    # The earlier run's photo files are gone; the member and request that are not bench data are untouched.
    assert not any(photo.image.storage.exists(photo.image.name) for photo in first_photos)
    assert Post.objects.filter(pk=post.pk, author=member).exists()
