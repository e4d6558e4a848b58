"""The exports (BibTeX, JSON) parsed back and compared with the catalog, and in a build."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bibtex_reading import ESCAPE_RE, title_text, untex
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import BibliographyData, parse_string
from sphinx.util.console import strip_colors

from paper_catalog.bibtex import (
    arxiv_id,
    catalog_bibtex,
    papers_bibtex,
    topic_bibtex,
)
from paper_catalog.json_export import (
    catalog_data,
    catalog_json,
    catalog_json_bytes,
    paper_json,
)
from paper_catalog.load import load_catalog
from paper_catalog.model import Catalog, Organization, Paper, Topic, Venue
from paper_catalog.sphinxext.exports import export_files, topic_download_paragraph

REPO = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).resolve().parent / "roots"

def parse(bibtex: str) -> BibliographyData:
    return parse_string(bibtex, "bibtex")


@pytest.fixture(scope="module", params=["real", "test-root"])
def catalog(request: pytest.FixtureRequest) -> Catalog:
    root = REPO / "catalog" if request.param == "real" else ROOTS / "test-catalog" / "catalog"
    return load_catalog(root)


def small_catalog(*papers: Paper, kinds: tuple[str, ...] = ("conference",)) -> Catalog:
    """A catalog in memory: one leaf topic, a venue per kind (id = kind)."""
    venues = {k: Venue(k, k.title(), f"The {k} venue", k) for k in kinds}
    topics = {"t": Topic("t", "T", "", None)}
    return Catalog(root=Path("."), papers={p.id: p for p in papers}, topics=topics,
                   venues=venues, metric_categories=(), benchmarks=(), tools=(),
                   reference="")


def paper(pid: str, title: str = "A Title", venue: str = "conference",
          url: str = "https://example.org/a", note: str = "",
          authors: tuple[str, ...] = ()) -> Paper:
    return Paper(pid, title, 2024, venue, url, (("t", "Keyword"),), note, authors)


# -- BibTeX ---------------------------------------------------------------------------------

def test_papers_bib_has_one_entry_per_paper_with_catalog_fields(catalog: Catalog) -> None:
    text = catalog_bibtex(catalog)
    entries = parse(text).entries
    assert list(entries) == sorted(catalog.papers)
    assert len(re.findall(r"^@\w+\{", text, re.M)) == len(catalog.papers)
    for pid, entry in entries.items():
        p = catalog.papers[pid]
        assert title_text(entry.fields["title"]) == p.title
        assert entry.fields["year"] == str(p.year)
        assert entry.fields["url"] == p.url
        assert "note" not in entry.fields  # the curators' note is not the paper's


EXPECTED_TYPES = {"conference": ("inproceedings", "booktitle"),
                  "workshop": ("inproceedings", "booktitle"),
                  "journal": ("article", "journal"),
                  "preprint": ("misc", "howpublished"),
                  "software": ("misc", "howpublished")}


def test_entry_type_and_venue_field_follow_the_venue_kind(catalog: Catalog) -> None:
    for pid, entry in parse(catalog_bibtex(catalog)).entries.items():
        venue = catalog.venues[catalog.papers[pid].venue]
        entry_type, field = EXPECTED_TYPES[venue.kind]
        assert entry.type == entry_type, pid
        others = {"booktitle", "journal", "howpublished"} - {field}
        assert not others & {f.lower() for f in entry.fields}, pid
        eprint = entry.fields.get("eprint")
        if venue.kind == "preprint" and eprint:
            assert entry.fields[field] == f"arXiv preprint arXiv:{eprint}"
        else:
            assert untex(entry.fields[field]) == venue.name


def test_arxiv_papers_have_eprint_and_archive_prefix(catalog: Catalog) -> None:
    entries = parse(catalog_bibtex(catalog)).entries
    on_arxiv = [p for p in catalog.papers.values()
                if urlsplit(p.url).hostname in ("arxiv.org", "www.arxiv.org")]
    for p in on_arxiv:
        fields = entries[p.id].fields
        assert fields["archivePrefix"] == "arXiv", p.id
        assert fields["eprint"] in p.url
        assert not re.search(r"v\d+$", fields["eprint"])
    for p in catalog.papers.values():
        if p not in on_arxiv:
            assert "eprint" not in entries[p.id].fields


def test_the_real_catalog_has_arxiv_papers_of_every_url_form() -> None:
    real = load_catalog(REPO / "catalog")
    entries = parse(catalog_bibtex(real)).entries
    assert sum("eprint" in e.fields for e in entries.values()) >= 100
    assert {e.type for e in entries.values()} == {"inproceedings", "article", "misc"}


@pytest.mark.parametrize(("url", "expected"), [
    ("https://arxiv.org/abs/2402.14905", "2402.14905"),
    ("https://arxiv.org/abs/2404.07413v1", "2404.07413"),
    ("https://arxiv.org/pdf/2105.14103.pdf", "2105.14103"),
    ("https://arxiv.org/pdf/2402.16880v2", "2402.16880"),
    ("https://arxiv.org/html/2401.13920v1", "2401.13920"),
    ("http://www.arxiv.org/abs/1909.08053", "1909.08053"),
    ("https://arxiv.org/abs/cs/0112017v2", "cs/0112017"),
    ("https://arxiv.org/abs/math.GT/0309136", "math.GT/0309136"),
    ("https://arxiv.org/list/cs.CL/recent", None),
    ("https://example.org/abs/2402.14905", None),
    ("https://openreview.net/forum?id=2402.14905", None),
])
def test_arxiv_id_from_url(url: str, expected: str | None) -> None:
    assert arxiv_id(url) == expected


def test_latex_special_characters_are_escaped_and_read_back() -> None:
    titles = ["50% of O(n^2) & #1 costs $5 in_place ~ {braces} \\ back",
              "\\Leading backslash", "{Unbalanced", "}also", "MoE²: naïve “quotes” — done"]
    papers = [paper(f"p{i}", t, url=f"https://example.org/{i}") for i, t in enumerate(titles)]
    text = papers_bibtex(small_catalog(*papers), papers)
    entries = parse(text).entries
    for p in papers:
        assert title_text(entries[p.id].fields["title"]) == p.title
    body = "\n".join(line for line in text.splitlines() if "title =" in line)
    # Outside the escapes, no character LaTeX treats specially is left.
    assert not re.search(r"[$&%#_~^]", ESCAPE_RE.sub("", body))
    assert "MoE²: naïve “quotes” — done" in text  # UTF-8 kept, not turned into macros
    # A title that starts with a command keeps a plain protective group, not "{\...".
    assert '"{{}\\textbackslash{}Leading backslash}"' in text


def test_url_is_verbatim_and_braces_are_percent_encoded() -> None:
    url = "https://example.org/paper_files/a%20b?x=1&y=2#frag"
    papers = [paper("a", url=url), paper("b", "Other", url="https://example.org/{id}")]
    fields = {k: e.fields for k, e in parse(
        papers_bibtex(small_catalog(*papers), papers)).entries.items()}
    assert fields["a"]["url"] == url
    assert fields["b"]["url"] == "https://example.org/%7Bid%7D"


def test_note_never_enters_the_entry() -> None:
    p = paper("a", note="Upstream says 50% & more")
    text = papers_bibtex(small_catalog(p), [p])
    assert "note" not in parse(text).entries["a"].fields
    assert "Upstream" not in text


def test_authors_are_bibtex_persons_in_order() -> None:
    p = paper("a", authors=("Elias Frantar", "Ludwig van Beethoven", "Anders and Co",
                            "Jo & Ann"))
    text = papers_bibtex(small_catalog(p), [p])
    assert ('author = "Frantar, Elias and van Beethoven, Ludwig and Co, Anders {and} and '
            'Ann, Jo \\&"') in text
    persons = parse(text).entries["a"].persons["author"]
    assert [str(x) for x in persons] == ["Frantar, Elias", "van Beethoven, Ludwig",
                                         "Co, Anders {and}", "Ann, Jo \\&"]
    no_authors = parse(papers_bibtex(small_catalog(paper("b")), [paper("b")])).entries["b"]
    assert "author" not in no_authors.persons


def test_an_organization_is_a_braced_author_and_named_in_json() -> None:
    p = paper("a", authors=(Organization("Fair & Square Lab"), "Elias Frantar"))
    catalog = small_catalog(p)
    text = papers_bibtex(catalog, [p])
    assert 'author = "{Fair \\& Square Lab} and Frantar, Elias"' in text
    assert [str(x) for x in parse(text).entries["a"].persons["author"]] == [
        "{Fair \\& Square Lab}", "Frantar, Elias"]
    record = json.loads(catalog_json(catalog))["papers"][0]
    assert (record["authors"], record["organizations"]) == (
        ["Fair & Square Lab", "Elias Frantar"], ["Fair & Square Lab"])


def test_every_venue_kind_maps_to_its_entry_type() -> None:
    kinds = tuple(EXPECTED_TYPES)
    papers = [paper(k, f"Title {k}", venue=k, url=f"https://example.org/{k}") for k in kinds]
    papers.append(paper("pre-arxiv", "On arXiv", venue="preprint",
                        url="https://arxiv.org/abs/2401.00001v3"))
    entries = parse(papers_bibtex(small_catalog(*papers, kinds=kinds), papers)).entries
    for k, (entry_type, field) in EXPECTED_TYPES.items():
        assert entries[k].type == entry_type
        assert entries[k].fields[field] == f"The {k} venue"
    arxiv = entries["pre-arxiv"].fields
    assert arxiv["howpublished"] == "arXiv preprint arXiv:2401.00001"
    assert (arxiv["eprint"], arxiv["archivePrefix"]) == ("2401.00001", "arXiv")


def test_a_workshop_is_inproceedings_named_by_the_workshop_and_has_its_parent_in_json(
        ) -> None:
    p = paper("w", venue="workshop")
    catalog = small_catalog(p, kinds=("conference", "workshop"))
    venues = {"conference": catalog.venues["conference"],
              "workshop": Venue("workshop", "Ws", "BigScience Episode #5: Workshop & more",
                                "workshop", (), "conference")}
    catalog = Catalog(root=catalog.root, papers=catalog.papers, topics=catalog.topics,
                      venues=venues, metric_categories=(), benchmarks=(), tools=(),
                      reference="")
    entry = parse(papers_bibtex(catalog, [p])).entries["w"]
    assert entry.type == "inproceedings"
    assert entry.fields["booktitle"] == r"BigScience Episode \#5: Workshop \& more"
    records = {v["id"]: v for v in json.loads(catalog_json(catalog))["venues"]}
    assert records["workshop"]["parent"] == "conference"
    assert "parent" not in records["conference"]


def lineage(catalog: Catalog, topic_id: str) -> list[str]:
    """``topic_id`` and its parents, by following ``parent``."""
    ids = [topic_id]
    while (parent := catalog.topics[ids[-1]].parent) is not None:
        ids.append(parent)
    return ids


def test_topic_bib_holds_exactly_that_topics_papers(catalog: Catalog) -> None:
    for tid, topic in catalog.topics.items():
        keys = set(parse(topic_bibtex(catalog, tid)).entries)
        # A group holds the papers of every leaf topic that has it as an ancestor.
        expected = {p.id for p in catalog.papers.values()
                    if any(tid in lineage(catalog, t) for t, _ in p.topics)}
        if topic.is_leaf:
            assert expected == {p.id for p in catalog.papers.values() if tid in dict(p.topics)}
        assert keys == expected, tid
        assert expected


def test_bibtex_is_deterministic(catalog: Catalog) -> None:
    assert catalog_bibtex(catalog) == catalog_bibtex(catalog)
    shuffled = sorted(catalog.papers.values(), key=lambda p: p.title)
    assert papers_bibtex(catalog, shuffled) == catalog_bibtex(catalog)


# -- JSON -----------------------------------------------------------------------------------

def test_catalog_json_matches_the_catalog(catalog: Catalog) -> None:
    data = json.loads(catalog_json(catalog))
    assert set(data) == {"version", "papers", "topics", "venues", "metrics", "benchmarks",
                         "tools"}
    assert data["version"] == 1
    assert [p["id"] for p in data["papers"]] == sorted(catalog.papers)
    for record in data["papers"]:
        p = catalog.papers[record["id"]]
        expected = {"id": p.id, "title": p.title, "year": p.year, "venue": p.venue,
                    "url": p.url, "topics": [{"topic": t, "keyword": k} for t, k in p.topics]}
        if p.authors:
            expected["authors"] = list(p.authors)
        if groups := [a for a in p.authors if isinstance(a, Organization)]:
            expected["organizations"] = groups
        if p.short:
            expected["short"] = p.short
        assert p.added is not None
        expected["added"] = p.added.isoformat()
        if p.code:
            expected["code"] = p.code
        if p.note:
            expected["note"] = p.note
        assert record == expected
        assert record["venue"] in {v["id"] for v in data["venues"]}
    assert [t["id"] for t in data["topics"]] == list(catalog.topics)
    for record in data["topics"]:
        t = catalog.topics[record["id"]]
        assert record == {"id": t.id, "title": t.title, "summary": t.summary,
                          "parent": t.parent, "children": list(t.children)}
    assert [(v["id"], v["name"], v["kind"], v["aliases"], v.get("parent"))
            for v in data["venues"]] == [
        (v.id, v.name, v.kind, list(v.aliases), v.parent) for v in catalog.venues.values()]
    assert [(c["id"], [m["term"] for m in c["metrics"]]) for c in data["metrics"]] == [
        (c.id, [m.term for m in c.metrics]) for c in catalog.metric_categories]
    metrics = [m for c in data["metrics"] for m in c["metrics"]]
    for record, metric in zip(metrics, catalog.metrics, strict=True):
        assert record.get("full_name", "") == metric.full_name
        assert record["description"] == metric.description
        assert record["examples"] == [{"label": e.label, "url": e.url}
                                      for e in metric.examples]
    assert [(b["term"], b["paper"]["url"], len(b["links"])) for b in data["benchmarks"]] == [
        (b.term, b.paper.url, len(b.links)) for b in catalog.benchmarks]
    assert [(t["name"], t["url"], t["purpose"]) for t in data["tools"]] == [
        (t.name, t.url, t.purpose) for t in catalog.tools]


def test_catalog_json_is_deterministic_utf8_text(catalog: Catalog) -> None:
    text = catalog_json(catalog)
    assert text == catalog_json(catalog)
    assert text.endswith("}\n")


@pytest.mark.parametrize("papers", ["all", "none"])
def test_catalog_json_from_stored_records_is_the_json_modules_text(catalog: Catalog,
                                                                   papers: str) -> None:
    """The papers' records made apart (as the build keeps them from one build to the
    next) make the same text as the whole data written at once, papers or none."""
    if papers == "none":
        catalog = small_catalog()
    expected = json.dumps(catalog_data(catalog), ensure_ascii=False, indent=2) + "\n"
    records = {pid: paper_json(p) for pid, p in catalog.papers.items()}
    assert catalog_json(catalog) == expected
    assert catalog_json_bytes(catalog, records) == expected.encode()
    some = dict(list(records.items())[::2])
    assert catalog_json_bytes(catalog, some) == expected.encode()


# text as the YAML reader can give it: any character but a lone surrogate
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(title=TEXT, note=TEXT, authors=st.lists(TEXT, max_size=3), year=st.integers(0, 3000))
def test_catalog_json_is_what_the_json_module_writes(title: str, note: str,
                                                     authors: list[str], year: int) -> None:
    """orjson writes it; the text is the json module's, indented by two spaces."""
    catalog = small_catalog(Paper("p", title, year, "conference", "https://example.org/p",
                                  (("t", title),), note, tuple(authors)))
    expected = json.dumps(catalog_data(catalog), ensure_ascii=False, indent=2) + "\n"
    assert catalog_json(catalog) == expected


