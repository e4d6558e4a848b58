"""Property: whatever a catalog file holds and whatever the command line says, the outcome
is a catalog error or a documented exit status (0 ok, 1 catalog problems or refusal,
2 usage), never a traceback; nothing is written outside ``catalog/``; a failed command
changes no existing file.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

import yaml
from catalog_factory import FILES, snapshot, write_catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paper_catalog.cli import main
from paper_catalog.errors import CatalogError
from paper_catalog.load import load_catalog

#: Modest, so the suite stays fast; CI can raise it with a Hypothesis profile.
EXAMPLES = 40

TARGETS = sorted(FILES)
UPSTREAM = Path(__file__).parent / "data" / "upstream-README.md"

#: The characters one-line text refuses besides controls: every line break
#: str.splitlines() knows, noncharacters of every plane, lone surrogates.
LINE_BREAK = st.sampled_from(sorted("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"))
NONCHARACTER = (st.integers(0xFDD0, 0xFDEF) | st.integers(0, 16).flatmap(
    lambda plane: st.sampled_from([plane << 16 | 0xFFFE, plane << 16 | 0xFFFF]))).map(chr)
SURROGATE = st.integers(0xD800, 0xDFFF).map(chr)
ODD_TEXT = st.text(
    st.characters() | st.sampled_from(
        ["\u200b", "\u202e", "\x00", "\x1b", "\ufeff", "é", "😀", "\u2028", "\t", "\n"])
    | LINE_BREAK | NONCHARACTER, max_size=40)
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | ODD_TEXT | st.integers(min_value=10**40, max_value=10**60))
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
FRAGMENTS = st.sampled_from([
    "!!int x", "!!float x", "!!bool x", "!!timestamp x", "!!int ''", "!!binary aGk=",
    "!!python/object/apply:os.system [echo]", "&a [1, *a]", "*nowhere", "2024-02-30",
    "[" * 60 + "]" * 60, "{" * 5, "9" * 5000, "? [a]\n: b", "<<: {a: 1}", "\"\\x00\"",
    "'unclosed", "- - - -", "%YAML 1.1\n---", "---\n---", "\t", "title: {paper}`x`",
])
FIELDS = st.sampled_from(["title", "year", "venue", "url", "topics", "note", "areas",
                          "venues", "categories", "benchmarks", "tools", "id", "summary"])


@st.composite
def file_text(draw: st.DrawFn) -> str | bytes:
    """Random content for a catalog file: dumped data, hostile fragments, raw bytes."""
    kind = draw(st.sampled_from(["data", "fields", "fragment", "bytes", "mutated"]))
    if kind == "data":
        return yaml.safe_dump(draw(DATA), allow_unicode=True)
    if kind == "fields":
        pairs = draw(st.lists(st.tuples(FIELDS, FRAGMENTS | ODD_TEXT), max_size=6))
        return "".join(f"{key}: {value}\n" for key, value in pairs)
    if kind == "fragment":
        return draw(FRAGMENTS)
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    base = FILES[draw(st.sampled_from(TARGETS))]
    at = draw(st.integers(min_value=0, max_value=len(base)))
    return base[:at] + draw(FRAGMENTS | ODD_TEXT) + base[at:]


ARG = ODD_TEXT | st.sampled_from([
    "2024", "1800", "abc", "-1", "99999999999999999999", "icml", "arxiv", "efficient-attention",
    "https://arxiv.org/abs/2402.14905", "https://arxiv.org@evil.example/x", "javascript:x",
    "file:///etc/passwd", "evil\n", "../escape", "/tmp/x", "--catalog", "-", "",
])
COMMANDS = st.one_of(
    st.just(["validate"]),
    st.just(["export-readme"]),
    st.just(["import-readme", "README.md"]),
    st.builds(lambda url, title, year, venue, topic, keyword, author, pid, extra: [
        "add", url, "--title", title, "--year", year, "--venue", venue, "--topic", topic,
        "--keyword", keyword, "--author", author, *(["--id", pid] if pid else []), *extra],
        ARG, ARG, ARG, ARG, ARG, ARG, ARG, ARG, st.lists(ARG, max_size=2)),
)



@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(target=st.sampled_from(TARGETS), text=file_text(), command=COMMANDS,
       readme=st.sampled_from(["", "upstream"]) | file_text())
def test_any_catalog_file_and_command_line(target: str, text: str | bytes,
                                           command: list[str], readme: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        root = Path(tmp)
        catalog = write_catalog(root / "catalog", {target: text})
        (root / "outside.txt").write_text("untouched", encoding="utf-8")
        readme_path = root / "README.md"
        if readme == "upstream":
            readme_path.write_bytes(UPSTREAM.read_bytes())
        else:
            readme_path.write_bytes(readme if isinstance(readme, bytes) else readme.encode())
        try:
            load_catalog(catalog)
        except CatalogError as exc:
            assert exc.problems  # a catalog error always says what is wrong
        before, outside = snapshot(catalog), snapshot(root)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(["--catalog", str(catalog), *command])
            except SystemExit as exc:  # argparse: a usage error
                status = exc.code
        assert status in (0, 1, 2), (status, err.getvalue())
        assert "Traceback" not in out.getvalue() + err.getvalue()
        after = snapshot(catalog)
        assert {k: v for k, v in snapshot(root).items() if not k.startswith("catalog/")} == {
            k: v for k, v in outside.items() if not k.startswith("catalog/")}
        if status != 0:
            assert after == before
        else:  # new files only (add: one paper file); no existing file changed
            assert {k: v for k, v in after.items() if k in before} == before
            if command[0] == "add":
                assert all(k.startswith("papers/") for k in set(after) - set(before))


# --- the character classes of one-line text, at their field ---------------------------------

WORD = st.text(st.sampled_from("abcdefghij XYZ"), min_size=1, max_size=12).map(
    lambda t: "W" + t.strip() + "w")
#: paper field -> (its line in the factory's paper file, its YAML, the message's prefix)
PAPER_FIELDS = {
    "title": (1, lambda text: {"title": text}, ""),
    "topics": (6, lambda text: {"topics": {"efficient-attention": text}},
               "keyword for 'efficient-attention': "),
    "authors": (7, lambda text: {"authors": f"[{text}]"}, "author #1: "),
    "note": (7, lambda text: {"note": text}, ""),
}


def expected_reason(char: str, prose: bool) -> str:
    code = f"U+{ord(char):04X}"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return (f"text has a lone surrogate ({code}), half of a character (write the "
                "character itself, or remove it)")
    if char in "\u2028\u2029" and prose:
        return (f"text has a line or paragraph separator ({code}) (start the new line with "
                "an ordinary line break)")
    if char in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" and not prose:
        return f"text has a line break ({code}), but this field is one line (write it on one line)"
    if 0xFDD0 <= ord(char) <= 0xFDEF or ord(char) & 0xFFFE == 0xFFFE:
        return f"text has a Unicode noncharacter ({code}) (remove it)"
    return f"text has a control character ({code}) (remove it)"


@settings(max_examples=EXAMPLES, deadline=None)
@given(char=LINE_BREAK | NONCHARACTER, field=st.sampled_from(sorted(PAPER_FIELDS)),
       before=WORD, after=WORD)
def test_each_new_character_class_is_refused_at_its_field(char: str, field: str, before: str,
                                                          after: str) -> None:
    from catalog_factory import paper_yaml

    if field == "note" and char == "\n":
        return  # prose keeps ordinary newlines
    line, change, prefix = PAPER_FIELDS[field]
    text = '"' + before + f"\\U{ord(char):08X}" + after + '"'
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        write_catalog(Path(tmp), {"papers/mobilellm.yaml": paper_yaml(**change(text))})
        try:
            load_catalog(Path(tmp))
        except CatalogError as exc:
            found = [str(problem) for problem in exc.problems]
        else:
            found = []
    assert found == [f"papers/mobilellm.yaml:{line}: paper 'mobilellm', field '{field}': "
                     f"{prefix}{expected_reason(char, field == 'note')}"]


@settings(max_examples=EXAMPLES, deadline=None)
@given(char=SURROGATE | LINE_BREAK | NONCHARACTER, before=WORD, after=WORD,
       option=st.sampled_from(["--title", "--keyword"]))
def test_each_class_is_refused_in_an_option_of_add(char: str, before: str, after: str,
                                                   option: str) -> None:
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        catalog = write_catalog(Path(tmp) / "catalog")
        before_files = snapshot(catalog)
        values = {"--title": "A Title", "--keyword": "K", option: before + char + after}
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            status = main(["--catalog", str(catalog), "add", "https://example.org/p",
                           "--year", "2024", "--venue", "icml", "--author", "Ada Lovelace",
                           "--topic", "efficient-attention",
                           *(x for kv in values.items() for x in kv)])
        where = ("--title" if option == "--title"
                 else "the --keyword of topic 'efficient-attention'")
        assert (status, err.getvalue()) == (
            2, f"error: {where}: {expected_reason(char, prose=False)}\n")
        assert snapshot(catalog) == before_files
