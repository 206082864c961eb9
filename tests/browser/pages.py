"""A browser tab for the journeys: it visits the site as a person would and checks every page it lands on."""

import re
from urllib.parse import urljoin

from django.utils import translation

from tests.browser import checks
from tests.browser.variants import Variant

SCRIPT_TAG = re.compile(rb"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)


def translated(variant: Variant, message: str, **values) -> str:
    """`message` as the site shows it in the variant's language (from the same catalogue)."""
    with translation.override(variant.language):
        text = translation.gettext(message)
    return text % values if values else text


class Tab:
    def __init__(self, *, context, site, variant: Variant, findings: checks.Findings, mine: list, checker):
        self.context = context
        self.page = context.new_page()
        self.site = site
        self.variant = variant
        self.findings = findings
        self.mine = mine  # what the checks found on this test's pages
        self.checker = checker  # a page with JavaScript, for axe on pages seen without it
        self.visited: list[str] = []
        self._document = None
        self.page.on("response", self._remember_document)

    def _(self, message: str, **values) -> str:
        return translated(self.variant, message, **values)

    def _remember_document(self, response) -> None:
        request = response.request
        if request.resource_type == "document" and request.frame == self.page.main_frame and response.status < 300:
            self._document = response
        elif request.resource_type == "document" and response.status >= 400:
            self._document = response

    @property
    def path(self) -> str:
        return self.page.url.removeprefix(self.site.url)

    def goto(self, path: str, *, status: int = 200):
        response = self.page.goto(urljoin(self.site.url, path))
        assert response is not None
        assert response.status == status, f"{path}: HTTP {response.status}"
        self.check()
        return response

    def follow(self, locator, *, status: int | None = None):
        """Click a link or a button that leads to another page, and check that page."""
        with self.page.expect_navigation() as navigation:
            locator.click()
        response = navigation.value
        if status is not None:
            assert response is not None and response.status == status, f"{self.path}: HTTP {response.status}"
        else:
            assert response is not None and response.status < 400, f"{self.path}: HTTP {response.status}"
        self.check()
        return response

    def check(self) -> None:
        """axe-core and the lang check on the page as it is, and its HTML kept for vnu."""
        self.page.wait_for_load_state("load")
        url = self.page.url
        body = self._document.body() if self._document is not None else self.page.content().encode()
        self.findings.save_html(url, body)
        self.findings.pages += 1
        self.visited.append(url.removeprefix(self.site.url))
        page = self.page if self.variant.javascript else self._copy_with_javascript(url, body)
        found = [{**violation, "page": self.label(url)} for violation in checks.axe_violations(page)] + [
            {**text, "page": self.label(url)} for text in checks.unmarked_language(page)
        ]
        self.findings.axe += [item for item in found if "rule" in item]
        self.findings.lang += [item for item in found if "rule" not in item]
        self.mine += found

    def label(self, url: str) -> str:
        return f"[{self.variant.key}] {url.removeprefix(self.site.url)}"

    def _copy_with_javascript(self, url: str, body: bytes):
        """The page as a reader without JavaScript has it, opened where axe can run: the same HTML, no scripts."""
        page = self.checker
        stripped = SCRIPT_TAG.sub(b"", body)
        page.route(url, lambda route: route.fulfill(status=200, body=stripped, content_type="text/html; charset=utf-8"))
        try:
            page.goto(url)
            page.wait_for_load_state("load")
        finally:
            page.unroute(url)
        return page

    # What people do on most pages.

    def log_in(self, email: str, password: str) -> None:
        """Fill in the log-in page we are on (by field name: its wording is allauth's and may change) and send it."""
        form = self.page.locator("main form:has(input[name=login])")
        form.locator("input[name=login]").fill(email)
        form.locator("input[name=password]").fill(password)
        self.follow(form.locator("button[type=submit]"))

    def fill(self, label: str, value: str) -> None:
        self.page.locator("main").get_by_label(label, exact=True).fill(value)

    def text(self) -> str:
        return self.page.locator("main").inner_text()
