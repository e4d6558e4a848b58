"""objects.inv has one entry a line whatever catalog text reaches the build: a title, topic
title or glossary term holding a line break (let past validation here) neither adds nor
redirects an entry for intersphinx."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

import paper_catalog.load
from paper_catalog.sphinxext.domain import inventory_name
from paper_catalog.text_rules import LINE_BREAKS, text_problem

SITE = "https://papers.example/"
INJECT = "{} paper-tinyllm std:label -1 //evil.example/pwn Click here"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("char", ["\n", "\r", "\x0c", "\x1e", "\x85", "\u2028"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_no_catalog_text_splits_an_inventory_line(
        make_app, catalog_project: Path, monkeypatch: pytest.MonkeyPatch, char: str) -> None:
    # the loader refuses these texts (test_hostile_text.py); here they get through it
    monkeypatch.setattr(paper_catalog.load, "text_problem",
                        lambda text, field: None if any(c in LINE_BREAKS for c in text)
                        else text_problem(text, field))
    catalog = catalog_project / "catalog"
    esc = f"\\U{ord(char):08X}"
    payload = INJECT.replace("{}", esc)
    paper = catalog / "papers" / "old-quant.yaml"
    paper.write_text("".join(f'title: "Old{payload}"\n' if line.startswith("title:") else line
                             for line in paper.read_text(encoding="utf-8").splitlines(True)),
                     encoding="utf-8")
    _replace(catalog / "topics.yaml", "title: Pruning", f'title: "Pruning{payload}"')
    _replace(catalog / "metrics.yaml", "- term: Model Size", f'- term: "Model{payload}"')
    app: SphinxTestApp = make_app("html", srcdir=catalog_project)
    app.build()
    data = (Path(app.outdir) / "objects.inv").read_bytes()
    _, _, body = data.partition(b"zlib.\n")
    lines = zlib.decompress(body).decode("utf-8")
    assert not any(c in LINE_BREAKS for c in lines.replace("\n", "")), "a line break is kept"
    assert "evil.example" not in "".join(
        line.split(" ")[3] for line in lines.split("\n") if line.count(" ") >= 4)
    inventory = InventoryFile.loads(data, uri=SITE)
    labels = inventory.data["std:label"]
    assert labels["paper-tinyllm"].uri == SITE + "papers/tinyllm.html"  # the paper's page
    assert labels["paper-old-quant"].display_name == "Old " + INJECT.replace("{} ", "")
    assert labels["topic-pruning"].display_name == "Pruning " + INJECT.replace("{} ", "")
    for entries in inventory.data.values():
        for name, item in entries.items():
            assert "evil.example" not in item.uri, (name, item)
            assert not any(c in LINE_BREAKS for c in name + item.display_name)
    papers = inventory.data["catalog:paper"]
    assert papers["old-quant"].display_name.startswith("Old " + INJECT.replace("{} ", ""))


def _read_back(name: str) -> list[str]:
    """The names intersphinx reads from an objects.inv whose one entry is named ``name``."""
    head = (b"# Sphinx inventory version 2\n# Project: x\n# Version: 1\n"
            b"# The remainder of this file is compressed using zlib.\n")
    line = f"{name} catalog:paper 0 papers.html#row -\n".encode()
    inventory = InventoryFile.loads(head + zlib.compress(line), uri=SITE)
    return [found for entries in inventory.data.values() for found in entries]


@given(st.from_regex(r"[A-Za-z0-9_.-]+", fullmatch=True)
       | st.text(st.sampled_from("ab-_.: \t/1\u00a0"), min_size=1, max_size=16)
       | st.lists(st.sampled_from(["a", "1", "-1", "std:label", "//x", "b.c", "\t"]),
                  min_size=1, max_size=6).map(" ".join))
@example("paper-x std:label -1 //elsewhere x")
def test_an_inventory_name_reads_back_as_itself(name: str) -> None:
    """What the domain lets name an entry is read back by intersphinx as that name, and an
    id (letters, digits, '_', '.', '-') always may."""
    if inventory_name(name):
        assert _read_back(name) == [name]
    if re.fullmatch(r"[\w.-]+", name, re.ASCII):
        assert inventory_name(name)
