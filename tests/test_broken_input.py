"""Broken and hostile catalog files: each is a catalog error naming file and line, never a
traceback, never a value the site would show wrongly, never the content of a file the
catalog only links to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from catalog_factory import paper_yaml, write_catalog

from paper_catalog import yaml_source
from paper_catalog.errors import CatalogError
from paper_catalog.load import load_catalog

PAPER = "papers/mobilellm.yaml"
TAGS = "are not allowed (write the plain value without a tag)"

Files = Mapping[str, str | bytes | None]


@pytest.fixture
def problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[Files], list[str]]:
    """Write the minimal catalog with ``files`` changed; return the problem lines."""
    monkeypatch.chdir(tmp_path)

    def run(files: Files) -> list[str]:
        write_catalog(tmp_path, files)
        with pytest.raises(CatalogError) as info:
            load_catalog(tmp_path)
        return [str(problem) for problem in info.value.problems]

    return run


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
        f"{PAPER}:7: file: a key must be plain text, not a list or mapping"]
