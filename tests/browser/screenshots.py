"""`make screenshots`: the main pages at desktop (1280×800) and phone (360×740) width, in English and Simplified
Chinese, saved to docs/screenshots/ (the README shows them).

Starts the browser suite's site (tests/browser/site.py: demo content on a throwaway database) and Debian's
Chromium. Each page is taken once at each width and in each language somewhere in the set, to keep it to twelve
small images (PNG with a 128-colour palette).
"""

import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP, PHONE = (1280, 800), (360, 740)

# (file name, path or how to reach the page, size, language)
SHOTS = [
    ("home-desktop-en", "/", DESKTOP, "en"),
    ("home-desktop-zh", "/", DESKTOP, "zh-hans"),
    ("home-phone-en", "/", PHONE, "en"),
    ("home-phone-zh", "/", PHONE, "zh-hans"),
    ("search-desktop-en", "/requests/?q=Li+Xiangcan", DESKTOP, "en"),
    ("search-phone-zh", "/requests/?q=Li+Xiangcan", PHONE, "zh-hans"),
    ("request-desktop-zh", "request", DESKTOP, "zh-hans"),
    ("request-phone-en", "request", PHONE, "en"),
    ("new-request-desktop-en", "/requests/new/", DESKTOP, "en"),
    ("new-request-phone-zh", "/requests/new/", PHONE, "zh-hans"),
    ("log-in-desktop-zh", "/accounts/login/", DESKTOP, "zh-hans"),
    ("log-in-phone-en", "/accounts/login/", PHONE, "en"),
]


def small_png(png: bytes) -> bytes:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import checks
    from tests.browser.site import Site

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as directory:
        site = Site(Path(directory)).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=checks.CHROMIUM)
                for name, where, (width, height), language in SHOTS:
                    context = browser.new_context(
                        viewport={"width": width, "height": height},
                        is_mobile=width < 600,
                        locale="zh-CN" if language == "zh-hans" else "en-GB",
                    )
                    context.add_cookies([{"name": "django_language", "value": language, "url": site.url}])
                    page = context.new_page()
                    if where == "/requests/new/":
                        page.goto(site.url + "/accounts/login/")
                        page.fill("input[name=login]", "member@example.com")
                        page.fill("input[name=password]", "reconnect-demo")
                        with page.expect_navigation():
                            page.click("main form:has(input[name=login]) button[type=submit]")
                    if where == "request":
                        page.goto(site.url + "/requests/?q=Li+Xiangcan")
                        page.locator("main .card-title a").first.click()
                        page.wait_for_load_state("load")
                    else:
                        page.goto(site.url + where)
                    (OUT / f"{name}.png").write_bytes(small_png(page.screenshot()))
                    print(f"docs/screenshots/{name}.png")
                    context.close()
                browser.close()
        finally:
            site.stop()


if __name__ == "__main__":
    main()
