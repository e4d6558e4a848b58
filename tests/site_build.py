"""Build the real site in a child process, as ``nox -s docs`` does.

In a child process because sphinx-sitemap starts a multiprocessing manager (a fork), and
forking a test process that already runs threads (Playwright's, say) can hang it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def sphinx_build(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """``python -m sphinx ARGS`` with this test run's import path; output captured."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([sys.executable, "-m", "sphinx", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=cwd)


def build_real_site(out: Path, builder: str = "html", docs: Path = REPO / "docs",
                    doctrees: Path | None = None) -> Path:
    """The site of ``docs`` built with ``-W`` into ``out``; fails the test on any warning."""
    extra = ["-d", str(doctrees)] if doctrees else []
    run = sphinx_build("-W", "--keep-going", "-q", "-b", builder, *extra, docs, out)
    assert run.returncode == 0, f"the {builder} build has warnings or errors:\n{run.stderr}"
    return out


def build_like_nox(root: Path) -> Path:
    """The site built with the arguments of the noxfile's docs session (``-W``, the
    doctree folder, the builder), its ``docs/_build`` being ``root``; the HTML folder."""
    import ast

    tree = ast.parse((REPO / "noxfile.py").read_text(encoding="utf-8"))
    names = {node.targets[0].id: node.value for node in tree.body  # type: ignore[attr-defined]
             if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}
    args = [ast.literal_eval(names[arg.id] if isinstance(arg, ast.Name) else arg)
            for arg in names["SPHINX_ARGS"].elts]  # type: ignore[attr-defined]
    out = ast.literal_eval(names["DOCS_OUT"])

    def here(arg: str) -> str:
        return str(root / arg.removeprefix("docs/_build/")) if arg.startswith(
            "docs/_build/") else arg

    run = sphinx_build("-q", *map(here, args))
    assert run.returncode == 0, f"the build has warnings or errors:\n{run.stderr}"
    return Path(here(out))
