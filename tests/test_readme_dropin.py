"""The exported README as a drop-in replacement for upstream's: the same text, headings,
anchors and row order, except where the catalog deliberately corrects or normalizes it.

The comparison with upstream uses the catalog as it was imported (tests/data/
imported-catalog); the live catalog's export differs from that one's only by the rows of
the papers added, edited or removed since."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest
import yaml
from upstream import IMPORTED

from paper_catalog.cli import main
from paper_catalog.errors import CatalogError
from paper_catalog.load import load_catalog
from paper_catalog.model import Paper
from paper_catalog.normalize import (
    better_cased,
    canonical_url,
    clean_title,
    fix_keyword,
    normal_title,
    normal_url,
    strip_tracking,
    venue_id,
    venue_index,
)
from paper_catalog.readme.order import arrange
from paper_catalog.readme.parse import WHOLE_LINK, AwesomeReadme, read_readme, unescape
from paper_catalog.readme.render import GENERATED, escape_md, link, render_readme
from paper_catalog.readme.template import parse_template

REPO = Path(__file__).resolve().parents[1]
CATALOG = REPO / "catalog"
UPSTREAM = Path(__file__).parent / "data" / "upstream-README.md"
SMALL = Path(__file__).parent / "roots" / "test-catalog" / "catalog"
CELL = re.compile(r"(?<!\\)\|")
PAPER_ROW = re.compile(r"^\| \d{4} \|")

#: Every line outside the paper rows that the export writes otherwise than upstream, in
#: order: (the start of upstream's line or None, of the export's line or None, why).
DELIBERATE = [
    (None, GENERATED, "the export says it is generated (an HTML comment, not shown)"),
    ("- [Mixed precision training](#mixed-precision-training)",
     "- [Mixed Precision Training](#mixed-precision-training)",
     "topics.yaml writes topic titles in title case; the anchor is the same"),
    ("- [Deployment optimization](#deployment-optimization)",
     "- [Deployment Optimization](#deployment-optimization)", "the same"),
    ("#### Mixed precision training", "#### Mixed Precision Training", "the same"),
    ("### Deployment optimization", "### Deployment Optimization", "the same"),
    ("<!-- software packages designed for real-time tracking of energy consumption and "
     "carbon emissions**. -->", None, "upstream's notes to itself, not shown"),
    ("<!-- tools for predicting the energy usage and carbon footprint before training**. -->",
     None, "the same"),
    ("> You might also find the following helpful for predicting the energy usage and "
     "carbon footprint before actual training or",
     "> You might also find the following helpful for predicting the energy usage and "
     "carbon footprint before actual training.",
     "upstream's sentence breaks off; the export ends it"),
    ("| Long Range Arena (LAG) | a benchmark suite", "| LRA (Long Range Arena) | a benchmark",
     "normalize.TERM_FIXES: the benchmark's paper abbreviates it LRA"),
]


def normalized(line: str) -> str:
    """``line`` with the spacing a reader does not see made uniform: runs of spaces,
    spaces around the line and table cells, the length of a table's ``---`` rule."""
    text = " ".join(line.split())
    if text.startswith("|"):
        body = text[1:-1] if text.endswith("|") and not text.endswith("\\|") else text[1:]
        cells = [re.sub(r"^(:?)-+(:?)$", r"\1---\2", c.strip()) for c in CELL.split(body)]
        text = "| " + " | ".join(cells) + " |"
    return text


def text_lines(text: str) -> list[str]:
    """The non-blank lines of a README, normalized."""
    return [normalized(line) for line in text.splitlines() if line.strip()]


