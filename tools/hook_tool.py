#!/usr/bin/env python3
"""Run a commit check's tool from the project's environment, or say how to install it.

The hooks of ``.pre-commit-config.yaml`` run the tools that ``pip install -e '.[lint]'``
installs (ruff, mypy, paper-catalog, check-yaml, ...). A commit made where that
environment is not active (a new shell, an editor, a Git GUI) does not have them on its
PATH, so each hook runs ``tools/hook_tool.py TOOL ARGS...``: the tool from the PATH, else
from the active virtual environment or one of the repository's usual environment
folders, else a message that names the fix.

Usage: ``tools/hook_tool.py TOOL [ARGS...]``, from the repository root (as pre-commit
runs hooks).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

#: Environment folders of the repository, in the order they are tried: the one
#: CONTRIBUTING.md sets up, other usual names, and the one ``nox -s lint`` makes.
ENVIRONMENTS = (".venv", "venv", ".env", "env", ".nox/lint")


def scripts_folders(root: Path) -> list[Path]:
    """Where an environment keeps its commands: the active one's, then the repository's."""
    folders = [Path(os.environ["VIRTUAL_ENV"])] if os.environ.get("VIRTUAL_ENV") else []
    folders += [root / name for name in ENVIRONMENTS]
    return [folder / ("Scripts" if os.name == "nt" else "bin") for folder in folders]


def find_tool(tool: str, root: Path) -> str | None:
    """The tool's executable: on the PATH, else in an environment folder."""
    if found := shutil.which(tool):
        return found
    for folder in scripts_folders(root):
        if found := shutil.which(tool, path=str(folder)):
            return found
    return None


def missing(tool: str) -> str:
    """What to do when the tool is nowhere."""
    folders = ", ".join(f"{name}/" for name in ENVIRONMENTS)
    return (f"{tool}: command not found, on the PATH or in {folders} of the repository.\n"
            "The commit checks run the tools of the project's environment. Set it up once "
            "(CONTRIBUTING.md, \"Set up once\"):\n"
            "    python3 -m venv .venv\n"
            "    .venv/bin/python -m pip install -e '.[lint]' nox\n"
            "or activate the environment you installed them in, then commit again. "
            "`nox -s lint` runs the same checks in an environment of its own.")


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: tools/hook_tool.py TOOL [ARGS...]", file=sys.stderr)
        return 2
    tool, *args = argv
    found = find_tool(tool, Path.cwd())
    if found is None:
        print(missing(tool), file=sys.stderr)
        return 1
    # the tool's own folder first, so that what it runs in turn is its environment's too
    path = os.pathsep.join([str(Path(found).parent), os.environ.get("PATH", "")])
    return subprocess.run([found, *args], check=False,
                          env={**os.environ, "PATH": path}).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
