"""What every page the browser suite visits is checked for: axe-core's WCAG 2.x A and AA rules and its best
practices, text in the other script marked with its language (WCAG 3.1.2), and, at the end, vnu's HTML errors.

axe-core and vnu come from npm (`make browser-tools` installs them into .ci/node/, pinned in the Makefile).
"""

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = Path(os.environ.get("RECONNECT_BROWSER_NODE_MODULES", PROJECT_ROOT / ".ci" / "node" / "node_modules"))
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = os.environ.get("RECONNECT_CHROMIUM", "/usr/bin/chromium")

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (landmarks, heading order).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Text in Han, kana or Hangul must sit inside an element marked zh, ja or ko; on a Chinese page, a run of three
# Latin words or more (a sentence, not a name) inside one marked with a language other than Chinese.
LANG_CHECK = r"""() => {
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  const sentence = /\p{Script=Latin}{2,}[\s,'’]+\p{Script=Latin}{2,}[\s,'’]+\p{Script=Latin}{2,}/u;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.trim();
    const parent = node.parentElement;
    // An <option> cannot hold a marked part; the admin's own messages are Django's template.
    const skipped = 'script, style, template, [hidden], [aria-hidden=true], option, .messagelist';
    if (!text || parent.closest(skipped)) continue;
    const marked = parent.closest('[lang]');
    const lang = (marked ? marked.getAttribute('lang') : '').toLowerCase();
    const east_asian = /^(zh|ja|ko)\b/.test(lang);
    if (cjk.test(text) && !east_asian) found.push({lang, text: text.slice(0, 80)});
    else if (lang.startsWith('zh') && sentence.test(text)) found.push({lang, text: text.slice(0, 80)});
  }
  return found;
}"""


def missing() -> list[str]:
    """What the browser suite needs and this machine lacks, in words."""
    lacking = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        lacking.append("the Python package playwright (pip install -r requirements-dev.txt)")
    if not Path(CHROMIUM).exists():
        lacking.append(f"Chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    if not AXE.exists() or not VNU.exists():
        lacking.append(f"axe-core and vnu-jar in {NODE_MODULES} (make browser-tools, which needs node and npm)")
    if shutil.which("java") is None:
        lacking.append("java 17 for vnu (apt-get install default-jre-headless)")
    return lacking


@dataclass
class Findings:
    """Everything the checks found, over the whole run."""

    directory: Path
    pages: int = 0
    axe: list[dict] = field(default_factory=list)
    lang: list[dict] = field(default_factory=list)
    html: dict[str, str] = field(default_factory=dict)  # saved file -> the first address it was seen at
    vnu: list[dict] | None = None

    def save_html(self, url: str, body: bytes) -> None:
        name = hashlib.sha256(body).hexdigest()[:16] + ".html"
        path = self.directory / name
        if str(path) not in self.html:
            path.write_bytes(body)
            self.html[str(path)] = url

    def run_vnu(self) -> list[dict]:
        """vnu's errors in every page saved so far, in one run of Java."""
        if not self.html:
            return []
        result = subprocess.run(  # noqa: S603 - the pinned vnu.jar on our own files
            ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *self.html],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        messages = json.loads(result.stderr or result.stdout)["messages"]
        for message in messages:
            path = message.get("url", "").removeprefix("file:")
            message["page"] = self.html.get(path, path)
        self.vnu = messages
        return messages


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it is now (run through the DevTools protocol, so the CSP allows it)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text() + "\n;0")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [{"target": node["target"], "html": node["html"][:300]} for node in violation["nodes"]],
        }
        for violation in result["violations"]
    ]


def unmarked_language(page) -> list[dict]:
    return page.evaluate(LANG_CHECK)


def describe(findings: list[dict]) -> str:
    lines = []
    for finding in findings:
        if "rule" in finding:
            lines.append(f"{finding['page']}: axe {finding['rule']} ({finding['impact']}): {finding['help']}")
            lines += [f"    {node['target']} {node['html'][:160]}" for node in finding["nodes"][:5]]
        elif "message" in finding:
            lines.append(f"{finding['page']}:{finding.get('lastLine')}: vnu: {finding['message']}")
            lines.append(f"    {finding.get('extract', '')[:160]!r}")
        else:
            lines.append(f"{finding['page']}: text without its lang ({finding['lang'] or 'none'}): {finding['text']!r}")
    return "\n".join(lines)