def line_diff(theirs: list[str], ours: list[str]) -> tuple[list[str], list[str]]:
    """(lines only upstream has, lines only the export has), in order."""
    removed, added = [], []
    matcher = difflib.SequenceMatcher(None, theirs, ours, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += theirs[i1:i2]
            added += ours[j1:j2]
    return removed, added


class Rows:
    """Paper rows of upstream's README and of the export: the catalog's paper of each,
    and the row the import's normalizations of form alone would make of upstream's."""

    def __init__(self) -> None:
        self.catalog = load_catalog(IMPORTED)
        self.index = venue_index(
            yaml.safe_load((IMPORTED / "venues.yaml").read_text(encoding="utf-8"))["venues"])
        self.by_key = {}
        for paper in self.catalog.papers.values():
            self.by_key[f"url:{normal_url(paper.url)}"] = paper
            self.by_key[f"title:{normal_title(paper.title)}"] = paper
        upstream = read_readme(UPSTREAM)
        self.spellings: dict[str, list[str]] = {}  # a title's spellings upstream
        for row in upstream.rows:
            self.spellings.setdefault(normal_title(row.title), []).append(
                clean_title(row.title))
        self.upstream = self.upstream_papers(upstream)

    def upstream_papers(self, upstream: AwesomeReadme) -> dict[str, Paper]:
        """The paper of each upstream row (by its line, normalized): found by its title
        or URL, else (both corrected) the next paper of the topic in readme-order.yaml."""
        order = yaml.safe_load((IMPORTED / "readme-order.yaml").read_text(encoding="utf-8"))
        lines = UPSTREAM.read_text(encoding="utf-8").splitlines()
        found: dict[str, Paper] = {}
        for topic in dict.fromkeys(row.topic for row in upstream.rows):
            ids, seen = list(order[topic]), set()
            for row in (r for r in upstream.rows if r.topic == topic):
                paper = self.by_key.get(
                    f"url:{normal_url(canonical_url(row.url))}") or self.by_key.get(
                    f"title:{normal_title(clean_title(row.title))}")
                if paper is None or paper.id not in seen:
                    paper = paper or self.catalog.papers[ids[0]]
                    assert ids and ids.pop(0) == paper.id, (topic, row.title)
                    seen.add(paper.id)
                found[normalized(lines[row.line - 1])] = paper
        return found

    def cells(self, row: str) -> tuple[str, str, str, str, str]:
        year, keyword, cell, venue = (c.strip() for c in CELL.split(row.strip("| "))[:4])
        found = WHOLE_LINK.match(cell)
        assert found, row
        return year, unescape(keyword), unescape(found[1]), found[2], unescape(venue)

    def paper(self, row: str) -> Paper | None:
        """The paper of an upstream row, or of the export's row by its URL."""
        _, _, _, url, _ = self.cells(row)
        return self.upstream.get(row) or self.by_key.get(f"url:{normal_url(url)}")

    def normalized_row(self, row: str) -> str:
        """The row with upstream's spellings as the import writes them: venue short
        names (ArXiv -> arXiv), keyword slips, canonical arXiv URLs, title spacing, and of
        a title spelt twice, the spelling with more capitals."""
        year, keyword, title, url, venue = self.cells(row)
        title = better_cased(self.spellings.get(normal_title(title), [clean_title(title)]))
        vid = venue_id(venue, self.index)
        short = self.catalog.venues[vid].short if vid else venue
        return normalized(f"| {year} | {escape_md(fix_keyword(keyword))} | "
                          f"{link(clean_title(title), canonical_url(strip_tracking(url)))} | "
                          f"{escape_md(short)} |")


@pytest.fixture(scope="module")
def upstream_diff() -> tuple[list[str], list[str]]:
    exported = render_readme(load_catalog(IMPORTED))
    return line_diff(text_lines(UPSTREAM.read_text(encoding="utf-8")), text_lines(exported))


def test_export_differs_from_upstream_only_where_the_catalog_says_why(
        upstream_diff: tuple[list[str], list[str]]) -> None:
    """Exporting the imported catalog gives upstream's README but for paper rows whose
    facts were corrected (the paper's file says why in its ``note``), upstream's spellings
    the import normalizes, and the lines of DELIBERATE."""
    removed, added = upstream_diff
    rows = Rows()
    for side, lines in ((0, removed), (1, added)):
        starts = [entry[side] for entry in DELIBERATE if entry[side]]
        others = [line for line in lines if not PAPER_ROW.match(line)]
        assert len(others) == len(starts), others
        assert [line[:len(start)] for line, start in zip(others, starts, strict=True)] == starts
    removed_rows = [line for line in removed if PAPER_ROW.match(line)]
    added_rows = [line for line in added if PAPER_ROW.match(line)]
    normal_forms = {rows.normalized_row(line) for line in removed_rows}
    unexplained = []
    for side, line in [("-", line) for line in removed_rows] + [("+", line)
                                                                for line in added_rows]:
        paper = rows.paper(line)
        assert paper is not None, f"no paper in the catalog for {line}"
        if paper.note:
            continue  # a corrected fact, explained in the paper's file
        if side == "-" and rows.normalized_row(line) in added_rows:
            continue  # a spelling normalized
        if side == "+" and line in normal_forms:
            continue
        unexplained.append(f"{side} {line}")
    assert unexplained == []


def test_normalizations_of_form_are_few(upstream_diff: tuple[list[str], list[str]]) -> None:
    """Rows that differ without a corrected fact differ by a spelling only (a sample)."""
    removed, added = upstream_diff
    assert ("| 2025 | Hardware optimization | [Explore Activation Sparsity in Recurrent LLMs "
            "for Energy-Efficient Neuromorphic Computing](https://arxiv.org/abs/2501.16337) "
            "| AICAS |") not in added  # the same row: not a difference at all
    assert ("| 2024 | Approximate attention | [LoMA: Lossless Compressed Memory Attention]"
            "(https://arxiv.org/abs/2401.09486) | ArXiv |") in removed
    assert ("| 2024 | Approximate attention | [LoMA: Lossless Compressed Memory Attention]"
            "(https://arxiv.org/abs/2401.09486) | arXiv |") in added


def test_rows_keep_upstreams_order(upstream_diff: tuple[list[str], list[str]]) -> None:
    """Every paper row is in upstream's place: the export has no row that upstream has
    unchanged elsewhere (a moved row shows as removed and added the same)."""
    removed, added = upstream_diff
    assert set(removed) & set(added) == set()


# --- the live catalog against the imported one -------------------------------------------

def paper_files(catalog: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8")
            for p in sorted((catalog / "papers").glob("*.yaml"))}


def other_files(catalog: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8")
            for p in sorted(catalog.iterdir()) if p.is_file()}


def export_lines(catalog: Path) -> tuple[list[str], dict[str, str]]:
    """The normalized lines of the catalog's export, and the paper id of each paper row."""
    loaded = load_catalog(catalog)
    by_url = {normal_url(p.url): p.id for p in loaded.papers.values()}
    lines = text_lines(render_readme(loaded))
    owners = {}
    for line in lines:
        if PAPER_ROW.match(line):
            link = WHOLE_LINK.match(CELL.split(line.strip("| "))[2].strip())
            assert link, line
            owners[line] = by_url[normal_url(link[2])]
    return lines, owners


def unexplained_changes(live: Path, imported: Path = IMPORTED) -> list[str]:
    """Lines where the live catalog's export differs from the imported catalog's that no
    change explains: a row of a paper added, edited or removed since the import may
    differ, another line only when a catalog file other than the papers changed (a new
    topic's heading, the template's text). A row moved is removed and added: unexplained."""
    before, after = paper_files(imported), paper_files(live)
    changed = {pid for pid in before.keys() | after.keys() if before.get(pid) != after.get(pid)}
    others_changed = other_files(live) != other_files(imported)
    old_lines, old_owners = export_lines(imported)
    new_lines, new_owners = export_lines(live)
    removed, added = line_diff(old_lines, new_lines)
    return [f"{side} {line}" for side, lines, owners in (("-", removed, old_owners),
                                                          ("+", added, new_owners))
            for line in lines
            if not (owners.get(line) in changed or (line not in owners and others_changed))]


def test_live_export_differs_from_the_imported_only_by_changed_papers() -> None:
    assert unexplained_changes(CATALOG) == []


def test_an_added_edited_and_removed_paper_change_only_their_rows(tmp_path: Path) -> None:
    target = tmp_path / "catalog"
    shutil.copytree(IMPORTED, target)
    assert main(["--catalog", str(target), "add", "https://arxiv.org/abs/2211.10438",
                 "--title", "SmoothQuant: Accurate and Efficient Post-Training Quantization "
                 "for Large Language Models", "--author", "Guangxuan Xiao",
                 "--author", "Ji Lin", "--author", "Mickael Seznec", "--author", "Hao Wu",
                 "--author", "Julien Demouth", "--author", "Song Han", "--year", "2023",
                 "--venue", "icml", "--topic", "quantization",
                 "--keyword", "Weight-Activation Co-Quantization"]) == 0
    edited = target / "papers" / "alpa.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace(
        "Libraries", "Frameworks"), encoding="utf-8")
    (target / "papers" / "bert.yaml").unlink()
    assert unexplained_changes(target) == []
    (old_lines, old_owners), (new_lines, new_owners) = export_lines(IMPORTED), export_lines(
        target)
    removed, added = line_diff(old_lines, new_lines)
    assert sorted(old_owners[line] for line in removed) == ["alpa", "bert"]
    assert sorted(new_owners[line] for line in added) == ["alpa", "smoothquant"]
    assert ("| 2023 | Weight-Activation Co-Quantization | [SmoothQuant: Accurate and Efficient "
            "Post-Training Quantization for Large Language Models]"
            "(https://arxiv.org/abs/2211.10438) | ICML |") in added


