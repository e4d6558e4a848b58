"""Hostile catalog text: markup and injection payloads in every text field show as text on
every page and in every export, and the loader rejects hostile URLs and YAML.

The hostile catalog is the ``test-catalog`` project with each of its catalog files
rewritten so that every text field carries the payloads below (ids stay kebab-case and
URLs stay valid https, so the catalog is valid).
"""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from bibtex_reading import title_text, untex
from build_helpers import built_project
from catalog_factory import BENCHMARKS, METRICS, TOOLS, write_catalog
from markdown_it import MarkdownIt
from pybtex.database import parse_string
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from paper_catalog.errors import CatalogError
from paper_catalog.json_export import catalog_json
from paper_catalog.load import load_catalog
from paper_catalog.model import Catalog
from paper_catalog.query import REFERENCE
from paper_catalog.readme.importer import import_readme
from paper_catalog.readme.parse import parse_readme, strip_links
from paper_catalog.readme.render import render_readme
from paper_catalog.sphinxext.exports import PAPERS_BIB, export_files, topic_bib
from paper_catalog.yaml_source import MAX_FILE_BYTES

# --- the payloads ---------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
MARKDOWN = "[click](javascript:alert(1)) *x* `x` | a | b | # heading"
REST = "`x <javascript:alert(1)>`_ .. raw:: html"
ENTITY = "&lt;"
BIBTEX = "} { \\ % @"
ROLE = "{math}`x`"  # only {paper}, {topic} and {term} are references in summaries
PAYLOAD = " ".join([SCRIPT, IMG, MARKDOWN, REST, ENTITY, BIBTEX, ROLE])
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def after(label: str) -> str:
    """``label`` followed by every payload."""
    return f"{label} {PAYLOAD}"


def before(label: str) -> str:
    """Every payload, then ``label``: the field starts with markup."""
    return f"{PAYLOAD} {label}"


# A term a summary can reference: {term}`...` cannot hold a backtick.
FLOPS = f"FLOPs {SCRIPT} {IMG}"
# Found in the benchmark's description, so the README puts the link back into the text.
GLUE = after("GLUE")

PAPERS: dict[str, dict[str, Any]] = {
    "tinyllm": {"title": f"TinyLLM: {PAYLOAD}", "year": 2024, "added": "2026-11-26",
                "venue": "icml",
                "url": "https://arxiv.org/abs/2401.00002",
                "topics": {"quantization": after("Keyword T"), "serving": after("Keyword S")},
                "note": after("Note T")},
    "sparse-cut": {"title": before("Sparse Cut"), "year": 2023, "added": "2026-11-26",
                   "venue": "arxiv",
                   "url": "https://arxiv.org/abs/2301.00003",
                   "topics": {"pruning": before("Keyword P")}, "note": before("Note P")},
    # two years from its neighbours: titles made mostly of one payload are nearly equal,
    # and nearly equal titles a year or less apart are one work
    "script-title": {"title": f"{BIBTEX} {after('Script Title')}", "year": 2021,
                     "added": "2026-11-26",
                     "venue": "arxiv",
                     # valid https, with what a URL may hold of markup and TeX in the
                     # path and query (no space, quote, angle bracket, backslash, brace)
                     "url": "https://example.org/x'onerror=alert;1'?a=$b$&c='d'#%25_~",
                     "topics": {"quantization": after("Keyword Q")}, "note": after("Note Q")},
    "old-quant": {"title": after("Old Quantization"), "year": 2019, "added": "2026-11-26",
                  "venue": "icml",
                  "url": "https://example.org/old",
                  "topics": {"quantization": after("Keyword O")}, "note": after("Note O")},
}

SUMMARIES = {
    "inference": after("Cheaper to run.")
    + f" See {{paper}}`tinyllm`, {{topic}}`quantization` and {{term}}`{FLOPS}`.",
    "compression": before("Smaller models, see {topic}`quantization`."),
    "quantization": after("Fewer bits, as in {paper}`tinyllm`;")
    + f" measured in {{term}}`{FLOPS}`.",
    "pruning": after("Removing weights."),
    "serving": after("Systems that serve models."),
}
TITLES = {"inference": after("LLM Inference"), "compression": before("Model Compression"),
          "quantization": after("Quantization"), "pruning": after("Pruning"),
          "serving": after("Serving")}


