#!/usr/bin/env python3
"""The broken links of a ``nox -s linkcheck`` run, as Markdown for a CI run's summary.

Reads Sphinx's ``docs/_build/linkcheck/output.json`` (one JSON object per line) and
prints the counts, a table of the broken and timed-out links, each with the catalog file
that holds it (or the page and line), and a table of the redirected ones. Standard
library only, so it runs with any Python 3.11:

    python tools/linkcheck_summary.py docs/_build/linkcheck/output.json >> "$GITHUB_STEP_SUMMARY"
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

URL_LINE = re.compile(r"""^url:\s*['"]?(\S+?)['"]?\s*$""", re.M)


def catalog_files(root: Path) -> dict[str, str]:
    """The paper file of each catalog URL (as written in the file)."""
    found = {}
    for path in sorted((root / "catalog" / "papers").glob("*.yaml")):
        match = URL_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
        if match:
            found[match[1]] = f"catalog/papers/{path.name}"
    return found


def cell(text: object) -> str:
    """Text for one Markdown table cell: one line, pipes and angle brackets escaped."""
    return (" ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|")
            .replace("<", "&lt;").replace(">", "&gt;"))


def where(entry: dict[str, object], files: dict[str, str]) -> str:
    """The catalog file of a link, or the page and line it is on."""
    return files.get(str(entry["uri"])) or f"{entry['filename']}:{entry['lineno']}"


def summary(entries: list[dict[str, object]], files: dict[str, str]) -> str:
    counts = Counter(str(entry["status"]) for entry in entries)
    lines = ["## Link check", "",
             f"{len(entries)} links: " + ", ".join(f"{n} {status}"
                                                   for status, n in sorted(counts.items())),
             ""]
    failing = [e for e in entries if e["status"] in ("broken", "timeout")]
    if failing:
        lines += ["### Broken links", "",
                  "Replace each with the paper's current, stable address (CONTRIBUTING.md, "
                  "\"Check the links\").", "",
                  "| Status | Link | In | Reason |", "| --- | --- | --- | --- |"]
        lines += [f"| {cell(e['status'])} | {cell(e['uri'])} | "
                  f"{cell(where(e, files))} | "
                  f"{cell(e.get('info', ''))} |" for e in failing]
    else:
        lines.append("No broken link.")
    moved = [e for e in entries if e["status"] == "redirected"]
    if moved:
        lines += ["", "### Redirected links", "",
                  "| Link | In | Now at |", "| --- | --- | --- |"]
        lines += [f"| {cell(e['uri'])} | "
                  f"{cell(where(e, files))} | "
                  f"{cell(e.get('info', ''))} |" for e in moved]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: tools/linkcheck_summary.py docs/_build/linkcheck/output.json",
              file=sys.stderr)
        return 2
    report = Path(argv[0])
    if not report.is_file():
        print(f"## Link check\n\nNo report at `{report}`: the check stopped before the end "
              "(see the log of the step before).")
        return 0
    entries = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    print(summary(entries, catalog_files(Path.cwd())), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
