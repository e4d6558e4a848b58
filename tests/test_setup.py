"""A contributor's set-up: local folders stay out of Git, and the commit checks find the
project's tools, or say how to install them, from a shell where its environment is not
active."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
HOOK_TOOL = REPO / "tools" / "hook_tool.py"
#: A PATH with the system's commands but no Python environment's.
BARE_PATH = "/usr/bin:/bin"


def git(*args: str, cwd: Path, env: dict[str, str] | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=check,
                          capture_output=True, text=True)


def ignored(paths: list[str], tmp_path: Path) -> list[str]:
    """Which of ``paths`` the repository's .gitignore ignores."""
    git("init", "-q", cwd=tmp_path)
    shutil.copy(REPO / ".gitignore", tmp_path / ".gitignore")
    run = subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], cwd=tmp_path,
                         input="\n".join(paths), capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stderr  # 1: none of them is ignored
    return run.stdout.splitlines()


LOCAL = [".venv/bin/python", "venv/lib/x.py", ".env/bin/activate", ".nox/docs/bin/python",
         ".mypy_cache/3.11/x.json", ".ruff_cache/x", ".pytest_cache/v/x", ".hypothesis/x",
         "docs/_ext/paper_catalog/__pycache__/cli.cpython-311.pyc", "noxfile.pyc",
         ".DS_Store", "catalog/papers/.DS_Store", ".idea/workspace.xml",
         ".vscode/settings.json", "docs/_build/doctrees/index.doctree",
         "docs/_build/html/index.html", "catalog/papers/.awq.yaml.swp", "x.egg-info/PKG-INFO",
         "test-artifacts/shot.png", "bench-results/bench.json"]


def test_local_folders_and_files_are_ignored(tmp_path: Path) -> None:
    assert ignored(LOCAL, tmp_path) == LOCAL


def test_nothing_of_the_project_is_ignored(tmp_path: Path) -> None:
    """No file Git tracks (and no file a contribution adds) matches .gitignore."""
    listed = git("ls-files", cwd=REPO, check=False)
    if listed.returncode:
        pytest.skip(f"not a Git checkout: {listed.stderr.strip()}")
    project = [*listed.stdout.splitlines(), "catalog/papers/smoothquant.yaml",
               "docs/topics/new-topic.md", "tests/data/imported-catalog/papers/x.yaml"]
    assert ignored(project, tmp_path) == []


# --- the commit checks --------------------------------------------------------------------

def hooks() -> list[dict[str, object]]:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


#: The package that installs each command the hooks run.
PROVIDERS = {"ruff": "ruff", "mypy": "mypy", "check-yaml": "pre-commit-hooks",
             "trailing-whitespace-fixer": "pre-commit-hooks"}


def test_every_hook_runs_a_tool_of_the_lint_extra_through_hook_tool() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lint = {dep.split(">")[0].split("=")[0].split("<")[0].strip()
            for dep in project["optional-dependencies"]["lint"]}
    tools = []
    for hook in hooks():
        launcher, tool, *_ = str(hook["entry"]).split()
        assert launcher == "tools/hook_tool.py", hook["id"]
        assert tool in project["scripts"] or PROVIDERS[tool] in lint, tool
        tools.append(tool)
    assert {"ruff", "mypy", "paper-catalog", "check-yaml"} <= set(tools)
    assert "pre-commit" in lint


def test_catalog_check_runs_on_the_catalog_only() -> None:
    """The frozen catalog of the tests is data of the tests: validate does not run on it,
    and the whitespace fixer leaves tests/data/ as it is."""
    found = {str(hook["id"]): hook for hook in hooks()}
    catalog_files = re.compile(str(found["paper-catalog"]["files"]))
    assert catalog_files.search("catalog/papers/awq.yaml")
    assert not catalog_files.search("tests/data/imported-catalog/papers/awq.yaml")
    assert re.compile(str(found["trailing-whitespace"]["exclude"])).search(
        "tests/data/imported-catalog/papers/awq.yaml")