def _topic(tid: str, *children: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {"id": tid, "title": TITLES[tid], "summary": SUMMARIES[tid]}
    if children:
        node["topics"] = list(children)
    return node


TOPICS = {"areas": [_topic("inference",
                           _topic("compression", _topic("quantization"), _topic("pruning")),
                           _topic("serving"))]}
VENUES = {"venues": [
    {"id": "icml", "short": after("ICML"), "name": after("International Conference"),
     "kind": "conference", "aliases": [after("ICML alias"), "ICML"]},
    {"id": "arxiv", "short": before("arXiv"), "name": before("arXiv preprint"),
     "kind": "preprint", "aliases": [before("arXiv alias")]},
]}
METRIC_CATEGORIES = {"categories": [
    {"id": "computation", "title": after("Computation Metrics"), "metrics": [
        {"term": FLOPS, "full_name": after("Floating-point operations"),
         "description": after("the number of operations"),
         "examples": [{"label": after("FLOPs example"), "url": "https://example.org/flops.pdf"}]},
    ]},
    {"id": "memory", "title": before("Memory Metrics"), "metrics": [
        {"term": before("Model Size"), "full_name": before("Size of the model"),
         "description": before("the storage space"),
         "examples": [{"label": before("GB example"), "url": "https://example.org/gb.pdf"}]},
    ]},
]}
BENCHMARK_LIST = {"benchmarks": [
    {"term": after("LRA"), "full_name": after("Long Range Arena"),
     "description": f"{before('a suite, compared with')} {GLUE} tasks",
     "links": [{"label": GLUE, "url": "https://example.org/glue.pdf"}],
     "paper": {"title": after("Long Range Arena paper"),
               "url": "https://arxiv.org/pdf/2011.04006.pdf"}},
]}
TOOL_LIST = {"tools": [
    {"name": after("CodeCarbon"), "url": "https://codecarbon.io/", "purpose": "tracking",
     "description": after("Tracks emissions")},
    {"name": before("ML CO2 Impact"), "url": "https://mlco2.github.io/impact/",
     "purpose": "estimation", "description": before("Estimates emissions")},
]}
# The survey's entry is hand-written BibTeX, so its braces balance; its title also spans
# lines that would end a Markdown code fence, start a heading or a table row.
REFERENCE_BIB = (
    "@article{doe2024tiny,\n"
    "  title={A Tiny Survey " + " ".join([SCRIPT, IMG, MARKDOWN, REST, ENTITY]) + " "
    + r"\{ \} \% @ \textbackslash{} " + ROLE + "\n"
    "```\n"
    "# heading\n"
    "| a | b |\n"
    "<img src=x onerror=alert(1)>},\n"
    "  author={Doe, Jane and Roe, Richard},\n"
    "  journal={arXiv preprint arXiv:2401.00001},\n"
    "  year={2024}\n"
    "}\n"
)


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)


def write_hostile_catalog(project: Path) -> None:
    """Rewrite the catalog files of a copy of ``test-catalog`` with the hostile catalog."""
    write_catalog(project / "catalog", {
        **{name: dump(data) for name, data in (
            ("topics.yaml", TOPICS), ("venues.yaml", VENUES),
            ("metrics.yaml", METRIC_CATEGORIES), ("benchmarks.yaml", BENCHMARK_LIST),
            ("tools.yaml", TOOL_LIST))},
        "reference.bib": REFERENCE_BIB,
        "papers/mobilellm.yaml": None, "papers/mamba.yaml": None,
        **{f"papers/{pid}.yaml": dump(record) for pid, record in PAPERS.items()}})
    # The landing page's {term}`FLOPs` names a term the hostile glossary does not have;
    # the summaries reference the hostile term instead.
    index = project / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        ", and the {term}`FLOPs` metric", ""), encoding="utf-8")


@pytest.fixture
def hostile_project(catalog_project: Path) -> Path:
    write_hostile_catalog(catalog_project)
    return catalog_project


@pytest.fixture
def hostile_catalog(hostile_project: Path) -> Catalog:
    return load_catalog(hostile_project / "catalog")


