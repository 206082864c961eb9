"""The HTML of every page the journeys visited, through vnu (the Nu Html Checker, from npm's vnu-jar): no errors.

One run of Java for all of them, after the journeys (tests/browser/conftest.py puts this test last).
"""

import pytest

from tests.browser import checks

pytestmark = pytest.mark.browser


def test_html_of_every_page_visited_is_valid(site, findings, chromium):
    if not findings.html:
        # Run alone: check the pages everyone sees first.
        context = chromium.new_context()
        for path in ("/", "/requests/", "/accounts/login/"):
            response = context.request.get(site.url + path)
            findings.save_html(site.url + path, response.body())
        context.close()
    errors = findings.run_vnu()
    if errors:
        summary = f"vnu: {len(errors)} errors in {len(findings.html)} pages\n"
        pytest.fail(summary + checks.describe(errors), pytrace=False)
