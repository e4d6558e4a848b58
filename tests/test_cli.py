"""The ``paper-catalog`` command: validate, add, export-readme, import-readme."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from upstream import IMPORTED

from paper_catalog.cli import arxiv_id, arxiv_year, main
from paper_catalog.load import load_catalog
from paper_catalog.model import Organization

REPO = Path(__file__).resolve().parents[1]
CATALOG = REPO / "catalog"
UPSTREAM = Path(__file__).parent / "data" / "upstream-README.md"
QUANT = ["--topic", "quantization", "--keyword", "Weight Quantization"]
#: ``add`` needs the authors of a new paper.
BY = ["--author", "Ann Smith"]
TODAY = datetime.date.today().isoformat()


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the catalog as it was imported (the tests name its papers), as
    ./catalog of the working directory."""
    target = tmp_path / "catalog"
    shutil.copytree(IMPORTED, target)
    monkeypatch.chdir(tmp_path)
    return target


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def paper(catalog: Path, pid: str) -> dict:
    return yaml.safe_load((catalog / "papers" / f"{pid}.yaml").read_text(encoding="utf-8"))


# --- validate ---------------------------------------------------------------------------

def test_validate_real_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--catalog", str(CATALOG), "validate")
    assert status == 0
    catalog = load_catalog(CATALOG)
    leaves = sum(t.is_leaf for t in catalog.topics.values())
    assert out == (f"OK: {len(catalog.papers)} papers, {len(catalog.topics)} topics ({leaves} "
                   f"leaf topics), {len(catalog.venues)} venues, {len(catalog.metrics)} "
                   f"metrics, {len(catalog.benchmarks)} benchmarks, {len(catalog.tools)} "
                   "tools.\n")


def test_validate_names_the_dot_files_it_does_not_read(
        catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "papers" / ".DS_Store").write_bytes(b"\0\1")
    (catalog / "papers" / ".gptq.yaml.swp").write_text("title: half-saved")
    status, out, err = run(capsys, "validate")
    assert status == 0 and err == ""
    assert out.splitlines()[1:] == [
        "note: catalog/papers/.DS_Store is not read (its name starts with a dot)",
        "note: catalog/papers/.gptq.yaml.swp is not read (its name starts with a dot)"]


