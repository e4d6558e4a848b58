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
from catalog_factory import FILES, write_catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paper_catalog.cli import main
from paper_catalog.errors import CatalogError
from paper_catalog.load import load_catalog

#: Modest, so the suite stays fast; CI can raise it with a Hypothesis profile.
EXAMPLES = 40

TARGETS = sorted(FILES)
UPSTREAM = Path(__file__).parent / "data" / "upstream-README.md"

ODD_TEXT = st.text(
    st.characters() | st.sampled_from(
        ["\u200b", "\u202e", "\x00", "\x1b", "\ufeff", "é", "😀", "\u2028", "\t", "\n"]),
    max_size=40)
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


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink()}


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
