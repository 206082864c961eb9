"""The request page, the list and home run the same number of queries with 0, 1 and 5 translations."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posts.translations import services
from tests.conftest import login
from tests.factories import PostFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

LANGUAGES = ("zh-hans", "ja", "ko", "de", "fr")


def translate(post, count: int) -> None:
    done = post.translations.count()
    for language in LANGUAGES[done : done + count]:
        translation = services.offer_translation(
            post=post,
            translator=UserFactory(),
            language=language,
            source_language="en",
            title=f"{post.title} ({language})",
            story=f"{post.story} [{language}]",
        )
        services.approve_translation(translation=translation, by=post.author)


def queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(captured), response.text


@pytest.fixture(params=["visitor", "member", "poster"])
def reader(request, poster):
    client = (
        login(UserFactory()) if request.param == "member" else login(poster) if request.param == "poster" else Client()
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def test_the_request_page_runs_the_same_queries_with_0_1_and_5_translations(reader, poster):
    posts = [PostFactory(author=poster) for _ in range(3)]
    counts = []
    for post, count in zip(posts, (0, 1, 5), strict=True):
        translate(post, count)
        reader.get(post.get_absolute_url())  # Warm up per-process caches (content types, sessions).
        number, text = queries(reader, post.get_absolute_url())
        counts.append(number)
        # Shown in Chinese: links to the original and the other translations, and "read the original".
        assert text.count("?lang=") == (0 if count == 0 else count + 1)
    assert counts[0] == counts[1] == counts[2], counts


def test_the_list_and_home_run_the_same_queries_with_0_1_and_5_translations(reader, poster):
    posts = [PostFactory(author=poster) for _ in range(4)]
    for url in (reverse("posts:list"), reverse("home")):
        reader.get(url)
    counts = {}
    for count in (0, 1, 5):
        for post in posts:
            translate(post, count - post.translations.count())
        counts[count] = [queries(reader, url) for url in (reverse("posts:list"), reverse("home"))]
    assert counts[0][0][0] == counts[1][0][0] == counts[5][0][0], counts
    assert counts[0][1][0] == counts[1][1][0] == counts[5][1][0], counts
    # The cards show the Chinese titles.
    assert '<span lang="zh-Hans">' in counts[5][0][1]
