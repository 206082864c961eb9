"""Who hears of what.

Followers and the poster hear of new comments and public leads, followers of resolution; posters hear
of every lead, private ones included; commenters hear of replies to their comments, not of every later
comment. Never of their own doing, never twice for one event, never of what they may not read.
"""

from http import HTTPStatus

from django.urls import reverse

from posts.models import EmailMode, Follow, Notification, NotificationKind
from posts.moderation import actions
from posts.reach import delivery
from posts.requests import services
from tests.conftest import login
from tests.factories import UserFactory
from tests.reach.notifications.conftest import REQUEST, SECRET_LEAD, every_part, heard, mail_to


def test_posting_a_request_makes_the_poster_follow_it(poster):
    post = services.create_post(author=poster, data={**REQUEST, "sought_name": "Jonas Brandt"})

    assert Follow.objects.filter(user=poster, post=post).exists()


def test_follower_hears_of_a_public_lead(looking_for, follower, helper, commit, mailoutbox):
    with commit():
        lead = services.add_comment(post=looking_for, author=helper, body="Try the Hamburg alumni list.", is_lead=True)

    assert heard(follower) == [(NotificationKind.NEW_LEAD, lead.pk)]
    [email] = mail_to(mailoutbox, follower)
    assert looking_for.title in email.subject


def test_follower_hears_of_a_plain_comment_but_nothing_of_a_private_lead(
    looking_for, follower, helper, commenter, commit, mailoutbox
):
    with commit():
        services.add_comment(post=looking_for, author=helper, body=SECRET_LEAD, is_private=True)
        comment = services.add_comment(post=looking_for, author=commenter, body="I hope you find her!")

    assert heard(follower) == [(NotificationKind.COMMENT, comment.pk)]
    [email] = mail_to(mailoutbox, follower)
    assert SECRET_LEAD not in every_part(email)
    assert "Carl Commenter commented on" in email.body


def test_poster_hears_of_public_and_private_leads_alike(looking_for, poster, helper, commit, mailoutbox):
    with commit():
        public = services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
        private = services.add_comment(post=looking_for, author=helper, body=SECRET_LEAD, is_private=True)

    assert heard(poster) == [(NotificationKind.PRIVATE_LEAD, public.pk), (NotificationKind.PRIVATE_LEAD, private.pk)]
    # The first is emailed at once; the second waits for the next email about the request, an hour on.
    [email] = mail_to(mailoutbox, poster)
    assert public.get_absolute_url() in email.body


def test_poster_who_stopped_following_still_hears_of_leads(looking_for, poster, helper, commit):
    services.unfollow_post(user=poster, post=looking_for)
    with commit():
        lead = services.add_comment(post=looking_for, author=helper, body=SECRET_LEAD, is_private=True)

    assert heard(poster) == [(NotificationKind.PRIVATE_LEAD, lead.pk)]


def test_earlier_commenters_hear_only_of_replies_to_their_comments(looking_for, commenter, helper, commit, mailoutbox):
    mine = services.add_comment(post=looking_for, author=commenter, body="Good luck!")
    with commit():
        services.add_comment(post=looking_for, author=helper, body="I sang there too.")
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
        reply = services.add_comment(post=looking_for, author=helper, body="Thank you!", reply_to=mine)

    assert heard(commenter) == [(NotificationKind.REPLY, reply.pk)]
    [email] = mail_to(mailoutbox, commenter)
    assert email.subject == f"[Reconnect] A reply to your comment on “{looking_for.title}”"
    assert reply.get_absolute_url() in email.body


def test_earlier_commenters_hear_nothing_of_a_private_lead(looking_for, commenter, helper, commit, mailoutbox):
    services.add_comment(post=looking_for, author=commenter, body="Good luck!")
    mailoutbox.clear()
    with commit():
        services.add_comment(post=looking_for, author=helper, body=SECRET_LEAD, is_private=True)

    assert heard(commenter) == []
    assert mail_to(mailoutbox, commenter) == []


def test_nobody_hears_of_their_own_comment(looking_for, poster, follower, commit, mailoutbox):
    services.add_comment(post=looking_for, author=follower, body="Following this.")
    mailoutbox.clear()
    with commit():
        services.add_comment(post=looking_for, author=poster, body="Thank you all.", is_lead=True)
        services.add_comment(post=looking_for, author=follower, body="Ask the choir.", is_lead=True)
        services.add_comment(post=looking_for, author=follower, body=SECRET_LEAD, is_private=True)

    assert [kind for kind, _ in heard(poster)] == [NotificationKind.PRIVATE_LEAD] * 2
    assert [kind for kind, _ in heard(follower)] == [NotificationKind.NEW_LEAD]
    assert Notification.objects.filter(recipient=poster, comment__author=poster).count() == 0
    assert Notification.objects.filter(recipient=follower, comment__author=follower).count() == 0


