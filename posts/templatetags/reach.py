"""Tags for being found and shared: absolute addresses, canonical links, feeds, Open Graph, share links."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.safestring import mark_safe

from posts.reach import sharing
from posts.search.filters import filter_query_string
from reconnect.pagecache import CSRF_PLACEHOLDER, SharedFragments, ShellMark, csrf_input

register = template.Library()


_CSRF_NODE = CsrfTokenNode()


class KeptNode(template.Node):
    def __init__(self, nodelist: template.NodeList, shared: template.base.FilterExpression, name: str) -> None:
        self.nodelist, self.shared, self.name = nodelist, shared, name

    def render(self, context) -> str:
        shared = self.shared.resolve(context)
        if isinstance(shared, ShellMark):  # a member's own block, in a page kept for many members
            return shared.mark
        if not isinstance(shared, SharedFragments):  # None, or not in this context (emails, error pages)
            return self.nodelist.render(context)

        def render_kept() -> str:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                return self.nodelist.render(context)

        # Every reader's own token replaces the kept one's placeholder (reconnect.pagecache.CSRF_PLACEHOLDER).
        # Asked only for a block with a form: asking sets the CSRF cookie, which no shared page may carry.
        html = shared.fragment(self.name, render_kept)
        placeholder = csrf_input(CSRF_PLACEHOLDER)
        if placeholder in html:
            html = mark_safe(html.replace(placeholder, _CSRF_NODE.render(context)))  # noqa: S308 - Django's own
        return html


@register.tag("kept")
def kept(parser, token) -> KeptNode:
    """`{% kept shared "name" %}…{% endkept %}`: a block the same for every reader, kept with the page's
    versions (reconnect.pagecache.SharedFragments); rendered in place when `shared` is None."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[2][0] not in "\"'" or bits[2][0] != bits[2][-1]:
        raise template.TemplateSyntaxError('Use {% kept shared "name" %}…{% endkept %}')
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, parser.compile_filter(bits[1]), bits[2][1:-1])


@register.simple_tag(takes_context=True)
def absolute_url(context, location: str) -> str:
    return context["request"].build_absolute_uri(location)


@register.simple_tag(takes_context=True)
def list_canonical_url(context, page_number: int = 1) -> str:
    """The list page with its filters, empty ones dropped; later pages keep their number."""
    request = context["request"]
    query = filter_query_string(request.GET, page=page_number)
    return request.build_absolute_uri(f"{reverse('posts:list')}?{query}" if query else reverse("posts:list"))


@register.simple_tag(takes_context=True)
def requests_feed_url(context) -> str:
    """The requests feed narrowed by the same filters as the list page being shown."""
    request = context["request"]
    query = filter_query_string(request.GET)
    feed = reverse("posts:requests_feed")
    return request.build_absolute_uri(f"{feed}?{query}" if query else feed)


@register.simple_tag
def og_locale() -> str:
    return sharing.og_locale()


@register.filter
def plain_excerpt(markdown_text: str, length: int = 200) -> str:
    return sharing.plain_excerpt(markdown_text, length)


@register.simple_tag(takes_context=True)
def share_links(context, post) -> list[sharing.ShareLink]:
    url = context["request"].build_absolute_uri(post.get_absolute_url())
    return sharing.share_links(title=post.title, url=url)
