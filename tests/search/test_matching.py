"""Two-sided matching: the panel finds the planted pairs, never a hidden one, and tells both posters."""

from http import HTTPStatus

from posts.models import Moderation, PostMatch
from posts.moderation import actions
from posts.requests import services
from posts.search.matching import STRONG, update_matches
from tests.conftest import login
from tests.factories import PostFactory, UserFactory
from tests.search.corpus import HIDDEN_PAIRS, NEAR_MISS_PAIRS, PLANTED_PAIRS


def match_all(corpus) -> None:
    for post in corpus.values():
        update_matches(post)


def suggested(corpus, key: str) -> set[str]:
    by_pk = {post.pk: k for k, post in corpus.items()}
    return {by_pk[m.other_id] for m in PostMatch.objects.shown_for(corpus[key])}


def test_planted_pairs_are_suggested_both_ways(corpus):
    match_all(corpus)
    for a, b in PLANTED_PAIRS:
        assert b in suggested(corpus, a), f"{a} should suggest {b}"
        assert a in suggested(corpus, b), f"{b} should suggest {a}"


def test_hidden_requests_and_near_misses_are_never_suggested(corpus):
    match_all(corpus)
    for a, b in HIDDEN_PAIRS + NEAR_MISS_PAIRS:
        assert b not in suggested(corpus, a)
        assert a not in suggested(corpus, b)
    hidden = {key for key, post in corpus.items() if post.moderation != Moderation.PUBLISHED}
    for key in corpus:
        assert not (suggested(corpus, key) & hidden)


def test_match_panel_shows_the_evidence_and_drops_a_request_hidden_later(client, corpus, moderator):
    match_all(corpus)
    a, b = PLANTED_PAIRS[0]
    page = client.get(corpus[a].get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assert "Possible matches" in page.text
    assert corpus[b].title in page.text
    assert "same place: Regina High School" in page.text
    assert "overlap" in page.text

    actions.hide_post(post=corpus[b], by=moderator, reason="Duplicate")
    page = client.get(corpus[a].get_absolute_url())
    assert corpus[b].title not in page.text


def test_strong_new_match_emails_both_posters(db, django_capture_on_commit_callbacks, mailoutbox):
    simon, katharina = UserFactory(display_name="Simon"), UserFactory(display_name="Katharina")
    for person in (simon, katharina):
        PostFactory(author=person, sought_name="Somebody Else", met_place="Elsewhere")  # already trusted
    common = {
        "relationship": "classmate",
        "met_place": "Regina High School",
        "met_city": "Iowa City",
        "met_country": "US",
        "year_from": 2017,
        "year_to": 2018,
        "story": "We sat together in chemistry.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        mine = services.create_post(
            author=simon,
            data={
                "title": "Looking for Katharina",
                "sought_name": "Katharina Müller",
                "poster_then_name": "Simon Becker",
                **common,
            },
        )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        theirs = services.create_post(
            author=katharina,
            data={
                "title": "Looking for Simon",
                "sought_name": "Simon",
                "poster_then_name": "Katharina Müller",
                **common,
            },
        )

    match = PostMatch.objects.get(post=theirs, other=mine)
    assert match.score >= STRONG
    recipients = sorted(email.to[0] for email in mailoutbox if "looking for you too" in email.subject)
    assert recipients == sorted([simon.email, katharina.email])
    assert all(other.email not in email.body for email in mailoutbox for other in (simon, katharina))


def test_match_is_recomputed_when_the_name_is_corrected(member, corpus):
    a, b = PLANTED_PAIRS[0]
    match_all(corpus)
    post = corpus[a]
    client = login(post.author)
    assert b in suggested(corpus, a)
    corpus[a] = services.edit_post(
        post=post,
        by=post.author,
        data={"sought_name": "Nobody Similar", "sought_other_names": "", "poster_then_name": "", "sought_nickname": ""},
    )
    update_matches(corpus[a])
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.OK
    assert b not in suggested(corpus, a)
