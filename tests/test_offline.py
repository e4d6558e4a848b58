"""The offline download: the multi-page site zipped by the ``post_build`` step of
``.readthedocs.yaml``, run here as Read the Docs runs it. Every internal link of the
unzipped site lands on a file and an id that exist, and no page repeats an id."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


class PageParser(HTMLParser):
    """The ids of a page and the addresses its links, scripts, styles and images use."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name) is not None and tag in {"a", "link", "script", "img"}:
                self.links.append(str(values[name]))


def parse(page: Path) -> PageParser:
    parser = PageParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def problems(site: Path) -> list[str]:
    """Internal links to a missing file or id, and ids used twice on a page."""
    # _static/webpack-macros.html is a template the theme ships, not a page
    pages = {page.resolve(): parse(page) for page in site.rglob("*.html")
             if "_static" not in page.relative_to(site).parts}
    found = []
    for page, parsed in pages.items():
        name = page.relative_to(site.resolve())
        twice = sorted(i for i, n in Counter(parsed.ids).items() if n > 1)
        if twice:
            found.append(f"{name}: ids used more than once: {twice[:5]}")
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # external
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                found.append(f"{name}: {link}: no such file")
            elif parts.fragment and target.suffix == ".html" and (
                    unquote(parts.fragment) not in pages[target].ids):
                found.append(f"{name}: {link}: no such id")
    return found


@pytest.fixture(scope="module")
def offline_zip(docs_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip the post_build commands make from the built site."""
    commands = yaml.safe_load((REPO / ".readthedocs.yaml").read_text())["build"]["jobs"][
        "post_build"]
    output = tmp_path_factory.mktemp("readthedocs-output")
    shutil.copytree(docs_site, output / "html")
    # Read the Docs runs each command with bash in its environment, `python` on the PATH
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
           "READTHEDOCS_OUTPUT": str(output), "READTHEDOCS_PROJECT": "papers",
           "READTHEDOCS_VERSION": "latest"}
    for command in commands:
        subprocess.run(["bash", "-c", command], env=env, check=True, cwd=REPO)
    zips = list((output / "htmlzip").iterdir())
    assert len(zips) == 1, "Read the Docs takes exactly one file from htmlzip/"
    return zips[0]


def test_the_zip_is_the_multi_page_site_in_one_folder(offline_zip: Path,
                                                       docs_site: Path) -> None:
    assert offline_zip.name == "papers-latest.zip"
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
    assert all(name.startswith("papers-latest/") for name in names)
    built = {str(p.relative_to(docs_site)) for p in docs_site.rglob("*") if p.is_file()}
    assert {name.removeprefix("papers-latest/") for name in names
            if not name.endswith("/")} == built
    assert {"papers-latest/index.html", "papers-latest/search.html",
            "papers-latest/searchindex.js"} <= set(names)


def test_every_internal_link_lands_and_ids_are_unique(offline_zip: Path,
                                                      tmp_path: Path) -> None:
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(tmp_path)
    site = tmp_path / "papers-latest"
    assert len(list(site.rglob("*.html"))) > 10
    assert problems(site) == []


def test_the_check_finds_a_broken_link_and_a_repeated_id(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<p id="x"></p><p id="x"></p><a href="b.html#nope">b</a><a href="c.html">c</a>'
        '<a href="#x">x</a><a href="https://example.org/#y">out</a>', encoding="utf-8")
    (tmp_path / "b.html").write_text('<p id="yes"></p>', encoding="utf-8")
    assert problems(tmp_path) == [
        "a.html: ids used more than once: ['x']",
        "a.html: b.html#nope: no such id",
        "a.html: c.html: no such file",
    ]
