"""A Content-Security-Policy for what is not a page: photos, feeds, PFIF, exports.

The site's policy (CONTENT_SECURITY_POLICY in settings, from django-csp) is written for its HTML
pages: no inline style, no script without the nonce. A browser that opens a photo, a feed or an XML
file on its own builds a page of its own around it (Chromium's image viewer centres the photo with
inline styles), and applying the pages' policy there blocks those styles. So anything that is not
HTML gets this policy instead, before django-csp's middleware sees the response: nothing may be
loaded or run, and only the inline styles of the browser's own viewer are allowed. There is no
markup of ours in such a response for a style to act on, and nosniff keeps it from being read as HTML.
"""

from django.utils.deprecation import MiddlewareMixin

# What a photo, feed or file may use when a browser opens it on its own: its own inline styles and itself.
NON_DOCUMENT_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'"
_HEADER = "Content-Security-Policy"
_DOCUMENT_TYPES = ("text/html", "application/xhtml+xml")


def is_document(response) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type in _DOCUMENT_TYPES


class NonDocumentPolicyMiddleware(MiddlewareMixin):
    """Give non-HTML responses NON_DOCUMENT_POLICY; listed after django-csp's, so it answers first."""

    def process_response(self, request, response):
        if _HEADER not in response and not is_document(response):
            response[_HEADER] = NON_DOCUMENT_POLICY
        return response
