"""The What's new lists and the Atom feeds, read back with a real feed parser."""

from __future__ import annotations

import datetime
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

import paper_catalog.load
import paper_catalog.sphinxext.feeds
from paper_catalog.sphinxext.feeds import FEED_LINK

#: Each test-root paper's 'added' date in these tests (all differ, so the order is known).
ADDED = {"old-quant": "2026-11-26", "tinyllm": "2026-11-20", "sparse-cut": "2026-10-05",
         "script-title": "2026-09-01"}
NEWEST_FIRST = ["old-quant", "tinyllm", "sparse-cut", "script-title"]
PROJECT = "Test Catalog"  # set for each build (the test root sets none)
BASE = "https://papers.example.org/en/latest/"

WHATS_NEW = """\
# What's new

```{catalog-whats-new}
:feeds:
```
"""

HOME = """\

## Recently added

```{catalog-whats-new}
:limit: 2
```
"""


@pytest.fixture
def project(catalog_project: Path) -> Path:
    """The test root with distinct 'added' dates, a What's new page and a home-page list."""
    papers = catalog_project / "catalog" / "papers"
    for pid, day in ADDED.items():
        path = papers / f"{pid}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("added: 2026-11-26",
                                                                 f"added: {day}"),
                        encoding="utf-8")
    (catalog_project / "whats-new.md").write_text(WHATS_NEW, encoding="utf-8")
    index = catalog_project / "index.md"
    text = index.read_text(encoding="utf-8").replace("```{toctree}\n", "```{toctree}\nwhats-new\n")
    index.write_text(text + HOME, encoding="utf-8")
    return catalog_project


def build(make_app, project: Path, builder: str = "html", **overrides: object) -> Path:
    app = make_app(builder, srcdir=project, confoverrides={"project": PROJECT, **overrides})
    app.build()
    assert app.statuscode == 0
    return Path(app.outdir)


