from django.core.management import call_command

from posts.models import NameKey, Post
from posts.search.filters import PostFilter
from tests.factories import PostFactory


def found(query: str) -> list[str]:
    return list(PostFilter({"q": query}, queryset=Post.objects.published()).qs.values_list("title", flat=True))


def test_reindex_command_rebuilds_keys_for_existing_requests(db):
    PostFactory(title="Professor in Wuhan", sought_name="李响灿", indexed=False)
    assert found("Li Xiangcan") == []

    call_command("reindex_search", stdout=open("/dev/null", "w"))

    assert NameKey.objects.filter(key="lixiangcan").exists()
    assert found("Li Xiangcan") == ["Professor in Wuhan"]
