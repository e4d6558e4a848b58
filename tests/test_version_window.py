"""The declared version window: every dependency whose internals the site's code relies on
has a lower and an upper bound in pyproject.toml, and tests/constraints-oldest.txt (what
``nox -s tests-oldest`` installs) pins exactly the lower bounds."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]

#: The distributions the window covers.
WINDOW = {"sphinx", "jinja2", "myst-parser", "sphinx-design", "pydata-sphinx-theme",
          "sphinx-sitemap", "sphinxext-opengraph"}


def declared() -> dict[str, Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = (Requirement(line) for line in project["dependencies"])
    return {canonicalize_name(r.name): r for r in found}


def oldest() -> dict[str, str]:
    pins = {}
    for line in (REPO / "tests" / "constraints-oldest.txt").read_text().splitlines():
        line = line.partition("#")[0].strip()
        if line:
            name, _, pinned = line.partition("==")
            pins[canonicalize_name(name)] = pinned
    return pins


def test_each_dependency_of_the_window_has_both_bounds() -> None:
    requirements = declared()
    for name in WINDOW:
        operators = {spec.operator for spec in requirements[name].specifier}
        assert operators == {">=", "<"}, name


def test_the_oldest_constraints_are_the_lower_bounds() -> None:
    requirements = declared()
    lower = {name: Version(spec.version) for name in WINDOW
             for spec in requirements[name].specifier if spec.operator == ">="}
    assert {name: Version(pinned) for name, pinned in oldest().items()} == lower


def test_the_installed_versions_are_inside_the_window() -> None:
    requirements = declared()
    outside = [f"{name} {version(name)}" for name in WINDOW
               if not requirements[name].specifier.contains(version(name))]
    assert outside == []
