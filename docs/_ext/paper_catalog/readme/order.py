"""The order of the rows of the README's tables, kept stable across exports.

``catalog/readme-order.yaml`` lists, per leaf topic, paper ids in the order of the
README's rows; ``paper-catalog import-readme`` writes it from the README's own order.
The export shows listed papers in that order and places each paper not listed (a new
one) before the first listed paper of the same or an older year, new papers among
themselves newest first, then by title: adding a paper adds its row and moves no other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..errors import CatalogError, Problem
from ..load import display_path
from ..model import Catalog, Paper
from ..yaml_source import YamlReadError, read_yaml
from ..yaml_writer import dump_yaml

ORDER_FILE = "readme-order.yaml"
HEADER = ("# The order of the rows of each topic's table in the README: paper ids per leaf\n"
          "# topic. Written by `paper-catalog import-readme`; a paper not listed is placed\n"
          "# by its year, so adding a paper needs no change here.\n")

#: Paper ids per topic id, in row order.
Order = Mapping[str, Sequence[str]]


def load_order(root: Path) -> dict[str, list[str]]:
    """The row order of the catalog at ``root``; empty when it has no order file."""
    path = root / ORDER_FILE
    if not path.is_file():
        return {}
    name = display_path(path)
    try:
        document = read_yaml(path)
    except YamlReadError as exc:
        raise CatalogError([Problem(name, exc.line, "file", "", exc.reason, exc.hint)]) \
            from None
    data = document.data if document.data is not None else {}
    problems = []
    if not isinstance(data, dict):
        problems.append(Problem(name, None, "file", "", "must be a mapping of topic ids to "
                                "lists of paper ids", "write 'topic-id:' lines, each "
                                "followed by '  - paper-id' lines"))
        data = {}
    for topic, ids in data.items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            problems.append(Problem(name, document.line(topic), f"topic '{topic}'", "",
                                    "must be a list of paper ids",
                                    "write one '  - paper-id' line per row"))
    if problems:
        raise CatalogError(problems)
    return {str(topic): list(ids) for topic, ids in data.items()}


def stale_entries(catalog: Catalog, order: Order) -> list[str]:
    """Entries of ``order`` the export skips, one line each: a topic that is not a leaf
    topic of the catalog, a paper without a file or not listed under that topic."""
    found = []
    for topic, ids in order.items():
        if topic not in catalog.topics or not catalog.topics[topic].is_leaf:
            found.append(f"{ORDER_FILE}: '{topic}' is not a leaf topic; its order is unused")
            continue
        for pid in ids:
            if pid not in catalog.papers:
                found.append(f"{ORDER_FILE}: '{topic}' lists '{pid}', which has no paper "
                             "file; remove the line")
            elif catalog.papers[pid].keyword(topic) is None:
                found.append(f"{ORDER_FILE}: '{topic}' lists '{pid}', which is not listed "
                             "under that topic; remove the line")
    return found


def order_yaml(order: Order) -> str:
    """The text of the order file."""
    return HEADER + dump_yaml({topic: list(ids) for topic, ids in order.items()})


def arrange(papers: Iterable[Paper], listed: Sequence[str]) -> list[Paper]:
    """``papers`` in row order: the listed ones as listed, the others placed by year."""
    by_id = {p.id: p for p in papers}
    return [by_id[pid] for pid in row_ids({p.id: (p.year, p.title) for p in by_id.values()},
                                          listed)]


def row_ids(papers: Mapping[str, tuple[int, str]], listed: Sequence[str]) -> list[str]:
    """The ids of ``papers`` (id -> year and title) in row order (see :func:`arrange`);
    ids ``listed`` without a paper are left out."""
    rows = [pid for pid in dict.fromkeys(listed) if pid in papers]
    known = set(listed)
    new = sorted((pid for pid in papers if pid not in known),
                 key=lambda pid: (-papers[pid][0], papers[pid][1].casefold(), pid))
    arranged: list[str] = []
    for pid in rows:
        while new and papers[new[0]][0] >= papers[pid][0]:
            arranged.append(new.pop(0))
        arranged.append(pid)
    return arranged + new
