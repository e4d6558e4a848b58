"""What the real-site browser tests share: the site's page kinds and table helpers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "catalog"
DOCS = ROOT / "docs"


def _known_paper_id() -> str:
    """The paper the search and row tests look for: MobileLLM while the catalog holds it,
    else the first paper (by id) whose title names it in one word before a colon that no
    other title holds, so that adding, editing or removing a paper never breaks them."""
    papers = {path.stem: yaml.safe_load(path.read_text("utf-8"))["title"]
              for path in sorted((CATALOG / "papers").glob("*.yaml"))}
    if "mobilellm" in papers:
        return "mobilellm"
    for pid, title in papers.items():
        name, colon, rest = title.partition(": ")
        if (colon and re.fullmatch(r"\w+", name) and len(rest.split()) >= 3
                and sum(name.casefold() in t.casefold() for t in papers.values()) == 1):
            return pid
    raise AssertionError("no paper of the catalog has a name of its own before a colon")


KNOWN_PAPER = _known_paper_id()

VISIBLE_ROWS = """(table) => Array.from(table.querySelectorAll(':scope > tbody > tr'))
    .filter((row) => row.getClientRects().length > 0)
    .map((row) => ({
        id: row.id,
        cells: Array.from(row.cells, (cell) => cell.textContent.replace(/\\s+/g, ' ').trim()),
        text: row.textContent + ' '
            // tooltips, as the filter box reads them; a COinS span's title is metadata
            + Array.from(row.querySelectorAll('[title]:not(.Z3988)'), (el) => el.title)
                .join(' '),
    }))"""
HEADER_CLASSES = """(table) => Array.from(table.tHead.rows[table.tHead.rows.length - 1].cells,
    (th) => (Array.from(th.classList).find((name) => name.startsWith('catalog-col-')) || '')
        .replace('catalog-col-', ''))"""
ARIA_SORT = """(table) => Array.from(table.tHead.rows[table.tHead.rows.length - 1].cells,
    (th) => th.getAttribute('aria-sort'))"""
# Contrast of an element's text against what is really behind it: the background colours
# of the element and its ancestors, composited up to the first opaque one (over white).
# Colours are read back through a canvas so any CSS colour syntax ends up as sRGB.
CONTRAST = """([el, pseudo]) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const rgba = (css) => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = '#000';
        ctx.fillStyle = css;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
        return [r, g, b, a / 255];
    };
    const over = (top, bottom) => [0, 1, 2]
        .map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
        const colour = rgba(getComputedStyle(node).backgroundColor);
        if (colour[3] > 0) layers.push({ colour, node: node.tagName.toLowerCase()
            + (node.className ? '.' + String(node.className).split(' ').join('.') : '') });
        if (colour[3] >= 1) break;
    }
    let background = [255, 255, 255, 1];
    layers.slice().reverse().forEach((layer) => { background = over(layer.colour, background); });
    const text = over(rgba(getComputedStyle(el, pseudo).color), background);
    const luminance = (c) => {
        const [r, g, b] = c.slice(0, 3).map((v) => {
            const s = v / 255;
            return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a);
    const rgb = (c) => `rgb(${c.slice(0, 3).map(Math.round).join(', ')})`;
    return {
        ratio: (light + 0.05) / (dark + 0.05),
        text: rgb(text),
        background: rgb(background),
        from: layers.length ? layers[0].node : 'white canvas',
    };
}"""


@dataclass(frozen=True)
class PageKind:
    """One kind of page of the site, and what shows it rendered."""

    kind: str
    path: str
    title: str
    shows: tuple[str, ...] = ()


def _heading(doc: str) -> str:
    for line in (DOCS / doc).read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise AssertionError(f"docs/{doc} has no level-1 heading")


@cache
def topic_tree() -> list[dict[str, Any]]:
    return yaml.safe_load((CATALOG / "topics.yaml").read_text(encoding="utf-8"))["areas"]


def known_name() -> str:
    """The known paper's name, the word before its title's colon ('MobileLLM')."""
    return str(known_paper()["title"]).partition(":")[0]


@cache
def known_paper() -> dict[str, Any]:
    """The paper the search and row tests look for."""
    return yaml.safe_load((CATALOG / "papers" / f"{KNOWN_PAPER}.yaml").read_text("utf-8"))


@cache
def venue_short(venue_id: str) -> str:
    venues = yaml.safe_load((CATALOG / "venues.yaml").read_text("utf-8"))["venues"]
    return next(venue["short"] for venue in venues if venue["id"] == venue_id)


def search_label(paper: dict[str, Any]) -> str:
    """How the site search lists a paper: 'Title (year, venue)'."""
    return f"{paper['title']} ({paper['year']}, {venue_short(paper['venue'])})"


def primary_topic() -> str:
    return next(iter(known_paper()["topics"]))


def topic_title(topic_id: str) -> str:
    def walk(nodes: list[dict[str, Any]]) -> str | None:
        for node in nodes:
            if node["id"] == topic_id:
                return node["title"]
            found = walk(node.get("topics", []))
            if found:
                return found
        return None

    title = walk(topic_tree())
    assert title, f"topic {topic_id} is not in catalog/topics.yaml"
    return title


def paper_count() -> int:
    return len(list((CATALOG / "papers").glob("*.yaml")))


def kind_names() -> list[str]:
    """The page kinds, without reading the catalog (safe while collecting tests)."""
    names = ["landing", "area", "group", "leaf-topic", "all-papers", "by-year", "by-venue",
             "by-keyword", "metrics", "benchmarks", "reference", "contributing", "search",
             "genindex"]
    return [*names, "performance"] if (DOCS / "performance.md").is_file() else names


@cache
def page_kinds() -> dict[str, PageKind]:
    """Every kind of page, one example each, keyed by kind."""
    area = topic_tree()[0]
    group = next(node for a in topic_tree() for node in a["topics"] if node.get("topics"))
    leaf = primary_topic()
    enhanced = "table.catalog-table.catalog-table--enhanced"
    kinds = [
        PageKind("landing", "index.html", _heading("index.md"),
                 (".catalog-card", ".catalog-chart", enhanced)),
        PageKind("area", f"topics/{area['id']}.html", area["title"],
                 (".catalog-summary", ".catalog-card")),
        PageKind("group", f"topics/{group['id']}.html", group["title"],
                 (".catalog-breadcrumb", ".catalog-card")),
        PageKind("leaf-topic", f"topics/{leaf}.html", topic_title(leaf),
                 (f"{enhanced} tr#row-{KNOWN_PAPER}",)),
        PageKind("all-papers", "papers.html", _heading("papers.md"), (enhanced,)),
        PageKind("by-year", "by-year.html", _heading("by-year.md"), (enhanced,)),
        PageKind("by-venue", "by-venue.html", _heading("by-venue.md"), (enhanced,)),
        PageKind("by-keyword", "by-keyword.html", _heading("by-keyword.md"), (enhanced,)),
        PageKind("metrics", "metrics.html", _heading("metrics.md"), ("dl.glossary",)),
        PageKind("benchmarks", "benchmarks.html", _heading("benchmarks.md"), ("dl.glossary",)),
        PageKind("reference", "reference.html", _heading("reference.md"),
                 (".catalog-citation", "div.highlight-bibtex")),
        PageKind("contributing", "contributing.html", _heading("../CONTRIBUTING.md")),
        PageKind("search", "search.html", "Search", ("form.bd-search input[name=q]",)),
        PageKind("genindex", "genindex.html", "Index"),
    ]
    if (DOCS / "performance.md").is_file():
        kinds.append(PageKind("performance", "performance.html", _heading("performance.md")))
    kinds_by_name = {kind.kind: kind for kind in kinds}
    assert list(kinds_by_name) == kind_names()
    return kinds_by_name


def fold(text: str) -> str:
    """Lower case, accents removed, white space collapsed: how a reader expects matching."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.split()).casefold()


def visible_rows(table: Any) -> list[dict[str, Any]]:
    """The rows a reader can see, top to bottom: id, cell texts and searchable text."""
    return table.evaluate(VISIBLE_ROWS)


def row_ids(table: Any) -> list[str]:
    return [row["id"] for row in visible_rows(table)]


def column(table: Any, name: str) -> int:
    """Index of the column with class catalog-col-<name>."""
    names = table.evaluate(HEADER_CLASSES)
    assert name in names, f"the table has no {name} column: {names}"
    return names.index(name)


def aria_sort(table: Any) -> list[str | None]:
    return table.evaluate(ARIA_SORT)


def sort_button(table: Any, index: int) -> Any:
    return table.locator("thead th").nth(index).get_by_role("button")


def query(page: Any) -> dict[str, list[str]]:
    """The page's query now (page.url lags behind history.replaceState)."""
    return parse_qs(urlsplit(page.evaluate("location.href")).query)


def initial(text: str) -> str:
    """The first letter or digit of a cell, folded: what alphabetical order is judged by."""
    match = re.search(r"[0-9a-z]", fold(text))
    return match.group(0) if match else ""


def contrast(locator: Any, pseudo: str | None = None) -> dict[str, Any]:
    return locator.evaluate(f"(el, pseudo) => ({CONTRAST})([el, pseudo])", pseudo)
