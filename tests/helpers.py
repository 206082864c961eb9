"""Small helpers shared by the page tests."""

import re


def error_beside(response, field: str) -> list[str]:
    """The error messages rendered beside one field (its element ids end in `_error`)."""
    return re.findall(rf'id="id_{re.escape(field)}_error"[^>]*>([^<]*)<', response.text)
