"""Where the pages stand: req/s of each page as a share of `/healthz`, at several data sizes, anonymous and logged in.

For each size: a fresh PostgreSQL database (reconnect_bench), `migrate`, `seed_bench --requests N`, then gunicorn
with production settings (DJANGO_DEBUG=0, persistent connections) and 2 sync workers, driven by an asyncio client
of 16 keep-alive connections in short interleaved rounds: each round visits every page in a shuffled order
for a burst of a few seconds, `/healthz` among them, and each page's rate is divided by `/healthz`'s rate of the same
round. Query counts come from a separate process with Django's test client (bench/page_queries.py).
Only URLs and pages are used, never the code's internals, so that the benchmark survives changes to them.
See bench/README.md.
"""

import argparse
import asyncio
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
README = ROOT / "bench" / "README.md"
PLOT = ROOT / "bench" / "pages.png"
START, END = "<!-- bench-pages:start -->", "<!-- bench-pages:end -->"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE = "reconnect_bench"
MEMBER, PASSWORD = "member@bench.example.com", "reconnect-bench"  # posts/demo/bench.py
# The viral request's comment pages: the one place that knows the query parameter's name.
COMMENT_PAGE = "?comments={page}"


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    rates: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    connections: int = 0


# The client: HTTP/1.1 over asyncio streams -------------------------------------------------------------------


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, cookies: str = "", method: str = "GET", body: bytes = b"",
                  headers: dict[str, str] | None = None) -> tuple[int, dict[str, list[str]], bytes]:  # fmt: skip
        for attempt in range(2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Accept-Language: en"]
            if cookies:
                lines.append(f"Cookie: {cookies}")
            for name, value in (headers or {}).items():
                lines.append(f"{name}: {value}")
            if body or method == "POST":
                lines.append(f"Content-Length: {len(body)}")
            self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            try:
                return await self._read()
            except (asyncio.IncompleteReadError, ConnectionError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def _read(self) -> tuple[int, dict[str, list[str]], bytes]:
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        headers: dict[str, list[str]] = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers.setdefault(name.strip().lower(), []).append(value.strip())
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"][0]))
        elif "chunked" in headers.get("transfer-encoding", [""])[0]:
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                parts.append(await self.reader.readexactly(size + 2))
                if size == 0:
                    break
            body = b"".join(part[:-2] for part in parts)
        else:
            body = await self.reader.read()
            self.close()
        if headers.get("connection", [""])[0].lower() == "close":
            self.close()  # gunicorn's sync workers close after each response: reconnect next time.
        return status, headers, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def burst(host: str, port: int, path: str, cookies: str, seconds: float, connections: int,
                result: Result) -> float:  # fmt: skip
    """Keep `connections` requests in flight on `path` for `seconds`; returns the completed requests per second."""
    deadline = time.monotonic() + seconds
    done = 0

    async def worker() -> None:
        nonlocal done
        connection = Connection(host, port)
        try:
            while time.monotonic() < deadline:
                started = time.monotonic()
                try:
                    status, _headers, _body = await connection.get(path, cookies)
                except (OSError, asyncio.IncompleteReadError):
                    status = 599
                    connection.close()
                result.latencies.append(time.monotonic() - started)
                result.statuses[status] += 1
                done += 1
        finally:
            connection.close()

    began = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return done / (time.monotonic() - began)


def set_cookies(headers: dict[str, list[str]]) -> dict[str, str]:
    return {value.split("=", 1)[0]: value.split("=", 1)[1].split(";", 1)[0] for value in headers.get("set-cookie", [])}


async def log_in(host: str, port: int) -> str:
    """Post allauth's login form as a browser would; returns the Cookie header of the session."""
    connection = Connection(host, port)
    status, headers, body = await connection.get("/accounts/login/")
    cookies = set_cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or token is None or "csrftoken" not in cookies:
        raise SystemExit(f"login page: {status}, no CSRF token")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1).decode(), "login": MEMBER,
                                   "password": PASSWORD}).encode()  # fmt: skip
    status, headers, body = await connection.get(
        "/accounts/login/", f"csrftoken={cookies['csrftoken']}", "POST", form,
        {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{host}:{port}/accounts/login/"},
    )  # fmt: skip
    cookies.update(set_cookies(headers))
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"login failed: {status} {body[:300]!r}")
    cookie = f"csrftoken={cookies['csrftoken']}; sessionid={cookies['sessionid']}"
    _status, _headers, body = await connection.get("/", cookie)
    connection.close()
    if b"Log out" not in body:
        raise SystemExit("logged in, but the home page shows no 'Log out'")
    return cookie


