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
