"""Unit tests of the catalog loader: each rule, with the exact message a contributor reads."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from catalog_factory import (
    BENCHMARKS,
    MAMBA,
    METRICS,
    MOBILELLM,
    TOOLS,
    TOPICS,
    VENUES,
    paper_yaml,
    write_catalog,
)

from paper_catalog import yaml_source
from paper_catalog.errors import CatalogError
from paper_catalog.load import load_catalog
from paper_catalog.model import Catalog, Organization

REAL_CATALOG = Path(__file__).parents[1] / "catalog"
THIS_YEAR = datetime.date.today().year

PAPER = "papers/mobilellm.yaml"
SUBJECT = "papers/mobilellm.yaml:{line}: paper 'mobilellm', field '{field}'"
YAML_HINT = "(check indentation, colons and quotes)"
NOT_HTTP = "is not an absolute http(s) URL (use the full address, starting with https://)"
NO_PAPER = "no paper is listed under this topic (add a paper with this topic or remove the topic)"
SAME = "(a paper is stored once; list both topics in one file)"

Files = Mapping[str, str | bytes | None]


@pytest.fixture
def catalog_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder for a catalog, also the working directory (messages name files
    relative to it)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def problems(catalog_dir: Path) -> Callable[[Files], list[str]]:
    """Write the minimal catalog with ``files`` changed; return the problem lines.

    Each catalog is also loaded twice with a store of checked paper files (the build's
    way: the second load takes every paper file from the store), which must report
    exactly the same problems.
    """

    def run(files: Files) -> list[str]:
        write_catalog(catalog_dir, files)
        with pytest.raises(CatalogError) as info:
            load_catalog(catalog_dir)
        found = [str(problem) for problem in info.value.problems]
        store = catalog_dir.parent / f"{catalog_dir.name}-papers.pickle"
        for _ in range(2):
            with pytest.raises(CatalogError) as cached:
                load_catalog(catalog_dir, cache=store)
            assert [str(problem) for problem in cached.value.problems] == found
        return found

    return run


def paper_problem(line: int, field: str, reason: str) -> str:
    return f"{SUBJECT.format(line=line, field=field)}: {reason}"


# --- the minimal catalog ---------------------------------------------------------------


def test_minimal_catalog_loads(catalog_dir: Path) -> None:
    catalog = load_catalog(write_catalog(catalog_dir))

    assert isinstance(catalog, Catalog)
    assert catalog.root == catalog_dir
    assert list(catalog.papers) == ["mobilellm", "mamba"]  # newest first
    mobilellm = catalog.papers["mobilellm"]
    assert mobilellm.title == "MobileLLM: Optimizing Sub-billion Parameter Language Models"
    assert (mobilellm.year, mobilellm.venue) == (2024, "icml")
    assert mobilellm.url == "https://arxiv.org/abs/2402.14905"
    assert mobilellm.topics == (("efficient-attention", "Hardware optimization"),)
    assert mobilellm.note == ""
    mamba = catalog.papers["mamba"]
    assert mamba.topics == (("state-space-models", "Selective state spaces"),
                            ("efficient-attention", "Attention-free"))
    assert mamba.primary_topic == "state-space-models"
    assert mamba.keyword("efficient-attention") == "Attention-free"
    assert mamba.keyword("architecture-design") is None

    assert list(catalog.venues) == ["icml", "arxiv"]
    assert catalog.venues["arxiv"].aliases == ("Arxiv", "ArXiv")
    assert catalog.venues["icml"].kind == "conference"
    assert [m.term for m in catalog.metrics] == ["FLOPs", "Latency"]
    assert catalog.metrics[0].examples[0].url == "https://arxiv.org/pdf/2309.13192.pdf"
    assert catalog.metrics[1].examples == ()
    assert catalog.benchmarks[0].paper.url == "https://arxiv.org/pdf/2110.07038.pdf"
    assert [link.label for link in catalog.benchmarks[0].links] == ["GLUE"]
    assert [t.name for t in catalog.tools] == ["CodeCarbon"]
    assert catalog.reference.startswith("@article{bai2024beyond,")


def test_minimal_catalog_topic_tree(catalog_dir: Path) -> None:
    catalog = load_catalog(write_catalog(catalog_dir))

    assert list(catalog.topics) == ["architecture-design", "efficient-attention",
                                    "state-space-models"]
    area = catalog.topics["architecture-design"]
    assert (area.parent, area.depth, area.is_leaf) == (None, 0, False)
    assert area.children == ("efficient-attention", "state-space-models")
    assert area.title == "LLM Architecture Design"
    assert area.summary == "Changes to the model itself."
    leaf = catalog.topics["state-space-models"]
    assert (leaf.parent, leaf.depth, leaf.is_leaf, leaf.children) == (
        "architecture-design", 1, True, ())
    assert catalog.areas == [area]
    assert [t.id for t in catalog.ancestors("state-space-models")] == ["architecture-design"]
    assert catalog.leaves("architecture-design") == ["efficient-attention",
                                                     "state-space-models"]
    assert catalog.leaves("efficient-attention") == ["efficient-attention"]
    assert [p.id for p in catalog.papers_in("efficient-attention")] == ["mobilellm", "mamba"]
    assert [p.id for p in catalog.papers_in("state-space-models")] == ["mamba"]
    # A paper under two leaves of one area appears once in the area.
    assert [p.id for p in catalog.papers_in("architecture-design")] == ["mobilellm", "mamba"]
    # each call is the caller's own list: changing one leaves the next call as it was
    catalog.papers_in("architecture-design").clear()
    catalog.papers_in("state-space-models").clear()
    assert [p.id for p in catalog.papers_in("architecture-design")] == ["mobilellm", "mamba"]
    assert [p.id for p in catalog.papers_in("state-space-models")] == ["mamba"]


def test_papers_of_one_year_are_ordered_by_title_ignoring_case(catalog_dir: Path) -> None:
    catalog = load_catalog(write_catalog(catalog_dir, {
        "papers/zeta.yaml": paper_yaml(title="alpha attention", url="https://example.org/a"),
        "papers/alpha.yaml": paper_yaml(title="Beta attention", url="https://example.org/b"),
    }))

    assert list(catalog.papers) == ["zeta", "alpha", "mobilellm", "mamba"]


def test_text_is_trimmed_and_note_kept(catalog_dir: Path) -> None:
    catalog = load_catalog(write_catalog(catalog_dir, {
        PAPER: paper_yaml(title='"  MobileLLM  "', topics={"efficient-attention": '" Edge "'},
                          note="Venue taken from the paper's page."),
    }))

    paper = catalog.papers["mobilellm"]
    assert (paper.title, paper.topics) == ("MobileLLM", (("efficient-attention", "Edge"),))
    assert paper.note == "Venue taken from the paper's page."


def test_one_problem_message(catalog_dir: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(write_catalog(catalog_dir, {PAPER: paper_yaml(year="1800")}))

    assert str(info.value) == (
        "the catalog has 1 problem:\n"
        f"  {PAPER}:2: paper 'mobilellm', field 'year': 1800 is not a plausible year "
        f"(use a year from 1950 to {THIS_YEAR})")


def test_every_problem_is_reported_at_once_sorted_by_file(catalog_dir: Path) -> None:
    write_catalog(catalog_dir, {
        "venues.yaml": VENUES.replace("kind: preprint", "kind: blog"),
        "tools.yaml": TOOLS.replace("purpose: tracking", "purpose: tracing"),
        PAPER: paper_yaml(year="1800", url="ftp://example.org/mobilellm.pdf"),
        "papers/mamba.yaml": paper_yaml(MAMBA, venue="nips"),
    })

    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_dir)

    assert str(info.value) == "\n".join([
        "the catalog has 5 problems:",
        "  papers/mamba.yaml:3: paper 'mamba', field 'venue': unknown venue 'nips' "
        "(use an id from catalog/venues.yaml or add one)",
        f"  {PAPER}:2: paper 'mobilellm', field 'year': 1800 is not a plausible year "
        f"(use a year from 1950 to {THIS_YEAR})",
        f"  {PAPER}:4: paper 'mobilellm', field 'url': 'ftp://example.org/mobilellm.pdf' "
        f"{NOT_HTTP}",
        "  tools.yaml:4: tool 'CodeCarbon', field 'purpose': unknown purpose 'tracing' "
        "(use one of: tracking, estimation)",
        "  venues.yaml:10: venue 'arxiv', field 'kind': unknown kind 'blog' "
        "(use one of: conference, journal, workshop, preprint, software)",
    ])
    assert [p.file for p in info.value.problems] == [
        "papers/mamba.yaml", PAPER, PAPER, "tools.yaml", "venues.yaml"]


def test_file_names_are_shown_as_given_outside_the_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_catalog(tmp_path / "catalog", {"reference.bib": None})
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")

    with pytest.raises(CatalogError) as info:
        load_catalog(root)

    assert [str(p) for p in info.value.problems] == [
        f"{root / 'reference.bib'}: file: file is missing (restore it from version control)"]


# --- reading YAML ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param('title: "MobileLLM\nyear: 2024\n',
                 f"{PAPER}:3: file: invalid YAML: while scanning a quoted scalar on line 1: "
                 f"found unexpected end of stream {YAML_HINT}", id="unclosed-quote"),
    pytest.param("title: MobileLLM: Optimizing\n",
                 f"{PAPER}:1: file: invalid YAML: mapping values are not allowed in this "
                 f"context {YAML_HINT}", id="colon-in-plain-text"),
    pytest.param(paper_yaml(year="[2024"),
                 f"{PAPER}:3: file: invalid YAML: while parsing a flow sequence on line 2: "
                 f"did not find expected ',' or ']' {YAML_HINT}", id="unclosed-bracket"),
    pytest.param(paper_yaml() + "---\n" + paper_yaml(),
                 f"{PAPER}:8: file: invalid YAML: expected a single document in the stream "
                 f"on line 1: but found another document {YAML_HINT}", id="two-documents"),
    pytest.param(paper_yaml(note="!!python/object/apply:os.system [echo]"),
                 f"{PAPER}:7: file: YAML tags such as '!!python/object/apply:os.system' are not "
                 "allowed (write the plain value without a tag)",
                 id="python-tag"),
    pytest.param(paper_yaml(note='"a\x07b"'),
                 f"{PAPER}:7: file: invalid YAML: unprintable character '\\x07' "
                 "(remove it or write it as an escape in a quoted string)",
                 id="control-character"),
    # a lone surrogate could not be written to catalog.json or any page as UTF-8
    pytest.param(paper_yaml(note='"a\\uD800b"'),
                 f"{PAPER}:7: file: invalid YAML: found invalid Unicode character escape code "
                 f"{YAML_HINT}", id="lone-surrogate"),
    pytest.param(paper_yaml(note="Caf\xe9").encode("latin-1"),
                 f"{PAPER}:7: file: file is not UTF-8 text (save it with UTF-8 encoding)",
                 id="not-utf8"),
])
def test_invalid_yaml_names_file_and_line(problems: Callable[[Files], list[str]],
                                          text: str | bytes, expected: str) -> None:
    assert problems({PAPER: text}) == [expected]


@pytest.mark.parametrize("text", ["", "\n", "# no fields yet\n"])
def test_empty_paper_file(problems: Callable[[Files], list[str]], text: str) -> None:
    assert problems({PAPER: text}) == [
        f"{PAPER}:1: paper 'mobilellm': file is empty "
        "(see CONTRIBUTING.md for the fields of a paper)"]


@pytest.mark.parametrize(("text", "shown"), [
    ("- title: MobileLLM\n- year: 2024\n", "[{'title': 'MobileLLM'}, {'year': 2024}]"),
    ("MobileLLM\n", "'MobileLLM'"),
])
def test_paper_file_root_must_be_a_mapping(problems: Callable[[Files], list[str]], text: str,
                                           shown: str) -> None:
    assert problems({PAPER: text}) == [
        f"{PAPER}:1: paper 'mobilellm': must be a mapping of fields, got {shown} "
        "(write it as 'field: value' lines (title, short, authors, year, added, venue, url, "
        "code, topics, note))"]


@pytest.mark.parametrize(("text", "line"), [
    (paper_yaml(title="&title MobileLLM", note="*title"), 1),
    (paper_yaml(MAMBA, topics={"state-space-models": "&kw Selective",
                               "efficient-attention": "*kw"}), 6),
    ("base: &base {year: 2024}\n<<: *base\n", 1),
])
def test_yaml_anchors_and_aliases_are_rejected(problems: Callable[[Files], list[str]],
                                               text: str, line: int) -> None:
    assert problems({PAPER: text}) == [
        f"{PAPER}:{line}: file: YAML anchors and aliases are not allowed "
        "(write the value out in full)"]


@pytest.mark.parametrize(("text", "key", "line"), [
    (paper_yaml() + "year: 2023\n", "year", 8),  # after 'added', the last line
    (paper_yaml(topics={"efficient-attention": "A", "state-space-models": "B",
                        "efficient-attention ": "C"}), "efficient-attention", 8),
])
def test_duplicate_key_is_rejected(problems: Callable[[Files], list[str]], text: str, key: str,
                                   line: int) -> None:
    assert problems({PAPER: text}) == [
        f"{PAPER}:{line}: file: duplicate key '{key}' (keep only one of them)"]


def test_oversized_file_is_rejected(problems: Callable[[Files], list[str]],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_FILE_BYTES", 1000)
    text = paper_yaml(note="x" * 1000)

    assert problems({PAPER: text}) == [
        f"{PAPER}: file: file is {len(text)} bytes, more than the limit of 1000 "
        "(split it or remove what does not belong in the catalog)"]


def test_too_many_yaml_nodes_are_rejected(problems: Callable[[Files], list[str]],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_NODES", 50)
    text = paper_yaml(note="[" + ", ".join(["x"] * 50) + "]")

    assert problems({PAPER: text}) == [f"{PAPER}: file: file has more than 50 YAML nodes"]


# --- paper fields ------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "year", "venue", "url", "topics"])
def test_required_paper_field_missing(problems: Callable[[Files], list[str]],
                                      field: str) -> None:
    assert problems({PAPER: paper_yaml(drop=(field,))}) == [
        paper_problem(1, field, f"required field is missing (add '{field}: ...')")]


def test_field_without_value_counts_as_missing(problems: Callable[[Files], list[str]]) -> None:
    assert problems({PAPER: paper_yaml(title="")}) == [
        paper_problem(1, "title", "required field is missing (add 'title: ...')")]


@pytest.mark.parametrize(("change", "line", "field", "reason"), [
    ({"year": '"2024"'}, 2, "year", "must be a whole number, got '2024'"),
    ({"year": "true"}, 2, "year", "must be a whole number, got True"),
    ({"year": "2024.0"}, 2, "year", "must be a whole number, got 2024.0"),
    ({"year": "2024-02-22"}, 2, "year",
     "must be a whole number, got '2024-02-22'"),
    ({"title": "42"}, 1, "title", "must be text, got 42"),
    ({"venue": "[icml]"}, 3, "venue", "must be text, got ['icml']"),
    ({"topics": "[efficient-attention]"}, 5, "topics",
     "must be a mapping, got ['efficient-attention']"),
    ({"topics": "efficient-attention"}, 5, "topics",
     "must be a mapping, got 'efficient-attention'"),
    ({"note": "2024"}, 7, "note", "must be text, got 2024"),
], ids=["year-quoted", "year-boolean", "year-float", "year-date", "title-number",
        "venue-list", "topics-list", "topics-text", "note-number"])
def test_paper_field_of_wrong_type(problems: Callable[[Files], list[str]],
                                   change: dict[str, str], line: int, field: str,
                                   reason: str) -> None:
    assert problems({PAPER: paper_yaml(**change)}) == [paper_problem(line, field, reason)]


def test_authors_are_read_in_order_and_trimmed(catalog_dir: Path) -> None:
    catalog = load_catalog(write_catalog(catalog_dir, {
        PAPER: paper_yaml(authors='[Zechun Liu, "  Changsheng   Zhao "]')}))
    assert catalog.papers["mobilellm"].authors == ("Zechun Liu", "Changsheng Zhao")
    assert catalog.papers["mamba"].authors == ()


def test_an_organization_is_an_author_kept_whole(catalog_dir: Path) -> None:
    catalog = load_catalog(write_catalog(catalog_dir, {
        PAPER: paper_yaml(authors="\n  - organization: '  BigScience   Workshop '"
                                  "\n  - Teven Le Scao")}))
    authors = catalog.papers["mobilellm"].authors
    assert authors == ("BigScience Workshop", "Teven Le Scao")
    assert isinstance(authors[0], Organization)
    assert not isinstance(authors[1], Organization)


NAME_HINT = ("write one name per item, e.g. '- Elias Frantar', or "
             "'- organization: BigScience Workshop' for a group")


@pytest.mark.parametrize(("authors", "line", "reason"), [
    ("Zechun Liu", 7, "must be a list, got 'Zechun Liu'"),
    ("[]", 7, "must list at least one author (or remove 'authors:')"),
    ('[Zechun Liu, ""]', 7, f"author #2 must be a name, got '' ({NAME_HINT})"),
    ("\n  - Zechun Liu\n  - [A, B]", 9, f"author #2 must be a name, got ['A', 'B'] ({NAME_HINT})"),
    ("\n  - organization: NVIDIA\n    url: https://nvidia.com", 8,
     "author #1 must be a name, got {'organization': 'NVIDIA', 'url': 'https://nvidia.com'} "
     f"({NAME_HINT})"),
    ("\n  - organisation: NVIDIA", 8,
     f"author #1 must be a name, got {{'organisation': 'NVIDIA'}} ({NAME_HINT})"),
    ("\n  - organization: [NVIDIA]", 8,
     f"author #1 must be a name, got {{'organization': ['NVIDIA']}} ({NAME_HINT})"),
    ('\n  - organization: "A\\u2028B"', 8,
     "author #1: text has a line break (U+2028), but this field is one line (write it on "
     "one line)"),
    ("[Zechun Liu, " + "x" * 501 + "]", 7,
     "author #2: text is 501 characters long, more than the limit of 500 (shorten it)"),
    ('[Zechun Liu, "A\\u0007B"]', 7,
     "author #2: text has a control character (U+0007) (remove it)"),
], ids=["text", "empty-list", "empty-name", "nested-list", "organization-with-more",
        "organisation", "organization-list", "organization-line-break", "too-long",
        "control"])
def test_authors_problems(problems: Callable[[Files], list[str]], authors: str, line: int,
                          reason: str) -> None:
    assert problems({PAPER: paper_yaml(authors=authors)}) == [
        paper_problem(line, "authors", reason)]


def test_long_value_is_shortened_in_the_message(problems: Callable[[Files], list[str]]) -> None:
    assert problems({PAPER: paper_yaml(year='"' + "1" * 100 + '"')}) == [
        paper_problem(2, "year", f"must be a whole number, got '{'1' * 56}...")]


@pytest.mark.parametrize("title", ['""', '"   "'])
def test_empty_title(problems: Callable[[Files], list[str]], title: str) -> None:
    assert problems({PAPER: paper_yaml(title=title)}) == [
        paper_problem(1, "title", "must not be empty")]


def test_misspelt_field_suggests_the_right_one(problems: Callable[[Files], list[str]]) -> None:
    text = paper_yaml(drop=("title",), titel='"MobileLLM"')

    assert problems({PAPER: text}) == [
        paper_problem(1, "title", "required field is missing (add 'title: ...')"),
        paper_problem(6, "titel", "unknown field (did you mean 'title'?)"),
    ]


def test_unknown_field_lists_the_allowed_ones(problems: Callable[[Files], list[str]]) -> None:
    assert problems({PAPER: paper_yaml(doi="10.1000/182")}) == [
        paper_problem(7, "doi",
                      "unknown field (allowed fields: title, short, authors, year, added, "
                      "venue, url, code, topics, note)")]


# --- url ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "/abs/2402.14905",
    "arxiv.org/abs/2402.14905",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://example.org/mobilellm.pdf",
    "https://",
    "http://[2001:db8::1/paper",
], ids=["relative", "no-scheme", "javascript", "data", "ftp", "no-host", "bad-ipv6-host"])
# (a space, and each character a URL may not hold: tests/test_hostile_text.py)
def test_url_must_be_absolute_http(problems: Callable[[Files], list[str]], url: str) -> None:
    assert problems({PAPER: paper_yaml(url=f'"{url}"')}) == [
        paper_problem(4, "url", f"'{url}' {NOT_HTTP}")]


@pytest.mark.parametrize(("query", "params"), [
    ("utm_source=twitter", "utm_source"),
    ("fbclid=IwAR0abc", "fbclid"),
    ("id=7&utm_medium=social&UTM_Campaign=x", "utm_medium, UTM_Campaign"),
])
def test_url_must_not_carry_tracking_parameters(problems: Callable[[Files], list[str]],
                                                query: str, params: str) -> None:
    text = paper_yaml(url=f"https://example.org/mobilellm?{query}")

    assert problems({PAPER: text}) == [
        paper_problem(4, "url", f"URL has tracking parameter(s) {params} "
                                "(remove them from the query string)")]


def test_url_with_ordinary_query_is_accepted(catalog_dir: Path) -> None:
    url = "https://openreview.net/forum?id=abc123"
    catalog = load_catalog(write_catalog(catalog_dir, {PAPER: paper_yaml(url=url)}))

    assert catalog.papers["mobilellm"].url == url


# --- year --------------------------------------------------------------------------------


def test_year_in_the_future(problems: Callable[[Files], list[str]]) -> None:
    year = THIS_YEAR + 1

    assert problems({PAPER: paper_yaml(year=str(year))}) == [
        paper_problem(2, "year", f"{year} is in the future "
                                 "(use the year the paper was published)")]


@pytest.mark.parametrize("year", [1800, 1949, -1])
def test_implausible_year(problems: Callable[[Files], list[str]], year: int) -> None:
    assert problems({PAPER: paper_yaml(year=str(year))}) == [
        paper_problem(2, "year", f"{year} is not a plausible year "
                                 f"(use a year from 1950 to {THIS_YEAR})")]


@pytest.mark.parametrize("year", [1950, THIS_YEAR])
def test_first_and_last_plausible_years(catalog_dir: Path, year: int) -> None:
    catalog = load_catalog(write_catalog(catalog_dir, {PAPER: paper_yaml(
        year=str(year), url="https://example.org/mobilellm")}))

    assert catalog.papers["mobilellm"].year == year


# --- venue and topics --------------------------------------------------------------------


@pytest.mark.parametrize(("venue", "hint"), [
    ("icm", "did you mean 'icml'?"),
    ("neurips", "use an id from catalog/venues.yaml or add one"),
])
def test_unknown_venue(problems: Callable[[Files], list[str]], venue: str, hint: str) -> None:
    assert problems({PAPER: paper_yaml(venue=venue)}) == [
        paper_problem(3, "venue", f"unknown venue '{venue}' ({hint})")]


@pytest.mark.parametrize(("topic", "hint"), [
    ("efficient-atention", "did you mean 'efficient-attention'?"),
    ("quantization", "use a leaf topic id from catalog/topics.yaml"),
])
def test_unknown_topic(problems: Callable[[Files], list[str]], topic: str, hint: str) -> None:
    text = paper_yaml(topics={"efficient-attention": "Edge", topic: "Quantization"})

    assert problems({PAPER: text}) == [
        paper_problem(7, "topics", f"unknown topic '{topic}' ({hint})")]


def test_paper_under_a_group_topic(problems: Callable[[Files], list[str]]) -> None:
    text = paper_yaml(topics={"architecture-design": "Edge"})

    assert problems({PAPER: text}) == [paper_problem(
        6, "topics", "'architecture-design' groups other topics; list the paper under a leaf "
                     "topic (one of: efficient-attention, state-space-models)")]


def test_empty_topics_mapping(problems: Callable[[Files], list[str]]) -> None:
    assert problems({PAPER: paper_yaml(topics="{}")}) == [paper_problem(
        5, "topics", "must list at least one topic (add 'topic-id: Keyword' under 'topics:')")]


@pytest.mark.parametrize(("keyword", "shown"), [('""', "''"), ('"  "', "'  '"), ("", "None"),
                                                ("3", "3")])
def test_keyword_must_be_non_empty_text(problems: Callable[[Files], list[str]], keyword: str,
                                        shown: str) -> None:
    text = paper_yaml(topics={"efficient-attention": keyword})

    assert problems({PAPER: text}) == [paper_problem(
        6, "topics", f"keyword for 'efficient-attention' must be non-empty text, got {shown} "
                     "(write 'efficient-attention: Keyword shown in the table')")]


def test_leaf_topic_without_paper(problems: Callable[[Files], list[str]]) -> None:
    mamba = paper_yaml(MAMBA, topics={"efficient-attention": "Attention-free"})

    assert problems({"papers/mamba.yaml": mamba}) == [
        f"topics.yaml:9: topic 'state-space-models': {NO_PAPER}"]


def test_invalid_paper_still_lists_its_topics(problems: Callable[[Files], list[str]]) -> None:
    # Only the year is wrong: its topic must not also be reported as having no paper.
    assert problems({"papers/mamba.yaml": paper_yaml(MAMBA, year="1800")}) == [
        "papers/mamba.yaml:2: paper 'mamba', field 'year': 1800 is not a plausible year "
        f"(use a year from 1950 to {THIS_YEAR})"]


# --- duplicates --------------------------------------------------------------------------


@pytest.mark.parametrize("title", [
    '"mobilellm -- optimizing sub-billion parameter language models!"',
    '"MobileLLM:  Optimizing Sub-Billion Parameter Language Models."',
])
def test_duplicate_title(problems: Callable[[Files], list[str]], title: str) -> None:
    copy = paper_yaml(title=title, url="https://example.org/mobilellm")

    assert problems({"papers/tiny-llm.yaml": copy}) == [
        "papers/tiny-llm.yaml:1: paper 'tiny-llm', field 'title': same title as paper "
        f"'mobilellm' (papers/mobilellm.yaml) {SAME}"]


@pytest.mark.parametrize("url", [
    "http://arxiv.org/abs/2402.14905",
    "https://arxiv.org/pdf/2402.14905",
    "https://arxiv.org/pdf/2402.14905v2.pdf",
    "https://www.arxiv.org/abs/2402.14905/",
])
def test_duplicate_url(problems: Callable[[Files], list[str]], url: str) -> None:
    copy = paper_yaml(title="Tiny LLM", url=url)

    found = problems({"papers/tiny-llm.yaml": copy})
    assert "papers/tiny-llm.yaml:4: paper 'tiny-llm', field 'url': same url as paper " \
        f"'mobilellm' (papers/mobilellm.yaml) {SAME}" in found
    assert len(found) == 2  # and the URL is not in canonical form


# --- files and folders -------------------------------------------------------------------


def test_file_name_not_kebab_case(problems: Callable[[Files], list[str]]) -> None:
    other = paper_yaml(title="Other", url="https://example.org/other")

    assert problems({"papers/Bad_Name.yaml": other}) == [
        "papers/Bad_Name.yaml:1: paper 'Bad_Name': file name is not a kebab-case id "
        "(rename it to lowercase letters, digits and dashes, e.g. 'mobilellm.yaml')"]


def test_bad_file_name_and_invalid_yaml_are_both_reported(
        problems: Callable[[Files], list[str]]) -> None:
    assert problems({"papers/Bad_Name.yaml": 'title: "Other\n'}) == [
        "papers/Bad_Name.yaml:1: paper 'Bad_Name': file name is not a kebab-case id "
        "(rename it to lowercase letters, digits and dashes, e.g. 'mobilellm.yaml')",
        "papers/Bad_Name.yaml:2: file: invalid YAML: while scanning a quoted scalar on line 1: "
        f"found unexpected end of stream {YAML_HINT}",
    ]


@pytest.mark.parametrize("name", ["papers/x.yml", "papers/notes.txt", "papers/old/x.yaml"])
def test_only_paper_files_in_papers_folder(problems: Callable[[Files], list[str]],
                                           name: str) -> None:
    shown = "/".join(name.split("/")[:2])

    assert problems({name: paper_yaml(title="Other", url="https://example.org/x")}) == [
        f"{shown}: file: not a paper file (paper files are named <id>.yaml)"]


def test_hidden_files_in_papers_folder_are_ignored(catalog_dir: Path) -> None:
    catalog = load_catalog(write_catalog(catalog_dir, {"papers/.mobilellm.yaml.swp": "x"}))

    assert list(catalog.papers) == ["mobilellm", "mamba"]


def test_missing_papers_folder(problems: Callable[[Files], list[str]]) -> None:
    # Reported once, not once more for every topic that then has no paper.
    assert problems({PAPER: None, "papers/mamba.yaml": None}) == [
        "papers: folder: the papers folder is missing"]


@pytest.mark.parametrize("name", ["venues.yaml", "topics.yaml", "metrics.yaml",
                                  "benchmarks.yaml", "tools.yaml", "reference.bib"])
def test_missing_file(problems: Callable[[Files], list[str]], name: str) -> None:
    # Papers naming venues or topics are not reported as well.
    assert problems({name: None}) == [
        f"{name}: file: file is missing (restore it from version control)"]


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("venues.yaml", "", "venues.yaml:1: venues, field 'venues': "
                        "the file must hold a list under 'venues:'"),
    ("venues.yaml", "venue:\n  - id: icml\n", "venues.yaml:1: venues, field 'venues': "
                                              "the file must hold a list under 'venues:'"),
    ("topics.yaml", "areas: architecture-design\n",
     "topics.yaml:1: topics, field 'areas': the file must hold a list under 'areas:'"),
    ("venues.yaml", "venues: [\n",
     f"venues.yaml:2: file: invalid YAML: did not find expected node content {YAML_HINT}"),
])
def test_unusable_venues_or_topics_file_is_reported_once(
        problems: Callable[[Files], list[str]], name: str, text: str, expected: str) -> None:
    assert problems({name: text}) == [expected]


def test_reference_must_be_bibtex(problems: Callable[[Files], list[str]]) -> None:
    assert problems({"reference.bib": "Bai et al. 2024\n"}) == [
        "reference.bib:1: reference: must hold one BibTeX entry starting with '@'"]


def test_unknown_top_level_key(problems: Callable[[Files], list[str]]) -> None:
    assert problems({"tools.yaml": TOOLS + "extra: 1\n"}) == [
        "tools.yaml:6: tools, field 'extra': unknown top-level key "
        "(only 'tools:' is allowed here)"]


# --- venues.yaml, topics.yaml, metrics.yaml, benchmarks.yaml, tools.yaml -----------------


def test_venue_kind_unknown(problems: Callable[[Files], list[str]]) -> None:
    assert problems({"venues.yaml": VENUES.replace("kind: preprint", "kind: blog")}) == [
        "venues.yaml:10: venue 'arxiv', field 'kind': unknown kind 'blog' "
        "(use one of: conference, journal, workshop, preprint, software)"]


def test_venue_duplicate_id(problems: Callable[[Files], list[str]]) -> None:
    venues = VENUES + ("  - id: icml\n    short: ICML\n    name: ICML again\n"
                       "    kind: conference\n")

    assert problems({"venues.yaml": venues}) == [
        "venues.yaml:12: venue 'icml', field 'id': duplicate venue id"]


def test_venue_alias_of_two_venues(problems: Callable[[Files], list[str]]) -> None:
    venues = VENUES.replace("[Arxiv, ArXiv]", "[Arxiv, icml]")

    assert problems({"venues.yaml": venues}) == [
        "venues.yaml:11: venue 'arxiv', field 'aliases': "
        "alias 'icml' is also an alias of venue 'icml'"]


WORKSHOP = ("  - id: icml-workshops\n    short: ICML Workshops\n"
            "    name: ICML Workshops\n    kind: workshop\n    parent: icml\n")


def test_workshop_has_its_parent_venue(tmp_path: Path) -> None:
    catalog = load_catalog(write_catalog(tmp_path, {"venues.yaml": VENUES + WORKSHOP}))
    assert catalog.venues["icml-workshops"].parent == "icml"
    assert catalog.venues["icml"].parent is None


@pytest.mark.parametrize(("workshop", "where", "message"), [
    (WORKSHOP.replace("parent: icml", "parent: icm"), "16: venue 'icml-workshops'",
     "unknown venue 'icm' (did you mean 'icml'?)"),
    (WORKSHOP.replace("kind: workshop", "kind: conference"), "16: venue 'icml-workshops'",
     "only a workshop has a parent, not a conference (remove 'parent:' or set "
     "'kind: workshop')"),
    (WORKSHOP + WORKSHOP.replace("icml-workshops", "w2").replace("parent: icml",
                                                                "parent: icml-workshops"),
     "21: venue 'w2'",
     "'icml-workshops' is a workshop itself (name the conference the workshop is held at)"),
], ids=["unknown", "not-a-workshop", "parent-workshop"])
def test_workshop_parent_problems(problems: Callable[[Files], list[str]], workshop: str,
                                  where: str, message: str) -> None:
    assert problems({"venues.yaml": VENUES + workshop}) == [
        f"venues.yaml:{where}, field 'parent': {message}"]


def test_venue_id_not_kebab_case(problems: Callable[[Files], list[str]]) -> None:
    venues = VENUES.replace("id: arxiv", "id: arXiv")

    assert problems({"venues.yaml": venues,
                     "papers/mamba.yaml": paper_yaml(MAMBA, venue="arXiv")}) == [
        "venues.yaml:7: venue 'arXiv', field 'id': must be a kebab-case id "
        "(use lowercase letters, digits and dashes, e.g. 'neurips')"]


def test_venue_missing_field(problems: Callable[[Files], list[str]]) -> None:
    venues = VENUES.replace("    name: arXiv preprint\n", "")

    assert problems({"venues.yaml": venues}) == [
        "papers/mamba.yaml:3: paper 'mamba', field 'venue': unknown venue 'arxiv' "
        "(use an id from catalog/venues.yaml or add one)",
        "venues.yaml:7: venue 'arxiv', field 'name': required field is missing "
        "(add 'name: ...')",
    ]


def test_topic_duplicate_id(problems: Callable[[Files], list[str]]) -> None:
    topics = TOPICS + ("      - id: efficient-attention\n        title: Again\n"
                       "        summary: Again.\n")

    assert problems({"topics.yaml": topics}) == [
        "topics.yaml:12: topic 'efficient-attention', field 'id': duplicate topic id"]


def test_topic_with_empty_topics_list(problems: Callable[[Files], list[str]]) -> None:
    topics = TOPICS + "  - id: training\n    title: Training\n    summary: S.\n    topics: []\n"

    assert problems({"topics.yaml": topics}) == [
        f"topics.yaml:12: topic 'training': {NO_PAPER}",
        "topics.yaml:15: topic 'training', field 'topics': must list at least one topic "
        "(or remove 'topics:')",
    ]


def test_topic_id_not_kebab_case(problems: Callable[[Files], list[str]]) -> None:
    topics = TOPICS.replace("id: state-space-models", "id: state_space_models")
    mamba = paper_yaml(MAMBA, topics={"state_space_models": "S", "efficient-attention": "A"})

    assert problems({"topics.yaml": topics, "papers/mamba.yaml": mamba}) == [
        "topics.yaml:9: topic 'state_space_models', field 'id': must be a kebab-case id "
        "(use lowercase letters, digits and dashes, e.g. 'quantization')"]


def test_metric_duplicate_term(problems: Callable[[Files], list[str]]) -> None:
    assert problems({"metrics.yaml": METRICS.replace("term: Latency", "term: flops")}) == [
        "metrics.yaml:11: metric 'flops', field 'term': duplicate glossary term"]


def test_metric_example_with_bad_url(problems: Callable[[Files], list[str]]) -> None:
    metrics = METRICS.replace("url: https://arxiv.org/pdf/2309.13192.pdf",
                              "url: arxiv.org/pdf/2309.13192.pdf")

    assert problems({"metrics.yaml": metrics}) == [
        "metrics.yaml:10: metric 'FLOPs', field 'examples': 'arxiv.org/pdf/2309.13192.pdf' "
        f"{NOT_HTTP}"]


def test_benchmark_without_paper(problems: Callable[[Files], list[str]]) -> None:
    benchmarks = BENCHMARKS.split("    paper:\n")[0]

    assert problems({"benchmarks.yaml": benchmarks}) == [
        "benchmarks.yaml:2: benchmark 'ELUE', field 'paper': required field is missing "
        "(add 'paper: ...')"]


def test_benchmark_link_with_tracking_url(problems: Callable[[Files], list[str]]) -> None:
    benchmarks = BENCHMARKS.replace("1804.07461.pdf", "1804.07461.pdf?utm_source=x")

    assert problems({"benchmarks.yaml": benchmarks}) == [
        "benchmarks.yaml:7: benchmark 'ELUE', field 'links': URL has tracking parameter(s) "
        "utm_source (remove them from the query string)"]


def test_tool_unknown_purpose(problems: Callable[[Files], list[str]]) -> None:
    assert problems({"tools.yaml": TOOLS.replace("purpose: tracking", "purpose: tracing")}) == [
        "tools.yaml:4: tool 'CodeCarbon', field 'purpose': unknown purpose 'tracing' "
        "(use one of: tracking, estimation)"]


# --- the real catalog --------------------------------------------------------------------


def test_real_catalog_loads_without_problems() -> None:
    catalog = load_catalog(REAL_CATALOG)

    assert len(catalog.papers) == len(list((REAL_CATALOG / "papers").glob("*.yaml")))
    # every topic has its page (no count of the live catalog is pinned)
    pages = {p.stem for p in (REAL_CATALOG.parent / "docs" / "topics").glob("*.md")}
    assert set(catalog.topics) == pages
    assert all(catalog.papers_in(tid) for tid in catalog.topics)


# --- facts the URL gives away --------------------------------------------------------------

SAME_WORK = ("(one work is one entry: merge the two files, keep the main publication's facts "
             "and name the other version in 'note')")


@pytest.mark.parametrize(("change", "line", "field", "reason"), [
    ({"year": "2023"}, 2, "year",
     "2023 is before arXiv 2402.14905 was first posted (2024) "
     "(use the year of publication, 2024 or later)"),
    ({"url": "https://arxiv.org/pdf/2402.14905v2"}, 4, "url",
     "an arXiv URL must be the abstract page, without version, www or http "
     "(use https://arxiv.org/abs/2402.14905)"),
    ({"url": "http://www.arxiv.org/abs/2402.14905"}, 4, "url",
     "an arXiv URL must be the abstract page, without version, www or http "
     "(use https://arxiv.org/abs/2402.14905)"),
    ({"url": "https://arxiv.org/html/2402.14905v1"}, 4, "url",
     "an arXiv URL must be the abstract page, without version, www or http "
     "(use https://arxiv.org/abs/2402.14905)"),
    ({"url": "https://proceedings.neurips.cc/paper/2022/hash/abc-Abstract.html"}, 2, "year",
     "2024 disagrees with the URL (NeurIPS proceedings /paper/2022/) "
     "(use 2022, or link the paper's own page)"),
    ({"url": "https://proceedings.neurips.cc/paper_files/paper/2023/file/abc-Paper.pdf"}, 2,
     "year", "2024 disagrees with the URL (NeurIPS proceedings /paper/2023/) "
     "(use 2023, or link the paper's own page)"),
    ({"url": "https://aclanthology.org/2023.acl-long.1/"}, 2, "year",
     "2024 disagrees with the URL (ACL Anthology 2023.acl-long.1) "
     "(use 2023, or link the paper's own page)"),
    ({"url": "https://aclanthology.org/N19-1423/"}, 2, "year",
     "2024 disagrees with the URL (ACL Anthology N19-1423) "
     "(use 2019, or link the paper's own page)"),
    ({"url": "https://proceedings.mlr.press/v202/kim23l.html"}, 2, "year",
     "2024 disagrees with the URL (PMLR volume 202, ICML 2023) "
     "(use 2023, or link the paper's own page)"),
    ({"url": "https://openaccess.thecvf.com/content/CVPR2023/html/X_paper.html"}, 2, "year",
     "2024 disagrees with the URL (CVF CVPR2023) (use 2023, or link the paper's own page)"),
    ({"url": "https://proceedings.mlr.press/v235/liu24x.html", "venue": "arxiv"}, 3, "venue",
     "'arxiv' disagrees with the URL (PMLR volume 235, ICML 2024) (use 'icml')"),
    ({"url": "https://aclanthology.org/2024.findings-acl.57/"}, 3, "venue",
     "'icml' disagrees with the URL (ACL Anthology 2024.findings-acl.57), a Findings paper "
     "(use a Findings venue id)"),
    ({"url": "https://openaccess.thecvf.com/content/WACV2024W/X/html/Y.html"}, 3, "venue",
     "'icml' disagrees with the URL (CVF WACV2024W), a workshop paper "
     "(use a venue of kind 'workshop' (add one with 'parent:' if needed))"),
], ids=["arxiv-year", "arxiv-pdf", "arxiv-www-http", "arxiv-html", "neurips", "neurips-files",
        "anthology", "anthology-old", "pmlr-year", "cvf-year", "pmlr-venue", "findings",
        "cvf-workshop"])
def test_facts_the_url_contradicts(problems: Callable[[Files], list[str]],
                                   change: dict[str, str], line: int, field: str,
                                   reason: str) -> None:
    assert problems({PAPER: paper_yaml(**change)}) == [paper_problem(line, field, reason)]


def valid(catalog_dir: Path, files: Files) -> None:
    """The minimal catalog with ``files`` changed loads without a problem."""
    load_catalog(write_catalog(catalog_dir, files))


@pytest.mark.parametrize("url", ["https://openreview.net/forum?id=2022abc",
                                 "https://proceedings.mlr.press/v1/x.html"])
def test_openreview_and_other_pages_say_nothing(catalog_dir: Path, url: str) -> None:
    valid(catalog_dir, {PAPER: paper_yaml(url=url)})


def test_findings_and_workshop_venues_name_the_fitting_id(
        catalog_dir: Path, problems: Callable[[Files], list[str]]) -> None:
    venues = VENUES + ("  - id: icml-findings\n    short: F\n    name: F\n"
                       "    kind: conference\n"
                       "  - id: icml-workshops\n    short: W\n    name: W\n"
                       "    kind: workshop\n    parent: icml\n")
    assert problems({"venues.yaml": venues,
                     PAPER: paper_yaml(url="https://aclanthology.org/2024.findings-acl.57/")
                     }) == [paper_problem(3, "venue",
                                          "'icml' disagrees with the URL (ACL Anthology "
                                          "2024.findings-acl.57), a Findings paper "
                                          "(use 'icml-findings')")]
    assert problems({"venues.yaml": venues, PAPER: paper_yaml(
        url="https://openaccess.thecvf.com/content_ICCV_2024_workshops/X/html/Y.html")}) == [
        paper_problem(3, "venue", "'icml' disagrees with the URL (CVF ICCV2024W), a workshop "
                                  "paper (use 'icml-workshops')")]
    workshop = paper_yaml(venue="icml-workshops",
                          url="https://openaccess.thecvf.com/content/WACV2024W/X/html/Y.html")
    valid(catalog_dir, {"venues.yaml": venues, PAPER: workshop})


@pytest.mark.parametrize(("title", "year", "url", "field", "why"), [
    ('"Mamba: Linear-Time Sequence Modelling"', "2023",
     "https://export.arxiv.org/abs/2312.00752v2", "url", "both are arXiv 2312.00752"),
    ('"MAMBAS: linear time sequence modelings with selective state space"', "2020",
     "https://example.org/m", "title",
     "the titles differ only in case, punctuation or a plural"),
    ('"Mamba: Lineartime Sequence Modeling with Selective State-Spaces and More"', "2024",
     "https://example.org/m", "title",
     "nearly the same title, and 2023 and 2024 are at most a year apart"),
], ids=["arxiv-id", "plural", "near"])
def test_two_entries_for_one_work(problems: Callable[[Files], list[str]], title: str,
                                  year: str, url: str, field: str, why: str) -> None:
    copy = paper_yaml(MAMBA, title=title, year=year, url=url)
    line = 1 if field == "title" else 4
    found = problems({"papers/mamba2.yaml": copy})
    assert found[-1] == (
        f"papers/mamba2.yaml:{line}: paper 'mamba2', field '{field}': same work as paper "
        f"'mamba' (papers/mamba.yaml): {why} {SAME_WORK}")
    # an export.arxiv.org URL is also not in canonical form
    assert len(found) == (2 if "export" in url else 1)


@pytest.mark.parametrize(("title", "year"), [
    ('"Mamba: Lineartime Sequence Modeling with Selective State-Spaces and More"', "2021"),
    ('"Mamba 2: Linear-Time Sequence Modeling with Selective State Spaces"', "2023"),
], ids=["years-apart", "numbered"])
def test_near_titles_of_different_works(catalog_dir: Path, title: str, year: str) -> None:
    copy = paper_yaml(MAMBA, title=title, year=year, url="https://example.org/m")
    valid(catalog_dir, {"papers/mamba2.yaml": copy})


@pytest.mark.parametrize(("keyword", "in_use"), [
    ("hardware Optimizations", "Hardware optimization"),
    ("Hardware-optimization", "Hardware optimization"),
    ("Hardware optimisation", "Hardware optimization"),
], ids=["case-plural", "punctuation", "slip"])
def test_keyword_spelled_two_ways_in_a_topic(problems: Callable[[Files], list[str]],
                                             keyword: str, in_use: str) -> None:
    other = paper_yaml(MOBILELLM, title='"Another"', url="https://example.org/x",
                       topics={"efficient-attention": keyword})
    assert problems({"papers/zzz.yaml": other}) == [
        f"papers/zzz.yaml:6: paper 'zzz', field 'topics': keyword '{keyword}' of topic "
        f"'efficient-attention' is another spelling of '{in_use}', which paper 'mobilellm' "
        f"(papers/mobilellm.yaml) uses there (use '{in_use}')"]


@pytest.mark.parametrize("keyword", ["Software optimization", "Hardware", "Encoder",
                                     "Unstructured"])
def test_different_keywords_are_not_variants(catalog_dir: Path, keyword: str) -> None:
    files = {"papers/a.yaml": paper_yaml(MOBILELLM, title='"A"', url="https://example.org/a",
                                         topics={"efficient-attention": keyword})}
    if keyword in ("Encoder", "Unstructured"):
        counterpart = {"Encoder": "Decoder", "Unstructured": "Structured"}[keyword]
        files["papers/b.yaml"] = paper_yaml(MOBILELLM, title='"B"', url="https://example.org/b",
                                            topics={"efficient-attention": counterpart})
    valid(catalog_dir, files)
