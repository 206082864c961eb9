"""Render user Markdown to HTML that is safe to show, or to plain text for excerpts."""

import html as html_lib
import re

import markdown as markdown_lib
import nh3
from django.db import models
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


def plain_text(text: str) -> str:
    """User Markdown as the words a reader sees, on one line: no markup, no entities, single spaces."""
    words = html_lib.unescape(nh3.clean(render_markdown(text), tags=set()))
    return re.sub(r"\s+", " ", words).strip()


class RenderedMarkdownField(models.TextField):
    """The sanitised HTML of another field's Markdown, rendered whenever the row is written.

    Rendering is pure (no I/O), so it happens where Django fills other derived values (like
    `auto_now`): in `pre_save`, on every `save()` and `bulk_create()` — services, the admin, the PFIF
    importer, the demo loader and factories alike. `QuerySet.update()` and `bulk_update()` skip it:
    whoever writes the source that way writes this too, with `render_markdown`. What comes back from
    the database is marked safe here, and only here, because only `render_markdown` wrote it.
    """

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("editable", False), ("blank", True), ("default", "")):
            if key in kwargs and kwargs[key] == value:
                del kwargs[key]
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        html = render_markdown(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, html)
        return html

    def from_db_value(self, value, expression, connection):
        return mark_safe(value)  # noqa: S308 - only render_markdown (just above) writes this column