def test_catalog_json_keeps_unicode_unescaped() -> None:
    text = catalog_json(load_catalog(REPO / "catalog"))
    assert "MoE²" in text
    assert "\\u" not in text


# -- In a build -----------------------------------------------------------------------------

DOWNLOADS_PAGE = """\
---
orphan: true
---
# Downloads

```{catalog-downloads}
```

```{catalog-downloads} quantization
```

```{catalog-downloads} compression
```
"""

# A page at each depth: (source, path of its HTML as html and as dirhtml write it).
PAGES = [("downloads.md", "downloads.html", "downloads/index.html"),
         ("deep/nested/page.md", "deep/nested/page.html", "deep/nested/page/index.html"),
         ("index.md", "index.html", "index.html")]


@pytest.fixture
def project(catalog_project: Path) -> Path:
    for source, _, _ in PAGES[:2]:
        path = catalog_project / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DOWNLOADS_PAGE, encoding="utf-8")
    index = catalog_project / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n```{catalog-downloads}\n```\n",
                     encoding="utf-8")
    return catalog_project


def download_hrefs(html: str) -> list[str]:
    paragraphs = re.findall(r'<p class="catalog-downloads">.*?</p>', html, re.S)
    return [href for p in paragraphs for href in re.findall(r'href="([^"]+)"', p)]


