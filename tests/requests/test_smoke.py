from http import HTTPStatus

from tests.factories import CommentFactory, PhotoFactory


def test_detail_page_shows_story_photos_and_comments(client, post):
    PhotoFactory(post=post)
    CommentFactory(post=post, body="Try the alumni office.")
    response = client.get(post.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert post.sought_name in response.text
    assert "Try the alumni office." in response.text