def as_sentence(text: str) -> str:
    """A glossary description as the glossary shows it."""
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def summary_text(summary: str) -> list[str]:
    """The literal parts of a summary, around its reference forms."""
    return [part.strip() for part in REFERENCE.split(summary)[::3] if part.strip()]


def test_the_hostile_catalog_loads_as_written(hostile_catalog: Catalog) -> None:
    catalog = hostile_catalog
    for pid, record in PAPERS.items():
        paper = catalog.papers[pid]
        assert (paper.title, paper.url, paper.note) == (
            record["title"], record["url"], record["note"])
        assert dict(paper.topics) == record["topics"]
    assert {t.id: (t.title, t.summary) for t in catalog.topics.values()} == {
        tid: (TITLES[tid], SUMMARIES[tid]) for tid in TITLES}
    assert [(v.short, v.name, list(v.aliases)) for v in catalog.venues.values()] == [
        (v["short"], v["name"], v["aliases"]) for v in VENUES["venues"]]
    assert catalog.reference == REFERENCE_BIB.strip()


# --- the site ---------------------------------------------------------------------------------

class Page(HTMLParser):
    """The tags, attributes and text of an HTML page, as a browser's parser reads them."""

    CONTAINERS = frozenset({"a", "abbr", "p", "td", "th", "dt", "dd", "li", "pre", "title",
                            "h1", "h2", "h3", "h4", "h5", "h6", "span", "text"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.elements: list[tuple[str, str]] = []  # (tag, whole text) of each container
        self.scripts: list[str] = []  # the content of each script element
        self._open: list[tuple[str, list[str]]] = []
        self._in_script = False
        self.feed(html)
        self.close()

    @property
    def texts(self) -> list[str]:
        return [text for _, text in self.elements]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_startendtag(tag, attrs)
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag in self.CONTAINERS:
            self._open.append((tag, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if any(name == tag for name, _ in self._open):
            while self._open:
                name, parts = self._open.pop()
                self.elements.append((name, "".join(parts)))
                if name == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        for _, parts in self._open:
            parts.append(data)

    def shows(self, text: str) -> bool:
        """``text`` is the text, or part of the text, of an element or an attribute."""
        return any(text in t for t in self.texts) or any(
            text in value for _, attrs in self.tags for value in attrs.values())


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")


def markup_problems(html: str, allowed_images: tuple[str, ...] = ()) -> list[str]:
    """Markup on ``html`` that could only come from a payload."""
    found = []
    for raw in ("<script>alert", "<img src=x", "<img/src=x"):
        if raw in html:
            found.append(f"raw {raw!r}")
    if re.search(r"href\s*=\s*[\"']?\s*javascript:", html, re.I):
        found.append("a javascript: href")
    page = Page(html)
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and re.match(r"\s*(javascript|vbscript):", value, re.I):
                found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and not attrs.get("src", "").startswith(
                ("data:image/svg+xml;base64,", *allowed_images)):
            found.append(f"<img src={attrs.get('src')!r}>")
        if tag in ("iframe", "frame", "object", "embed", "base", "svg", "math"):
            found.append(f"<{tag}>")
    found += [f"script {s[:40]!r}" for s in page.scripts if "alert" in s]
    return found


@pytest.mark.parametrize("html", [
    f"<p>{SCRIPT}</p>", "<p><img src=x onerror=alert(1)></p>", '<a href=" JavaScript:x">',
    '<p title="a" onmouseover="alert(1)">', "<IMG SRC=x>", "<iframe src=https://x/>",
])
def test_the_markup_check_finds_injected_markup(html: str) -> None:
    assert markup_problems(html)
    assert not markup_problems(escape(html))


def html_pages(out: Path) -> dict[str, str]:
    pages = {str(p.relative_to(out)): p.read_text(encoding="utf-8")
             for p in sorted(out.rglob("*.html"))}
    assert pages
    return pages


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    """The hostile project built once, for the tests that only read the output."""
    with built_project(tmp_path_factory.mktemp("hostile") / "project",
                       write_hostile_catalog) as app:
        yield app


def test_site_builds_without_warnings_and_no_page_has_injected_markup(site: SphinxTestApp
                                                                       ) -> None:
    assert strip_colors(site.warning.getvalue()) == ""
    pages = html_pages(Path(site.outdir))
    assert {"index.html", "topics/quantization.html", "metrics.html", "browse.html",
            "all.html", "genindex.html", "search.html"} <= set(pages)
    problems = {name: found for name, html in pages.items() if (found := markup_problems(html))}
    assert problems == {}


def not_shown(site: SphinxTestApp, page_name: str, texts: list[str]) -> list[str]:
    """Those of ``texts`` that ``page_name`` does not show as text."""
    html = (Path(site.outdir) / page_name).read_text(encoding="utf-8")
    assert SCRIPT_ESCAPED in html, page_name
    page = Page(html)
    return [text for text in texts if not page.shows(text)]


def test_every_field_shows_as_text_where_it_is_shown(site: SphinxTestApp) -> None:
    papers, venues = PAPERS.values(), VENUES["venues"]
    venue_texts = [t for v in venues for t in (v["short"], v["name"])]
    quantization = [p for p in papers if "quantization" in p["topics"]]
    expected = {
        "topics/quantization.html": [
            TITLES["quantization"], TITLES["inference"], TITLES["compression"],
            TITLES["pruning"], TITLES["serving"], *summary_text(SUMMARIES["quantization"]),
            *(p["title"] for p in quantization),
            *(p["topics"]["quantization"] for p in quantization), *venue_texts],
        "topics/compression.html": [
            TITLES["compression"], TITLES["quantization"], TITLES["pruning"],
            *summary_text(SUMMARIES["compression"]), *summary_text(SUMMARIES["quantization"]),
            *summary_text(SUMMARIES["pruning"])],
        "topics/pruning.html": [TITLES["pruning"], PAPERS["sparse-cut"]["title"],
                                PAPERS["sparse-cut"]["topics"]["pruning"]],
        "topics/serving.html": [TITLES["serving"], PAPERS["tinyllm"]["topics"]["serving"]],
        # landing page: the area cards and the chart's data table
        "index.html": [TITLES["inference"], *summary_text(SUMMARIES["inference"])],
        "all.html": [*(p["title"] for p in papers),
                     *(k for p in papers for k in p["topics"].values())],
        "browse.html": [*(p["title"] for p in papers),
                        *(k for p in papers for k in p["topics"].values()), *venue_texts],
        "metrics.html": [
            *(c["title"] for c in METRIC_CATEGORIES["categories"]),
            *(text for c in METRIC_CATEGORIES["categories"] for m in c["metrics"]
              for text in (m["term"], m["full_name"], as_sentence(m["description"]),
                           *(e["label"] for e in m["examples"]))),
            *(text for b in BENCHMARK_LIST["benchmarks"]
              for text in (b["term"], b["full_name"], as_sentence(b["description"]),
                           *(link["label"] for link in b["links"]), b["paper"]["title"])),
            *(text for t in TOOL_LIST["tools"] for text in (t["name"], t["description"])),
        ],
    }
    missing = {page: gaps for page, texts in expected.items()
               if (gaps := not_shown(site, page, texts))}
    assert missing == {}


def test_chart_data_table_and_svg_show_area_titles_as_text(site: SphinxTestApp) -> None:
    html = (Path(site.outdir) / "index.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="catalog-chart-data.*?</table>', html, re.S)[0]
    assert SCRIPT_ESCAPED in table
    assert TITLES["inference"] in Page(table).texts
    uri = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)[1]
    svg = ET.fromstring(base64.b64decode(uri).decode("utf-8"))  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    elements = list(svg.iter())
    assert {e.tag.removeprefix(ns) for e in elements} <= {"svg", "title", "rect", "line",
                                                          "text"}
    assert not [a for e in elements for a in e.attrib if a.lower().startswith("on")]
    assert TITLES["inference"] in [e.text for e in svg.iter(f"{ns}text")]  # the legend
    assert f"{TITLES['inference']}, 2024: 1" in [e.text for e in svg.iter(f"{ns}title")]


def test_reference_shows_the_bibtex_as_written(site: SphinxTestApp) -> None:
    html = (Path(site.outdir) / "metrics.html").read_text(encoding="utf-8")
    block = re.search(r'<div class="highlight-bibtex notranslate">.*?</pre>', html, re.S)[0]
    assert [text for tag, text in Page(block).elements if tag == "pre"] == [REFERENCE_BIB]
    citation = re.search(r'<blockquote class="catalog-citation">.*?</blockquote>', html,
                         re.S)[0]
    assert SCRIPT_ESCAPED in citation and not markup_problems(citation)


def test_single_html_page_has_no_injected_markup(make_app, hostile_project: Path) -> None:
    app = make_app("singlehtml", srcdir=hostile_project)
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    pages = html_pages(Path(app.outdir))
    assert {name: found for name, html in pages.items()
            if (found := markup_problems(html))} == {}
    page = Page(pages["index.html"])
    texts = [*TITLES.values(), *(p["title"] for p in PAPERS.values()),
             *(k for p in PAPERS.values() for k in p["topics"].values()),
             *(t["name"] for t in TOOL_LIST["tools"])]
    assert [text for text in texts if not page.shows(text)] == []


@pytest.mark.xfail(strict=True, reason="Sphinx reads ';' in an index entry as the start of a "
                   "subentry and has no escape for it: the index splits a title at its "
                   "first ';' (here the one of '&lt;')")
def test_index_shows_each_title_whole(site: SphinxTestApp) -> None:
    page = Page((Path(site.outdir) / "genindex.html").read_text(encoding="utf-8"))
    assert page.shows(PAPERS["old-quant"]["title"])


# --- the exports ------------------------------------------------------------------------------

def test_bibtex_parses_back_to_the_exact_text(hostile_catalog: Catalog) -> None:
    files = export_files(hostile_catalog)
    for name in [PAPERS_BIB, *(topic_bib(t) for t in hostile_catalog.topics)]:
        entries = parse_string(files[name], "bibtex").entries
        assert entries, name
        for pid, entry in entries.items():
            record = PAPERS[pid]
            assert title_text(entry.fields["title"]) == record["title"], (name, pid)
            assert "note" not in entry.fields, (name, pid)  # the note is not the paper's
            assert entry.fields["url"] == record["url"]
            venue = next(v for v in VENUES["venues"] if v["id"] == record["venue"])
            where = {k: untex(v) for k, v in entry.fields.items()
                     if k in ("booktitle", "journal", "howpublished")}
            assert list(where.values()) in ([venue["name"]],
                                            [f"arXiv preprint arXiv:{entry.fields.get('eprint')}"])


def test_catalog_json_holds_the_exact_strings(hostile_catalog: Catalog) -> None:
    data = json.loads(catalog_json(hostile_catalog))
    assert {p["id"]: {"title": p["title"], "year": p["year"], "added": p["added"],
                      "venue": p["venue"], "url": p["url"], "note": p["note"],
                      "topics": {t["topic"]: t["keyword"] for t in p["topics"]}}
            for p in data["papers"]} == PAPERS
    assert {t["id"]: (t["title"], t["summary"]) for t in data["topics"]} == {
        tid: (TITLES[tid], SUMMARIES[tid]) for tid in TITLES}
    assert [{k: v[k] for k in ("id", "short", "name", "kind", "aliases")}
            for v in data["venues"]] == VENUES["venues"]
    assert data["metrics"] == METRIC_CATEGORIES["categories"]
    assert data["benchmarks"] == BENCHMARK_LIST["benchmarks"]
    assert data["tools"] == TOOL_LIST["tools"]


def readme_html(readme: str) -> str:
    """The README as a CommonMark renderer with tables shows it (raw HTML allowed)."""
    return MarkdownIt("commonmark").enable("table").render(readme)


def test_readme_shows_every_payload_as_text(hostile_catalog: Catalog) -> None:
    html = readme_html(render_readme(hostile_catalog))
    assert markup_problems(html, allowed_images=("https://awesome.re/badge.svg",)) == []
    assert not re.search(r"<(script|img)\b(?![^>]*awesome\.re)", html)
    page = Page(html)
    metrics = [m for c in METRIC_CATEGORIES["categories"] for m in c["metrics"]]
    bench = BENCHMARK_LIST["benchmarks"][0]
    texts = {
        "topic headings": list(TITLES.values()),
        "paper titles": [p["title"] for p in PAPERS.values()],
        "keywords": [k for p in PAPERS.values() for k in p["topics"].values()],
        "venues": [v["short"] for v in VENUES["venues"]],
        "metric headings": [c["title"] for c in METRIC_CATEGORIES["categories"]],
        "metrics": [f"{m['term']} ({m['full_name']})" for m in metrics],
        "descriptions": [m["description"] for m in metrics] + [bench["description"]],
        "examples": [f"[{e['label']}]" for m in metrics for e in m["examples"]],
        "benchmark": [f"{bench['term']} ({bench['full_name']})", GLUE,
                      bench["paper"]["title"]],
        "tools": [t["name"] for t in TOOL_LIST["tools"]],
    }
    assert {what: [t for t in items if t not in page.texts] for what, items in texts.items()
            if any(t not in page.texts for t in items)} == {}
    code = [t for t in page.texts if t.startswith("@article{doe2024tiny,")]
    assert code == [REFERENCE_BIB]  # the survey's BibTeX: one code block, as written


def test_readme_reads_back_with_the_exact_strings(hostile_catalog: Catalog) -> None:
    readme = parse_readme(render_readme(hostile_catalog))
    assert readme.unparsed == []
    assert [h.title for h in readme.headings] == [
        TITLES[t] for t in ("inference", "compression", "quantization", "pruning", "serving")]
    shorts = {v["id"]: v["short"] for v in VENUES["venues"]}
    headings = {h.id: h.title for h in readme.headings}  # ids read back from the headings
    assert {(headings[r.topic], r.year, r.keyword, r.title, r.url, r.venue)
            for r in readme.rows} == {
        (TITLES[tid], p["year"], keyword, p["title"], p["url"], shorts[p["venue"]])
        for p in PAPERS.values() for tid, keyword in p["topics"].items()}
    categories = METRIC_CATEGORIES["categories"]
    assert [s.title for s in readme.metric_sections] == [c["title"] for c in categories]
    assert [(m.name, m.description, [(e.label, e.url) for e in m.examples])
            for m in readme.metrics] == [
        (f"{m['term']} ({m['full_name']})", m["description"],
         [(e["label"], e["url"]) for e in m["examples"]])
        for c in categories for m in c["metrics"]]
    [row] = readme.benchmarks
    [bench] = BENCHMARK_LIST["benchmarks"]
    name, name_links = strip_links(row.name)
    description, links = strip_links(row.description)
    assert (name, name_links) == (f"{bench['term']} ({bench['full_name']})", ())
    assert description == bench["description"]
    assert [(link.label, link.url) for link in links] == [
        (link["label"], link["url"]) for link in bench["links"]]
    assert (row.paper.label, row.paper.url) == (bench["paper"]["title"], bench["paper"]["url"])
    assert [(t.name, t.url, t.purpose) for t in readme.tools] == [
        (t["name"], t["url"], t["purpose"]) for t in TOOL_LIST["tools"]]
    assert readme.bibtex == REFERENCE_BIB


def test_readme_imports_back_to_the_same_papers(hostile_catalog: Catalog,
                                                tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(render_readme(hostile_catalog), encoding="utf-8")
    target = tmp_path / "catalog"
    target.mkdir()
    (target / "venues.yaml").write_text(dump(VENUES), encoding="utf-8")
    report = import_readme(readme, target)
    assert report.clean and report.changes == [], "\n".join(report.lines())
    imported = [yaml.safe_load(p.read_text(encoding="utf-8"))
                for p in sorted((target / "papers").glob("*.yaml"))]
    assert sorted((p["title"], p["year"], p["venue"], p["url"], sorted(p["topics"].values()))
                  for p in imported) == sorted(
        (p["title"], p["year"], p["venue"], p["url"], sorted(p["topics"].values()))
        for p in PAPERS.values())


def test_escaped_brackets_stay_text_when_links_are_read() -> None:
    text, links = strip_links(r"\[click\](javascript:alert(1)) and [a \] b](https://x.example/)"
                              r" \\[c](https://c.example/)")
    assert text == r"[click](javascript:alert(1)) and a ] b \c"
    assert [(link.label, link.url) for link in links] == [
        ("a ] b", "https://x.example/"), ("c", "https://c.example/")]


# --- the loader's rejections -------------------------------------------------------------------
# Already tested in test_load.py, not repeated here: a paper's relative, javascript: and data:
# URL (test_url_must_be_absolute_http), anchors, aliases and merge keys in a paper
# (test_yaml_anchors_and_aliases_are_rejected), an oversized paper file under a lowered limit
# (test_oversized_file_is_rejected) and too many YAML nodes; test_yaml_source.py tests the
# reader itself with both loaders. Below: the other files' URLs, alias bombs, the real limit.

NOT_HTTP = "is not an absolute http(s) URL (use the full address, starting with https://)"
ALIASES = "file: YAML anchors and aliases are not allowed (write the value out in full)"
LAUGHS = "".join(
    [f"l0: &l0 [{', '.join(['lol'] * 9)}]\n"]
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)])
HUGE = "areas: []\n# " + "x" * MAX_FILE_BYTES + "\n"


@pytest.mark.parametrize(("files", "message"), [
    pytest.param({"tools.yaml": TOOLS.replace("https://codecarbon.io/", '"javascript:alert(1)"')},
                 f"tools.yaml:3: tool 'CodeCarbon', field 'url': 'javascript:alert(1)' {NOT_HTTP}",
                 id="tool-javascript"),
    pytest.param({"tools.yaml": TOOLS.replace("https://codecarbon.io/", "JaVaScRiPt:alert(1)")},
                 f"tools.yaml:3: tool 'CodeCarbon', field 'url': 'JaVaScRiPt:alert(1)' "
                 f"{NOT_HTTP}", id="tool-javascript-mixed-case"),
    pytest.param({"metrics.yaml": METRICS.replace(
        "https://arxiv.org/pdf/2309.13192.pdf", '"data:text/html,<script>alert(1)</script>"')},
        "metrics.yaml:10: metric 'FLOPs', field 'examples': "
        f"'data:text/html,<script>alert(1)</script>' {NOT_HTTP}", id="metric-example-data"),
    pytest.param({"benchmarks.yaml": BENCHMARKS.replace(
        "https://arxiv.org/pdf/1804.07461.pdf", "../glue.pdf")},
        f"benchmarks.yaml:7: benchmark 'ELUE', field 'links': '../glue.pdf' {NOT_HTTP}",
        id="benchmark-link-relative"),
    pytest.param({"benchmarks.yaml": BENCHMARKS.replace(
        "https://arxiv.org/pdf/2110.07038.pdf", "//evil.example/x.pdf")},
        f"benchmarks.yaml:10: benchmark 'ELUE', field 'paper': '//evil.example/x.pdf' "
        f"{NOT_HTTP}", id="benchmark-paper-scheme-relative"),
    pytest.param({"papers/mobilellm.yaml": "a: &a [*a, *a]\n"},
                 f"papers/mobilellm.yaml:1: {ALIASES}", id="recursive-alias"),
    pytest.param({"venues.yaml": LAUGHS}, f"venues.yaml:1: {ALIASES}", id="billion-laughs"),
    pytest.param({"topics.yaml": HUGE},
                 f"topics.yaml: file: file is {len(HUGE)} bytes, more than the limit of "
                 f"{MAX_FILE_BYTES} (split it or remove what does not belong in the catalog)",
                 id="oversized-at-the-real-limit"),
])
def test_hostile_values_are_rejected_with_a_clear_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str],
        message: str) -> None:
    monkeypatch.chdir(tmp_path)
    write_catalog(tmp_path, files)
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)
    assert [str(problem) for problem in info.value.problems] == [message]


def test_theme_header_navigation_shows_topic_titles_as_text(make_app,
                                                            hostile_project: Path) -> None:
    """pydata-sphinx-theme writes page titles into its header navigation unescaped; the
    site's tuning (``site_tuning.theme_guard``) hands it escaped titles, so no page of the
    hostile catalog has markup."""
    conf = hostile_project / "conf.py"
    conf.write_text(conf.read_text() + '\nextensions = [*extensions, "site_tuning"]\n')
    app = make_app("html", srcdir=hostile_project,
                   confoverrides={"html_theme": "pydata_sphinx_theme"})
    app.build()
    pages = html_pages(Path(app.outdir))
    problems = {name: found for name, html in pages.items()
                if (found := [p for p in markup_problems(html) if p != "<svg>"])}  # its icons
    assert problems == {}
    nav = re.search(r'<ul class="bd-navbar-elements navbar-nav">(.*?)</ul>',
                    pages["topics/quantization.html"], re.S)
    assert nav and escape(TITLES["inference"]) in nav.group(1)