# The pages -----------------------------------------------------------------------------------------------------


async def discover(host: str, port: int, viral: int, target: int) -> list[tuple[str, str]]:
    """The pages to measure, as (label, path); the ordinary request and the sitemap page are found by reading pages."""
    connection = Connection(host, port)
    _status, _headers, body = await connection.get("/requests/")
    ids = [int(pk) for pk in re.findall(rb'href="/requests/(\d+)/"', body)]
    ordinary = next((pk for pk in ids if pk not in (viral, target)), target)
    sitemap_page = "/sitemap.xml"
    _status, _headers, body = await connection.get("/sitemap.xml")
    try:
        root = ET.fromstring(body)  # noqa: S314 - our own server's XML
        if root.tag.endswith("sitemapindex"):
            locations = [element.text or "" for element in root.iter() if element.tag.endswith("loc")]
            requests_pages = [loc for loc in locations if "request" in loc] or locations
            if requests_pages:
                parsed = urllib.parse.urlsplit(requests_pages[0].strip())
                sitemap_page = parsed.path + (f"?{parsed.query}" if parsed.query else "")
    except ET.ParseError:
        pass
    connection.close()
    quote = urllib.parse.quote
    return [
        ("/healthz", "/healthz"),
        ("base template (404 page)", "/bench-no-such-page/"),
        ("home", "/"),
        ("list", "/requests/"),
        ("list page 50", "/requests/?page=50"),
        ("filtered list (country + relationship)", "/requests/?met_country=DE&relationship=classmate"),
        ("search Latin: Li Xiangcan", f"/requests/?q={quote('Li Xiangcan')}"),
        ("search Han: 李响灿", f"/requests/?q={quote('李响灿')}"),
        ("search typo: Li Xiangcna", f"/requests/?q={quote('Li Xiangcna')}"),
        ("ordinary request", f"/requests/{ordinary}/"),
        ("viral request", f"/requests/{viral}/"),
        ("viral request, comment page 50", f"/requests/{viral}/" + COMMENT_PAGE.format(page=50)),
        ("feed: requests", "/feeds/requests/"),
        ("feed: reunions", "/feeds/reunions/"),
        ("feed: viral request's comments", f"/requests/{viral}/feed/"),
        ("sitemap.xml", "/sitemap.xml"),
        ("sitemap page", sitemap_page),
        ("PFIF", "/pfif/"),
    ]


async def measure(host: str, port: int, pages: list[tuple[str, str]], cookie: str, args) -> dict[str, Result]:
    results = {label: Result() for label, _path in pages}
    rng = random.Random(args.seed)
    # Warm every worker's caches and connections before measuring. A page slower than --slow seconds is driven
    # with as many connections as there are workers: 16 queued requests of 20 s each would hold a burst for minutes.
    connections = {}
    for label, path in pages:
        began = time.monotonic()
        await Connection(host, port).get(path, cookie)
        slow = time.monotonic() - began > args.slow
        connections[label] = args.workers * args.threads if slow else args.connections
        results[label].connections = connections[label]
        if slow:
            print(f"    slow page, {connections[label]} connections: {label}", flush=True)
        else:
            await burst(host, port, path, cookie, 0.3, args.connections, Result())
    for round_number in range(args.rounds):
        order = pages[:]
        rng.shuffle(order)
        rates = {}
        for label, path in order:
            rates[label] = await burst(host, port, path, cookie, args.burst, connections[label], results[label])
        floor = rates["/healthz"]
        for label, rate in rates.items():
            results[label].rates.append(rate)
            results[label].ratios.append(rate / floor if floor else 0.0)
        print(f"    round {round_number + 1}/{args.rounds}: /healthz {floor:.0f} req/s", flush=True)
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


# The server and the data ---------------------------------------------------------------------------------------


def environment(args, database_url: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "REDIS_URL"))}
    env.update(
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE=str(args.conn_max_age),
        DJANGO_SETTINGS_MODULE="reconnect.settings",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",  # noqa: S106
        DJANGO_DEBUG="0",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_PLAIN_STATIC="1",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        RECONNECT_MIN_FILL_SECONDS="0",
        MEDIA_ROOT=str(OUT / "media"),
        DJANGO_MEDIA_ROOT=str(OUT / "media"),
    )
    if args.redis:
        env["REDIS_URL"] = args.redis_url
        env["DJANGO_CACHE_KEY_PREFIX"] = "bench-pages"
    return env


