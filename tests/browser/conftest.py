"""Browser test fixtures: system Chromium via Playwright, local servers, a built site."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "docs" / "_ext" / "paper_catalog" / "sphinxext" / "static"
FIXTURE = Path(__file__).parent / "fixture"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_SCHEMES = {"data", "blob", "about"}
CATALOG_TABLE = re.compile(r"<table\b[^>]*\bclass=\"[^\"]*\bcatalog-table\b")


def unavailable(reason: str) -> None:
    """Skip locally, but fail under CI, where a missing prerequisite is a bug."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def is_local(url: str) -> bool:
    """True for file:// on this machine, data:/blob:/about: and http(s) to 127.0.0.1."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    if parts.scheme == "file":
        return parts.hostname in (None, "", "localhost")
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname == "127.0.0.1"


def assert_no_outside_requests(urls: Iterable[str]) -> None:
    """Fail if any recorded request went anywhere but the file system or 127.0.0.1."""
    outside = [url for url in urls if not is_local(url)]
    assert not outside, "requests left the machine:\n  " + "\n  ".join(outside)


@dataclass
class PageLog:
    """What a page did while a test drove it."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def assert_offline(self) -> None:
        assert self.requests, "no request was recorded at all"
        assert_no_outside_requests(self.requests)

    def assert_only_files(self) -> None:
        """Stricter than offline: nothing but the file system (and data:/blob:/about:)."""
        assert self.requests, "no request was recorded at all"
        other = [url for url in self.requests
                 if not is_local(url) or urlsplit(url).scheme in {"http", "https", "ws", "wss"}]
        assert not other, "requests other than the file system:\n  " + "\n  ".join(other)

    def assert_all_loaded(self) -> None:
        assert not self.failed, "requests that failed:\n  " + "\n  ".join(self.failed)

    def assert_no_errors(self) -> None:
        assert not self.errors, "uncaught errors in the page:\n  " + "\n  ".join(self.errors)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item (rep_setup, rep_call, rep_teardown)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless; never a downloaded browser."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} not found: install it with `apt-get install -y chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the `playwright` Python package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


PageOpener = Callable[..., tuple[Any, PageLog]]


@pytest.fixture
def new_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[PageOpener]:
    """Open fresh pages, each in its own context (no shared storage or history).

    Every page records its requests, failed requests and uncaught errors; outside
    requests are also blocked. When the test fails, each page is saved as a screenshot
    in test-artifacts/.
    """
    opened: list[tuple[Any, Any]] = []

    def open_(
        log: PageLog | None = None, viewport: dict[str, int] | None = None
    ) -> tuple[Any, PageLog]:
        log = PageLog() if log is None else log
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        context.route(
            "**/*",
            lambda route: route.continue_() if is_local(route.request.url) else route.abort(),
        )
        page = context.new_page()
        page.on("request", lambda req: log.requests.append(req.url))
        page.on("requestfailed", lambda req: log.failed.append(f"{req.url} ({req.failure})"))
        page.on("pageerror", lambda error: log.errors.append(str(error)))
        opened.append((context, page))
        return page, log

    yield open_
    report = getattr(request.node, "rep_call", None)
    failed = report is not None and report.failed
    for number, (context, page) in enumerate(opened):
        if failed:
            save_screenshot(page, request.node.name + (f"-{number + 1}" if number else ""))
        context.close()


def save_screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    except Exception as error:  # the screenshot must not hide the real failure
        print(f"screenshot failed: {error}")


@pytest.fixture
def page(new_page: PageOpener, page_log: PageLog) -> Any:
    """A fresh page recording into ``page_log``; outside requests are also blocked."""
    return new_page(page_log)[0]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def http_server() -> Iterator[Callable[[Path], str]]:
    """Serve a directory on 127.0.0.1 (ephemeral port); returns its base URL."""
    servers: dict[Path, tuple[http.server.ThreadingHTTPServer, threading.Thread]] = {}

    def serve(directory: Path) -> str:
        directory = Path(directory).resolve()
        if directory not in servers:
            handler = functools.partial(_QuietHandler, directory=str(directory))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            servers[directory] = (server, thread)
        port = servers[directory][0].server_address[1]
        return f"http://127.0.0.1:{port}/"

    yield serve
    for server, thread in servers.values():
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The static fixture pages with the shipped script and stylesheet in _static/."""
    out = tmp_path_factory.mktemp("fixture-site")
    for page in FIXTURE.glob("*.html"):
        shutil.copy(page, out / page.name)
    (out / "_static").mkdir()
    for name in ("catalog-table.js", "catalog-table.css"):
        shutil.copy(STATIC / name, out / "_static" / name)
    return out


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest) -> Path:
    """A built HTML site: $CATALOG_SITE_DIR, or the real docs (``docs_site``, built once)."""
    given = os.environ.get("CATALOG_SITE_DIR")
    if given:
        path = Path(given).resolve()
        if not path.is_dir():
            pytest.fail(f"CATALOG_SITE_DIR={given} is not a directory", pytrace=False)
        return path
    return Path(request.getfixturevalue("docs_site"))


@pytest.fixture(scope="session")
def catalog_page(site: Path) -> Path:
    """The built page with the most table rows among those with a catalog table and a
    filter box per table (Papers by keyword has one for the page: test_layout.py)."""
    candidates = []
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8", errors="replace")
        if CATALOG_TABLE.search(text) and "catalog-page-filter" not in text:
            candidates.append((text.count("<tr"), str(path), path))
    assert candidates, f'no page in {site} has a <table class="catalog-table">'
    return max(candidates)[2]
