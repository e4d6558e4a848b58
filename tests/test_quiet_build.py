"""A rebuild of the unchanged site says nothing about configuration it did not change."""

from __future__ import annotations

from pathlib import Path

from site_build import REPO, sphinx_build


def _build(out: Path) -> str:
    run = sphinx_build("-W", "--keep-going", "-b", "html", REPO / "docs", out)
    assert run.returncode == 0, run.stderr
    return run.stdout + run.stderr


def test_rebuild_reports_no_configuration_change_and_no_myst_dump(tmp_path: Path) -> None:
    first = _build(tmp_path / "html")
    second = _build(tmp_path / "html")
    assert "MdParserConfig" not in first
    assert "The configuration has changed" not in second
    assert "no targets are out of date." in second
    # The run-time additions are still in force: the table script is published.
    assert (tmp_path / "html" / "_static" / "catalog-table.js").exists()
