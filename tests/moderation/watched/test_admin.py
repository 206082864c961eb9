"""Moderators keep the watched words in the admin; nobody else reaches them, and a change applies at once."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from posts.models import Comment, Moderation, WatchedAction, WatchedWord
from tests.conftest import login
from tests.factories import UserFactory

CHANGELIST = reverse("admin:posts_watchedword_changelist")
ADD = reverse("admin:posts_watchedword_add")


def change_url(word) -> str:
    return reverse("admin:posts_watchedword_change", args=[word.pk])


def delete_url(word) -> str:
    return reverse("admin:posts_watchedword_delete", args=[word.pk])


def comment_on(client, post, body: str):
    return client.post(reverse("posts:comment_create", kwargs={"pk": post.pk}), {"body": body})


def test_moderator_lists_adds_changes_and_deletes_watched_words(moderator_client, moderator, watch):
    watch("lottery", WatchedAction.FLAG)
    assert "lottery" in moderator_client.get(CHANGELIST).text

    added = moderator_client.post(ADD, {"pattern": " 假护照 ", "action": WatchedAction.HOLD, "note": "fake passports"})
    assert added.status_code == HTTPStatus.FOUND
    word = WatchedWord.objects.get(pattern="假护照")
    assert (word.action, word.created_by, word.note) == (WatchedAction.HOLD, moderator, "fake passports")

    moderator_client.post(change_url(word), {"pattern": "假护照", "action": WatchedAction.BLOCK, "note": ""})
    word.refresh_from_db()
    assert word.action == WatchedAction.BLOCK

    moderator_client.post(delete_url(word), {"post": "yes"})
    assert not WatchedWord.objects.filter(pk=word.pk).exists()


def test_an_invalid_regex_is_refused_with_a_message_and_the_typed_pattern_kept(moderator_client):
    response = moderator_client.post(ADD, {"pattern": "wire (me|us", "is_regex": "on", "action": WatchedAction.BLOCK})

    assert response.status_code == HTTPStatus.OK
    assert "This is not a valid regular expression" in response.text
    assert 'value="wire (me|us"' in response.text
    assert not WatchedWord.objects.exists()


def test_a_pattern_that_matches_any_text_is_refused(moderator_client):
    response = moderator_client.post(ADD, {"pattern": "x*", "is_regex": "on", "action": WatchedAction.BLOCK})

    assert "This pattern matches any text." in response.text
    assert not WatchedWord.objects.exists()


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a|aa)+$", r"^(\d+)+$"])
def test_a_pattern_that_backtracks_without_end_is_refused(moderator_client, pattern):
    response = moderator_client.post(ADD, {"pattern": pattern, "is_regex": "on", "action": WatchedAction.HOLD})

    assert response.status_code == HTTPStatus.OK
    assert "takes too long to check" in response.text
    assert not WatchedWord.objects.exists()


def test_a_careful_regex_is_accepted(moderator_client):
    response = moderator_client.post(
        ADD, {"pattern": r"western\s+union|money\s*gram", "is_regex": "on", "action": WatchedAction.HOLD}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert WatchedWord.objects.get().is_regex


def test_the_same_characters_as_a_plain_word_are_accepted(moderator_client):
    moderator_client.post(ADD, {"pattern": "wire (me", "action": WatchedAction.HOLD})

    assert WatchedWord.objects.filter(pattern="wire (me", is_regex=False).exists()


def test_a_change_in_the_admin_applies_to_the_next_comment(moderator_client, stranger_client, stranger, post):
    comment_on(stranger_client, post, "He won the lottery.")  # Read and cache the (empty) list.
    moderator_client.post(ADD, {"pattern": "lottery", "action": WatchedAction.HOLD})

    comment_on(stranger_client, post, "He won the lottery twice.")
    word = WatchedWord.objects.get()
    moderator_client.post(change_url(word), {"pattern": "lottery", "action": WatchedAction.BLOCK})
    refused = comment_on(stranger_client, post, "He won the lottery three times.")
    moderator_client.post(delete_url(word), {"post": "yes"})
    comment_on(stranger_client, post, "He won the lottery four times.")

    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert list(Comment.objects.filter(author=stranger).order_by("pk").values_list("body", "moderation")) == [
        ("He won the lottery.", Moderation.PUBLISHED),
        ("He won the lottery twice.", Moderation.PENDING),
        ("He won the lottery four times.", Moderation.PUBLISHED),
    ]


@pytest.mark.parametrize("who", ["member", "staff_outside_the_group"])
def test_only_moderators_reach_the_watched_words(db, watch, who):
    word = watch("lottery", WatchedAction.FLAG)
    client = login(UserFactory(is_staff=who == "staff_outside_the_group"))

    for url in (CHANGELIST, ADD, change_url(word), delete_url(word)):
        response = client.get(url)
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN), url
        assert "lottery" not in response.text
    client.post(ADD, {"pattern": "sneaky", "action": WatchedAction.BLOCK})
    client.post(change_url(word), {"pattern": "lottery", "action": WatchedAction.BLOCK})
    client.post(delete_url(word), {"post": "yes"})

    assert list(WatchedWord.objects.values_list("pattern", "action")) == [("lottery", WatchedAction.FLAG)]


def test_anonymous_visitors_are_sent_to_log_in(db):
    response = Client().get(CHANGELIST)
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("admin:login") in response["Location"]
