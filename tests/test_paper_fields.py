"""The ``added`` date, the ``short`` name and placeholder titles: in paper files (each rule
with the exact message) and in what ``paper-catalog add`` and ``import-readme`` write."""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml
from catalog_factory import MAMBA, paper_yaml, write_catalog

from paper_catalog.cli import main
from paper_catalog.errors import CatalogError
from paper_catalog.field_rules import added_date
from paper_catalog.json_export import paper_record
from paper_catalog.load import load_catalog

REPO = Path(__file__).resolve().parents[1]
TODAY = datetime.date.today()
PAPER = "papers/mobilellm.yaml"
ADDED_LINE = 7  # the factory writes it last: after title, year, venue, url, topics (2 lines)
ADDED_HINT = ("(write the day the paper joined the catalog as YYYY-MM-DD, e.g. "
              "'added: 2026-11-27')")
Files = Mapping[str, str | bytes | None]


@pytest.fixture
def problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[Files], list[str]]:
    """The problem lines of the minimal catalog with ``files`` changed (also when loaded
    twice through a store of checked paper files, as the build loads it)."""
    monkeypatch.chdir(tmp_path)

    def run(files: Files) -> list[str]:
        root = write_catalog(tmp_path / "catalog", files)
        found = []
        for store in (None, tmp_path / "store.pickle", tmp_path / "store.pickle"):
            with pytest.raises(CatalogError) as info:
                load_catalog(root, cache=store)
            found.append([str(p).removeprefix("catalog/") for p in info.value.problems])
        assert found[0] == found[1] == found[2]
        return found[0]

    return run


def subject(line: int, field: str, paper: str = "mobilellm") -> str:
    return f"papers/{paper}.yaml:{line}: paper '{paper}', field '{field}'"


# --- added ---------------------------------------------------------------------------------


def test_added_is_read_as_a_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    catalog = load_catalog(write_catalog(tmp_path / "catalog"))
    assert catalog.papers["mobilellm"].added == datetime.date(2026, 11, 26)
    assert paper_record(catalog.papers["mamba"])["added"] == "2026-11-27"


def test_added_is_required(problems: Callable[[Files], list[str]]) -> None:
    assert problems({PAPER: paper_yaml(drop=("added",))}) == [
        f"{subject(1, 'added')}: required field is missing (add 'added: ...')"]


@pytest.mark.parametrize(("value", "reason"), [
    ("2026-02-30", "'2026-02-30' is not a real date (no such month or day) "
                   "(check the month (01-12) and the day of the month)"),
    ("2026-13-01", "'2026-13-01' is not a real date (no such month or day) "
                   "(check the month (01-12) and the day of the month)"),
    ("yesterday", f"'yesterday' is not a date written YYYY-MM-DD {ADDED_HINT}"),
    ("2026-11-27T10:00:00", f"'2026-11-27T10:00:00' is not a date written YYYY-MM-DD "
                            f"{ADDED_HINT}"),
    ("27.11.2026", f"'27.11.2026' is not a date written YYYY-MM-DD {ADDED_HINT}"),
    ("20261127", f"must be a date written YYYY-MM-DD, got 20261127 {ADDED_HINT}"),
    ("true", "must be a date written YYYY-MM-DD, got True"),
    ("[2026-11-27]", f"must be a date written YYYY-MM-DD, got ['2026-11-27'] {ADDED_HINT}"),
], ids=["february-30", "month-13", "word", "with-time", "day-first", "number", "boolean",
        "list"])
def test_added_must_be_a_real_iso_date(problems: Callable[[Files], list[str]], value: str,
                                       reason: str) -> None:
    assert problems({PAPER: paper_yaml(added=value)}) == [
        f"{subject(ADDED_LINE, 'added')}: {reason}"]


def test_added_in_the_future_is_refused(problems: Callable[[Files], list[str]]) -> None:
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    assert problems({PAPER: paper_yaml(added=tomorrow)}) == [
        f"{subject(ADDED_LINE, 'added')}: {tomorrow} is in the future (use the day the "
        "paper joined the catalog: today or earlier)"]


def test_added_today_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = write_catalog(tmp_path / "catalog", {PAPER: paper_yaml(added=TODAY.isoformat())})
    assert load_catalog(root).papers["mobilellm"].added == TODAY


