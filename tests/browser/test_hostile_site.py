"""The real site built from a hostile catalog: markup in every text field of every catalog
file runs nowhere, on every kind of page, in Chromium with the site's own theme.

The catalog is the real one with a payload added to every text value of every file
(papers, topics, venues, metrics, benchmarks, tools, the reference); ids, URLs, years,
kinds and purposes stay as they are, so the catalog stays valid.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser_helpers import CATALOG, DOCS, ROOT, kind_names, page_kinds

from paper_catalog.field_rules import MAX_SHORT

pytestmark = pytest.mark.browser

#: Breaks out of text, of quoted attributes and of scripts; each part calls alert().
PAYLOAD = ("\"'></script><img src=x onerror=alert(1)><script>alert(2)</script>"
           "<svg onload=alert(3)>&amp;")
#: A paper's short name holds at most MAX_SHORT characters: a payload of its own that
#: breaks out of attributes, text and scripts, and a number that keeps each name its own.
SHORT_PAYLOAD = "\"'></script><svg onload=alert(4)>"
#: Values that are not free text: they keep their meaning (and the catalog its validity).
NOT_TEXT = frozenset({"id", "url", "code", "venue", "kind", "purpose", "year", "parent",
                      "icon"})
#: Elements or scripts in the DOM that only a payload could have made.
INJECTED = """() => {
    const found = [];
    for (const el of document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]'))
        found.push(el.outerHTML.slice(0, 80));
    for (const s of document.scripts)
        if (s.textContent.includes('alert(')) found.push('script: ' + s.textContent.slice(0, 80));
    return found;
}"""


def poison(value: Any, key: str = "") -> Any:
    """``value`` with the payload after every free text in it (mapping keys stay ids)."""
    if isinstance(value, dict):
        return {k: v if k in NOT_TEXT else poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(item, key) for item in value]
    if isinstance(value, str):
        # a summary's {term} references name the poisoned terms
        value = re.sub(r"\{term\}`([^`]+)`", lambda m: f"{{term}}`{m[1]} {PAYLOAD}`", value)
        return f"{value} {PAYLOAD}"
    return value


def write_poisoned_catalog(source: Path, target: Path) -> None:
    (target / "papers").mkdir(parents=True)
    paths = [*source.glob("*.yaml"), *sorted((source / "papers").glob("*.yaml"))]
    for number, path in enumerate(paths):
        data = poison(yaml.safe_load(path.read_text(encoding="utf-8")))
        if path.parent.name == "papers":
            # one payload after every title would make titles nearly the same (one work
            # listed twice, to the loader): each ends with its own id
            data["title"] += f" {path.stem}"
            if "short" in data:
                data["short"] = f"{SHORT_PAYLOAD} {number}"
                assert len(data["short"]) <= MAX_SHORT
        (target / path.relative_to(source)).write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000),
            encoding="utf-8")
    bib = (source / "reference.bib").read_text(encoding="utf-8")
    (target / "reference.bib").write_text(
        bib.replace("title={", "title={" + PAYLOAD.replace("&amp;", "") + " ", 1),
        encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real docs built from the poisoned catalog (warnings allowed: the glossary
    terms the pages reference now carry the payload)."""
    work = tmp_path_factory.mktemp("hostile")
    shutil.copytree(DOCS, work / "docs", ignore=shutil.ignore_patterns("_ext", "_build"))
    shutil.copy(ROOT / "CONTRIBUTING.md", work / "CONTRIBUTING.md")
    write_poisoned_catalog(CATALOG, work / "catalog")
    out = work / "site"
    # in a process of its own: sphinx-sitemap starts a multiprocessing manager, and forking
    # this process (with the browser's threads) can deadlock
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    run = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html",
                          str(work / "docs"), str(out)], capture_output=True, text=True,
                         env=env, timeout=900)
    assert run.returncode == 0, run.stderr
    return out


def test_every_text_field_carries_the_payload(tmp_path: Path) -> None:
    write_poisoned_catalog(CATALOG, tmp_path)
    topics = yaml.safe_load((tmp_path / "topics.yaml").read_text(encoding="utf-8"))
    area = topics["areas"][0]
    assert area["title"].endswith(PAYLOAD) and area["summary"].endswith(PAYLOAD)
    assert not area["id"].endswith(PAYLOAD)
    shorts = [yaml.safe_load(path.read_text(encoding="utf-8")).get("short")
              for path in (tmp_path / "papers").glob("*.yaml")]
    named = [short for short in shorts if short is not None]
    assert named and all(short.startswith(SHORT_PAYLOAD) for short in named)
    assert len({short.casefold() for short in named}) == len(named)


@pytest.mark.parametrize("kind", kind_names())
def test_no_payload_runs_or_becomes_markup(kind: str, hostile_site: Path, new_page: Any,
                                           http_server: Callable[[Path], str]) -> None:
    """Served over http, as a reader gets it (the search fetches page summaries)."""
    base = http_server(hostile_site)
    page, log = new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base + page_kinds()[kind].path, wait_until="load")
    if kind == "search":  # results list paper and topic titles
        page.goto(base + "search.html?q=onerror", wait_until="load")
        page.locator("#search-results ul.search li").first.wait_for()
        results = page.locator("#search-results ul.search").inner_text()
        assert "<img src=x onerror=alert(1)>" in results
    page.wait_for_timeout(100)
    assert dialogs == []
    assert page.evaluate(INJECTED) == []
    log.assert_no_errors()
    text = page.locator("body").inner_text()
    if kind not in ("contributing", "performance"):
        # the payload reads as text: in the header navigation at least (topic titles)
        shown = page.locator("header .navbar-nav").first.text_content()
        assert "<img src=x onerror=alert(1)>" in shown
        assert "<img src=x onerror=alert(1)>" in text


def test_topic_page_shows_its_title_as_text(hostile_site: Path, new_page: Any) -> None:
    kind = page_kinds()["area"]
    page, _ = new_page()
    page.goto((hostile_site / kind.path).as_uri(), wait_until="load")
    assert page.locator("h1").first.inner_text().rstrip("#").strip() == (
        f"{kind.title} {PAYLOAD}")
    assert page.title().startswith(f"{kind.title} {PAYLOAD}")
    nav = page.locator("header .navbar-nav a.nav-link").all_text_contents()
    assert f"{kind.title} {PAYLOAD}" in [text.strip() for text in nav]
