"""One salt for both kinds of unsubscribe link, and a token of one kind never works as the other."""

from http import HTTPStatus

from django.core import signing
from django.urls import reverse

from posts.models import EmailMode, NotificationKind, NotificationSetting, SavedSearch
from posts.reach import unsubscribe
from tests.factories import UserFactory


def saved_search_of(user) -> SavedSearch:
    return SavedSearch.objects.create(user=user, name="Simon", query="q=Simon", alert=True)


def test_each_kind_of_link_reads_back_what_it_was_made_for(db):
    member = UserFactory()
    saved = saved_search_of(member)

    notification_token = unsubscribe.notification_token(member, NotificationKind.REPLY)
    saved_search_token = unsubscribe.saved_search_token(saved)

    for token in (notification_token, saved_search_token):
        signing.loads(token, salt=unsubscribe.UNSUBSCRIBE_SALT)  # one salt signs both
    assert unsubscribe.read_notification_token(notification_token) == (member.pk, NotificationKind.REPLY)
    assert unsubscribe.read_saved_search_token(saved_search_token) == saved.pk
    assert unsubscribe.read_notification_token(saved_search_token) is None
    assert unsubscribe.read_saved_search_token(notification_token) is None


def test_a_saved_search_link_does_not_unsubscribe_from_notifications(client, db):
    member = UserFactory()
    token = unsubscribe.saved_search_token(saved_search_of(member))

    response = client.post(reverse("posts:notification_unsubscribe", kwargs={"token": token}))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not NotificationSetting.objects.exists()


def test_a_notification_link_does_not_stop_a_saved_search(client, db):
    member = UserFactory()
    saved = saved_search_of(member)
    token = unsubscribe.notification_token(member, NotificationKind.REPLY)

    response = client.post(reverse("posts:saved_search_unsubscribe", kwargs={"token": token}))

    assert response.status_code == HTTPStatus.NOT_FOUND
    saved.refresh_from_db()
    assert saved.alert is True


def test_a_bare_number_signed_with_the_salt_is_no_saved_search_link(client, db):
    """The shape saved-search tokens had under their old salt: under the one salt it must not pass."""
    saved = saved_search_of(UserFactory())
    token = signing.dumps(saved.pk, salt=unsubscribe.UNSUBSCRIBE_SALT)

    response = client.post(reverse("posts:saved_search_unsubscribe", kwargs={"token": token}))

    assert response.status_code == HTTPStatus.NOT_FOUND
    saved.refresh_from_db()
    assert saved.alert is True


def test_the_notification_links_in_emails_already_sent_still_work(client, db):
    member = UserFactory()
    sent_before = signing.dumps(
        {"u": member.pk, "k": NotificationKind.REPLY}, salt="reconnect.notification-unsubscribe"
    )

    response = client.post(reverse("posts:notification_unsubscribe", kwargs={"token": sent_before}))

    assert response.status_code == HTTPStatus.OK
    assert NotificationSetting.objects.get(user=member, kind=NotificationKind.REPLY).email == EmailMode.NONE