def test_each_person_hears_once_of_one_event(looking_for, poster, follower, helper, commit, mailoutbox):
    # The poster follows and commented; the follower commented too: each fits several reasons at once.
    services.add_comment(post=looking_for, author=poster, body="Any idea is welcome.")
    services.add_comment(post=looking_for, author=follower, body="I remember her too.")
    mailoutbox.clear()
    with commit():
        lead = services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)

    told = sorted(Notification.objects.filter(comment=lead).values_list("recipient_id", "kind"))
    assert told == sorted([(poster.pk, NotificationKind.PRIVATE_LEAD), (follower.pk, NotificationKind.NEW_LEAD)])
    assert len(mail_to(mailoutbox, poster)) == 1
    assert len(mail_to(mailoutbox, follower)) == 1


def test_resolving_tells_followers_but_not_the_poster(looking_for, poster, follower, commit, mailoutbox):
    with commit():
        services.resolve_post(post=looking_for, by=poster)

    assert heard(follower) == [(NotificationKind.RESOLVED, None)]
    assert heard(poster) == []
    [email] = mail_to(mailoutbox, follower)
    assert looking_for.title in email.subject
    assert mail_to(mailoutbox, poster) == []


def test_followers_of_a_hidden_request_hear_nothing_of_its_resolution(
    looking_for, poster, follower, moderator, commit, mailoutbox
):
    actions.hide_post(post=looking_for, by=moderator, reason="Needs a check.")
    with commit():
        services.resolve_post(post=looking_for, by=poster)

    assert heard(follower) == []
    assert mail_to(mailoutbox, follower) == []


def test_lead_on_a_request_hidden_before_delivery_reaches_followers_neither_by_email_nor_on_the_site(
    looking_for, poster, follower, helper, moderator, commit, mailoutbox
):
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
        actions.hide_post(post=looking_for, by=moderator, reason="Needs a check.")

    assert mail_to(mailoutbox, follower) == []
    page = login(follower).get(reverse("posts:notifications"))
    assert looking_for.title not in page.text
    # The poster may still read their own hidden request.
    assert len([e for e in mail_to(mailoutbox, poster) if "lead" in e.subject]) == 1


def test_banned_follower_gets_nothing(looking_for, follower, helper, moderator, commit, mailoutbox):
    actions.ban_user(user=follower, by=moderator, reason="Spam.")
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)

    follower.refresh_from_db()
    assert follower.is_active is False
    assert heard(follower) == []
    assert mail_to(mailoutbox, follower) == []


def test_follower_banned_before_delivery_gets_no_email(looking_for, follower, helper, moderator, commit, mailoutbox):
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
        actions.ban_user(user=follower, by=moderator, reason="Spam.")

    assert mail_to(mailoutbox, follower) == []


def test_private_lead_text_reaches_nobody_else(looking_for, poster, follower, commenter, helper, commit, mailoutbox):
    services.add_comment(post=looking_for, author=commenter, body="Good luck!")
    services.follow_post(user=commenter, post=looking_for)
    bystander = UserFactory()
    with commit():
        lead = services.add_comment(post=looking_for, author=helper, body=SECRET_LEAD, is_private=True)

    assert mailoutbox, "the poster at least is emailed"
    for email in mailoutbox:
        assert SECRET_LEAD not in every_part(email)
    assert set(Notification.objects.filter(comment=lead).values_list("recipient_id", flat=True)) == {poster.pk}
    for other in (follower, commenter, bystander):
        page = login(other).get(reverse("posts:notifications"))
        assert page.status_code == HTTPStatus.OK
        assert SECRET_LEAD not in page.text
        assert looking_for.title not in page.text


def test_member_who_stopped_following_hears_nothing_of_a_second_reunion(
    looking_for, poster, follower, commit, mailoutbox
):
    # The first reunion reaches the follower on the site only; then they switch emails on and stop following.
    delivery.set_email_mode(user=follower, kind=NotificationKind.RESOLVED, mode=EmailMode.NONE)
    with commit():
        services.resolve_post(post=looking_for, by=poster)
    services.reopen_post(post=looking_for, by=poster)
    services.unfollow_post(user=follower, post=looking_for)
    delivery.set_email_mode(user=follower, kind=NotificationKind.RESOLVED, mode=EmailMode.EACH)

    with commit():
        services.resolve_post(post=looking_for, by=poster)

    assert heard(follower) == [(NotificationKind.RESOLVED, None)]
    assert mail_to(mailoutbox, follower) == []


def test_held_private_lead_reaches_the_poster_only_once_a_moderator_lets_it_through(
    looking_for, poster, follower, helper, moderator, commit, mailoutbox
):
    with commit():
        lead = services.add_comment(
            post=looking_for, author=helper, body="Her number is 0151 2345678.", is_private=True
        )
    assert heard(poster) == []

    with commit():
        actions.publish_comment(comment=lead, by=moderator)

    assert heard(poster) == [(NotificationKind.PRIVATE_LEAD, lead.pk)]
    assert heard(follower) == []
    for email in mailoutbox:
        assert "2345678" not in every_part(email)
