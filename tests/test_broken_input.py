"""Broken and hostile catalog files: each is a catalog error naming file and line, never a
traceback, never a value the site would show wrongly, never the content of a file the
catalog only links to.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from catalog_factory import (
    TOOLS,
    TOPICS,
    VENUES,
    Files,
    paper_yaml,
    snapshot,
    write_catalog,
)
from upstream import IMPORTED, consistent_upstream

from paper_catalog import yaml_source
from paper_catalog.cli import main
from paper_catalog.load import load_catalog
from paper_catalog.yaml_source import YamlReadError, read_text

PAPER = "papers/mobilellm.yaml"
TAGS = "are not allowed (write the plain value without a tag)"





# --- YAML: plain strings, numbers, lists and maps only (issue item 4) -----------------------

@pytest.mark.parametrize(("year", "message"), [
    pytest.param("2024-02-30", f"{PAPER}:2: paper 'mobilellm', field 'year': must be a whole "
                 "number, got '2024-02-30'", id="impossible-date"),
    pytest.param("2024-02-22", f"{PAPER}:2: paper 'mobilellm', field 'year': must be a whole "
                 "number, got '2024-02-22'", id="date"),
    pytest.param("0x7e8", f"{PAPER}:2: paper 'mobilellm', field 'year': must be a whole "
                 "number, got '0x7e8'", id="hexadecimal"),
    pytest.param("20:24", f"{PAPER}:2: paper 'mobilellm', field 'year': must be a whole "
                 "number, got '20:24'", id="base-60"),
    pytest.param("!!int x", f"{PAPER}:2: file: YAML tags such as '!!int' {TAGS}", id="int-tag"),
    pytest.param("!!float x", f"{PAPER}:2: file: YAML tags such as '!!float' {TAGS}",
                 id="float-tag"),
    pytest.param("!!bool x", f"{PAPER}:2: file: YAML tags such as '!!bool' {TAGS}",
                 id="bool-tag"),
    pytest.param("!!timestamp x", f"{PAPER}:2: file: YAML tags such as '!!timestamp' {TAGS}",
                 id="timestamp-tag"),
    pytest.param("!!int ''", f"{PAPER}:2: file: YAML tags such as '!!int' {TAGS}",
                 id="int-tag-empty"),
    pytest.param("!!str 2024", f"{PAPER}:2: file: YAML tags such as '!!str' {TAGS}",
                 id="str-tag"),
    pytest.param("!custom 2024", f"{PAPER}:2: file: YAML tags such as '!custom' {TAGS}",
                 id="local-tag"),
    pytest.param("9" * 4301, f"{PAPER}:2: file: number has more than 30 characters "
                 "(write a shorter number)", id="int-over-4300-digits"),
])
def test_odd_yaml_values_are_catalog_errors(problems: Callable[[Files], list[str]], year: str,
                                             message: str) -> None:
    assert problems({PAPER: paper_yaml(year=year)}) == [message]


DEEP = f"{PAPER}:7: file: the file is nested more than 50 levels deep (catalog files nest " \
    "only a few levels)"
LIBYAML_DEEP = f"{PAPER}:7: file: invalid YAML: exceeded maximum nesting depth (check " \
    "indentation, colons and quotes)"


@pytest.mark.parametrize(("loader", "depth", "message"), [
    ("SafeLoader", 51, DEEP), ("SafeLoader", 1000, DEEP),
    ("CSafeLoader", 51, DEEP), ("CSafeLoader", 1000, LIBYAML_DEEP),
])
def test_nesting_is_bounded(problems: Callable[[Files], list[str]],
                            monkeypatch: pytest.MonkeyPatch, loader: str, depth: int,
                            message: str) -> None:
    import yaml
    if not hasattr(yaml, loader):
        pytest.skip(f"PyYAML has no {loader} here")
    monkeypatch.setattr(yaml_source, "SafeLoader", getattr(yaml, loader))
    assert problems({PAPER: paper_yaml(note="[" * depth + "]" * depth)}) == [message]


def test_a_set_tag_on_a_mapping(problems: Callable[[Files], list[str]]) -> None:
    assert problems({PAPER: paper_yaml(note="!!set {a, b}")}) == [
        f"{PAPER}:7: file: YAML tags such as '!!set' {TAGS}"]


def test_a_list_as_a_key(problems: Callable[[Files], list[str]]) -> None:
    assert problems({PAPER: paper_yaml() + "? [a, b]\n: c\n"}) == [
        f"{PAPER}:8: file: a key must be plain text, not a list or mapping"]


# --- ids match in full (issue item 5) ---------------------------------------------------------

def test_add_refuses_an_id_ending_in_a_newline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write_catalog(tmp_path / "catalog")
    before = snapshot(tmp_path / "catalog")
    status = main(["add", "https://arxiv.org/abs/2405.12345", "--title", "Evil",
                   "--topic", "efficient-attention", "--keyword", "K", "--id", "evil\n",
                   "--author", "Ann Smith"])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err == ("error: --id 'evil\\n' is not a kebab-case id: use lowercase letters, "
                   "digits and dashes, e.g. --id mobilellm\n")
    assert snapshot(tmp_path / "catalog") == before


@pytest.mark.parametrize(("files", "message"), [
    pytest.param({"papers/evil\n.yaml": paper_yaml(title="Evil", url="https://e.example/")},
                 # shown escaped: a file name cannot break the message's line
                 "papers/evil\\n.yaml:1: paper 'evil\\n': file name is not a kebab-case id "
                 "(rename it to lowercase letters, digits and dashes, e.g. 'mobilellm.yaml')",
                 id="paper-file"),
    pytest.param({PAPER: paper_yaml(topics={'"efficient-attention\\n"': "K"})},
                 f"{PAPER}:6: paper 'mobilellm', field 'topics': unknown topic "
                 "'efficient-attention\\n' (did you mean 'efficient-attention'?)",
                 id="topic-of-a-paper"),
])
def test_ids_ending_in_a_newline_are_rejected(problems: Callable[[Files], list[str]],
                                              files: Files, message: str) -> None:
    assert problems(files) == [message]


# --- symbolic links and special files (issue item 7) ------------------------------------------

SECRET = "TOKEN=s3cr3t-value\n"
LINK = "is a symbolic link, which the catalog does not follow (put the file itself here " \
    "instead of a link)"


@pytest.mark.parametrize("name", ["papers/env.yaml", "venues.yaml", "reference.bib"])
def test_a_link_is_refused_without_showing_its_target(
        problems: Callable[[Files], list[str]], tmp_path: Path, name: str) -> None:
    secret = tmp_path / ".env"
    secret.write_text(SECRET, encoding="utf-8")
    write_catalog(tmp_path, {name: None} if name != "papers/env.yaml" else {})
    (tmp_path / name).unlink(missing_ok=True)
    (tmp_path / name).symlink_to(secret)
    found = problems({name: None})  # (not written through the link)
    assert found == [f"{name}: file: {LINK}"]
    assert "s3cr3t" not in "".join(found) and "TOKEN" not in "".join(found)


def test_a_link_to_a_system_file_is_refused(problems: Callable[[Files], list[str]],
                                            tmp_path: Path) -> None:
    write_catalog(tmp_path)
    (tmp_path / "papers" / "shadow.yaml").symlink_to("/etc/passwd")
    assert problems({}) == [f"papers/shadow.yaml: file: {LINK}"]


def test_a_directory_link_in_papers_is_refused(problems: Callable[[Files], list[str]],
                                               tmp_path: Path) -> None:
    write_catalog(tmp_path)
    (tmp_path / "papers" / "more").symlink_to(tmp_path / "papers")
    assert problems({}) == [f"papers/more: file: {LINK}"]


def test_a_linked_papers_folder_is_refused(problems: Callable[[Files], list[str]],
                                           tmp_path: Path) -> None:
    elsewhere = write_catalog(tmp_path / "elsewhere")
    write_catalog(tmp_path, {"papers/mobilellm.yaml": None, "papers/mamba.yaml": None})
    (tmp_path / "papers").symlink_to(elsewhere / "papers")
    assert problems({"papers/mobilellm.yaml": None, "papers/mamba.yaml": None}) == [
        f"papers: folder: {LINK}"]


def test_a_fifo_is_refused_without_reading_it(problems: Callable[[Files], list[str]],
                                              tmp_path: Path) -> None:
    write_catalog(tmp_path, {"topics.yaml": None})
    os.mkfifo(tmp_path / "topics.yaml")  # reading it would wait forever
    assert problems({"topics.yaml": None}) == [
        "topics.yaml: file: not a regular file (catalog files are plain text files)"]


def test_size_is_checked_while_reading(tmp_path: Path) -> None:
    # files under /proc report a size of 0 and then deliver more
    with pytest.raises(YamlReadError) as info:
        read_text(Path("/proc/self/status"), limit=10)
    assert (info.value.reason, info.value.line) == (
        "file is more than the limit of 10 bytes", None)


# --- odd values (issue item 8) -----------------------------------------------------------------

def url_message(url: str, reason: str) -> str:
    return f"{PAPER}:4: paper 'mobilellm', field 'url': {reason}"


@pytest.mark.parametrize(("url", "reason"), [
    pytest.param('"https://arxiv.org/abs/2402.14905\\x00"',
                 "URL has a control or invisible character (U+0000) (copy the address again "
                 "from the browser's address bar)", id="nul"),
    pytest.param('"https://arxiv.org/abs/\\u200b2402.14905"',
                 "URL has a control or invisible character (U+200B) (copy the address again "
                 "from the browser's address bar)", id="zero-width"),
    pytest.param("https://arxiv.org:99999/abs/2402.14905",
                 "URL 'https://arxiv.org:99999/abs/2402.14905' has an invalid port (remove "
                 "the ':' and port after the host)", id="port-too-big"),
    pytest.param("https://arxiv.org:http/abs/2402.14905",
                 "URL 'https://arxiv.org:http/abs/2402.14905' has an invalid port (remove "
                 "the ':' and port after the host)", id="port-not-a-number"),
    pytest.param("https://arxiv.org@evil.example/abs/2402.14905",
                 "URL 'https://arxiv.org@evil.example/abs/2402.14905' has user information "
                 "before '@' in its address (remove everything from '//' to '@': the host "
                 "comes after '//')", id="user-info"),
    pytest.param("https://user:pw@arxiv.org/abs/2402.14905",
                 "URL 'https://user:pw@arxiv.org/abs/2402.14905' has user information "
                 "before '@' in its address (remove everything from '//' to '@': the host "
                 "comes after '//')", id="user-and-password"),
    pytest.param("https://:443/abs/2402.14905",
                 "'https://:443/abs/2402.14905' is not an absolute http(s) URL (use the full "
                 "address, starting with https://)", id="no-host"),
    pytest.param("https://arxiv.org/abs/" + "x" * 200_000,
                 "URL is 200022 characters long, more than the limit of 2000 (use the "
                 "paper's short landing-page address)", id="200-kb"),
])
def test_odd_urls_are_rejected(problems: Callable[[Files], list[str]], url: str,
                               reason: str) -> None:
    assert problems({PAPER: paper_yaml(url=url)}) == [url_message(url, reason)]


def paper_message(line: int, field: str, reason: str) -> str:
    return f"{PAPER}:{line}: paper 'mobilellm', field '{field}': {reason}"


INVISIBLE = "text has only invisible characters (write the text itself)"


@pytest.mark.parametrize(("change", "message"), [
    pytest.param({"title": '"\\u200b\\u200c\\u200d\\u2060"'},
                 paper_message(1, "title", INVISIBLE), id="zero-width-title"),
    pytest.param({"title": '"\\u00a0\\u3000\\u200b"'}, paper_message(1, "title", INVISIBLE),
                 id="odd-spaces-title"),
    pytest.param({"title": '"Mobile\\0LLM"'},
                 paper_message(1, "title", "text has a control character (U+0000) (remove it)"),
                 id="nul-in-title"),
    pytest.param({"title": '"Mobile\\eLLM"'},
                 paper_message(1, "title", "text has a control character (U+001B) (remove it)"),
                 id="escape-in-title"),
    pytest.param({"title": '"Mobile\\u202eMLL"'},
                 paper_message(1, "title", "text has a control character (U+202E) (remove it)"),
                 id="right-to-left-override"),
    pytest.param({"title": "T" * 900_000},
                 paper_message(1, "title", "text is 900000 characters long, more than the "
                               "limit of 500 (shorten it)"), id="900-kb-title"),
    pytest.param({"note": "N" * 2001},
                 paper_message(7, "note", "text is 2001 characters long, more than the limit "
                               "of 2000 (shorten it)"), id="long-note"),
    pytest.param({"topics": {"efficient-attention": '"\\u200b"'}},
                 paper_message(6, "topics", "keyword for 'efficient-attention': " + INVISIBLE),
                 id="invisible-keyword"),
])
def test_odd_texts_are_rejected(problems: Callable[[Files], list[str]],
                                change: dict[str, object], message: str) -> None:
    assert problems({PAPER: paper_yaml(**change)}) == [message]


def test_texts_within_the_limits_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_catalog(tmp_path, {PAPER: paper_yaml(title="T" * 500, note="N" * 2000)})
    assert load_catalog(tmp_path).papers["mobilellm"].title == "T" * 500


@pytest.mark.parametrize(("files", "message"), [
    pytest.param({"venues.yaml": VENUES.replace("aliases: [ICML]", 'aliases: ["\\u200b"]')},
                 f"venues.yaml:6: venue 'icml', field 'aliases': {INVISIBLE}", id="alias"),
    pytest.param({"topics.yaml": TOPICS.replace("summary: Cheaper attention.",
                                                'summary: "a\\0b"')},
                 "topics.yaml:8: topic 'efficient-attention', field 'summary': text has a "
                 "control character (U+0000) (remove it)", id="summary"),
    pytest.param({"tools.yaml": TOOLS.replace("name: CodeCarbon", 'name: "\\u2063"')},
                 f"tools.yaml:2: tool '\\u2063', field 'name': {INVISIBLE}", id="tool-name"),
])
def test_odd_texts_in_every_file(problems: Callable[[Files], list[str]], files: Files,
                                 message: str) -> None:
    assert problems(files) == [message]


@pytest.mark.parametrize("name", [".draft.yaml", ".mobilellm.yml"])
def test_a_dot_file_that_looks_like_a_paper_is_reported(
        problems: Callable[[Files], list[str]], name: str) -> None:
    assert problems({f"papers/{name}": paper_yaml()}) == [
        f"papers/{name}: file: file name starts with a dot, so it is not read (rename it to "
        "<id>.yaml or remove it)"]


# --- the command line: one-line failures, exit codes as documented (issue item 9) ---------------

@pytest.fixture
def catalog_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal catalog as ./catalog of the working directory."""
    monkeypatch.chdir(tmp_path)
    return write_catalog(tmp_path / "catalog")