def line_of(text: str, prefix: str) -> int:
    """The 1-based number of the first line of text that starts with prefix."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(prefix))


def test_validate_reports_every_problem_at_once(catalog: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    papers = catalog / "papers"
    text = (papers / "mobilellm.yaml").read_text()
    venue_line = line_of(text, "venue: ")
    (papers / "mobilellm.yaml").write_text(text.replace("venue: icml", "venue: icm"))
    text = (papers / "zero.yaml").read_text()
    year_line = line_of(text, "year: ")
    (papers / "zero.yaml").write_text(text.replace("year: ", "yaer: "))
    (papers / "Bad_Name.yaml").write_text(
        "title: A\nyear: 2024\nvenue: arxiv\nurl: https://a.example/x?utm_source=t\n"
        "topics:\n  quantisation: Weight Quantization\n")
    status, out, _ = run(capsys, "validate")
    assert status == 1
    lines = out.splitlines()
    expected = [
        f"catalog/papers/mobilellm.yaml:{venue_line}: paper 'mobilellm', field 'venue': "
        "unknown venue 'icm' (did you mean 'icml'?)",
        f"catalog/papers/zero.yaml:{year_line}: paper 'zero', field 'yaer': unknown field "
        "(did you mean 'year'?)",
        "catalog/papers/zero.yaml:1: paper 'zero', field 'year': required field is missing "
        "(add 'year: ...')",
        "field 'url': URL has tracking parameter(s) utm_source",
        "unknown topic 'quantisation' (did you mean 'quantization'?)",
        "Bad_Name.yaml:1: paper 'Bad_Name': file name is not a kebab-case id",
    ]
    for text in expected:
        assert any(text in line for line in lines), (text, out)
    assert lines[-1] == f"{len(lines) - 1} problems in 3 files."


def test_validate_without_a_catalog_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "validate")
    assert status == 2
    assert "no catalog folder at catalog" in err and "--catalog PATH" in err


def test_catalog_option_after_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", "--catalog", str(CATALOG))[0] == 0


def test_python_dash_m(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "docs" / "_ext")}
    result = subprocess.run([sys.executable, "-m", "paper_catalog", "--catalog", str(CATALOG),
                             "validate"], capture_output=True, text=True, env=env,
                            cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"OK: {len(load_catalog(CATALOG).papers)} papers")


# --- add --------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "identifier"), [
    ("https://arxiv.org/abs/2405.12345", "2405.12345"),
    ("https://arxiv.org/abs/2405.12345v3", "2405.12345"),
    ("https://arxiv.org/pdf/2405.12345", "2405.12345"),
    ("https://arxiv.org/pdf/2405.12345v2.pdf", "2405.12345"),
    ("https://arxiv.org/html/2405.12345v1", "2405.12345"),
    ("http://www.arxiv.org/abs/2405.1234/", "2405.1234"),
    ("https://arxiv.org/abs/cs/9912012", "cs/9912012"),
    ("https://example.org/abs/2405.12345", None),
    ("https://arxiv.org/list/cs.CL/recent", None),
])
def test_arxiv_id(url: str, identifier: str | None) -> None:
    assert arxiv_id(url) == identifier


def test_arxiv_year() -> None:
    assert arxiv_year("2405.12345") == 2024
    assert arxiv_year("0704.0001") == 2007
    assert arxiv_year("cs/9912012") == 1999
    assert arxiv_year("hep-th/0101001") == 2001


@pytest.mark.parametrize("url", [
    "https://arxiv.org/abs/2405.12345",
    "https://arxiv.org/pdf/2405.12345v2.pdf",
    "https://arxiv.org/html/2405.12345v1",
    "http://www.arxiv.org/abs/2405.12345v3",
])
def test_add_arxiv_paper_derives_venue_year_and_canonical_url(
        catalog: Path, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "add", url, "--title", "TinyQuant: 2-bit  LLMs on Phones",
                           *QUANT, *BY)
    assert status == 0
    canonical = "https://arxiv.org/abs/2405.12345"
    assert err == ("" if url == canonical else
                   f"note: wrote the arXiv URL in its canonical form: {canonical}\n")
    assert out.startswith("Added catalog/papers/tinyquant.yaml:")
    assert "nox -s docs" in out
    assert (catalog / "papers" / "tinyquant.yaml").read_text() == textwrap.dedent(f"""\
        title: 'TinyQuant: 2-bit LLMs on Phones'
        authors:
          - Ann Smith
        year: 2024
        added: {TODAY}
        venue: arxiv
        url: https://arxiv.org/abs/2405.12345
        topics:
          quantization: Weight Quantization
        """)
    assert "tinyquant" in load_catalog(catalog).papers
    status, out, _ = run(capsys, "validate")
    papers = len(list((catalog / "papers").glob("*.yaml")))
    assert status == 0 and out.startswith(f"OK: {papers} papers")


def test_add_strips_tracking_parameters(catalog: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "add", "https://a.example/p?id=3&utm_source=x&fbclid=1",
                         "--title", "Tracked", "--year", "2023", "--venue", "acl", *QUANT, *BY)
    assert status == 0
    assert "removed tracking parameters" in err
    assert paper(catalog, "tracked")["url"] == "https://a.example/p?id=3"


def test_add_with_options_and_several_topics(catalog: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = run(
        capsys, "add", "https://arxiv.org/abs/2301.00001", "--title", "Both Ways",
        "--year", "2023", "--venue", "ICML", "--topic", "pruning", "--keyword", "Unstructured",
        "--topic", "quantization", "--keyword", "Weight Quantization",
        "--note", "Published at ICML 2023.", "--id", "both-ways-2023", *BY)
    assert status == 0
    record = paper(catalog, "both-ways-2023")
    assert record["venue"] == "icml" and record["year"] == 2023
    assert list(record["topics"].items()) == [("pruning", "Unstructured"),
                                              ("quantization", "Weight Quantization")]
    assert record["note"] == "Published at ICML 2023."
    assert load_catalog(catalog).papers["both-ways-2023"].primary_topic == "pruning"


def test_add_with_authors_writes_them_in_order(catalog: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = run(capsys, "add", "https://arxiv.org/abs/2401.99999", "--title",
                       "QQQ: A New Quantizer", "--author", "Ann Smith",
                       "--author", " Bo   Lee ", *QUANT)
    assert status == 0
    text = (catalog / "papers" / "qqq.yaml").read_text()
    assert text.startswith("title: 'QQQ: A New Quantizer'\n"
                           f"authors:\n  - Ann Smith\n  - Bo Lee\nyear: 2024\nadded: {TODAY}\n")
    assert load_catalog(catalog).papers["qqq"].authors == ("Ann Smith", "Bo Lee")


def test_add_takes_organizations_in_their_place_among_the_authors(
        catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = run(capsys, "add", "https://arxiv.org/abs/2401.99999", "--title",
                       "QQQ: A New Quantizer", "--organization", " BigScience  Workshop",
                       "--author", "Ann Smith", "--organization", "Lab, Inc.", *QUANT)
    assert status == 0
    text = (catalog / "papers" / "qqq.yaml").read_text()
    assert ("authors:\n  - organization: BigScience Workshop\n  - Ann Smith\n"
            "  - organization: Lab, Inc.\nyear: 2024\n") in text
    authors = load_catalog(catalog).papers["qqq"].authors
    assert authors == ("BigScience Workshop", "Ann Smith", "Lab, Inc.")
    assert [isinstance(a, Organization) for a in authors] == [True, False, True]


def test_add_refuses_an_organization_on_two_lines(catalog: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "add", "https://arxiv.org/abs/2401.99999", "--title", "X",
                         "--organization", "Big\u2028Science", *QUANT)
    assert status == 2
    assert err == ("error: --organization 'Big\\u2028Science': text has a line break "
                   "(U+2028), but this field is one line (write it on one line)\n")
    assert not (catalog / "papers" / "x.yaml").exists()


def test_add_refuses_an_empty_author(catalog: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "add", "https://arxiv.org/abs/2210.17323", "--title", "X",
                         "--author", " ", *QUANT)
    assert status == 2
    assert err == ("error: an --author is empty: pass each author's name, in the paper's "
                   "order, e.g. --author 'Elias Frantar' --author 'Saleh Ashkboos'\n")


def test_add_id_from_title_avoids_taken_ids(catalog: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "add", "https://a.example/awq3", "--title",
                         "AWQ: A Third Paper", "--year", "2024", "--venue", "acl", *QUANT, *BY)
    assert status == 0
    assert "catalog/papers/awq-2024.yaml" in out


@pytest.mark.parametrize(("args", "field"), [
    (["https://arxiv.org/pdf/2402.14905v1", "--title", "Another title"], "URL"),
    (["https://a.example/other", "--title", "MOBILELLM - optimizing sub-billion parameter "
      "language models for on-device use cases", "--year", "2024", "--venue", "icml"], "title"),
])
def test_add_refuses_a_duplicate(catalog: Path, capsys: pytest.CaptureFixture[str],
                                 args: list[str], field: str) -> None:
    before = sorted((catalog / "papers").iterdir())
    status, _, err = run(capsys, "add", *args, *QUANT, *BY)
    assert status == 1
    assert (f"error: the catalog already has this paper: catalog/papers/mobilellm.yaml has "
            f"the same {field}") in err
    assert sorted((catalog / "papers").iterdir()) == before


def test_add_names_every_missing_option(catalog: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "add", "https://a.example/p")
    assert status == 2
    assert err.splitlines() == [
        'error: pass the paper\'s title with --title "..." (paper-catalog reads nothing '
        "from the network, so it cannot look the title up)",
        "error: the venue cannot be derived from https://a.example/p (only an arXiv URL "
        "gives one): pass --venue ID, an id or short name from catalog/venues.yaml, "
        "e.g. --venue icml",
        f"error: pass at least one --topic ID --keyword TEXT pair (leaf topics: "
        f"{', '.join(t.id for t in load_catalog(catalog).topics.values() if t.is_leaf)})",
        "error: pass --year YYYY, the year of publication: it cannot be derived from "
        "https://a.example/p (only a proceedings URL, or the arXiv id of a paper published "
        "only on arXiv, gives it)",
        "error: pass the paper's authors with --author NAME, one for each author in the "
        "paper's order, e.g. --author 'Elias Frantar' --author 'Saleh Ashkboos'",
    ]
    assert not (catalog / "papers" / "p.yaml").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--venue", "icm", *QUANT], "unknown venue 'icm' (did you mean 'icml'?)"),
    (["--venue", "icml", "--topic", "quantisation", "--keyword", "K"],
     "unknown topic 'quantisation' (did you mean 'quantization'?)"),
    (["--venue", "icml", "--topic", "inference", "--keyword", "K"],
     "topic 'inference' groups other topics: pass one of its leaf topics (pruning, "
     "quantization, input-pruning)"),
    (["--venue", "icml", "--topic", "quantization"],
     "pass one --keyword after each --topic (got 1 --topic and 0 --keyword)"),
    (["--venue", "icml", "--topic", "quantization", "--keyword", " "],
     "the --keyword of topic 'quantization' is empty"),
    (["--venue", "icml", *QUANT, *QUANT], "topic 'quantization' is given twice"),
    (["--venue", "icml", *QUANT, "--id", "Not_Kebab"], "--id 'Not_Kebab' is not a kebab-case"),
])
def test_add_explains_wrong_options(catalog: Path, capsys: pytest.CaptureFixture[str],
                                    args: list[str], message: str) -> None:
    status, _, err = run(capsys, "add", "https://a.example/p", "--title", "T", "--year", "2020",
                         *args, *BY)
    assert status == 2
    assert message in err


def test_add_refuses_an_existing_id(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "add", "https://a.example/p", "--title", "T", "--year", "2020",
                         "--venue", "icml", *QUANT, "--id", "zero", *BY)
    assert status == 1
    assert "catalog/papers/zero.yaml already exists: pass another --id" in err


def test_add_refuses_an_implausible_year_as_a_wrong_option(
        catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    this_year = datetime.date.today().year
    for year in ("2999", "1800"):
        status, out, err = run(capsys, "add", "https://a.example/p", "--title", "Future Paper",
                               "--year", year, "--venue", "icml", *QUANT, *BY)
        assert (status, out, err) == (2, "", (
            f"error: --year {year} is not a plausible year of publication: pass a year from "
            f"1950 to {this_year}\n"))
        assert not (catalog / "papers" / "future-paper.yaml").exists()
    assert run(capsys, "validate")[0] == 0


def test_add_the_first_paper_of_a_new_topic(catalog: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    topics = catalog / "topics.yaml"
    topics.write_text(topics.read_text() + "  - id: green-ai\n    title: Green AI\n"
                      "    summary: Measuring the carbon footprint of models.\n")
    assert run(capsys, "validate")[0] == 1  # a topic without papers
    status, _, err = run(capsys, "add", "https://arxiv.org/abs/2501.00001", "--title", "Green",
                         "--topic", "green-ai", "--keyword", "Carbon", *BY)
    assert status == 0, err
    assert run(capsys, "validate")[0] == 0


def test_add_keeps_a_paper_when_old_problems_remain(catalog: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "papers" / "broken.yaml").write_text("title: [\n")
    status, _, err = run(capsys, "add", "https://arxiv.org/abs/2501.00001", "--title", "Kept",
                         *QUANT, *BY)
    assert status == 0
    assert "the catalog already had 1 problem(s) before this paper" in err
    assert (catalog / "papers" / "kept.yaml").is_file()


# --- export-readme / import-readme -----------------------------------------------------

def test_export_readme_to_a_file_and_to_stdout(catalog: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "README-list.md"
    status, out, err = run(capsys, "export-readme", "-o", str(target))
    assert status == 0 and err == ""
    assert out.startswith(f"Wrote {target}: {len(load_catalog(catalog).papers)} papers")
    status, out, _ = run(capsys, "export-readme")
    assert status == 0
    assert out == target.read_text(encoding="utf-8")
    assert "# Awesome Resource-Efficient LLM Papers" in out


def test_export_readme_refuses_an_invalid_catalog(catalog: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "papers" / "zero.yaml").write_text("title: Zero\n")
    status, out, err = run(capsys, "export-readme", "-o", "out.md")
    assert status == 1
    assert "field 'year': required field is missing" in out
    assert "fix the problems above before exporting" in err
    assert not Path("out.md").exists()


def test_export_readme_notes_what_does_not_read_back(catalog: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = catalog / "papers" / "mobilellm.yaml"
    record = yaml.safe_load(path.read_text())
    record["topics"] = dict(reversed(record["topics"].items()))
    path.write_text(yaml.safe_dump(record, sort_keys=False))
    status, _, err = run(capsys, "export-readme", "-o", "out.md")
    assert status == 0
    assert ("note: paper 'mobilellm': its topics read back in taxonomy order, so its primary "
            "topic becomes 'efficient-transformer-architecture'") in err


@pytest.fixture
def empty_catalog(tmp_path: Path) -> Path:
    target = tmp_path / "fresh"
    target.mkdir()
    for name in ("venues.yaml", "topics.yaml", "tools.yaml"):
        shutil.copy(IMPORTED / name, target / name)
    return target


def test_import_readme(catalog: Path, empty_catalog: Path, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export-readme", "-o", str(tmp_path / "README.md"))[0] == 0
    loaded = load_catalog(catalog)
    papers, rows = len(loaded.papers), sum(len(p.topics) for p in loaded.papers.values())
    status, out, err = run(capsys, "--catalog", str(empty_catalog), "import-readme",
                           str(tmp_path / "README.md"))
    assert status == 0, err
    created = re.match(rf"{rows} rows, {papers} papers: (\d+) files created, 0 updated, "
                       "0 unchanged", out)
    assert created, out
    assert run(capsys, "--catalog", str(empty_catalog), "validate")[0] == 0
    status, out, _ = run(capsys, "--catalog", str(empty_catalog), "import-readme",
                         str(tmp_path / "README.md"))
    assert status == 0
    assert f"0 files created, 0 updated, {created[1]} unchanged" in out


def test_import_readme_reports_the_facts_the_validator_rejects(
        empty_catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Upstream's README contradicts itself (years before the arXiv id, Findings papers
    under the main conference, ...): the import says so and writes nothing."""
    status, out, err = run(capsys, "--catalog", str(empty_catalog), "import-readme",
                           str(UPSTREAM))
    assert status == 1
    assert out.startswith("179 rows, 174 papers: nothing written")
    problems = out.split("catalog problems (nothing written):\n", 1)[1].split("\n", 13)[:13]
    assert (f"  {empty_catalog}/papers/ladder-residual.yaml:2: paper 'ladder-residual', "
            "field 'year': 2024 is before arXiv 2501.06589 was first posted (2025) (use the "
            "year of publication, 2025 or later)") in problems
    assert all(line.startswith(f"  {empty_catalog}/papers/") for line in problems)
    assert "error: the import needs attention" in err
    assert not (empty_catalog / "papers").exists()


