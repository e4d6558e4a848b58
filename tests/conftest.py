"""Shared fixtures: Sphinx's testing fixtures and the paths of the project."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from catalog_factory import Files

pytest_plugins = ("sphinx.testing.fixtures",)

REPO = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).resolve().parent / "roots"

# The package is installed by ``nox -s tests``; this also lets a bare ``pytest`` find it.
if str(REPO / "docs" / "_ext") not in sys.path:
    sys.path.insert(0, str(REPO / "docs" / "_ext"))


@pytest.fixture
def catalog_project(tmp_path: Path) -> Path:
    """A writable copy of the ``test-catalog`` project, to break or edit."""
    target = tmp_path / "project"
    shutil.copytree(ROOTS / "test-catalog", target)
    return target


@pytest.fixture
def problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
             ) -> Callable[[Files], list[str]]:
    """Write the minimal catalog with ``files`` changed (in the working folder); return
    the problem lines loading it reports. (Some modules define their own.)"""
    from catalog_factory import write_catalog

    from paper_catalog.errors import CatalogError
    from paper_catalog.load import load_catalog

    monkeypatch.chdir(tmp_path)

    def run(files: Files) -> list[str]:
        write_catalog(tmp_path, files)
        with pytest.raises(CatalogError) as info:
            load_catalog(tmp_path)
        return [str(problem) for problem in info.value.problems]

    return run


@pytest.fixture(scope="session")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run as ``nox -s docs`` builds it (its arguments:
    ``-W``, the doctrees beside the HTML folder); the HTML folder."""
    from site_build import build_like_nox

    return build_like_nox(tmp_path_factory.mktemp("site"))
