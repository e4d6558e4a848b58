"""One-line text is one line, a URL is a URL, a name is one BibTeX can split, an id is a
file name on every system: each class of hostile input refused with its exact message by
``validate`` (the loader), ``add`` and ``import-readme``, and nothing written."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from catalog_factory import (
    BENCHMARKS,
    METRICS,
    REFERENCE,
    TOOLS,
    TOPICS,
    VENUES,
    Files,
    paper_yaml,
    snapshot,
    write_catalog,
)
from upstream import consistent_upstream

from paper_catalog.cli import main
from paper_catalog.errors import Problem
from paper_catalog.load import load_catalog
from paper_catalog.slug import paper_id
from paper_catalog.text_rules import LINE_BREAKS, text_problem, url_problem

PAPER = "papers/mobilellm.yaml"

#: Every character str.splitlines() ends a line at: the class the rule is about.
BREAKS = sorted("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: Noncharacters of each kind: U+FDD0-U+FDEF, U+xFFFE/U+xFFFF of the BMP and other planes.
NONCHARACTERS = ["\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]
CONTROLS = ["\x00", "\x07", "\t", "\x1b", "\x7f", "\x9f"]

ONE_LINE = "but this field is one line (write it on one line)"


def esc(char: str) -> str:
    """The YAML escape of ``char``, to write it in a double-quoted scalar."""
    return f"\\U{ord(char):08X}"


def code(char: str) -> str:
    return f"U+{ord(char):04X}"


def shown(char: str) -> str:
    """``char`` as messages show it (escaped: a message is one line)."""
    return repr(char)[1:-1]


def reason(char: str) -> str:
    """The exact reason and hint for ``char`` in a one-line field."""
    if char in LINE_BREAKS:
        return f"text has a line break ({code(char)}), {ONE_LINE}"
    if 0xFDD0 <= ord(char) <= 0xFDEF or ord(char) & 0xFFFE == 0xFFFE:
        return f"text has a Unicode noncharacter ({code(char)}) (remove it)"
    return f"text has a control character ({code(char)}) (remove it)"




# --- the rule itself ------------------------------------------------------------------------

@pytest.mark.parametrize("char", BREAKS + NONCHARACTERS + CONTROLS, ids=code)
def test_one_line_text_refuses_every_line_break_control_and_noncharacter(char: str) -> None:
    found = text_problem(f"A {char}title", "title")
    assert found is not None and f"{found[0]} ({found[1]})" == reason(char)


@pytest.mark.parametrize("char", ["\ud800", "\udfff", "\udcff"], ids=code)
def test_a_lone_surrogate_is_refused_in_every_field(char: str) -> None:
    for field in ("title", "note", "keyword", "summary"):
        assert text_problem(f"A{char}B", field) == (
            f"text has a lone surrogate ({code(char)}), half of a character",
            "write the character itself, or remove it")


@pytest.mark.parametrize("char", [c for c in BREAKS if c != "\n"], ids=code)
def test_prose_keeps_newlines_only(char: str) -> None:
    assert text_problem("First line.\nSecond line.\tTabbed.", "note") is None
    found = text_problem(f"First line.{char}Second line.", "note")
    expected = (("text has a line or paragraph separator", "start the new line with an "
                 "ordinary line break") if char in "\u2028\u2029"
                else ("text has a control character", "remove it"))
    assert found == (f"{expected[0]} ({code(char)})", expected[1])


@pytest.mark.parametrize("char", NONCHARACTERS, ids=code)
def test_prose_refuses_noncharacters(char: str) -> None:
    assert text_problem(f"A note{char}", "description") == (
        f"text has a Unicode noncharacter ({code(char)})", "remove it")


# --- every one-line field of every file, at its file, line and field ------------------------

def _replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


class _Fields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return {"short": "EX", "name": "Extra Venue", "aliases": "[EX]"}[key]


class _Venue(str):
    def format(self, **values: str) -> str:  # type: ignore[override]
        return self.format_map(_Fields(values))


EXTRA_VENUE = _Venue("  - id: extra\n    short: {short}\n    name: {name}\n"
                     "    kind: conference\n    aliases: {aliases}\n")

#: (file, its text with {} where the hostile value goes, line, entry, field)
FIELDS = [
    (PAPER, paper_yaml(title='"Mobile{}LLM"'), 1, "paper 'mobilellm'", "title"),
    (PAPER, paper_yaml(topics={"efficient-attention": '"Hard{}ware"'}), 6, "paper 'mobilellm'",
     "topics"),
    (PAPER, paper_yaml(authors='["Ada Love{}lace"]'), 7, "paper 'mobilellm'", "authors"),
    ("topics.yaml", _replace(TOPICS, "title: Efficient Attention", 'title: "Eff{}icient"'), 7,
     "topic 'efficient-attention'", "title"),
    # a venue no paper uses: its papers would be refused too
    ("venues.yaml", VENUES + EXTRA_VENUE.format(short='"EX{}"'), 13, "venue 'extra'", "short"),
    ("venues.yaml", VENUES + EXTRA_VENUE.format(name='"Ex{}tra"'), 14, "venue 'extra'",
     "name"),
    ("venues.yaml", VENUES + EXTRA_VENUE.format(aliases='["E{}X"]'), 16, "venue 'extra'",
     "aliases"),
    ("metrics.yaml", _replace(METRICS, "title: Computation Metrics", 'title: "Comp{}"'), 3,
     "category #1", "title"),
    ("metrics.yaml", _replace(METRICS, "full_name: Floating-point operations",
                              'full_name: "Floating{}point"'), 6, "metric 'FLOPs'", "full_name"),
    ("metrics.yaml", _replace(METRICS, "- label: FLOPs", '- label: "FL{}OPs"'), 9,
     "metric 'FLOPs'", "label"),
    ("benchmarks.yaml", _replace(BENCHMARKS, "full_name: Efficient Language Understanding "
                                 "Evaluation", 'full_name: "Eff{}icient"'), 3, "benchmark 'ELUE'",
     "full_name"),
    ("benchmarks.yaml", _replace(BENCHMARKS, '"Towards Efficient NLP:', '"Towards{}NLP:'), 9,
     "benchmark 'ELUE'", "title"),
    ("tools.yaml", _replace(TOOLS, "purpose: tracking", 'purpose: "track{}ing"'), 4,
     "tool 'CodeCarbon'", "purpose"),
]


@pytest.mark.parametrize("char", ["\n", "\u2028", "\x85", "\x1e", "\x0c", "\uffff",
                                  "\U0002fffe", "\ufdd5", "\x00"], ids=code)
@pytest.mark.parametrize(("name", "text", "line", "entry", "field"), FIELDS,
                         ids=[f"{f[0].split('/')[0]}-{f[4]}" for f in FIELDS])
def test_every_one_line_field_refuses_the_class(problems: Callable[[Files], list[str]],
                                                name: str, text: str, line: int, entry: str,
                                                field: str, char: str) -> None:
    message = reason(char)
    if field == "topics":
        message = "keyword for 'efficient-attention': " + message
    if field == "authors":
        message = "author #1: " + message
    assert problems({name: text.replace("{}", esc(char))}) == [
        f"{name}:{line}: {entry}, field '{field}': {message}"]


@pytest.mark.parametrize(("files", "expected"), [
    pytest.param({"metrics.yaml": _replace(METRICS, "- term: FLOPs", '- term: "FL\\u2028OPs"')},
                 "metrics.yaml:5: metric 'FL\\u2028OPs', field 'term': text has a line break "
                 f"(U+2028), {ONE_LINE}", id="metric-term"),
    pytest.param({"benchmarks.yaml": _replace(BENCHMARKS, "- term: ELUE", '- term: "EL\\nUE"')},
                 f"benchmarks.yaml:2: benchmark 'EL\\nUE', field 'term': text has a line break "
                 f"(U+000A), {ONE_LINE}", id="benchmark-term"),
    pytest.param({"tools.yaml": _replace(TOOLS, "name: CodeCarbon", 'name: "Code\\rCarbon"')},
                 f"tools.yaml:2: tool 'Code\\rCarbon', field 'name': text has a line break "
                 f"(U+000D), {ONE_LINE}", id="tool-name"),
    pytest.param({"topics.yaml": _replace(TOPICS, "summary: Cheaper attention.",
                                          'summary: "Cheaper\\uFFFE attention."')},
                 "topics.yaml:8: topic 'efficient-attention', field 'summary': text has a "
                 "Unicode noncharacter (U+FFFE) (remove it)", id="summary-noncharacter"),
    pytest.param({PAPER: paper_yaml(note='"A note\\u2029 with a paragraph separator"')},
                 f"{PAPER}:7: paper 'mobilellm', field 'note': text has a line or paragraph "
                 "separator (U+2029) (start the new line with an ordinary line break)",
                 id="note-paragraph-separator"),
    pytest.param({"metrics.yaml": _replace(METRICS, "description: the time one request takes",
                                           'description: "the time\\v one request takes"')},
                 "metrics.yaml:12: metric 'Latency', field 'description': text has a control "
                 "character (U+000B) (remove it)", id="description-vertical-tab"),
])
def test_names_and_prose_in_messages(problems: Callable[[Files], list[str]], files: Files,
                                     expected: str) -> None:
    assert problems(files) == [expected]


def test_a_multi_line_note_is_prose_and_loads(tmp_path: Path) -> None:
    write_catalog(tmp_path, {PAPER: paper_yaml(note='"First line.\\nSecond line."')})
    assert load_catalog(tmp_path).papers["mobilellm"].note == "First line.\nSecond line."


# --- URLs ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "shown_chars", "encoded"), [
    ("https://example.org/x?\\input/etc/hostname\\relax", "\\",
     "https://example.org/x?%5Cinput/etc/hostname%5Crelax"),
    ("https://example.org/a\\", "\\", "https://example.org/a%5C"),
    ("https://example.org/a b", "' '", "https://example.org/a%20b"),
    ('https://example.org/"q"', '"', "https://example.org/%22q%22"),
    ("https://example.org/<img>", "< >", "https://example.org/%3Cimg%3E"),
    ("https://example.org/^^5cinput", "^", "https://example.org/%5E%5E5cinput"),
    ("https://example.org/`x`", "`", "https://example.org/%60x%60"),
    ("https://example.org/{x}|y", "{ | }", "https://example.org/%7Bx%7D%7Cy"),
    ("https://example.org/a\u3000b", "'\\u3000'", "https://example.org/a%E3%80%80b"),
], ids=["backslash-input", "trailing-backslash", "space", "quote", "angle", "caret",
        "backtick", "braces-pipe", "ideographic-space"])
def test_characters_a_url_may_not_hold(problems: Callable[[Files], list[str]], url: str,
                                       shown_chars: str, encoded: str) -> None:
    message = (f"URL has characters that a URL may not hold: {shown_chars} (write them "
               f"percent-encoded: {encoded})")
    quoted = url.replace("\\", "\\\\").replace('"', '\\"')
    assert problems({PAPER: paper_yaml(url=f'"{quoted}"')}) == [
        f"{PAPER}:4: paper 'mobilellm', field 'url': {message}"]
    assert url_problem(encoded) is None
    # in every other file that holds URLs, too
    for files, where in [
        ({"tools.yaml": TOOLS.replace("https://codecarbon.io/", f'"{quoted}"')},
         "tools.yaml:3: tool 'CodeCarbon', field 'url'"),
        ({"metrics.yaml": METRICS.replace("https://arxiv.org/pdf/2309.13192.pdf",
                                          f'"{quoted}"')},
         "metrics.yaml:10: metric 'FLOPs', field 'examples'"),
        ({"benchmarks.yaml": BENCHMARKS.replace("https://arxiv.org/pdf/1804.07461.pdf",
                                                f'"{quoted}"')},
         "benchmarks.yaml:7: benchmark 'ELUE', field 'links'"),
        ({"benchmarks.yaml": BENCHMARKS.replace("https://arxiv.org/pdf/2110.07038.pdf",
                                                f'"{quoted}"')},
         "benchmarks.yaml:10: benchmark 'ELUE', field 'paper'"),
    ]:
        assert problems(files) == [f"{where}: {message}"]


@pytest.mark.parametrize(("url", "message"), [
    ("https://example.org/a%zz", "URL has a '%' that starts no percent-escape (two hex "
     "digits) at character 22 (write a literal '%' as %25: https://example.org/a%25zz)"),
    ("https://example.org/latex#%input", "URL has a '%' that starts no percent-escape (two "
     "hex digits) at character 27 (write a literal '%' as %25: "
     "https://example.org/latex#%25input)"),
    ("https://example.org/100%", "URL has a '%' that starts no percent-escape (two hex "
     "digits) at character 24 (write a literal '%' as %25: https://example.org/100%25)"),
    ("https://example.org/a#b#c", "URL has more than one '#' (a fragment holds none) (write "
     "the later ones as %23: https://example.org/a#b%23c)"),
], ids=["not-hex", "fragment", "at-the-end", "two-fragments"])
def test_a_url_is_a_uri(problems: Callable[[Files], list[str]], url: str,
                        message: str) -> None:
    """What no URI holds (an EPUB checker refuses it in a link): a '%' that starts no
    percent-escape, a second '#'; the hint is the URL that reads as meant."""
    assert problems({PAPER: paper_yaml(url=f'"{url}"')}) == [
        f"{PAPER}:4: paper 'mobilellm', field 'url': {message}"]
    assert url_problem(message.rsplit(": ", 1)[1].rstrip(")")) is None
    assert url_problem("https://example.org/a%5Cb%2fc#x%20y") is None  # well-formed escapes


@pytest.mark.parametrize(("url", "message"), [
    ("javascript:alert(document.domain)", "'javascript:alert(document.domain)' is not an "
     "absolute http(s) URL (use the full address, starting with https://)"),
    ("file:///etc/passwd", "'file:///etc/passwd' is not an absolute http(s) URL (use the "
     "full address, starting with https://)"),
    ("https://example.org/a\\\\", "URL has characters that a URL may not hold: \\ (write "
     "them percent-encoded: https://example.org/a%5C%5C)"),
])
def test_the_reference_url_is_a_url(problems: Callable[[Files], list[str]], url: str,
                                    message: str) -> None:
    bib = REFERENCE.replace("  year={2024}\n", f"  year={{2024}},\n  url = {{{url}}}\n")
    assert problems({"reference.bib": bib}) == [
        f"reference.bib:4: reference 'bai2024beyond', field 'url': {message}"]


# --- author names -------------------------------------------------------------------------

NAME_HINT = ("write it as 'Given Family', or as 'Family, Given' ('Family, Jr, Given' with a "
             "suffix)")


@pytest.mark.parametrize(("name", "why"), [
    ("Doe, John, Jr, Extra", "name has 3 commas, and BibTeX reads at most two"),
    ("A, B, C, D, E", "name has 4 commas, and BibTeX reads at most two"),
    ("Doe, , John", "name has an empty part before, between or after its commas"),
    (", John", "name has an empty part before, between or after its commas"),
    ("Doe,", "name has an empty part before, between or after its commas"),
    ("Doe, John,", "name has an empty part before, between or after its commas"),
])
def test_a_name_bibtex_cannot_split_is_refused(problems: Callable[[Files], list[str]],
                                               name: str, why: str) -> None:
    assert problems({PAPER: paper_yaml(authors=f'["Ada Lovelace", "{name}"]')}) == [
        f"{PAPER}:7: paper 'mobilellm', field 'authors': author #2: {why} ({NAME_HINT})"]


def test_names_bibtex_can_split_load(tmp_path: Path) -> None:
    names = '["Doe, John", "Doe, Jr, John", "Jan van der Berg", "{Brace", "Tom and Jerry"]'
    write_catalog(tmp_path, {PAPER: paper_yaml(authors=names)})
    assert len(load_catalog(tmp_path).papers["mobilellm"].authors) == 5


# --- ids that are device names on Windows; file names shown escaped ----------------------

DEVICE = ("file name is a device name on Windows (con, prn, aux, nul, com1-com9, lpt1-lpt9), "
          "so the file cannot be checked out there")


@pytest.mark.parametrize("pid", ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"])
def test_a_paper_file_named_after_a_device_is_refused(problems: Callable[[Files], list[str]],
                                                      pid: str) -> None:
    assert problems({f"papers/{pid}.yaml": paper_yaml(
        title='"Another Title Entirely"', url="https://example.org/other")}) == [
        f"papers/{pid}.yaml:1: paper '{pid}': {DEVICE} (rename it, e.g. '{pid}-paper.yaml')"]


def test_ids_near_a_device_name_are_ids(tmp_path: Path) -> None:
    for pid in ("con-2024", "auxiliary", "com10", "lpt0", "nul-paper"):
        write_catalog(tmp_path, {f"papers/{pid}.yaml": paper_yaml(
            title=f'"Title Of {pid} Paper"', url=f"https://example.org/{pid}")})
    assert {"con-2024", "auxiliary", "com10", "lpt0", "nul-paper"} <= set(
        load_catalog(tmp_path).papers)


@pytest.mark.parametrize(("title", "expected"), [
    ("AUX: Auxiliary Losses for Efficient LLMs", "aux-2024"),
    ("CON: Continual Pretraining on a Budget", "con-2024"),
    ("Com1: A Paper", "com1-2024"),
    ("NUL", "nul-2024"),
])
def test_a_derived_id_is_never_a_device_name(title: str, expected: str) -> None:
    assert paper_id(title, set(), 2024) == expected
    assert paper_id(title, {expected}, 2024) == expected.replace("2024", "2")


def test_a_file_name_is_shown_escaped(problems: Callable[[Files], list[str]]) -> None:
    name = "papers/evil\u2028x std:label.yaml"
    assert problems({name: paper_yaml(title='"Evil"', url="https://e.example/")}) == [
        "papers/evil\\u2028x std:label.yaml:1: paper 'evil\\u2028x std:label': file name is "
        "not a kebab-case id (rename it to lowercase letters, digits and dashes, e.g. "
        "'mobilellm.yaml')"]


def test_every_problem_is_one_line() -> None:
    problem = Problem("papers/a\nb.yaml", 3, "paper 'a\rb'", "title", "x\x85y", "z\u2029")
    assert str(problem) == ("papers/a\\nb.yaml:3: paper 'a\\rb', field 'title': x\\x85y "
                            "(z\\u2029)")
    assert len(str(problem).splitlines()) == 1


# --- the command line ----------------------------------------------------------------------

ADD = ["add", "https://example.org/paper", "--year", "2024", "--venue", "icml",
       "--author", "Ada Lovelace", "--topic", "efficient-attention"]


@pytest.fixture
def catalog_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_catalog(tmp_path / "catalog")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("char", [*BREAKS, "\ufffe", "\U0001ffff", "\x00", "\udcff"],
                         ids=code)
def test_add_refuses_the_class_in_every_one_line_option(
        catalog_cwd: Path, capsys: pytest.CaptureFixture[str], char: str) -> None:
    before = snapshot(catalog_cwd)
    text = f"Bad{char}Text"
    why = (f"text has a lone surrogate ({code(char)}), half of a character (write the "
           "character itself, or remove it)") if char == "\udcff" else reason(char)
    status, out, err = cli(capsys, *ADD, "--title", text, "--keyword", text,
                           "--author", text)
    assert (status, out) == (2, "")
    assert err.splitlines() == [  # the topics are read before the options' text is checked
        f"error: the --keyword of topic 'efficient-attention': {why}",
        f"error: --title: {why}",
        f"error: --author 'Bad{shown(char)}Text': {why}",
    ]
    assert snapshot(catalog_cwd) == before


@pytest.mark.parametrize("char", ["\x0b", "\u2028", "\uffff"], ids=code)
def test_add_refuses_in_the_note_what_prose_may_not_hold(
        catalog_cwd: Path, capsys: pytest.CaptureFixture[str], char: str) -> None:
    before = snapshot(catalog_cwd)
    status, out, err = cli(capsys, *ADD, "--title", "A Paper", "--keyword", "K",
                           "--note", f"Fine.\nThen{char}this.")
    found = text_problem(f"x{char}", "note")
    assert found is not None
    assert (status, out, err) == (2, "", f"error: --note: {found[0]} ({found[1]})\n")
    assert snapshot(catalog_cwd) == before


@pytest.mark.parametrize("name", ["Doe, John, Jr, Extra", "Doe, , John", ", John"])
def test_add_refuses_a_name_bibtex_cannot_split(catalog_cwd: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                name: str) -> None:
    before = snapshot(catalog_cwd)
    status, out, err = cli(capsys, *ADD, "--title", "A Paper", "--keyword", "K",
                           "--author", name)
    problem = text_problem(name, "authors") or ("", "")
    assert problem == ("", "")
    why = ("name has 3 commas, and BibTeX reads at most two" if name.count(",") == 3 else
           "name has an empty part before, between or after its commas")
    assert (status, out, err) == (2, "", f"error: --author {name!r}: {why} ({NAME_HINT})\n")
    assert snapshot(catalog_cwd) == before


@pytest.mark.parametrize("pid", ["aux", "con", "nul", "prn", "com3", "lpt7"])
def test_add_refuses_a_device_name_as_id(catalog_cwd: Path, capsys: pytest.CaptureFixture[str],
                                         pid: str) -> None:
    before = snapshot(catalog_cwd)
    assert cli(capsys, *ADD, "--title", "A Paper", "--keyword", "K", "--id", pid) == (
        2, "", f"error: --id '{pid}' is a device name on Windows (con, prn, aux, nul, "
        "com1-com9, lpt1-lpt9), where its file could not be checked out: pass another --id, "
        f"e.g. --id {pid}-paper\n")
    assert snapshot(catalog_cwd) == before


def test_add_derives_an_id_that_is_no_device_name(catalog_cwd: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, *ADD, "--title", "AUX: Auxiliary Losses for Efficient LLMs",
                         "--keyword", "K")
    assert (status, out.splitlines()[0]) == (0, "Added catalog/papers/aux-2024.yaml:")
    assert not (catalog_cwd / "papers" / "aux.yaml").exists()


def test_a_usage_error_quoting_an_option_stays_on_its_line(
        catalog_cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "add", "https://example.org/p", "--title", "T", "--year",
                           "2024", "--venue", "ic\u2028ml\nOK: forged", "--topic",
                           "efficient-attention", "--keyword", "K", "--author", "Ada Lovelace")
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        "error: unknown venue 'ic\\u2028ml\\nOK: forged': pass an id or short name from "
        "catalog/venues.yaml, or add the venue there"]


# --- import-readme -------------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
UPSTREAM = consistent_upstream(Path(tempfile.mkdtemp(prefix="upstream-")))
TABI_TITLE = "Tabi: An Efficient Multi-Level Inference System for Large Language Models"


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    for name in ("venues.yaml", "topics.yaml", "tools.yaml"):
        (catalog / name).write_bytes((REPO / "catalog" / name).read_bytes())
    return catalog


@pytest.mark.parametrize("char", ["\u2028", "\x85", "\x0c", "\x1d", "\v", "\ufdd0"], ids=code)
def test_import_refuses_the_class_in_a_title_at_its_file_and_line(
        fresh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], char: str) -> None:
    text = UPSTREAM.read_text(encoding="utf-8")
    assert TABI_TITLE in text
    (tmp_path / "README.md").write_text(
        text.replace(TABI_TITLE, TABI_TITLE.replace(": An", f":{char}An")), encoding="utf-8")
    before = snapshot(fresh)
    status, out, err = cli(capsys, "import-readme", "README.md")
    assert (status, err) == (1, "error: the import needs attention (see above), so nothing "
                                "was written\n")
    row = next(i for i, line in enumerate(text.split("\n"), 1) if TABI_TITLE in line)
    assert out.splitlines()[1:3] == ["catalog problems (nothing written):",
                                     f"  README.md:{row}: paper row, field 'title': "
                                     f"{reason(char)}"]
    assert snapshot(fresh) == before


def test_import_refuses_a_url_with_a_backslash(fresh: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    text = UPSTREAM.read_text(encoding="utf-8")
    url = "https://arxiv.org/abs/1811.02084"
    assert url in text
    (tmp_path / "README.md").write_text(
        text.replace(url, "https://example.org/x?\\input/etc/hostname\\relax"),
        encoding="utf-8")
    before = snapshot(fresh)
    status, out, _ = cli(capsys, "import-readme", "README.md")
    assert status == 1
    assert out.splitlines()[1:3] == [
        "catalog problems (nothing written):",
        "  catalog/papers/mesh-tensorflow.yaml:5: paper 'mesh-tensorflow', field 'url': URL "
        "has characters that a URL may not hold: \\ (write them percent-encoded: "
        "https://example.org/x?%5Cinput/etc/hostname%5Crelax)"]
    assert snapshot(fresh) == before
