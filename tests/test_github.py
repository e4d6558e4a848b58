"""The GitHub side: the workflow lints clean, the paper form offers the catalog's topics,
and the pre-commit hooks need no Git host."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from paper_catalog.load import load_catalog

REPO = Path(__file__).resolve().parents[1]
GITHUB = REPO / ".github"


def actionlint() -> str:
    beside_python = Path(sys.executable).parent / "actionlint"
    found = str(beside_python) if beside_python.exists() else shutil.which("actionlint")
    assert found, "actionlint is missing: install the test extra (pip install -e .[test])"
    return found


def test_workflows_pass_actionlint() -> None:
    workflows = sorted((GITHUB / "workflows").glob("*.yml"))
    assert workflows
    run = subprocess.run([actionlint(), "-no-color", *map(str, workflows)],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
                      "    steps:\n      - run: echo ${{ github.nope }}\n")
    run = subprocess.run([actionlint(), "-no-color", str(broken)], capture_output=True,
                         text=True)
    assert run.returncode == 1
    assert 'property "nope" is not defined' in run.stdout


def test_workflow_lints_tests_and_builds_the_site_with_an_artifact() -> None:
    workflow = yaml.safe_load((GITHUB / "workflows" / "ci.yml").read_text())
    assert set(workflow[True]) == {"push", "pull_request"}  # YAML 1.1 reads `on` as True
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "bash .ci/run" in runs and "nox -s docs" in runs
    uploads = [step["with"]["path"] for step in steps
               if step.get("uses", "").startswith("actions/upload-artifact")]
    assert "docs/_build/html/" in uploads
    assert any(step.get("uses", "").startswith("actions/cache") for step in steps)


def test_paper_form_offers_every_leaf_topic() -> None:
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "suggest-a-paper.yml").read_text())
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert {"url", "title", "authors", "year", "venue", "topics", "keyword", "note"} <= set(
        fields)
    catalog = load_catalog(REPO / "catalog")
    leaves = [topic.id for topic in catalog.topics.values() if not topic.children]
    assert fields["topics"]["attributes"]["options"] == leaves


def test_pre_commit_hooks_are_local() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert {"ruff", "paper-catalog", "check-yaml", "trailing-whitespace"} <= set(hooks)
    assert {hook["language"] for hook in hooks.values()} == {"system"}
