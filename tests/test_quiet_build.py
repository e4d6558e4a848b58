"""A rebuild of the unchanged site says nothing about configuration it did not change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _build(out: Path) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "NO_COLOR": "1"}
    run = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html",
                          str(REPO / "docs"), str(out)],
                         capture_output=True, text=True, env=env, cwd=REPO, check=True)
    return run.stdout + run.stderr


def test_rebuild_reports_no_configuration_change_and_no_myst_dump(tmp_path: Path) -> None:
    first = _build(tmp_path / "html")
    second = _build(tmp_path / "html")
    assert "MdParserConfig" not in first
    assert "The configuration has changed" not in second
    assert "no targets are out of date." in second
    # The run-time additions are still in force: the table script is published.
    assert (tmp_path / "html" / "_static" / "catalog-table.js").exists()
