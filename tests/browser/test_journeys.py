"""The journeys people take, in Chromium: at 1280×800 and 360×740, in English and Simplified Chinese, and once
without JavaScript (tests/browser/variants.py). Every page on the way is checked by axe-core and for text in the
other script without its `lang` (tests/browser/pages.py); test_validity.py sends them all through vnu at the end.
"""

import io
import re

import pytest
from PIL import Image

from tests.browser.variants import PASSWORD

pytestmark = pytest.mark.browser


def main(tab):
    return tab.page.locator("main")


def search(tab, query: str) -> None:
    """Type a name into the first search box a person sees on this page, and send it."""
    box = tab.page.locator("input[name=q]:visible").first
    if not box.count():  # On a phone the list page's filters may be folded away: open them.
        tab.page.locator("details.filters-toggle > summary").click()
        box = tab.page.locator("input[name=q]:visible").first
    box.fill(query)
    with tab.page.expect_navigation():
        box.press("Enter")
    tab.check()


def result_titles(tab) -> list[str]:
    return [title.strip() for title in main(tab).locator(".card-title").all_inner_texts()]


def test_visitor_searches_across_scripts_and_reads_a_request(open_tab, variant):
    tab = open_tab(language="en")
    tab.goto("/")
    if variant.language != "en":
        # The switch at the foot of every page, as a reader who does not read English finds it.
        tab.follow(tab.page.locator(".language-switch").get_by_role("link", name="简体中文"))
        assert tab.page.locator("html").get_attribute("lang") == "zh-Hans"
    search(tab, "Li Xiangcan")
    assert any("李响灿" in title for title in result_titles(tab)), result_titles(tab)
    # A card's link is named by its title alone, not by everything on the card.
    for title in result_titles(tab):
        assert main(tab).get_by_role("link", name=title, exact=True).count(), title

    # The same professor, typed in traditional characters, and his name in the other order.
    for query in ("李響燦", "xiangcan li"):
        tab.goto("/requests/")
        search(tab, query)
        assert any("李响灿" in title for title in result_titles(tab)), (query, result_titles(tab))

    tab.follow(main(tab).get_by_role("link", name=re.compile("李响灿")).first)
    assert "李响灿" in tab.page.locator("h1").inner_text()
    assert tab._("Where they met") in tab.text()
    assert "Wuhan" in tab.text()

    # And a search in Chinese for a request written in English: Wang Li, the host sister in Dalian.
    tab.goto("/requests/")
    search(tab, "王丽")
    assert any("Wang Li" in title for title in result_titles(tab)), result_titles(tab)


def reach_the_claim_form(tab, seeded) -> None:
    """From a request's "This is me" to the form where the person sought, without an account, writes to the poster."""
    tab.follow(main(tab).get_by_role("link", name=tab._("This is me"), exact=True))
    assert re.search(r"/requests/\d+/without-account/this_is_me/$", tab.path), tab.path
    assert tab.page.locator("h1").inner_text() == tab._("This is me")
    # Nothing is sent before the address is confirmed, and the form says so.
    assert tab._("What happens next") in tab.text()


