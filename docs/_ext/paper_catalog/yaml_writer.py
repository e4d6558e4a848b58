"""Catalog files as the tools write them: stable YAML text, papers in field order."""

from __future__ import annotations

from typing import Any

import yaml

from .load import PAPER_FIELDS
from .model import Organization


class _IndentedDumper(yaml.SafeDumper):
    """SafeDumper that indents list items under their key, as the schema shows them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_IndentedDumper.add_representer(  # an author that is a group, as a paper file writes it
    Organization, lambda dumper, name: dumper.represent_dict({"organization": str(name)}))


def dump_yaml(data: Any) -> str:
    """Stable YAML text: insertion order, quotes only where needed, no line wrapping."""
    return yaml.dump(data, Dumper=_IndentedDumper, sort_keys=False, allow_unicode=True,
                     width=1_000_000, default_flow_style=False)


def paper_yaml(record: dict[str, Any]) -> str:
    """YAML text of a paper, its fields in the order of :data:`~paper_catalog.load.PAPER_FIELDS`
    any others after them."""
    ordered = {k: record[k] for k in PAPER_FIELDS if k in record}
    ordered.update((k, v) for k, v in record.items() if k not in ordered)
    return dump_yaml(ordered)

