"""A translator's translations are in their data export, and leave the site, and its search, with their account."""

import pytest

from accounts.privacy.data import build_export, delete_account
from posts.models import Post, Translation
from posts.search.query import search_posts
from tests.accounts.privacy.test_export import open_export
from tests.translations.conftest import CHINESE_TITLE
from tests.translations.helpers import approved

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_members_translations(english_post, translator):
    approved(english_post, translator)

    data, _files = open_export(build_export(translator))

    assert [row["title"] for row in data["translations"]] == [CHINESE_TITLE]


def test_deleting_the_account_takes_its_translations_out_of_pages_and_search(english_post, translator):
    approved(english_post, translator)
    assert english_post.pk in search_posts(Post.objects.all(), "大提琴").values_list("pk", flat=True)

    delete_account(user=translator, password="correct horse battery staple")

    assert not Translation.objects.exists()
    assert english_post.pk not in search_posts(Post.objects.all(), "大提琴").values_list("pk", flat=True)