def test_a_date_from_a_yaml_reader_that_makes_dates_is_accepted() -> None:
    """PyYAML's safe loader makes an unquoted date a date object, not its text."""
    value = yaml.safe_load("added: 2026-11-27")["added"]
    assert isinstance(value, datetime.date)
    assert added_date(value, TODAY) == datetime.date(2026, 11, 27)
    moment = yaml.safe_load("added: 2026-11-27 10:00:00")["added"]
    assert added_date(moment, TODAY) == (
        "must be a date written YYYY-MM-DD, got datetime.datetime(2026, 11, 27, 10, 0)",
        ADDED_HINT[1:-1])


# --- placeholder titles ------------------------------------------------------------------


@pytest.mark.parametrize(("title", "placeholder"), [
    ('"MobileLLM: ..."', "..."),
    ('"MobileLLM: …"', "…"),
    ('"TODO: find the title"', "TODO"),
    ('"MobileLLM (title tbd)"', "tbd"),
    ('"MobileLLM: Todo"', "Todo"),
])
def test_a_title_with_a_placeholder_is_refused(problems: Callable[[Files], list[str]],
                                               title: str, placeholder: str) -> None:
    assert problems({PAPER: paper_yaml(title=title)}) == [
        f"{subject(1, 'title')}: title has the placeholder '{placeholder}' (write the whole "
        "title as the paper's primary page shows it)"]


@pytest.mark.parametrize("title", ["Todos: Sparse Attention", "Methodology of Pruning. Part 2",
                                   "TBDNet: A Network", "The U.S. Model Zoo"])
def test_words_that_only_contain_a_placeholder_are_titles(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, title: str) -> None:
    monkeypatch.chdir(tmp_path)
    root = write_catalog(tmp_path / "catalog", {PAPER: paper_yaml(title=f'"{title}"')})
    assert load_catalog(root).papers["mobilellm"].title == title


# --- short names -----------------------------------------------------------------------------


def test_short_name_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = write_catalog(tmp_path / "catalog", {PAPER: paper_yaml(short="MobileLLM")})
    paper = load_catalog(root).papers["mobilellm"]
    assert paper.short == "MobileLLM"
    assert paper_record(paper)["short"] == "MobileLLM"
    assert "short" not in paper_record(load_catalog(root).papers["mamba"])


@pytest.mark.parametrize(("value", "reason"), [
    ('"Mobile\\nLLM"', "text has a line break (U+000A), but this field is one line (write "
                       "it on one line)"),
    ('"Mobile\\u2028LLM"', "text has a line break (U+2028), but this field is one line "
                           "(write it on one line)"),
    ("A" * 41, "is 41 characters long, more than the limit of 40 (write the name people use "
               "for the work, e.g. 'Wanda')"),
    ('""', "must not be empty"),
], ids=["two-lines", "line-separator", "too-long", "empty"])
def test_short_name_must_be_one_short_line(problems: Callable[[Files], list[str]], value: str,
                                           reason: str) -> None:
    assert problems({PAPER: paper_yaml(short=value)}) == [f"{subject(7, 'short')}: {reason}"]


def mamba_twin(note: str = "") -> str:
    """A second paper of 2023 named 'mamba' like the factory's Mamba, added later."""
    fields = {**MAMBA, "title": '"Mamba: A Different Work on Snakes"',
              "url": "https://example.org/snakes", "short": "mamba", "added": "2026-11-28"}
    return paper_yaml(fields, **({"note": note} if note else {}))


def test_the_same_short_name_in_one_year_is_one_work(
        problems: Callable[[Files], list[str]]) -> None:
    assert problems({"papers/mamba.yaml": paper_yaml(MAMBA, short="Mamba"),
                     "papers/snakes.yaml": mamba_twin()}) == [
        f"{subject(8, 'short', 'snakes')}: same work as paper 'mamba' (papers/mamba.yaml): "
        "both are named 'Mamba' in 2023 (for two works of one name, name the other paper's "
        "id in 'note') (one work is one entry: merge the two files, keep the main "
        "publication's facts and name the other version in 'note')"]


def test_the_later_added_paper_is_the_one_reported(
        problems: Callable[[Files], list[str]]) -> None:
    """The file that sorts first ('a-mamba') is the newer one: it is reported, not the old."""
    assert problems({"papers/mamba.yaml": paper_yaml(MAMBA, short="Mamba"),
                     "papers/a-mamba.yaml": mamba_twin()})[0].startswith(
        "papers/a-mamba.yaml:8: paper 'a-mamba', field 'short': same work as paper 'mamba'")