def test_a_moved_row_is_unexplained(tmp_path: Path) -> None:
    """The check sees a row of an unchanged paper that moved (its order file changed)."""
    target = tmp_path / "catalog"
    shutil.copytree(IMPORTED, target)
    order = yaml.safe_load((target / "readme-order.yaml").read_text(encoding="utf-8"))
    order["quantization"].append(order["quantization"].pop(0))
    (target / "readme-order.yaml").write_text(yaml.safe_dump(order), encoding="utf-8")
    moved = unexplained_changes(target)
    first = load_catalog(IMPORTED).papers[yaml.safe_load(
        (IMPORTED / "readme-order.yaml").read_text(encoding="utf-8"))["quantization"][0]]
    assert moved and all(first.url in line for line in moved)
    assert unexplained_changes(target, target) == []


# --- the order of rows ---------------------------------------------------------------------

def paper_of(pid: str, year: int, title: str) -> Paper:
    return Paper(pid, title, year, "arxiv", f"https://example.org/{pid}",
                 (("quantization", "K"),))


def test_new_papers_go_before_the_first_listed_paper_of_their_year_or_older() -> None:
    listed = [paper_of("a", 2024, "A"), paper_of("b", 2025, "B"), paper_of("c", 2023, "C")]
    new = [paper_of("n1", 2024, "Zeta"), paper_of("n2", 2024, "Alpha"),
           paper_of("n3", 2026, "New"), paper_of("n4", 2020, "Old")]
    arranged = arrange([*new, *listed], ["a", "b", "gone", "c"])
    assert [p.id for p in arranged] == ["n3", "n2", "n1", "a", "b", "c", "n4"]
    assert [p.id for p in arrange(listed, [])] == ["b", "a", "c"]  # no order: newest first