ADD = ["add", "https://example.org/paper", "--title", "A Paper", "--venue", "icml",
       "--topic", "efficient-attention", "--keyword", "Sparse", "--author", "Ann Smith"]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:  # argparse
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_add_to_a_read_only_catalog(catalog_cwd: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(catalog_cwd)
    real_open = os.open

    def read_only(path: str | Path, flags: int, *args: int, **kwargs: object) -> int:
        # as a read-only file system answers, even to root
        if flags & os.O_CREAT and catalog_cwd.resolve() in Path(path).resolve().parents:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    assert cli(capsys, *ADD, "--year", "2024") == (
        1, "", "error: cannot write catalog/papers/paper.yaml: Permission denied\n")
    assert snapshot(catalog_cwd) == before


def test_export_readme_into_a_missing_folder(catalog_cwd: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "export-readme", "-o", "missing-dir/README.md")
    assert (status, out) == (2, "")
    assert err.endswith("error: cannot write missing-dir/README.md: No such file or directory "
                        "(pass -o with a file in an existing, writable folder)\n")
    assert not (catalog_cwd.parent / "missing-dir").exists()


@pytest.mark.parametrize(("year", "message"), [
    ("abc", "error: argument --year: invalid int value: 'abc' (see `paper-catalog add "
            "--help`)\n"),
    ("1800", "error: --year 1800 is not a plausible year of publication: pass a year from "
             f"1950 to {datetime.date.today().year}\n"),
])
def test_a_wrong_year_is_a_usage_error(catalog_cwd: Path, capsys: pytest.CaptureFixture[str],
                                       year: str, message: str) -> None:
    before = snapshot(catalog_cwd)
    assert cli(capsys, *ADD, "--year", year) == (2, "", message)
    assert snapshot(catalog_cwd) == before


def test_a_nul_in_the_title_is_a_usage_error(catalog_cwd: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    args = [*ADD, "--year", "2024"]
    args[args.index("A Paper")] = "A\x00Paper"
    assert cli(capsys, *args) == (
        2, "", "error: --title: text has a control character (U+0000) (remove it)\n")


# --- import-readme: no data lost, all or nothing, validated first (issue items 2 and 3) -------

REPO = Path(__file__).resolve().parents[1]
# Upstream's README with the facts it contradicts itself on corrected (see upstream.py):
# an import of upstream as it is writes nothing.
UPSTREAM = consistent_upstream(Path(tempfile.mkdtemp(prefix="upstream-")))
REFUSED = "error: the import needs attention (see above), so nothing was written\n"
TABI_ROW = "| 2023 | Other Systems | [Tabi"
NEAR_ROW = "| 2023 | Other Systems | [Near"


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """./catalog with the venues, topics and tools of the catalog as imported only, ready
    for an import."""
    monkeypatch.chdir(tmp_path)
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    for name in ("venues.yaml", "topics.yaml", "tools.yaml"):
        (catalog / name).write_bytes((IMPORTED / name).read_bytes())
    return catalog


def readme(tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "README.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path.name


DRAFT = """\
# draft: title and URL still to check against the EuroSys page
year: 2023
venue: eurosys
topics:
  other-systems: Multi-level inference
note: "Waiting for the camera-ready title."
"""


def test_import_never_overwrites_a_draft_that_takes_the_papers_id(
        fresh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (fresh / "papers").mkdir()
    (fresh / "papers" / "tabi.yaml").write_text(DRAFT, encoding="utf-8")
    status, out, _ = cli(capsys, "import-readme", str(UPSTREAM))
    assert (status, out.splitlines()[0]) == (
        0, "179 rows, 174 papers: 178 files created, 0 updated, 0 unchanged")
    assert (fresh / "papers" / "tabi.yaml").read_text(encoding="utf-8") == DRAFT
    created = (fresh / "papers" / "tabi-2023.yaml").read_text(encoding="utf-8")
    assert created.startswith("title: 'Tabi: An Efficient Multi-Level Inference System")


def test_import_keeps_the_comments_and_layout_of_a_file_it_completes(
        fresh: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (fresh / "papers").mkdir()
    tabi = (fresh / "papers" / "tabi.yaml")
    tabi.write_text(
        "# checked against the EuroSys 2023 proceedings\n"
        'title: "Tabi: An Efficient Multi-Level Inference System for Large Language Models"\n'
        "year: 2023   # the conference year\n"
        "venue: eurosys\n"
        "url: https://dl.acm.org/doi/abs/10.1145/3552326.3587438\n", encoding="utf-8")
    status, out, _ = cli(capsys, "import-readme", str(UPSTREAM))
    assert (status, out.splitlines()[0]) == (
        0, "179 rows, 174 papers: 177 files created, 1 updated, 0 unchanged")
    assert tabi.read_text(encoding="utf-8") == (
        "# checked against the EuroSys 2023 proceedings\n"
        'title: "Tabi: An Efficient Multi-Level Inference System for Large Language Models"\n'
        "year: 2023   # the conference year\n"
        f"added: {datetime.date.today().isoformat()}\n"
        "venue: eurosys\n"
        "url: https://dl.acm.org/doi/abs/10.1145/3552326.3587438\n"
        "topics:\n"
        "  other-systems: Other Systems\n")
    assert main(["validate"]) == 0


def test_an_import_with_invalid_papers_writes_nothing_and_says_why(
        fresh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (UPSTREAM.read_text(encoding="utf-8")
            .replace(TABI_ROW, TABI_ROW.replace("2023", "1800"))
            .replace(NEAR_ROW, NEAR_ROW.replace("2023", "2999"))
            .replace("https://arxiv.org/abs/1811.02084", "file:///etc/passwd")
            .replace(" ### Other Systems", " ### Odd Systems"))
    before = snapshot(fresh)
    status, out, err = cli(capsys, "import-readme", readme(tmp_path, text))
    assert (status, err) == (1, REFUSED)
    lines = out.splitlines()
    assert lines[0] == ("179 rows, 174 papers: nothing written (it would create 178 files "
                        "and update 0; 0 unchanged)")
    this_year = datetime.date.today().year
    near = "near-duplicate-sequence-search-scale"
    assert lines[1:7] == [
        "catalog problems (nothing written):",
        "  catalog/papers/mesh-tensorflow.yaml:5: paper 'mesh-tensorflow', field 'url': "
        "'file:///etc/passwd' is not an absolute http(s) URL (use the full address, starting "
        "with https://)",
        f"  catalog/papers/{near}.yaml:2: paper '{near}', field 'year': 2999 is in the future "
        "(use the year the paper was published)",
        f"  catalog/papers/{near}.yaml:7: paper '{near}', field 'topics': unknown topic "
        "'odd-systems' (did you mean 'other-systems'?)",
        "  catalog/papers/tabi.yaml:2: paper 'tabi', field 'year': 1800 is not a plausible "
        f"year (use a year from 1950 to {this_year})",
        "  catalog/papers/tabi.yaml:7: paper 'tabi', field 'topics': unknown topic "
        "'odd-systems' (did you mean 'other-systems'?)",
    ]
    assert snapshot(fresh) == before


def test_an_import_next_to_an_invalid_paper_file(fresh: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (fresh / "papers").mkdir()
    (fresh / "papers" / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    before = snapshot(fresh)
    status, out, err = cli(capsys, "import-readme", str(UPSTREAM))
    assert (status, err) == (1, REFUSED)
    assert out.splitlines()[1:3] == [
        "catalog problems (nothing written):",
        "  catalog/papers/broken.yaml:2: file: invalid YAML: while parsing a flow sequence on "
        "line 1: did not find expected ',' or ']' (check indentation, colons and quotes)"]
    assert snapshot(fresh) == before


def test_a_latin_1_readme(fresh: Path, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    text = UPSTREAM.read_text(encoding="utf-8").replace("Tabi:", "Tabí:")
    name = readme(tmp_path, text.encode("latin-1", "replace"))
    before = snapshot(fresh)
    first = next(i for i, char in enumerate(text) if 128 <= ord(char) < 256)  # é, ², ...
    line = text[:first].count("\n") + 1
    assert cli(capsys, "import-readme", name) == (1, (
        "0 rows, 0 papers: 0 files created, 0 updated, 0 unchanged\n"
        "catalog problems (nothing written):\n"
        f"  README.md:{line}: README: file is not UTF-8 text (save it with UTF-8 encoding)\n"),
        REFUSED)
    assert snapshot(fresh) == before


def test_venues_that_are_a_list(fresh: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (fresh / "venues.yaml").write_text("- id: icml\n", encoding="utf-8")
    before = snapshot(fresh)
    status, out, err = cli(capsys, "import-readme", str(UPSTREAM))
    assert (status, err) == (1, REFUSED)
    assert out.splitlines()[1:3] == [
        "catalog problems (nothing written):",
        "  catalog/venues.yaml:1: venues, field 'venues': the file must hold a list under "
        "'venues:'"]
    assert snapshot(fresh) == before
