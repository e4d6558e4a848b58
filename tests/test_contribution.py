"""A contribution lands green: in a copy of the repository, a paper added with
``paper-catalog add`` as README.md shows it, another paper edited and a third removed,
the tests that read the live catalog still pass (run there as CI runs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
#: The test files that read catalog/ itself (the others use test catalogs or the frozen
#: tests/data/imported-catalog): site build, README export, command, loader, exports.
LIVE_TESTS = ["tests/test_site.py", "tests/test_readme_dropin.py", "tests/test_readme_export.py",
              "tests/test_cli.py", "tests/test_load.py", "tests/test_exports.py",
              "tests/test_github.py"]
#: Set in the copy's test run, which must not start this test again.
INSIDE = "PAPER_CATALOG_CONTRIBUTION_RUN"
#: A real paper the catalog does not hold (arXiv 2211.10438; ICML 2023, PMLR 202).
ADD = ["add", "https://arxiv.org/abs/2211.10438",
       "--title", "SmoothQuant: Accurate and Efficient Post-Training Quantization for Large "
       "Language Models",
       "--author", "Guangxuan Xiao", "--author", "Ji Lin", "--author", "Mickael Seznec",
       "--author", "Hao Wu", "--author", "Julien Demouth", "--author", "Song Han",
       "--year", "2023", "--venue", "icml",
       "--topic", "quantization", "--keyword", "Weight-Activation Co-Quantization"]
IGNORED = shutil.ignore_patterns(".git", ".nox", ".venv", "venv", "_build", "__pycache__",
                                 ".pytest_cache", ".ruff_cache", ".mypy_cache", ".hypothesis",
                                 "*.egg-info", "test-artifacts", "bench-results")


def copy_repository(target: Path) -> None:
    """The files Git tracks (or, outside a Git checkout, the tree without local folders)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True)
    if listed.returncode:
        shutil.copytree(REPO, target, ignore=IGNORED)
        return
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = REPO / name
        if source.is_file():  # a file deleted in the working tree is not copied
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def run(args: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd / "docs" / "_ext"), INSIDE: "1"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def papers(root: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((root / "catalog" / "papers").glob("*.yaml"))}


def edit_and_remove(root: Path) -> tuple[str, str]:
    """Edit one paper (its keyword becomes another paper's of that topic, and a note says
    so) and remove another whose topics keep papers; their ids."""
    found = papers(root)
    keywords: dict[str, set[str]] = {}
    for paper in found.values():
        for topic, keyword in paper["topics"].items():
            keywords.setdefault(topic, set()).add(keyword)
    edited = next(pid for pid, paper in found.items() if pid != "smoothquant" and any(
        len(keywords[topic]) > 1 for topic in paper["topics"]))
    paper = found[edited]
    topic = next(t for t in paper["topics"] if len(keywords[t]) > 1)
    paper["topics"][topic] = sorted(keywords[topic] - {paper["topics"][topic]})[0]
    paper["note"] = f"Listed under '{paper['topics'][topic]}' in {topic}, as its paper says."
    (root / "catalog" / "papers" / f"{edited}.yaml").write_text(
        yaml.safe_dump(paper, sort_keys=False, allow_unicode=True), encoding="utf-8")
    counts = {topic: sum(topic in p["topics"] for p in found.values()) for topic in keywords}
    removed = next(pid for pid, paper in found.items() if pid not in (edited, "smoothquant")
                   and all(counts[topic] > 1 for topic in paper["topics"]))
    (root / "catalog" / "papers" / f"{removed}.yaml").unlink()
    return edited, removed


@pytest.mark.skipif(bool(os.environ.get(INSIDE)), reason="already inside the copy's run")
def test_added_edited_and_removed_papers_leave_the_tests_green(tmp_path: Path) -> None:
    root = tmp_path / "repository"
    copy_repository(root)
    added = run(["-m", "paper_catalog", *ADD], root)
    assert added.returncode == 0, added.stdout + added.stderr
    assert "smoothquant" in papers(root)
    edited, removed = edit_and_remove(root)
    checked = run(["-m", "paper_catalog", "validate"], root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert removed not in papers(root) and papers(root)[edited] != papers(REPO)[edited]
    tests = run(["-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not browser",
                 "-x", *LIVE_TESTS], root, timeout=1200)
    assert tests.returncode == 0, tests.stdout[-6000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout.splitlines()[-1]
