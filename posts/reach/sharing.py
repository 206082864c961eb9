"""What the request pages need to be shared and found: plain excerpts, list addresses, share links."""

from dataclasses import dataclass
from urllib.parse import quote

from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from reconnect.markdown import plain_text

# Open Graph wants language_TERRITORY; the site's languages map to the locales readers expect.
OG_LOCALES = {"en": "en_US", "zh-hans": "zh_CN"}


def plain_excerpt(markdown_text: str, length: int = 200) -> str:
    """The first `length` characters of user Markdown as plain text, for feeds and link previews."""
    return Truncator(plain_text(markdown_text)).chars(length)


def og_locale() -> str:
    language = translation.get_language() or "en"
    return OG_LOCALES.get(language.lower(), translation.to_locale(language))


@dataclass(frozen=True)
class ShareLink:
    network: str
    url: str


def share_links(*, title: str, url: str) -> list[ShareLink]:
    """Plain links to share a request on common networks: no scripts, no tracking."""
    text = _("Can you help? %(title)s") % {"title": title}
    body = _("I saw this request on Reconnect and thought you might be able to help:\n\n%(title)s\n%(url)s") % {
        "title": title,
        "url": url,
    }

    def encode(**params: str) -> str:
        # quote, not quote_plus: mail clients read "+" literally in mailto: links.
        return "&".join(f"{name}={quote(value, safe='')}" for name, value in params.items())

    # Brand names stay as they are, except where a language knows the network by another name (微博).
    return [
        ShareLink(_("Email"), f"mailto:?{encode(subject=title, body=body)}"),
        ShareLink("WhatsApp", f"https://wa.me/?{encode(text=f'{text} {url}')}"),
        ShareLink("Telegram", f"https://t.me/share/url?{encode(url=url, text=text)}"),
        ShareLink("Facebook", f"https://www.facebook.com/sharer/sharer.php?{encode(u=url)}"),
        ShareLink("X", f"https://x.com/intent/post?{encode(url=url, text=text)}"),
        ShareLink(_("Weibo"), f"https://service.weibo.com/share/share.php?{encode(url=url, title=text)}"),
        ShareLink("LINE", f"https://social-plugins.line.me/lineit/share?{encode(url=url)}"),
    ]