def test_adding_a_paper_adds_one_row_and_moves_none(tmp_path: Path) -> None:
    target = tmp_path / "catalog"
    shutil.copytree(CATALOG, target)
    before = render_readme(load_catalog(target)).splitlines()
    (target / "papers" / "a-new-paper.yaml").write_text(
        "title: A New Paper on Quantization\nyear: 2024\nadded: 2026-11-26\nvenue: arxiv\n"
        "url: https://arxiv.org/abs/2405.99999\ntopics:\n  quantization: Weight Quantization\n",
        encoding="utf-8")
    after = render_readme(load_catalog(target)).splitlines()
    removed, added = line_diff(before, after)
    assert removed == []
    assert added == ["| 2024 | Weight Quantization | [A New Paper on Quantization]"
                     "(https://arxiv.org/abs/2405.99999) | arXiv |"]
    row = after.index(added[0])
    assert after[row + 1].startswith("| 2024 |") or after[row + 1].startswith("| 2023 |")


def test_a_bad_order_file_is_reported(tmp_path: Path) -> None:
    target = tmp_path / "catalog"
    shutil.copytree(SMALL, target)
    (target / "readme-order.yaml").write_text("pruning: sparse-cut\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        render_readme(load_catalog(target))
    assert [str(p) for p in caught.value.problems] == [
        f"{target / 'readme-order.yaml'}:1: topic 'pruning': must be a list of paper ids "
        "(write one '  - paper-id' line per row)"]


def test_export_notes_what_the_order_file_lists_in_vain(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "catalog"
    shutil.copytree(SMALL, target)
    (target / "readme-order.yaml").write_text(
        "pruning: [gone, sparse-cut, tinyllm]\ncompression: [sparse-cut]\n", encoding="utf-8")
    assert main(["--catalog", str(target), "export-readme", "-o", str(tmp_path / "R.md")]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines() if "readme-order" in line]
    assert notes == [
        "note: readme-order.yaml: 'pruning' lists 'gone', which has no paper file; remove "
        "the line",
        "note: readme-order.yaml: 'pruning' lists 'tinyllm', which is not listed under that "
        "topic; remove the line",
        "note: readme-order.yaml: 'compression' is not a leaf topic; its order is unused"]


# --- the template ----------------------------------------------------------------------------

def test_template_problems_name_the_line_and_what_to_do() -> None:
    text = ("# Title\n<!-- catalog:contents -->\n<!-- catalog:topic -->\n"
            "<!-- catalog:contents -->\n<!--catalog:reference-->\n")
    with pytest.raises(CatalogError) as caught:
        parse_template(text, "catalog/readme-template.md")
    assert [str(p) for p in caught.value.problems] == [
        "catalog/readme-template.md: marker <!-- catalog:metrics -->: missing (add the line "
        "<!-- catalog:metrics --> where the section of metrics, tools and benchmarks should "
        "go)",
        "catalog/readme-template.md: marker <!-- catalog:topics -->: missing (add the line "
        "<!-- catalog:topics --> where the topic sections with their tables of papers should "
        "go)",
        "catalog/readme-template.md:3: marker <!-- catalog:topic -->: unknown marker (did you "
        "mean <!-- catalog:topics -->? the markers are <!-- catalog:contents -->, "
        "<!-- catalog:topics -->, <!-- catalog:metrics -->, <!-- catalog:reference -->, each "
        "alone on its line)",
        "catalog/readme-template.md:4: marker <!-- catalog:contents -->: appears twice (first "
        "on line 2) (keep one of the two lines)",
    ]


def test_a_bad_template_stops_the_export(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "catalog"
    shutil.copytree(SMALL, target)
    (target / "readme-template.md").write_text(
        "# Title\n<!-- catalog:contents -->\n<!-- catalog:topics -->\n<!-- catalog:metrics -->\n"
        "<!-- catalog:refrence -->\n", encoding="utf-8")
    output = tmp_path / "README.md"
    status = main(["--catalog", str(target), "export-readme", "-o", str(output)])
    out, err = capsys.readouterr()
    assert status == 1 and not output.exists()
    assert f"{target / 'readme-template.md'}:5: marker <!-- catalog:refrence -->: " \
        "unknown marker (did you mean <!-- catalog:reference -->?" in out
    assert f"{target / 'readme-template.md'}: marker <!-- catalog:reference -->: missing" in out
    assert err.endswith("error: fix the problems above before exporting; nothing was written\n")


def test_validate_checks_the_template_and_the_order_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "catalog"
    shutil.copytree(SMALL, target)
    assert main(["--catalog", str(target), "validate"]) == 0
    (target / "readme-template.md").write_text("<!-- catalog:contents -->\n", encoding="utf-8")
    (target / "readme-order.yaml").write_text("- pruning\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--catalog", str(target), "validate"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"{target / 'readme-template.md'}: marker <!-- catalog:metrics -->: "
                      "missing (add the line <!-- catalog:metrics --> where the section of "
                      "metrics, tools and benchmarks should go)")
    assert out[-2] == (f"{target / 'readme-order.yaml'}: file: must be a mapping of topic "
                       "ids to lists of paper ids (write 'topic-id:' lines, each followed by "
                       "'  - paper-id' lines)")
    assert out[-1] == "4 problems in 2 files."


def test_the_template_places_each_part_and_indents_the_contents(tmp_path: Path) -> None:
    target = tmp_path / "catalog"
    shutil.copytree(SMALL, target)
    (target / "readme-template.md").write_text(
        "# My List\n\nIntro, *as written*.\n\n## Contents\n- [Intro](#my-list)\n"
        "  <!-- catalog:contents -->\n\n<!-- catalog:topics -->\n<!-- catalog:metrics -->\n"
        "## Cite us\n<!-- catalog:reference -->\n\nThanks!\n", encoding="utf-8")
    text = render_readme(load_catalog(target))
    lines = text.splitlines()
    assert lines[:6] == [GENERATED, "# My List", "", "Intro, *as written*.", "",
                         "## Contents"]
    assert lines[6:9] == ["- [Intro](#my-list)", "  - [My List](#my-list)",
                          "    - [Contents](#contents)"]
    assert "    - [Cite us](#cite-us)" in lines
    cite = lines.index("## Cite us")
    assert lines[cite + 1:cite + 3] == ["", "    @article{doe2024tiny,"]
    assert lines[-1] == "Thanks!"


# --- metric icons --------------------------------------------------------------------------

@pytest.mark.parametrize("icon", ["⚡️ energy", "⚡ ⚡", "🧮" * 9, "*", "Σ"])
def test_a_bad_icon_is_reported(tmp_path: Path, icon: str) -> None:
    target = tmp_path / "catalog"
    shutil.copytree(SMALL, target)
    path = target / "metrics.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = data["categories"][0]
    data["categories"][0] = {"id": first["id"], "title": first["title"], "icon": icon,
                             "metrics": first["metrics"]}
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(target)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:4: category 'computation', field 'icon': must be one emoji or symbol of at "
        "most 8 characters, without letters, digits, spaces or ASCII (write an emoji, such "
        "as 'icon: ⚡️', or remove the field)"]


def test_icons_are_read_back_from_the_headings() -> None:
    from paper_catalog.readme.importer import metrics_document
    from paper_catalog.readme.parse import read_readme

    categories = metrics_document(read_readme(UPSTREAM))["categories"]
    assert [(c["id"], c.get("icon")) for c in categories] == [
        ("computation", "🧮"), ("memory", "💾"), ("energy", "⚡️"), ("financial-cost", "💵"),
        ("network-communication", "📨"), ("other", "💡")]
    assert list(categories[0]) == ["id", "title", "icon", "metrics"]