def manage(env: dict[str, str], *command: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own commands
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def recreate_database(args) -> str:
    import psycopg

    with psycopg.connect(args.admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{args.database}"')
    return args.admin_url.rsplit("/", 1)[0] + "/" + args.database


def start_gunicorn(env: dict[str, str], args, log: Path) -> subprocess.Popen:
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{args.port}", "GUNICORN_WORKERS": str(args.workers),
           "GUNICORN_THREADS": str(args.threads), "GUNICORN_ACCESS_LOG": "", "GUNICORN_MAX_REQUESTS": "0",
           "GUNICORN_TIMEOUT": str(args.timeout)}  # fmt: skip
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "reconnect.wsgi"],
        cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {log}")
        try:
            status, _h, _b = asyncio.run(Connection("127.0.0.1", args.port).get("/healthz"))
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("gunicorn did not answer /healthz")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def query_counts(env: dict[str, str], pages: list[tuple[str, str]]) -> dict[str, dict[str, list[int]]]:
    done = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "bench" / "page_queries.py"), MEMBER, json.dumps([path for _l, path in pages])],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"page_queries.py failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# The report ----------------------------------------------------------------------------------------------------


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()  # noqa: S603, S607

    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else ""
    return f"{git('rev-parse', '--short', 'HEAD')} {git('log', '-1', '--format=%s')}{dirty}"


