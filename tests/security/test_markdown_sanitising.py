"""Stories and comments are Markdown from strangers: what reaches the page must carry no script."""

import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest

from reconnect.markdown import render_markdown
from tests.factories import CommentFactory, PostFactory

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "![a picture](javascript:alert(1))",
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    "[click me](&#106;avascript:alert(1))",
    "[click me](jav&#x09;ascript:alert(1))",
    '<a href="&#x6A;avascript:alert(1)">click me</a>',
    '<a href="javascript&colon;alert(1)">click me</a>',
    '<a href="  javascript:alert(1)">click me</a>',
    "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">click me</a>',
    '<a href="vbscript:msgbox(1)">click me</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<math><mi xlink:href="javascript:alert(1)">click me</mi></math>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">cover</div>',
    "<details open ontoggle=alert(1)>",
    '<body onload="alert(1)">',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<a href="https://example.org/" onclick="alert(1)">click me</a>',
    '[click me](https://example.org/ "title" onmouseover="alert(1)")',
    "<a href='java\nscript:alert(1)'>click me</a>",
]

BAD_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "form", "input", "meta", "base", "img"}
BAD_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)
JAVASCRIPT_HREF = re.compile(r"""(href|src|action)\s*=\s*["']?\s*(javascript|vbscript|data):""", re.IGNORECASE)


class DangerFinder(HTMLParser):
    """Collect every tag and attribute of a page that could run script or restyle it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.dangers: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BAD_TAGS:
            self.dangers.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.dangers.append(f"{tag} {name}")
            if name in {"href", "src", "action", "xlink:href"} and value and BAD_SCHEMES.match(value):
                self.dangers.append(f"{tag} {name}={value}")


def dangers_in(html: str) -> list[str]:
    finder = DangerFinder()
    finder.feed(html)
    return finder.dangers


def section(html: str, start: str, end: str) -> str:
    """The part of the page between `start` and the next `end`: where user Markdown is rendered."""
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def assert_no_script(fragment: str) -> None:
    lowered = fragment.lower()
    assert "<script" not in lowered
    assert "onerror=" not in lowered
    assert "<iframe" not in lowered
    assert not JAVASCRIPT_HREF.search(fragment)
    assert dangers_in(fragment) == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_strips_script(payload):
    assert_no_script(str(render_markdown(payload)))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_story_with_xss_is_rendered_without_script(client, member, payload):
    post = PostFactory(author=member, story=f"Before the payload.\n\n{payload}\n\nAfter the payload.")

    response = client.get(post.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    story = section(response.text, '<section class="story"', "</section>")
    assert_no_script(story)
    assert "Before the payload." in story
    assert "After the payload." in story
    # The whole page: its one script is the site's own, and it holds nothing a benign page does not.
    assert response.text.lower().count("<script") == 1
    assert '<script src="/static/js/site.js" defer></script>' in response.text
    benign = client.get(PostFactory(author=member).get_absolute_url())
    assert dangers_in(response.text) == dangers_in(benign.text)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_comment_with_xss_is_rendered_without_script(client, post, payload):
    CommentFactory(post=post, body=f"A lead.\n\n{payload}")

    response = client.get(post.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    body = section(response.text, '<div class="comment-body">', "</article>")
    assert_no_script(body)
    assert "A lead." in body
    assert response.text.lower().count("<script") == 1
    benign = PostFactory()
    CommentFactory(post=benign, body="A lead.")
    assert dangers_in(response.text) == dangers_in(client.get(benign.get_absolute_url()).text)


def test_benign_markdown_still_renders(client, member):
    post = PostFactory(
        author=member,
        story="We met in **chemistry class** at *Regina*.\n\n- cello\n- chess\n\n[Our school](https://example.org/)",
    )
    response = client.get(post.get_absolute_url())
    story = section(response.text, '<section class="story"', "</section>")
    assert "<strong>chemistry class</strong>" in story
    assert "<em>Regina</em>" in story
    assert "<li>cello</li>" in story
    assert 'href="https://example.org/"' in story
    assert 'rel="nofollow noopener noreferrer ugc"' in story


def test_text_that_looks_like_html_is_shown_as_text(client, member):
    post = PostFactory(author=member, story="He wrote 3 < 5 & 7 > 2 on the board.")
    story = section(client.get(post.get_absolute_url()).text, '<section class="story"', "</section>")
    assert "3 &lt; 5 &amp; 7 &gt; 2" in story


def test_headings_cannot_outrank_the_page_title(client, member):
    post = PostFactory(author=member, story="# Shouting\n\n## Still shouting")
    story = section(client.get(post.get_absolute_url()).text, '<section class="story"', "</section>")
    assert "<h1" not in story
    assert "<h2" not in story
    assert "<h3>Shouting</h3>" in story
