"""CONTRIBUTING.md's "The code" lists every module of the two packages, once, with a
layer, and no module that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXT = REPO / "docs" / "_ext"
LAYERS = {"library", "command", "README", "fetch", "Sphinx extension", "site tuning"}


def listed() -> list[tuple[str, str]]:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## The code\n"):]
    section = section[:section.index("\n## ", 1)]
    return re.findall(r"^\| `([\w/]+\.py)` \| ([^|]+?) \| [^|]+ \|$", section, re.M)


def test_every_module_is_listed_once_with_its_layer() -> None:
    modules = sorted(str(path.relative_to(EXT)) for package in ("paper_catalog", "site_tuning")
                     for path in (EXT / package).rglob("*.py"))
    rows = listed()
    assert sorted(name for name, _ in rows) == modules
    assert {layer for _, layer in rows} <= LAYERS
    folders = {"site_tuning/": "site tuning", "paper_catalog/sphinxext/": "Sphinx extension",
               "paper_catalog/readme/": "README", "paper_catalog/fetch/": "fetch"}
    wrong = [(name, layer) for name, layer in rows for folder, expected in folders.items()
             if name.startswith(folder) and layer != expected]
    assert wrong == []