def test_the_person_sought_says_this_is_me(open_tab, site, seeded, variant):
    request = f"/requests/{seeded['about_someone']}/"
    tab = open_tab()  # a visitor: no account, not logged in
    tab.goto(request)
    assert main(tab).get_by_role("link", name=tab._("This is me"), exact=True).is_visible()
    assert main(tab).get_by_role("link", name=tab._("I know this person"), exact=True).is_visible()
    assert main(tab).get_by_role("link", name=tab._("This is about me — please take it down")).is_visible()

    reach_the_claim_form(tab, seeded)
    email = f"wang-fang-{variant.key}@example.com"
    message = "It is me, Wang Fang: we shared room 304 and a rice cooker."
    tab.page.locator("#id_email").fill(email)
    tab.page.locator("#id_body").fill(message)
    tab.follow(main(tab).get_by_role("button", name=tab._("Email me the link")))
    assert tab.path.split("#")[0].endswith("/without-account/this_is_me/sent/"), tab.path
    assert tab.page.locator("h1").inner_text() == tab._("Check your email")
    assert tab._("Nothing is sent to the poster until you do.") in tab.text()

    # The link in the email shows what will be sent, and sends it only when the button is pressed.
    tab.goto(site.link_in_email(email, "/visitor/verify/"))
    assert message in tab.text()
    tab.follow(main(tab).get_by_role("button", name=tab._("Send my message")))
    assert "/visitor/conversation/" in tab.path, tab.path
    assert message in tab.text()
    sent = tab._("Your message is sent. We will email you when they reply; your address stays private.")
    assert sent in tab.page.locator(".messages").inner_text()

    # The poster reads it in their conversations, and never sees the address.
    poster = open_tab()
    poster.goto("/accounts/login/")
    poster.log_in(seeded["emails"]["poster"], PASSWORD)
    poster.goto("/conversations/")
    poster.follow(main(poster).locator(".conversation-list a").filter(has_text="Wang Fang").first)
    assert re.search(r"/conversations/\d+/", poster.path), poster.path
    assert message in poster.text()
    assert email not in poster.page.content()


def a_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 140, 200)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def header_link(tab, name: str, *, role: str = "link"):
    """A link (or button) of the header's navigation, the menu opened first where a phone folds it away."""
    found = tab.page.locator("header").get_by_role(role, name=name)
    menu = tab.page.locator("header details.site-menu")
    if not found.count() and menu.count() and menu.get_attribute("open") is None:
        menu.locator("> summary").click()
    return found


def test_sign_up_verify_the_email_and_post_a_first_request_with_a_photo(open_tab, site, variant):
    tab = open_tab()
    email = f"first-timer-{variant.key}@example.com"
    tab.goto("/")
    tab.follow(header_link(tab, tab._("Sign up")))
    form = tab.page.locator("main form:has(input[name=password1])")
    # The field for robots is not read out to people.
    assert tab._("Leave this field empty") not in form.aria_snapshot()
    form.locator("input[name=email]").fill(email)
    if form.locator("input[name=display_name]").count():
        form.locator("input[name=display_name]").fill("Mei")
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    tab.follow(form.locator("button[type=submit]"))
    assert "/accounts/confirm-email/" in tab.path, tab.path

    tab.goto(site.link_in_email(email, "/accounts/confirm-email/"))
    tab.follow(main(tab).locator("form button[type=submit]"))
    # Logged in by the confirmation.
    assert header_link(tab, tab._("Log out"), role="button").count()

    tab.follow(header_link(tab, tab._("Post a request")))
    assert "/requests/new/" in tab.path
    tab.page.locator("#id_title").fill("Looking for Hannah, my Couchsurfing host in Leipzig (2016)")
    tab.page.locator("#id_sought_name").fill("Hannah")
    tab.page.locator("#id_relationship").select_option("friend")
    tab.page.locator("#id_story").fill("She let me sleep on her sofa for a week and showed me Leipzig.")
    tab.page.locator("input[name='photos-0-image']").set_input_files(
        {"name": "leipzig.jpg", "mimeType": "image/jpeg", "buffer": a_jpeg()}
    )
    tab.page.locator("input[name='photos-0-alt_text']").fill("Two people on a sofa under a poster of Leipzig")
    tab.follow(tab.page.locator("main form button[type=submit]").last)

    assert re.search(r"/requests/\d+/$", tab.path), tab.path
    assert "Hannah" in tab.page.locator("h1").inner_text()
    waiting = (
        "Thank you. Your request waits for a moderator to review it: until then only you and the moderators can see "
        "it. We will email you when it is published."
    )
    assert tab._(waiting) in tab.text()
    photo = main(tab).locator(".gallery img")
    assert photo.get_attribute("alt") == "Two people on a sofa under a poster of Leipzig"
    # The photo is served (re-encoded) to its poster while the request waits.
    assert tab.page.request.get(tab.site.url + photo.get_attribute("src")).status == 200


