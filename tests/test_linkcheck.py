"""Link checking: Sphinx's linkcheck builder against a local server, and its coverage.

No test here touches the internet: the server runs on 127.0.0.1, and the check of the
real site ignores every link (it only lists what ``nox -s linkcheck`` would check).
"""

from __future__ import annotations

import json
import re
import runpy
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from site_build import sphinx_build
from sphinx.cmd.build import build_main

from paper_catalog.load import load_catalog
from paper_catalog.model import Catalog

REPO = Path(__file__).resolve().parents[1]
ROOT = Path(__file__).resolve().parent / "roots" / "test-linkcheck"
SLOW = 3.0  # seconds before /slow answers; the test root's linkcheck_timeout is 1


class Handler(BaseHTTPRequestHandler):
    """200, 404, a redirect, a slow answer, and 429s with and without Retry-After."""

    server: LocalServer

    def do_HEAD(self) -> None:
        self.answer()

    def do_GET(self) -> None:
        self.answer()

    def answer(self) -> None:
        path = self.path
        self.server.hits[path] += 1
        if path == "/ok":
            self.reply(200)
        elif path == "/moved":
            self.reply(301, Location="/ok")
        elif path == "/slow":
            time.sleep(SLOW)
            self.reply(200)
        elif path == "/limited":  # rate limited once, then fine
            self.reply(429, **{"Retry-After": "1"}) if self.server.hits[path] == 1 \
                else self.reply(200)
        elif path == "/throttled":  # always rate limited, with no Retry-After
            self.reply(429)
        else:
            self.reply(404)

    def reply(self, status: int, **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class LocalServer(ThreadingHTTPServer):
    hits: Counter[str]

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the slow answer finds its client gone: expected


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    httpd = LocalServer(("127.0.0.1", 0), Handler)
    httpd.hits = Counter()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def results(outdir: Path) -> dict[str, dict]:
    lines = (outdir / "output.json").read_text(encoding="utf-8").splitlines()
    return {entry["uri"]: entry for entry in map(json.loads, lines)}


def test_linkcheck_against_a_local_server(server: LocalServer, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    paths = ["/ok", "/missing", "/moved", "/slow", "/limited", "/throttled", "/ignored/x"]
    (src / "index.rst").write_text("Links\n=====\n\n" + "".join(
        f"* `{path} <{base}{path}>`__\n" for path in paths), encoding="utf-8")
    out = tmp_path / "out"
    start = time.monotonic()
    status = build_main(["-q", "-b", "linkcheck", str(src), str(out)])
    assert time.monotonic() - start < 20
    assert status == 1  # broken links and timeouts fail the run

    found = results(out)
    assert {uri: entry["status"] for uri, entry in found.items()} == {
        f"{base}/ok": "working",
        f"{base}/missing": "broken",
        f"{base}/moved": "redirected",
        f"{base}/slow": "timeout",
        f"{base}/limited": "working",
        f"{base}/throttled": "broken",
        f"{base}/ignored/x": "ignored",
    }
    assert "404 Client Error" in found[f"{base}/missing"]["info"]
    assert (found[f"{base}/moved"]["code"], found[f"{base}/moved"]["info"]) == (301,
                                                                               f"{base}/ok")
    assert "timed out" in found[f"{base}/slow"]["info"]
    assert "429 Client Error" in found[f"{base}/throttled"]["info"]
    assert server.hits["/limited"] >= 2  # waited for Retry-After, then checked again
    assert server.hits["/ignored/x"] == 0  # an ignored link is not requested at all

    report = (out / "output.txt").read_text(encoding="utf-8")
    assert f"[broken] {base}/missing: 404 Client Error" in report
    assert f"[redirected permanently] {base}/moved to {base}/ok" in report
    assert f"[timeout] {base}/slow" in report
    assert f"] {base}/ok" not in report and f"] {base}/limited" not in report  # only problems

    # what the weekly workflow puts in its run's summary (tests/test_github.py)
    summary = subprocess.run([sys.executable, str(REPO / "tools" / "linkcheck_summary.py"),
                              str(out / "output.json")], capture_output=True, text=True,
                             check=True, cwd=tmp_path).stdout
    failing = [line.split(" | ")[:2] for line in summary.splitlines()
               if line.startswith(("| broken", "| timeout"))]
    assert sorted(failing) == [["| broken", f"{base}/missing"], ["| broken", f"{base}/throttled"],
                               ["| timeout", f"{base}/slow"]]
    assert f"| {base}/moved | index.rst:" in summary


def test_project_linkcheck_settings() -> None:
    conf = runpy.run_path(str(REPO / "docs" / "conf.py"))
    assert conf["linkcheck_timeout"] > 0
    assert conf["linkcheck_retries"] >= 1
    assert conf["linkcheck_rate_limit_timeout"] > 0
    ignore = [re.compile(pattern) for pattern in conf["linkcheck_ignore"]]
    assert ignore, "the ignore list documents the hosts that block robots"
    assert not any(p.match("https://arxiv.org/abs/2402.14905") for p in ignore)
    text = (REPO / "docs" / "conf.py").read_text(encoding="utf-8")
    for pattern in conf["linkcheck_ignore"]:  # each entry says why it is there
        line = next(line for line in text.splitlines() if repr(pattern)[1:-1] in line
                    or pattern in line)
        assert "#" in line, line


def catalog_urls(catalog: Catalog) -> set[str]:
    """Every URL of the catalog: papers, metric examples, benchmarks, tools."""
    urls = {paper.url for paper in catalog.papers.values()}
    urls |= {link.url for metric in catalog.metrics for link in metric.examples}
    for bench in catalog.benchmarks:
        urls |= {bench.paper.url, *(link.url for link in bench.links)}
    return urls | {tool.url for tool in catalog.tools}


def test_site_linkcheck_covers_every_catalog_url(docs_site: Path, tmp_path: Path) -> None:
    """``nox -s linkcheck`` checks the site's links; each catalog URL must be one of them."""
    doctrees = tmp_path / "doctrees"
    shutil.copytree(docs_site.parent / "doctrees", doctrees)  # reuse the parsed site
    out = tmp_path / "linkcheck"
    # in a child process, as the other builds of the real site: see site_build
    run = sphinx_build("-q", "-b", "linkcheck", "-D", "linkcheck_ignore=.*",
                       "-d", doctrees, REPO / "docs", out)
    assert run.returncode == 0, run.stderr
    found = results(out)
    assert {entry["status"] for entry in found.values()} <= {"ignored", "unchecked",
                                                             "working"}
    missing = catalog_urls(load_catalog(REPO / "catalog")) - set(found)
    assert not missing, f"catalog URLs that no page links to: {sorted(missing)}"
