"""Every text field a member fills in, rendered on every page that shows it, stays inert."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.contact import optouts
from posts.models import Post
from posts.search import saved_searches
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.security.test_markdown_sanitising import XSS_PAYLOADS, dangers_in

POST_TEXT_FIELDS = (
    "title",
    "sought_name",
    "sought_other_names",
    "sought_nickname",
    "met_place",
    "met_city",
    "on_behalf_of",
    "poster_then_name",
    "poster_then_nickname",
    "resolved_note",
    "story",
)


def fit(field: str, text: str) -> str:
    """The text cut to the field's length, as a form would have refused anything longer."""
    limit = Post._meta.get_field(field).max_length
    return text[:limit] if limit else text


def pages(client, post, author) -> list[str]:
    urls = [
        post.get_absolute_url(),
        reverse("posts:list"),
        reverse("posts:list") + "?q=payload",
        author.get_absolute_url(),
        reverse("home"),
    ]
    responses = [client.get(url) for url in urls]
    assert all(response.status_code == HTTPStatus.OK for response in responses)
    return [response.text for response in responses]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_in_every_text_field_renders_inert(client, db, payload):
    author = UserFactory(display_name=f"payload {payload}"[:80], bio=f"payload {payload}")
    text = f"payload {payload}"
    post = PostFactory(author=author, status="resolved", **{field: fit(field, text) for field in POST_TEXT_FIELDS})
    CommentFactory(post=post, author=UserFactory(display_name=text[:80]), body=text)

    benign_author = UserFactory(display_name="payload benign", bio="payload benign")
    benign = PostFactory(
        author=benign_author, status="resolved", **{field: "payload benign" for field in POST_TEXT_FIELDS}
    )
    CommentFactory(post=benign, author=UserFactory(display_name="payload benign"), body="payload benign")

    for page, benign_page in zip(pages(client, post, author), pages(client, benign, benign_author), strict=True):
        assert page.lower().count("<script") == 1  # the site's own script only
        assert dangers_in(page) == dangers_in(benign_page)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_in_a_saved_search_name_and_opt_out_renders_inert(payload, db):
    from tests.conftest import login

    def render(name: str) -> list[str]:
        person = UserFactory()
        saved_searches.save_search(user=person, query="q=Simon", name=name)
        optouts.register_opt_out(user=person, name=name[:120], other_names=name[:255])
        client = login(person)
        return [client.get(url).text for url in (reverse("posts:saved_searches"), reverse("posts:opt_out"))]

    for page, benign in zip(render(payload), render("benign"), strict=True):
        assert page.lower().count("<script") == 1
        assert dangers_in(page) == dangers_in(benign)
