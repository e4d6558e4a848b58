"""Every BibTeX entry formats cleanly in citation styles: the paper's authors, title,
venue and year are in the reference, the curators' note is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from pybtex.database import parse_string
from pybtex.plugin import find_plugin

from paper_catalog.bibtex import catalog_bibtex, paper_bibtex
from paper_catalog.model import Catalog, Organization, Paper, Topic, Venue

NOTE = "Curators say: upstream lists 2023 & a lower-cased title"

#: One venue per kind, its full name as a reference prints it.
VENUES = {
    "icml": Venue("icml", "ICML", "International Conference on Machine Learning",
                  "conference"),
    "jmlr": Venue("jmlr", "JMLR", "Journal of Machine Learning Research", "journal"),
    "wacvw": Venue("wacvw", "WACVW", "WACV Workshops", "workshop", parent=None),
    "arxiv": Venue("arxiv", "arXiv", "arXiv preprint", "preprint"),
    "gh": Venue("gh", "GitHub", "GitHub repository", "software"),
}

#: What each paper's reference must show for its venue.
PRINTED_VENUE = {
    "icml": "International Conference on Machine Learning",
    "jmlr": "Journal of Machine Learning Research",
    "wacvw": "WACV Workshops",
    "arxiv": "arXiv preprint arXiv:2401.00002",
    "gh": "GitHub repository",
}


def _paper(pid: str, venue: str, url: str, title: str, authors: tuple[str, ...]) -> Paper:
    return Paper(pid, title, 2024, venue, url, (("t", "Keyword"),), NOTE, authors)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    papers = [
        _paper("conf", "icml", "https://proceedings.mlr.press/v235/a24.html",
               "QuIP#: Even Better 2-bit Quantization", ("Ada Lovelace", "Alan Turing")),
        _paper("journal", "jmlr", "https://jmlr.org/papers/v1/b.html",
               "Switch Transformers & 50% Sparsity", ("Grace Hopper",)),
        _paper("workshop", "wacvw", "https://openaccess.thecvf.com/x", "Tiny Vision",
               ("Ludwig van Beethoven", "Marie Curie", "Emmy Noether")),
        _paper("preprint", "arxiv", "https://arxiv.org/abs/2401.00002",
               "MoE²: naïve Experts", ("Kurt Gödel",)),
        _paper("software", "gh", "https://github.com/o/r", "A Tool <v2>",
               (Organization("Smith and Jones Lab"), "Barbara Liskov")),
    ]
    return Catalog(root=Path("."), papers={p.id: p for p in papers},
                   topics={"t": Topic("t", "T", "")}, venues=VENUES, metric_categories=(),
                   benchmarks=(), tools=(), reference="")


@pytest.mark.parametrize("style", ["plain", "unsrt", "alpha"])
def test_every_entry_formats_with_authors_title_venue_year_and_no_note(
        catalog: Catalog, style: str) -> None:
    formatter = find_plugin("pybtex.style.formatting", style)()
    data = parse_string(catalog_bibtex(catalog), "bibtex")
    formatted = {entry.key: entry.text.render_as("text")
                 for entry in formatter.format_bibliography(data)}
    assert set(formatted) == set(catalog.papers)
    for pid, text in formatted.items():
        paper = catalog.papers[pid]
        assert paper.title in text, (pid, text)
        assert PRINTED_VENUE[paper.venue] in text, (pid, text)
        assert "2024" in text, (pid, text)
        for name in paper.authors:
            assert name in text, (pid, name, text)
        assert "Curators" not in text and "upstream" not in text, (pid, text)


def test_entry_type_follows_the_venue_kind(catalog: Catalog) -> None:
    entries = parse_string(catalog_bibtex(catalog), "bibtex").entries
    assert {pid: (e.type, sorted({"booktitle", "journal", "howpublished"} & set(e.fields)))
            for pid, e in entries.items()} == {
        "conf": ("inproceedings", ["booktitle"]),
        "journal": ("article", ["journal"]),
        "workshop": ("inproceedings", ["booktitle"]),
        "preprint": ("misc", ["howpublished"]),
        "software": ("misc", ["howpublished"]),
    }
    assert entries["preprint"].fields["eprint"] == "2401.00002"
    assert entries["preprint"].fields["archivePrefix"] == "arXiv"


def test_no_note_field_in_any_entry(catalog: Catalog) -> None:
    for paper in catalog.papers.values():
        text = paper_bibtex(catalog, paper)
        assert "note" not in parse_string(text, "bibtex").entries[paper.id].fields
        assert "Curators" not in text


def test_an_organization_is_one_author_that_no_style_splits(catalog: Catalog) -> None:
    entry = parse_string(paper_bibtex(catalog, catalog.papers["software"]), "bibtex"
                         ).entries["software"]
    group, person = entry.persons["author"]
    assert (group.last_names, group.first_names) == (["{Smith and Jones Lab}"], [])
    assert (person.last_names, person.first_names) == (["Liskov"], ["Barbara"])