def resolve(page: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_build_writes_the_exports_and_links_them_from_every_depth(
        make_app, project: Path, builder: str) -> None:
    app = make_app(builder, srcdir=project)
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    out = Path(app.outdir)
    catalog = load_catalog(project / "catalog")
    for name, text in export_files(catalog).items():
        assert (out / name).read_text(encoding="utf-8") == text, name
    assert sorted(p.stem for p in (out / "_catalog" / "topics").glob("*.bib")) == sorted(
        catalog.topics)
    for _, html_path, dirhtml_path in PAGES:
        page = html_path if builder == "html" else dirhtml_path
        hrefs = download_hrefs((out / page).read_text(encoding="utf-8"))
        expected = ["_catalog/papers.bib", "_catalog/catalog.json"]
        if page != "index.html":
            expected += ["_catalog/topics/quantization.bib", "_catalog/topics/compression.bib"]
        assert [resolve(page, h) for h in hrefs] == expected, page
        assert all((out / resolve(page, h)).is_file() for h in hrefs)


def test_single_html_page_links_the_exports(make_app, project: Path) -> None:
    app = make_app("singlehtml", srcdir=project)
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    out = Path(app.outdir)
    hrefs = download_hrefs((out / "index.html").read_text(encoding="utf-8"))
    # the whole catalog, and each inlined topic page its own BibTeX
    assert {"_catalog/papers.bib", "_catalog/catalog.json",
            "_catalog/topics/quantization.bib"} <= set(hrefs)
    assert all((out / h).is_file() for h in hrefs)

def test_built_files_parse_back_to_the_catalog(make_app, project: Path) -> None:
    app = make_app("html", srcdir=project)
    app.build()
    out = Path(app.outdir) / "_catalog"
    catalog = load_catalog(project / "catalog")
    entries = parse((out / "papers.bib").read_text(encoding="utf-8")).entries
    assert set(entries) == set(catalog.papers)
    for pid, entry in entries.items():
        assert title_text(entry.fields["title"]) == catalog.papers[pid].title
        assert entry.fields["url"] == catalog.papers[pid].url
    quantization = parse((out / "topics" / "quantization.bib").read_text(encoding="utf-8"))
    assert set(quantization.entries) == {"tinyllm", "script-title", "old-quant"}
    data = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    assert len(data["papers"]) == len(catalog.papers)
    html = (Path(app.outdir) / "downloads.html").read_text(encoding="utf-8")
    assert "(BibTeX, 4 entries)" in html
    assert "BibTeX of Quantization: " in html and "(BibTeX, 3 entries)" in html


def test_a_new_paper_updates_the_counts_and_files_on_rebuild(make_app, project: Path) -> None:
    make_app("html", srcdir=project).build()
    (project / "catalog" / "papers" / "new-quant.yaml").write_text(
        'title: "New Quantization"\nyear: 2024\nadded: 2026-11-26\nvenue: arxiv\n'
        "url: https://arxiv.org/abs/2402.00001\ntopics:\n  quantization: Weight quantization\n",
        encoding="utf-8")
    app = make_app("html", srcdir=project)
    app.build()
    out = Path(app.outdir)
    html = (out / "deep" / "nested" / "page.html").read_text(encoding="utf-8")
    assert "(BibTeX, 5 entries)" in html and "(BibTeX, 4 entries)" in html
    bib = parse((out / "_catalog" / "topics" / "quantization.bib").read_text(encoding="utf-8"))
    assert bib.entries["new-quant"].fields["eprint"] == "2402.00001"


def test_a_rebuild_writes_only_the_downloads_whose_text_changed(make_app,
                                                                project: Path) -> None:
    """A paper added under one topic: the files that list it are written again, the
    others are left as they are, except one deleted from the output folder."""
    import os

    make_app("html", srcdir=project).build()
    before = export_files(load_catalog(project / "catalog"))
    out = Path(make_app("html", srcdir=project).outdir)
    for name in before:
        os.utime(out / name, ns=(10**9, 10**9))
    unchanged = sorted(name for name in before if name.startswith("_catalog/topics/"))
    (project / "catalog" / "papers" / "new-quant.yaml").write_text(
        'title: "New Quantization"\nyear: 2024\nadded: 2026-11-26\nvenue: arxiv\n'
        "url: https://arxiv.org/abs/2402.00001\ntopics:\n  quantization: Weight quantization\n",
        encoding="utf-8")
    after = export_files(load_catalog(project / "catalog"))
    changed = {name for name in after if after[name] != before.get(name)}
    deleted = next(name for name in unchanged if name not in changed)
    (out / deleted).unlink()
    make_app("html", srcdir=project).build()
    rewritten = {name for name in after if (out / name).stat().st_mtime_ns > 10**9}
    assert {"_catalog/papers.bib", "_catalog/catalog.json",
            "_catalog/topics/quantization.bib"} <= changed
    assert rewritten == changed | {deleted}
    assert len(rewritten) < len(after)
    for name, text in after.items():
        assert (out / name).read_text(encoding="utf-8") == text, name


def test_a_damaged_exports_stamp_writes_the_downloads_again(make_app, project: Path) -> None:
    app = make_app("html", srcdir=project)
    app.build()
    stamp = Path(app.doctreedir) / "paper-catalog-html-exports.stamp"
    stamp.write_text("", encoding="utf-8")
    (Path(app.outdir) / "_catalog" / "papers.bib").write_text("stale", encoding="utf-8")
    app = make_app("html", srcdir=project)
    app.build()
    for name, text in export_files(load_catalog(project / "catalog")).items():
        assert (Path(app.outdir) / name).read_text(encoding="utf-8") == text, name
    assert stamp.read_text(encoding="utf-8").splitlines()[0]


def test_stale_topic_files_are_removed(make_app, project: Path) -> None:
    app = make_app("html", srcdir=project)
    stale = Path(app.outdir) / "_catalog" / "topics" / "gone.bib"
    stale.parent.mkdir(parents=True)
    stale.write_text("", encoding="utf-8")
    app.build()
    assert not stale.exists()
    assert (stale.parent / "quantization.bib").is_file()


def test_builders_without_the_files_drop_the_links(make_app, project: Path) -> None:
    app = make_app("text", srcdir=project)
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    out = Path(app.outdir)
    text = (out / "deep" / "nested" / "page.txt").read_text(encoding="utf-8")
    assert "Downloads" in text
    assert "papers.bib" not in text and "quantization.bib" not in text
    assert not (out / "_catalog").exists()


def test_unknown_topic_in_downloads_is_an_error(make_app, catalog_project: Path) -> None:
    (catalog_project / "all.md").write_text("# All\n\n```{catalog-downloads} nope\n```\n",
                                            encoding="utf-8")
    app = make_app("html", srcdir=catalog_project)
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert "all.md:3: ERROR: unknown topic id 'nope' (see catalog/topics.yaml)" in warnings


def test_topic_download_paragraph_links_from_the_page() -> None:
    para = topic_download_paragraph("topics/quantization", "quantization", 3)
    assert para.astext() == "Cite these papers: quantization.bib (BibTeX, 3 entries)."
    link = para.children[1]
    assert link["refuri"] == "../_catalog/topics/quantization.bib"
    assert "catalog-downloads" in para["classes"]
    assert topic_download_paragraph("index", "serving").astext() == (
        "Cite these papers: serving.bib (BibTeX).")



def test_link_checker_does_not_see_the_download_links(make_app, project: Path) -> None:
    app = make_app("linkcheck", srcdir=project,
                   confoverrides={"linkcheck_ignore": [r"https?://"]})
    app.build()
    checked = [json.loads(line) for line in (Path(app.outdir) / "output.json")
               .read_text(encoding="utf-8").splitlines()]
    assert checked  # the external links were collected (and ignored)
    assert not [c for c in checked if "_catalog" in c["uri"]]
    assert not [c for c in checked if c["status"] == "broken"]


# -- the by-venue page ----------------------------------------------------------------------

def test_by_venue_lists_a_workshop_under_workshops_naming_its_parent() -> None:
    from paper_catalog.query import browse_groups

    p, q = paper("p", venue="wacv"), paper("q", venue="wacv-workshops")
    venues = {"wacv": Venue("wacv", "WACV", "Winter Conference", "conference"),
              "wacv-workshops": Venue("wacv-workshops", "WACV Workshops",
                                      "Winter Conference Workshops", "workshop", (), "wacv")}
    catalog = Catalog(root=Path("."), papers={"p": p, "q": q},
                      topics={"t": Topic("t", "T", "", None)}, venues=venues,
                      metric_categories=(), benchmarks=(), tools=(), reference="")
    groups = [(g.id, g.title, g.subtitle, [x.id for x in g.papers])
              for g in browse_groups(catalog, "venue")]
    assert groups == [
        ("venues-conference", "Conferences", "", []),
        ("venue-wacv", "WACV", "Winter Conference", ["p"]),
        ("venues-workshop", "Workshops", "", []),
        ("venue-wacv-workshops", "WACV Workshops",
         "Winter Conference Workshops (a workshop at WACV)", ["q"]),
    ]


@pytest.mark.parametrize(("authors", "short"), [
    ((), ""),
    (("Elias Frantar",), "Frantar"),
    (("Ann Smith", "Bo Lee"), "Smith and Lee"),
    (("Elias Frantar", "Saleh Ashkboos", "Torsten Hoefler"), "Frantar et al."),
    (("Ludwig van Beethoven", "X"), "van Beethoven and X"),
    (("Unbalanced {Brace",), "{Brace"),
    ((Organization("BigScience Workshop"),), "BigScience Workshop"),
    ((Organization("NVIDIA"), "Ada Lovelace"), "NVIDIA and Lovelace"),
    ((Organization("BigScience Workshop"), "A B", "C D"), "BigScience Workshop et al."),
])
def test_compact_authors(authors: tuple[str, ...], short: str) -> None:
    from paper_catalog.authors import compact_authors

    assert compact_authors(authors) == short


def test_a_person_and_an_organization_of_one_name_stay_apart() -> None:
    from paper_catalog.authors import family_name

    # (the short forms are kept per name: a person's must not be taken for a group's)
    assert [family_name("Ada Lovelace"), family_name(Organization("Ada Lovelace")),
            family_name("Ada Lovelace")] == ["Lovelace", "Ada Lovelace", "Lovelace"]