def table(run: dict) -> list[str]:
    lines = [
        "| page | anonymous: share of /healthz | p50 / p99 ms | statuses | queries | logged in: share | p50 / p99 ms "
        "| statuses | queries |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in run["pages"]:
        cells = [f"{row['label']} (`{row['path']}`)"]
        for who in ("anonymous", "member"):
            figures = row[who]
            flag = "" if set(figures["statuses"]) <= {"200"} else " ⚠"
            statuses = ", ".join(f"{code}×{n}" for code, n in sorted(figures["statuses"].items()))
            slow = " *slow*" if figures.get("connections", 16) < run.get("connections", 16) else ""
            cells += [
                f"{figures['ratio']:.3f}{slow} ({min(figures['ratios']):.3f}–{max(figures['ratios']):.3f})",
                f"{figures['p50_ms']:.1f} / {figures['p99_ms']:.1f}",
                statuses + flag,
                "{} (cold {})".format(*reversed(figures["queries"])) if figures["queries"] else "?",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


# The targets (issue 10), as (who, pages, least share of /healthz).
SHARE_TARGETS = [
    ("anonymous", ("home", "list", "ordinary request", "viral request"), 0.5),
    ("member", ("home", "list", "ordinary request"), 0.2),
    ("anonymous", ("sitemap page", "feed: requests", "feed: reunions", "feed: viral request's comments"), 0.5),
]
SEARCHES = ("search Latin: Li Xiangcan", "search Han: 李响灿", "search typo: Li Xiangcna")
PK_PAGE = "ordinary request"  # the page that looks up one request by its primary key
SEARCH_P95_TARGET = 5.0


def targets(run: dict) -> list[str]:
    """Each target of one size, met or missed, with the figure that decides it."""
    rows = {row["label"]: row for row in run["pages"]}
    who_name = {"anonymous": "anonymous", "member": "logged in"}
    lines = ["| target | figure | |", "| --- | --- | --- |"]
    for who, labels, least in SHARE_TARGETS:
        for label in labels:
            if label in rows:
                share = rows[label][who]["ratio"]
                met = "met" if share >= least else "**missed**"
                lines.append(f"| {who_name[who]} {label}: share ≥ {least} | {share:.3f} | {met} |")
    for who in ("anonymous", "member"):
        base = rows.get(PK_PAGE, {}).get(who, {}).get("p95_ms")
        for label in SEARCHES:
            p95 = rows.get(label, {}).get(who, {}).get("p95_ms")
            if base and p95:
                times = p95 / base
                met = "met" if times <= SEARCH_P95_TARGET else "**missed**"
                lines.append(
                    f"| {who_name[who]} {label}: p95 ≤ {SEARCH_P95_TARGET:g}× the {PK_PAGE}'s | "
                    f"{p95:.1f} / {base:.1f} ms = {times:.2f}× | {met} |"
                )
    return lines


def same_queries(report: dict) -> list[str]:
    """Pages whose warm query count differs between sizes (the target: none)."""
    counts: dict[tuple[str, str], set] = {}
    for run in report["runs"]:
        for row in run["pages"]:
            for who in ("anonymous", "member"):
                if row[who]["queries"]:
                    counts.setdefault((row["label"], who), set()).add(row[who]["queries"][-1])
    differing = [f"{label} ({who})" for (label, who), seen in counts.items() if len(seen) > 1]
    sizes = ", ".join(f"{run['size']:,}" for run in report["runs"])
    if differing:
        return [f"Query counts that differ between {sizes} requests: " + "; ".join(differing) + "."]
    return [f"Every page's warm query count is the same at {sizes} requests."]


def write_readme(report: dict) -> None:
    lines = [
        START,
        "## Page benchmark (`make bench-pages`)",
        "",
        "`bench/pages.py` recreates the PostgreSQL database `reconnect_bench`, migrates it, loads",
        "`manage.py seed_bench --requests N` at each size, starts gunicorn with production settings",
        f"({report['settings']}) and drives it with its own asyncio client: {report['connections']} keep-alive",
        f"connections, {report['rounds']} rounds, each page for a {report['burst']} s burst per round in a shuffled",
        "order, `/healthz` among them. A page's share is its req/s divided by `/healthz`'s in the same round,",
        "the median over rounds (the range in brackets). Latencies are over every request of every round.",
        "Query counts come from Django's test client in another process on the same database, the second request",
        "of each page (the first, cold, in brackets). The base-template page is a 404 page at an unrouted URL",
        "(404 expected there).",
        f"A page whose first request takes over {report['slow']} s is driven with one connection per worker instead of",
        "16 (marked *slow*), so that queued requests do not hold a burst for minutes; gunicorn's timeout is raised to",
        f"{report['timeout']} s so that such pages are measured, not killed.",
        "",
        "```sh",
        "make bench-pages                                   # 1,000, 10,000 and 100,000 requests",
        "make bench-pages BENCH_ARGS='--sizes 1000 --rounds 3 --burst 1'",
        "make bench-pages BENCH_ARGS='--sizes 100000 --reuse --seed-only'  # seed once, then measure later runs",
        "make bench-pages BENCH_ARGS='--sizes 100000 --reuse'              # on the database seeded before",
        ".venv/bin/python bench/pages.py --help",
        "```",
        "",
        f"Measured on `{report['commit']}`, {report['when']}, {report['machine']}.",
        "",
        "![Share of /healthz per page and size](pages.png)",
        "",
        *report.get("notes", []),
    ]
    for run in report["runs"]:
        lines += [f"### {run['size']:,} requests (seeded in {run['seed_seconds']:.0f} s)", "", *table(run), ""]
        if "p95_ms" in run["pages"][0]["anonymous"]:
            lines += ["Targets:", "", *targets(run), ""]
    lines += [*same_queries(report), "", END]
    section = "\n".join(lines)
    text = README.read_text() if README.exists() else ""
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(text)


def plot(report: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = report["runs"]
    labels = [row["label"] for row in runs[0]["pages"]]
    figure, axes = plt.subplots(1, 2, figsize=(14, 7), sharey=True)
    width = 0.8 / len(runs)
    for axis, who in zip(axes, ("anonymous", "member"), strict=True):
        for n, run in enumerate(runs):
            ratios = {row["label"]: row[who]["ratio"] for row in run["pages"]}
            axis.barh([i + n * width for i in range(len(labels))], [ratios.get(label, 0) for label in labels],
                      height=width, label=f"{run['size']:,} requests")  # fmt: skip
        axis.set_xscale("log")
        axis.set_title("anonymous" if who == "anonymous" else "logged in")
        axis.set_xlabel("req/s as a share of /healthz (log scale)")
        axis.axvline(0.5, color="grey", linestyle=":", linewidth=1)
        axis.axvline(0.2, color="grey", linestyle=":", linewidth=1)
        axis.grid(axis="x", which="both", alpha=0.3)
    shown = [label.replace("李响灿", "Li Xiangcan in Han") for label in labels]  # no Han glyphs in the default font
    axes[0].set_yticks([i + width * (len(runs) - 1) / 2 for i in range(len(labels))], shown)
    axes[0].invert_yaxis()
    axes[1].legend(loc="lower right")
    figure.suptitle(f"Reconnect pages, {report['commit'][:60]}", fontsize=10)
    figure.tight_layout()
    figure.savefig(PLOT, dpi=90)


# Main ------------------------------------------------------------------------------------------------------------


def run_size(size: int, args) -> dict:
    print(f"== {size:,} requests", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    seeded_file = OUT / f"pages-seed-{args.database}-{size}.json"
    if args.reuse and seeded_file.exists():
        # The database was seeded at this size by an earlier run with --reuse: migrate it (new migrations only).
        seeded = json.loads(seeded_file.read_text())
        env = environment(args, args.admin_url.rsplit("/", 1)[0] + "/" + args.database)
        manage(env, "migrate", "--noinput", "-v0")
        output, seed_seconds = seeded["output"], seeded["seconds"]
        print(f"  reusing the database seeded in {seed_seconds:.1f} s: {output.strip()}", flush=True)
    else:
        for stale in OUT.glob(f"pages-seed-{args.database}-*.json"):  # the database is dropped: none is kept
            stale.unlink()
        env = environment(args, recreate_database(args))
        manage(env, "migrate", "--noinput", "-v0")
        began = time.monotonic()
        output = manage(env, "seed_bench", "--requests", str(size))
        seed_seconds = time.monotonic() - began
        seeded_file.write_text(json.dumps({"output": output, "seconds": seed_seconds}))
        print(f"  seeded in {seed_seconds:.1f} s: {output.strip()}", flush=True)
    if args.seed_only:
        return {}
    viral = int(re.search(r"Viral request: /requests/(\d+)/", output).group(1))  # type: ignore[union-attr]
    target = int(re.search(r": /requests/(\d+)/\. Log in", output).group(1))  # type: ignore[union-attr]
    server = start_gunicorn(env, args, OUT / f"pages-gunicorn-{size}.log")
    try:
        pages = asyncio.run(discover("127.0.0.1", args.port, viral, target))
        counts = query_counts(env, pages)
        print("  anonymous", flush=True)
        anonymous = asyncio.run(measure("127.0.0.1", args.port, pages, "", args))
        cookie = asyncio.run(log_in("127.0.0.1", args.port))
        print("  logged in", flush=True)
        member = asyncio.run(measure("127.0.0.1", args.port, pages, cookie, args))
    finally:
        stop(server)
    rows = []
    for label, path in pages:
        row: dict = {"label": label, "path": path}
        for who, results in (("anonymous", anonymous), ("member", member)):
            result = results[label]
            row[who] = {
                "ratio": statistics.median(result.ratios),
                "ratios": result.ratios,
                "rate": statistics.median(result.rates),
                "p50_ms": percentile(result.latencies, 0.5) * 1000,
                "p95_ms": percentile(result.latencies, 0.95) * 1000,
                "p99_ms": percentile(result.latencies, 0.99) * 1000,
                "statuses": {str(code): n for code, n in sorted(result.statuses.items())},
                "queries": counts[who].get(path, []),
                "connections": result.connections,
            }
        rows.append(row)
    run = {"size": size, "seed_seconds": seed_seconds, "pages": rows, "connections": args.connections}
    print("\n".join([*table(run), "", *targets(run)]), flush=True)
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="requests to seed, comma-separated")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1: gunicorn's sync worker)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent keep-alive connections")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--burst", type=float, default=2.5, help="seconds per page per round")
    parser.add_argument("--slow", type=float, default=1.0, help="seconds above which a page gets fewer connections")
    parser.add_argument("--timeout", type=int, default=300, help="GUNICORN_TIMEOUT: slow pages must not be killed")
    parser.add_argument(
        "--redis", action=argparse.BooleanOptionalAction, default=True, help="REDIS_URL (the cache), as in production"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/10")
    parser.add_argument("--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE for the server")
    parser.add_argument("--port", type=int, default=8610)
    parser.add_argument("--admin-url", default=ADMIN_URL, help="PostgreSQL URL to create the database with")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse", action="store_true",
        help="keep a database this option seeded before at the same size (bench/out/pages-seed-*.json) instead of "
        "recreating it; the database is still migrated",
    )  # fmt: skip
    parser.add_argument("--seed-only", action="store_true", help="seed each size (for a later run with --reuse)")
    parser.add_argument("--from-json", type=Path, help="write the README section and plot from a saved pages.json")
    parser.add_argument("--no-readme", action="store_true", help="print only; leave bench/README.md and the plot")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops gunicorn
    report = {
        "commit": commit(),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} cores, shared with other work",
        "settings": f"DJANGO_DEBUG=0, {args.workers} workers × {args.threads} thread(s), "
        f"DATABASE_CONN_MAX_AGE={args.conn_max_age}, " + ("REDIS_URL set" if args.redis else "no REDIS_URL"),
        "connections": args.connections,
        "rounds": args.rounds,
        "burst": args.burst,
        "slow": args.slow,
        "timeout": args.timeout,
        "runs": [],
    }
    OUT.mkdir(parents=True, exist_ok=True)
    if args.from_json:
        report = json.loads(args.from_json.read_text())
    else:
        for size in args.sizes.split(","):
            run = run_size(int(size), args)
            if args.seed_only:
                continue
            report["runs"].append(run)
            (OUT / "pages.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))  # after every size
    if not args.no_readme and not args.seed_only:
        write_readme(report)
        plot(report)
        print(f"wrote {README} and {PLOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