@pytest.mark.parametrize("files", [
    {"papers/snakes.yaml": mamba_twin("Not the sequence model of the same name (mamba).")},
    {"papers/snakes.yaml": mamba_twin(),
     "papers/mamba.yaml": paper_yaml(MAMBA, short="Mamba", note='"Unlike snakes, a model."')},
    {"papers/snakes.yaml": mamba_twin().replace("year: 2023", "year: 2024")},
], ids=["note-of-new-paper", "note-of-old-paper", "other-year"])
def test_two_works_of_one_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               files: Files) -> None:
    monkeypatch.chdir(tmp_path)
    root = write_catalog(tmp_path / "catalog",
                         {"papers/mamba.yaml": paper_yaml(MAMBA, short="Mamba"), **files})
    assert {"mamba", "snakes"} <= set(load_catalog(root).papers)


def test_a_note_naming_an_id_that_only_starts_alike_does_not_tell_apart(
        problems: Callable[[Files], list[str]]) -> None:
    assert len(problems({"papers/mamba.yaml": paper_yaml(MAMBA, short="Mamba"),
                         "papers/snakes.yaml": mamba_twin("See mamba-2 and mambas.")})) == 1


# --- paper-catalog add -------------------------------------------------------------------------


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the real catalog, as ./catalog of the working directory."""
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "catalog"


def add(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["add", *args, "--topic", "quantization", "--keyword", "Weight Quantization"])
    return status, capsys.readouterr().err


def written(catalog: Path, pid: str) -> dict[str, object]:
    data = yaml.safe_load((catalog / "papers" / f"{pid}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_add_stamps_today_and_writes_short_and_authors_in_order(
        catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = add(capsys, "https://arxiv.org/abs/2411.99999", "--title",
                      "Zap: Quantizing Everything at Once", "--short", " Zap  Quant ",
                      "--author", "Ann Smith", "--author", "Bo Lee")
    assert (status, err) == (0, "")
    text = (catalog / "papers" / "zap-quant.yaml").read_text(encoding="utf-8")
    assert text.startswith("title: 'Zap: Quantizing Everything at Once'\nshort: Zap Quant\n"
                           "authors:\n  - Ann Smith\n  - Bo Lee\n"
                           f"year: 2024\nadded: {TODAY.isoformat()}\nvenue: arxiv\n")
    paper = load_catalog(catalog).papers["zap-quant"]
    assert (paper.short, paper.added, paper.authors) == ("Zap Quant", TODAY,
                                                        ("Ann Smith", "Bo Lee"))


@pytest.mark.parametrize(("title", "placeholder"), [
    ("SmoothQuant: ...", "..."), ("SmoothQuant: …", "…"), ("SmoothQuant TODO", "TODO"),
    ("tbd", "tbd")])
def test_add_refuses_a_placeholder_title(catalog: Path, capsys: pytest.CaptureFixture[str],
                                         title: str, placeholder: str) -> None:
    before = sorted((catalog / "papers").iterdir())
    status, err = add(capsys, "https://arxiv.org/abs/2211.10438", "--title", title,
                      "--year", "2023", "--venue", "icml", "--author", "Guangxuan Xiao")
    assert (status, err) == (2, f"error: --title: title has the placeholder '{placeholder}' "
                                "(write the whole title as the paper's primary page shows "
                                "it)\n")
    assert sorted((catalog / "papers").iterdir()) == before


YEAR_NEEDED = ("error: pass --year YYYY, the year of publication: it cannot be derived from "
               "{url} (only a proceedings URL, or the arXiv id of a paper published only on "
               "arXiv, gives it)\n")


@pytest.mark.parametrize(("url", "venue"), [
    ("https://arxiv.org/abs/2211.10438", "icml"),
    ("https://arxiv.org/abs/2211.10438", "ICML"),
    ("https://openreview.net/forum?id=PxoFut3dWW", "iclr"),
])
def test_add_asks_for_the_year_it_cannot_know(catalog: Path, capsys: pytest.CaptureFixture[str],
                                              url: str, venue: str) -> None:
    status, err = add(capsys, url, "--title", "SmoothQuant: Accurate and Efficient",
                      "--venue", venue, "--author", "Guangxuan Xiao")
    assert (status, err) == (2, YEAR_NEEDED.format(url=url))


@pytest.mark.parametrize(("url", "venue", "year"), [
    ("https://arxiv.org/abs/2411.99998", "arxiv", 2024),
    ("https://arxiv.org/abs/2411.99998", None, 2024),
    ("https://proceedings.neurips.cc/paper/2022/hash/0123abcd-Abstract.html", "neurips", 2022),
    ("https://proceedings.mlr.press/v202/xiao23c.html", "icml", 2023),
])
def test_add_takes_the_year_from_what_the_url_says(
        catalog: Path, capsys: pytest.CaptureFixture[str], url: str, venue: str | None,
        year: int) -> None:
    status, err = add(capsys, url, "--title", "A Paper Whose Year The URL Gives",
                      *(["--venue", venue] if venue else []), "--author", "Ann Smith")
    assert (status, err) == (0, "")
    assert written(catalog, "paper-whose-year-url-gives")["year"] == year


def test_add_keeps_the_given_year(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = add(capsys, "https://arxiv.org/abs/2211.10438", "--title",
                    "SmoothQuant: Accurate and Efficient Post-Training Quantization for Large "
                    "Language Models", "--venue", "icml", "--year", "2023",
                    "--author", "Guangxuan Xiao")
    assert status == 0
    assert written(catalog, "smoothquant")["year"] == 2023


def test_add_requires_the_authors(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = add(capsys, "https://arxiv.org/abs/2411.99997", "--title", "No Authors")
    assert (status, err) == (2, (
        "error: pass the paper's authors with --author NAME, one for each author in the "
        "paper's order, e.g. --author 'Elias Frantar' --author 'Saleh Ashkboos'\n"))
    assert not (catalog / "papers" / "no-authors.yaml").exists()


@pytest.mark.parametrize(("short", "message"), [
    (" ", "error: --short is empty: pass the name people use for the work, e.g. --short "
          "Wanda, or leave the option out\n"),
    ("S" * 41, "error: --short is 41 characters long, more than the limit of 40 (write the "
               "name people use for the work, e.g. 'Wanda')\n"),
])
def test_add_refuses_a_wrong_short_name(catalog: Path, capsys: pytest.CaptureFixture[str],
                                        short: str, message: str) -> None:
    status, err = add(capsys, "https://arxiv.org/abs/2411.99996", "--title", "Named",
                      "--short", short, "--author", "Ann Smith")
    assert (status, err) == (2, message)


def test_add_refuses_a_second_paper_of_a_known_name(
        catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = sorted((catalog / "papers").glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    if "\nshort:" not in text:
        first.write_text(f"{text}short: Zzyzx\n", encoding="utf-8")
    paper = load_catalog(catalog).papers[first.stem]
    status, err = add(capsys, "https://example.org/another-one", "--title",
                      f"{paper.short}: Another Work", "--short", paper.short.upper(),
                      "--year", str(paper.year), "--venue", paper.venue,
                      "--author", "Ann Smith")
    assert status == 1
    assert (f"field 'short': same work as paper '{paper.id}' (papers/{paper.id}.yaml): both "
            f"are named '{paper.short}' in {paper.year}") in err


def test_import_stamps_new_papers_with_today(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from upstream import consistent_upstream

    monkeypatch.chdir(tmp_path)
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    for name in ("venues.yaml", "topics.yaml", "tools.yaml"):
        shutil.copy(REPO / "catalog" / name, catalog / name)
    (tmp_path / "upstream").mkdir()
    readme = consistent_upstream(tmp_path / "upstream")
    assert main(["import-readme", str(readme)]) == 0
    papers = load_catalog(catalog).papers.values()
    assert papers and {p.added for p in papers} == {TODAY}


def test_many_papers_of_one_name_told_apart_by_their_notes() -> None:
    """Each note is read once: 150 papers named 'Twin' in 2024, each note naming every
    earlier one, are all told apart; a last one without a note is the same work as the
    first (the checks stop at the first earlier paper not told apart)."""
    import datetime

    from paper_catalog.duplicates import same_short_name
    from paper_catalog.model import Paper

    def twin(number: int, note: str) -> Paper:
        return Paper(f"t{number}", f"Twin {number}", 2024, "icml", f"https://e.org/{number}",
                     (("pruning", "Pruning"),), note, ("A B",), datetime.date(2024, 1, 1),
                     "Twin")

    papers = [twin(i, " ".join(f"t{j}" for j in range(i))) for i in range(150)]
    assert list(same_short_name(papers)) == []
    last = twin(150, "")
    found = list(same_short_name([*papers, last]))
    assert [(p.id, o.id) for p, o, _ in found] == [("t150", "t0")]