def test_contributing_setup_installs_the_lint_extra() -> None:
    """The set-up CONTRIBUTING.md gives installs what the hooks run, and pre-commit."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    setup = text.split("## Set up once", 1)[1].split("\n## ", 1)[0]
    assert "python -m pip install -e '.[lint]' nox" in setup
    assert "pre-commit install" in setup


def run_hook_tool(args: list[str], cwd: Path,
                  path: str = BARE_PATH) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    return subprocess.run([sys.executable, str(HOOK_TOOL), *args], cwd=cwd,
                          env={**env, "PATH": path}, capture_output=True, text=True)


def fake_tool(folder: Path, name: str, says: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / name
    tool.write_text(f'#!/bin/sh\necho "{says} $*"\necho "PATH starts $PATH" | cut -c1-200\n')
    tool.chmod(0o755)


def test_hook_tool_without_the_tool_names_the_fix(tmp_path: Path) -> None:
    run = run_hook_tool(["paper-catalog", "validate"], tmp_path)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr == (
        "paper-catalog: command not found, on the PATH or in .venv/, venv/, .env/, env/, "
        ".nox/lint/ of the repository.\n"
        "The commit checks run the tools of the project's environment. Set it up once "
        "(CONTRIBUTING.md, \"Set up once\"):\n"
        "    python3 -m venv .venv\n"
        "    .venv/bin/python -m pip install -e '.[lint]' nox\n"
        "or activate the environment you installed them in, then commit again. "
        "`nox -s lint` runs the same checks in an environment of its own.\n")


@pytest.mark.parametrize("environment", [".venv", "venv", ".nox/lint"])
def test_hook_tool_finds_the_tool_in_the_repositorys_environment(
        tmp_path: Path, environment: str) -> None:
    fake_tool(tmp_path / environment / "bin", "paper-catalog", "checked")
    run = run_hook_tool(["paper-catalog", "validate", "--strict"], tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "checked validate --strict", f"PATH starts {tmp_path / environment / 'bin'}:{BARE_PATH}"]


def test_hook_tool_prefers_the_path(tmp_path: Path) -> None:
    fake_tool(tmp_path / ".venv" / "bin", "ruff", "from .venv")
    fake_tool(tmp_path / "active", "ruff", "from the PATH")
    run = run_hook_tool(["ruff", "check"], tmp_path, f"{tmp_path / 'active'}:{BARE_PATH}")
    assert run.stdout.splitlines()[0] == "from the PATH check"


def test_hook_tool_passes_the_tools_exit_status(tmp_path: Path) -> None:
    bin_dir = tmp_path / ".venv" / "bin"
    fake_tool(bin_dir, "check-yaml", "")
    (bin_dir / "check-yaml").write_text("#!/bin/sh\nexit 3\n")
    assert run_hook_tool(["check-yaml", "a.yaml"], tmp_path).returncode == 3
    assert run_hook_tool([], tmp_path).returncode == 2


def test_commit_from_a_shell_without_the_environment(tmp_path: Path) -> None:
    """``pre-commit install``, then ``git commit`` where the environment is not on the
    PATH (a new shell, an editor): the hooks say what to do; with the environment in
    .venv/, they find its tools and the commit goes through."""
    pytest.importorskip("pre_commit", reason="pre-commit comes with the lint extra")
    pytest.importorskip("pre_commit_hooks", reason="pre-commit-hooks: the lint extra")
    if not (Path(sys.executable).parent / "paper-catalog").exists():
        pytest.skip("paper-catalog is not installed beside this Python")
    repo = tmp_path / "repo"
    for name in (".pre-commit-config.yaml", "tools/hook_tool.py", ".gitignore", "pyproject.toml"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, repo / name)
    shutil.copytree(REPO / "catalog", repo / "catalog")
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), GIT_AUTHOR_NAME="A",
               GIT_AUTHOR_EMAIL="a@example.org", GIT_COMMITTER_NAME="A",
               GIT_COMMITTER_EMAIL="a@example.org")
    git("init", "-q", cwd=repo, env=env)
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                   check=True, capture_output=True)
    paper = sorted((repo / "catalog" / "papers").glob("*.yaml"))[0]
    paper.write_text(paper.read_text(encoding="utf-8"), encoding="utf-8")
    git("add", "-A", cwd=repo, env=env)
    bare = {**env, "PATH": BARE_PATH}

    refused = git("commit", "-qm", "Add the catalog", cwd=repo, env=bare, check=False)
    assert refused.returncode == 1
    out = refused.stdout + refused.stderr
    assert "paper-catalog: command not found" in out
    assert ".venv/bin/python -m pip install -e '.[lint]' nox" in out

    (repo / ".venv").symlink_to(Path(sys.executable).parent.parent)
    git("add", "-A", cwd=repo, env=env)  # .venv stays out
    done = git("commit", "-qm", "Add the catalog", cwd=repo, env=bare, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "paper-catalog validate" in done.stdout + done.stderr
    assert git("status", "--porcelain", cwd=repo, env=bare).stdout == ""
    assert not any(name.startswith(".venv") for name in git(
        "ls-files", cwd=repo, env=bare).stdout.splitlines())
