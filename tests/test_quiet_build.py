"""A rebuild of the unchanged site writes nothing and keeps myst-parser's configuration
dump out of the log."""

from __future__ import annotations

from pathlib import Path

from site_build import REPO, sphinx_build


def _build(out: Path) -> str:
    run = sphinx_build("-W", "--keep-going", "-b", "html", REPO / "docs", out)
    assert run.returncode == 0, run.stderr
    return run.stdout + run.stderr


def test_rebuild_writes_nothing_and_logs_no_myst_dump(tmp_path: Path) -> None:
    first = _build(tmp_path / "html")
    second = _build(tmp_path / "html")
    assert "MdParserConfig" not in first
    assert "no targets are out of date." in second
    assert "targets for 0 source files that are out of date" in second
    # The run-time additions are still in force: the table script is published.
    assert (tmp_path / "html" / "_static" / "catalog-table.js").exists()