def test_import_readme_fails_on_unparsed_rows(empty_catalog: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(textwrap.dedent("""\
        ## System Design
        ### Other Systems
        | Date | Keywords | Paper | Venue |
        | --- | --- | --- | --- |
        | 2023 | Other Systems | [Tabi: A System](https://example.org/tabi) | EuroSys |
        | 20xx | Other Systems | [Broken](https://example.org/broken) | EuroSys |
        """))
    status, out, err = run(capsys, "--catalog", str(empty_catalog), "import-readme", str(readme))
    assert status == 1
    assert "rows not parsed:\n  line 6: date '20xx' is not a four-digit year" in out
    assert err == "error: the import needs attention (see above), so nothing was written\n"
    assert not (empty_catalog / "papers").exists()


def test_import_readme_fails_on_conflicts(catalog: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = catalog / "papers" / "mobilellm.yaml"
    path.write_text(path.read_text().replace("year: 2024", "year: 2023"))
    status, out, _ = run(capsys, "import-readme", str(UPSTREAM))
    assert status == 1
    conflicts = out.split("conflicts (file value kept):\n", 1)[1].splitlines()
    conflict = next(line for line in conflicts if "papers/mobilellm.yaml" in line)
    assert "year" in conflict and "2023" in conflict
    assert "year: 2023" in path.read_text()


def test_import_readme_needs_venues(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--catalog", str(tmp_path), "import-readme", str(UPSTREAM))
    assert status == 2
    assert "venues.yaml is missing: the import maps venue spellings to venue ids" in err
    status, _, err = run(capsys, "--catalog", str(tmp_path), "import-readme", "nope.md")
    assert status == 2 and "no README at nope.md" in err
