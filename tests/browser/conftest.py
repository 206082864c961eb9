"""The browser suite: headless Chromium (Debian's, /usr/bin/chromium) driven by Playwright against a live site.

`make test-browser` (and .ci/run) runs it, in one process. `make test` skips it and says why: Chromium,
playwright, axe-core, vnu or java missing, or its several processes (the suite starts one site and one browser,
and checks all their pages with vnu once at the end).
"""

import os
import time

import pytest

from tests.browser import checks
from tests.browser.variants import VARIANTS

REQUIRED = os.environ.get("RECONNECT_BROWSER_REQUIRED") == "1"


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    mine = [item for item in items if str(item.path).startswith(here)]
    for item in mine:
        item.add_marker(pytest.mark.browser)
    # vnu reads every page the journeys saved, so it goes last.
    last = [item for item in mine if item.name.startswith("test_html_of_every_page_visited")]
    for item in last:
        items.remove(item)
        items.append(item)


def _unavailable() -> str:
    if lacking := checks.missing():
        return "browser tests need " + "; ".join(lacking)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return "browser tests run in one process: make test-browser (.ci/run runs them)"
    return ""


@pytest.fixture(scope="session")
def findings(tmp_path_factory):
    return checks.Findings(directory=tmp_path_factory.mktemp("pages"))


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    if reason := _unavailable():
        # CI asks for them, and must not pass by skipping them.
        (pytest.fail if REQUIRED else pytest.skip)(reason)
    from tests.browser.site import Site

    running = Site(tmp_path_factory.mktemp("site"))
    started = time.monotonic()
    try:
        running.start()
    except Exception as error:
        running.stop()
        raise RuntimeError(f"{error}\n{running.log_tail()}") from error
    running.started_in = time.monotonic() - started
    yield running
    running.stop()


@pytest.fixture(scope="session")
def chromium(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=checks.CHROMIUM)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def checker(chromium):
    """A page with JavaScript on, where axe reads the pages of the runs without it."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture(params=list(VARIANTS), ids=list(VARIANTS))
def variant(request):
    return VARIANTS[request.param]


@pytest.fixture
def seeded(site, variant):
    """This run's own people and requests (tests/browser/seed.py)."""
    return site.seed[variant.key]


@pytest.fixture
def open_tab(chromium, site, variant, findings, checker):
    """A new tab of a new browser (its own cookies) at the variant's size, language and JavaScript."""
    from tests.browser.pages import Tab

    contexts = []
    mine: list[dict] = []

    def open_one(*, language: str | None = None):
        language = language or variant.language
        context = chromium.new_context(
            viewport={"width": variant.width, "height": variant.height},
            java_script_enabled=variant.javascript,
            locale="zh-CN" if language == "zh-hans" else "en-GB",
            is_mobile=variant.phone,
            has_touch=variant.phone,
            device_scale_factor=1,
        )
        context.set_default_timeout(20_000)
        # The language a reader chose with the switch at the foot of every page.
        context.add_cookies([{"name": "django_language", "value": language, "url": site.url}])
        contexts.append(context)
        return Tab(context=context, site=site, variant=variant, findings=findings, mine=mine, checker=checker)

    yield open_one
    for context in contexts:
        context.close()
    if mine:
        pytest.fail("Accessibility:\n" + checks.describe(mine), pytrace=False)


def pytest_terminal_summary(terminalreporter):
    found = getattr(terminalreporter.config, "_browser_findings", None)
    if found is None:
        return
    vnu = "not run" if found.vnu is None else len(found.vnu)
    terminalreporter.write_line(
        f"browser: {found.pages} pages checked ({len(found.html)} distinct), axe violations {len(found.axe)}, "
        f"text without lang {len(found.lang)}, vnu errors {vnu}"
    )


@pytest.fixture(scope="session", autouse=True)
def _summary(request, findings):
    request.config._browser_findings = findings