def parse(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_the_catalog_feed_lists_every_paper_newest_added_first(make_app, project: Path) -> None:
    out = build(make_app, project)
    feed = parse(out / "_feeds" / "papers.atom")

    assert feed.version == "atom10"
    assert feed.feed.title == f"{PROJECT}: new papers"
    assert feed.feed.updated == "2026-11-26T00:00:00+00:00"
    assert feed.feed.generator == "paper-catalog"
    assert [e.id.rsplit("/", 1)[1] for e in feed.entries] == NEWEST_FIRST
    for entry in feed.entries:
        pid = entry.id.rsplit("/", 1)[1]
        assert entry.id == f"tag:test-catalog,{ADDED[pid]}:papers/{pid}"
        assert entry.published == entry.updated == f"{ADDED[pid]}T00:00:00+00:00"
    tinyllm = feed.entries[1]
    assert tinyllm.title == "TinyLLM: Quantized Language Models for Phones"
    assert [a.name for a in tinyllm.authors] == ["Ada Lovelace", "Grace <Hopper> & Co",
                                                 "Alan van Turing"]
    assert tinyllm.link == "https://arxiv.org/abs/2401.00002"
    assert [(t.term, t.label) for t in tinyllm.tags] == [("quantization", "Quantization"),
                                                         ("serving", "Serving")]
    assert tinyllm.summary == ("International Conference on Machine Learning (ICML) 2024. "
                               "Topics: Quantization, Serving.")
    # no address configured: the feed links its page relative to itself
    assert feed.feed.link == "../whats-new.html"
    assert (out / "_feeds" / feed.feed.link).resolve() == (out / "whats-new.html").resolve()


def test_a_hostile_title_stays_text_in_the_feed(make_app, project: Path) -> None:
    out = build(make_app, project)
    raw = (out / "_feeds" / "papers.atom").read_text(encoding="utf-8")
    script = next(e for e in parse(out / "_feeds" / "papers.atom").entries
                  if e.id.endswith("/script-title"))
    assert "<script" not in raw.replace("&lt;script", "")
    assert "<script" in script.title  # the parser gives back the title as written


def test_text_let_past_validation_keeps_the_feed_readable(
        make_app, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader refuses line breaks and controls (test_hostile_text.py); here a title
    and an author's name get through it: the build writes a feed a parser reads, each on
    one line, with U+FFFD for what XML cannot hold."""
    monkeypatch.setattr(paper_catalog.load, "text_problem", lambda text, field: None)
    path = project / "catalog" / "papers" / "old-quant.yaml"
    text = path.read_text(encoding="utf-8").replace(
        'title: "Old Quantization Methods"',
        'title: "Old\\fQuantization\\x1eMethods\\x00Again"\nauthors: ["Ada\\x0bLovelace"]')
    path.write_text(text, encoding="utf-8")
    out = build(make_app, project)
    old = next(e for e in parse(out / "_feeds" / "papers.atom").entries
               if e.id.endswith("/old-quant"))
    assert old.title == "Old Quantization Methods\ufffdAgain"
    assert [a.name for a in old.authors] == ["Ada Lovelace"]


def test_each_area_has_a_feed_of_its_papers(make_app, project: Path) -> None:
    out = build(make_app, project)
    assert sorted(p.name for p in (out / "_feeds").iterdir()) == ["inference.atom",
                                                                  "papers.atom"]
    feed = parse(out / "_feeds" / "inference.atom")
    assert feed.feed.title == f"{PROJECT}: new papers in LLM Inference"
    assert [e.id.rsplit("/", 1)[1] for e in feed.entries] == NEWEST_FIRST
    assert feed.feed.link == "../topics/inference.html"


def test_the_same_catalog_gives_the_same_bytes(make_app, project: Path, tmp_path: Path) -> None:
    first = build(make_app, project)
    feeds = {p.name: p.read_bytes() for p in (first / "_feeds").iterdir()}
    shutil.rmtree(project / "_build")
    second = build(make_app, project)
    assert {p.name: p.read_bytes() for p in (second / "_feeds").iterdir()} == feeds


def test_a_new_paper_is_the_first_entry_after_a_rebuild(make_app, project: Path) -> None:
    build(make_app, project)
    today = datetime.date.today().isoformat()
    (project / "catalog" / "papers" / "fresh.yaml").write_text(
        f'title: "Fresh Pruning"\nyear: 2024\nadded: {today}\nvenue: arxiv\n'
        "url: https://arxiv.org/abs/2402.00009\ntopics:\n  pruning: Structured pruning\n",
        encoding="utf-8")
    out = build(make_app, project)
    feed = parse(out / "_feeds" / "papers.atom")
    assert feed.entries[0].id == f"tag:test-catalog,{today}:papers/fresh"
    assert feed.feed.updated == f"{today}T00:00:00+00:00"
    page = (out / "whats-new.html").read_text(encoding="utf-8")
    assert page.index("Fresh Pruning") < page.index("Old Quantization Methods")


def test_a_removed_feed_file_is_written_again(make_app, project: Path) -> None:
    out = build(make_app, project)
    data = (out / "_feeds" / "inference.atom").read_bytes()
    (out / "_feeds" / "inference.atom").unlink()
    build(make_app, project)
    assert (out / "_feeds" / "inference.atom").read_bytes() == data


def test_a_feed_is_written_again_only_when_what_it_lists_changed(
        make_app, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paper_catalog.sphinxext.feeds, "MAX_ENTRIES", 1)  # the newest only
    out = build(make_app, project)
    feeds = [out / "_feeds" / "papers.atom", out / "_feeds" / "inference.atom"]
    assert all(parse(feed).entries[0].title == "Old Quantization Methods" for feed in feeds)
    for feed in feeds:  # a feed written again loses this mark
        feed.write_bytes(b"unchanged")
    papers = project / "catalog" / "papers"

    def retitle(paper_id: str, old: str, new: str) -> None:
        path = papers / f"{paper_id}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    retitle("sparse-cut", "Sparse Cut:", "Sparse Cuts:")  # an older paper, in no feed
    build(make_app, project)
    assert [feed.read_bytes() for feed in feeds] == [b"unchanged", b"unchanged"]
    retitle("old-quant", "Old Quantization Methods", "Newer Quantization Methods")
    build(make_app, project)
    assert all(parse(feed).entries[0].title == "Newer Quantization Methods" for feed in feeds)
    for feed in feeds:
        feed.write_bytes(b"unchanged")
    # another version of the library (as after an upgrade) writes every feed again
    monkeypatch.setattr(paper_catalog.sphinxext.feeds, "library_key", lambda: "another")
    build(make_app, project)
    assert all(parse(feed).entries[0].title == "Newer Quantization Methods" for feed in feeds)


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_every_page_links_its_feeds(make_app, project: Path, builder: str) -> None:
    out = build(make_app, project, builder)
    pages = sorted(out.rglob("*.html"))
    assert pages
    for page in pages:
        links = FEED_LINK.findall(page.read_text(encoding="utf-8"))
        here = page.parent
        resolved = [(title, (here / href).resolve()) for title, href in links]
        assert resolved[0] == (f"{PROJECT}: new papers",
                               (out / "_feeds" / "papers.atom").resolve()), page
        in_area = "topics" in page.relative_to(out).parts
        area = [(f"{PROJECT}: new papers in LLM Inference",
                 (out / "_feeds" / "inference.atom").resolve())]
        assert resolved[1:] == (area if in_area else []), page


def test_with_a_base_url_the_feeds_and_links_are_absolute(make_app, project: Path) -> None:
    out = build(make_app, project, html_baseurl=BASE)
    feed = parse(out / "_feeds" / "papers.atom")
    assert feed.feed.id == urljoin(BASE, "_feeds/papers.atom")
    assert feed.feed.link == urljoin(BASE, "whats-new.html")
    assert feed.entries[0].id == "tag:papers.example.org,2026-11-26:papers/old-quant"
    page = (out / "topics" / "quantization.html").read_text(encoding="utf-8")
    assert [href for _, href in FEED_LINK.findall(page)] == [
        urljoin(BASE, "_feeds/papers.atom"), urljoin(BASE, "_feeds/inference.atom")]


def test_area_titles_are_escaped_in_the_head(make_app, project: Path) -> None:
    topics = project / "catalog" / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace(
        "title: LLM Inference", 'title: "LLM Inference <i>&</i> \\"more\\""', 1), encoding="utf-8")
    out = build(make_app, project)
    page = (out / "topics" / "serving.html").read_text(encoding="utf-8")
    assert ('title="Test Catalog: new papers in LLM Inference &lt;i&gt;&amp;&lt;/i&gt; '
            '&quot;more&quot;"' in page)
    assert parse(out / "_feeds" / "inference.atom").feed.title == (
        'Test Catalog: new papers in LLM Inference <i>&</i> "more"')


def test_no_feeds_outside_html_builds(make_app, project: Path) -> None:
    out = build(make_app, project, "text")
    assert not (out / "_feeds").exists()
    text = (out / "whats-new.txt").read_text(encoding="utf-8")
    assert "feed reader" not in text  # the links to files the build does not write go
    assert "Old Quantization Methods" in text


def test_whats_new_lists_papers_by_month_with_their_topics(make_app, project: Path) -> None:
    out = build(make_app, project)
    page = (out / "whats-new.html").read_text(encoding="utf-8")
    months = re.findall(r'<section id="(added-\d{4}-\d{2})">', page)
    assert months == ["added-2026-11", "added-2026-10", "added-2026-09"]
    november = page[page.index('id="added-2026-11"'):page.index('id="added-2026-10"')]
    assert "November 2026" in november and "2 papers added." in november
    assert november.index("Old Quantization Methods") < november.index("TinyLLM")
    # topics link the paper's rows on their pages
    assert 'href="topics/serving.html#row-tinyllm"' in november
    assert 'href="topics/quantization.html#row-tinyllm"' in november
    assert "&lt;script" in page and "<script>alert" not in page
    feeds = re.search(r'catalog-feeds">.*?</p>', page, re.S)
    assert feeds is not None
    assert re.findall(r'href="([^"]+)"', feeds[0]) == ["_feeds/papers.atom",
                                                      "_feeds/inference.atom"]


def test_the_home_page_shows_the_newest_few_with_their_dates(make_app, project: Path) -> None:
    out = build(make_app, project)
    page = (out / "index.html").read_text(encoding="utf-8")
    items = re.findall(r'<span class="catalog-added">([\d-]+)</span>', page)
    assert items == ["2026-11-26", "2026-11-20"]


def test_whats_new_is_rewritten_when_a_paper_joins(make_app, project: Path) -> None:
    build(make_app, project)
    path = project / "catalog" / "papers" / "sparse-cut.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("added: 2026-10-05",
                                                             "added: 2026-11-27"),
                    encoding="utf-8")
    out = build(make_app, project)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<span class="catalog-added">([\d-]+)</span>', page) == [
        "2026-11-27", "2026-11-26"]
    assert posixpath.basename("whats-new.html") in {p.name for p in out.iterdir()}


def test_a_retitled_paper_writes_whats_new_again_without_reading_it(
        make_app, project: Path, tmp_path: Path) -> None:
    build(make_app, project)
    path = project / "catalog" / "papers" / "tinyllm.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "TinyLLM: Quantized Language Models for Phones", "TinyLLM: Renamed for Phones"),
        encoding="utf-8")
    app = make_app("html", srcdir=project, confoverrides={"project": PROJECT})
    read: set[str] = set()
    app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    app.build()
    assert "whats-new" not in read
    page = (Path(app.outdir) / "whats-new.html").read_text(encoding="utf-8")
    assert "TinyLLM: Renamed for Phones" in page and "Quantized Language" not in page
    copy = tmp_path / "clean"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("_build"))
    assert (build(make_app, copy) / "whats-new.html").read_text(encoding="utf-8") == page


def test_a_month_lists_its_newest_papers_and_counts_the_others(
        make_app, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A month with more papers than a page lists (PER_MONTH; 1 here) shows its newest and
    how many more it had: the page stays small whatever the catalog's size."""
    from paper_catalog.sphinxext import whats_new

    monkeypatch.setattr(whats_new, "PER_MONTH", 1)
    page = (build(make_app, project) / "whats-new.html").read_text(encoding="utf-8")
    november = page[page.index('id="added-2026-11"'):page.index('id="added-2026-10"')]
    assert "2 papers added." in november
    assert "Old Quantization Methods" in november and "TinyLLM" not in november
    assert ("The 1 newest are listed here; see the topic pages for the other 1 paper added "
            "that month.") in november
    october = page[page.index('id="added-2026-10"'):page.index('id="added-2026-09"')]
    assert "newest are listed" not in october  # one paper: all of it is listed
