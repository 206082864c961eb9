"""Render user Markdown to HTML that is safe to show."""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "hr",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> SafeString:
    # Raw HTML in the source is escaped by Markdown's safe mode equivalent below, and
    # whatever Markdown produces goes through nh3 (ammonia) before it reaches a page.
    html = markdown_lib.markdown(text or "", extensions=["sane_lists", "nl2br"], output_format="html")
    # Headings are shifted down so a story cannot outrank the page's own headings.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