def leave_a_lead(tab, body: str, *, private: bool) -> None:
    form = tab.page.locator("#comment-form")
    form.locator("#id_body").fill(body)
    form.locator("#id_is_lead").check()
    if private:
        form.locator("#id_is_private").check()
    tab.follow(form.get_by_role("button", name=tab._("Post")))


def test_a_helper_leaves_a_public_and_a_private_lead(open_tab, seeded):
    request = f"/requests/{seeded['for_leads']}/"
    helper = open_tab()
    helper.goto("/accounts/login/")
    helper.log_in(seeded["emails"]["helper"], PASSWORD)
    helper.goto(request)
    public = "Marta sings in the choir of the Sé cathedral in Porto."
    private = "Her brother's number is in my old phone: I can pass it to you."
    leave_a_lead(helper, public, private=False)
    assert public in helper.text()
    leave_a_lead(helper, private, private=True)
    assert private in helper.text()
    assert helper._("private: only the poster, its author and moderators see it") in helper.text()

    visitor = open_tab()
    visitor.goto(request)
    assert public in visitor.text()
    assert private not in visitor.text()

    poster = open_tab()
    poster.goto("/accounts/login/")
    poster.log_in(seeded["emails"]["poster"], PASSWORD)
    poster.goto(request)
    assert public in poster.text() and private in poster.text()


def test_the_poster_marks_the_request_reunited(open_tab, seeded):
    tab = open_tab()
    tab.goto("/accounts/login/")
    tab.log_in(seeded["emails"]["poster"], PASSWORD)
    tab.goto(f"/requests/{seeded['to_resolve']}/")
    tab.follow(main(tab).get_by_role("link", name=tab._("We are reunited")))
    lead = tab.page.locator("#id_lead")
    lead.select_option(str(seeded["lead"]))
    story = tab.page.locator("#id_note")
    if story.count():
        story.fill("We met again in Hamburg, twenty years on.")
    tab.follow(main(tab).get_by_role("button", name=tab._("Mark as reunited")))

    assert tab.path == f"/requests/{seeded['to_resolve']}/"
    assert tab.page.locator(".reunion h2").inner_text() == tab._("Reunited")
    assert tab._("this lead helped") in tab.text()


def queue_row(tab, item: int):
    return tab.page.locator(f"#review-queue tr[data-pk='{item}']")


def find_in_queue(tab, item: int):
    """The queue's row for `item`, on whichever of its pages it is."""
    tab.goto("/admin/queue/")
    while not queue_row(tab, item).count():
        following = tab.page.locator(".pagination a[rel=next]")
        assert following.count(), f"review item {item} is not in the queue"
        tab.follow(following.first)
    return queue_row(tab, item)


def test_a_moderator_publishes_and_hides_from_the_review_queue(open_tab, site, seeded):
    tab = open_tab()
    tab.goto("/accounts/login/")
    tab.log_in("moderator@example.com", "reconnect-demo")

    row = find_in_queue(tab, seeded["to_publish"])
    tab.follow(row.get_by_role("button", name=tab._("Publish")))
    assert not queue_row(tab, seeded["to_publish"]).count()

    row = find_in_queue(tab, seeded["to_hide"])
    row.locator("select[name=common_reason]").select_option(index=1)
    tab.follow(row.get_by_role("button", name=re.compile("^" + re.escape(tab._("Hide")))))
    assert not queue_row(tab, seeded["to_hide"]).count()

    visitor = open_tab()
    visitor.goto(f"/requests/{seeded['pending']}/")  # published: everyone reads it
    visitor.goto(f"/requests/{seeded['reported']}/", status=404)  # hidden: nobody but its poster and moderators
