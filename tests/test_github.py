"""The GitHub side: the workflow lints clean, the paper form offers the catalog's topics,
and the pre-commit hooks need no Git host."""

from __future__ import annotations

import json
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
    assert workflow[True]["push"] == {"branches": ["main"]}  # a PR's branch is built once
    assert all(job["timeout-minutes"] <= 60 for job in workflow["jobs"].values())


def test_linkcheck_runs_weekly_and_reports_in_the_summary() -> None:
    workflow = yaml.safe_load((GITHUB / "workflows" / "linkcheck.yml").read_text())
    triggers = workflow[True]
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    minute, hour, day, month, weekday = triggers["schedule"][0]["cron"].split()
    assert minute.isdigit() and hour.isdigit() and (day, month) == ("*", "*")
    assert weekday.isdigit()  # once a week, at one time
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    runs = [(step.get("if"), step.get("run", "")) for step in job["steps"]]
    assert any("nox -s linkcheck" in run for _, run in runs)
    report = [(when, run) for when, run in runs if "linkcheck_summary.py" in run]
    assert report == [("always()", "python tools/linkcheck_summary.py "
                       "docs/_build/linkcheck/output.json >> \"$GITHUB_STEP_SUMMARY\"")]


def linkcheck_summary(report: Path, cwd: Path) -> str:
    run = subprocess.run([sys.executable, str(REPO / "tools" / "linkcheck_summary.py"),
                          str(report)], capture_output=True, text=True, cwd=cwd, check=True)
    return run.stdout


def test_linkcheck_summary_lists_broken_links_with_their_catalog_file(tmp_path: Path) -> None:
    (tmp_path / "catalog" / "papers").mkdir(parents=True)
    (tmp_path / "catalog" / "papers" / "gone.yaml").write_text(
        "title: Gone\nurl: https://example.org/gone\n", encoding="utf-8")
    entries = [
        {"filename": "topics/x.md", "lineno": 5, "status": "broken", "code": 0,
         "uri": "https://example.org/gone", "info": "404 Client Error: Not Found | <b>"},
        {"filename": "index.md", "lineno": 12, "status": "timeout", "code": 0,
         "uri": "https://slow.example.org/", "info": "Read timed out."},
        {"filename": "index.md", "lineno": 3, "status": "redirected", "code": 301,
         "uri": "http://old.example.org/", "info": "https://new.example.org/"},
        {"filename": "index.md", "lineno": 4, "status": "working", "code": 0,
         "uri": "https://example.org/", "info": ""}]
    report = tmp_path / "output.json"
    report.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    assert linkcheck_summary(report, tmp_path) == (
        "## Link check\n\n"
        "4 links: 1 broken, 1 redirected, 1 timeout, 1 working\n\n"
        "### Broken links\n\n"
        "Replace each with the paper's current, stable address (CONTRIBUTING.md, \"Check "
        "the links\").\n\n"
        "| Status | Link | In | Reason |\n| --- | --- | --- | --- |\n"
        "| broken | https://example.org/gone | catalog/papers/gone.yaml | 404 Client Error: "
        "Not Found \\| &lt;b&gt; |\n"
        "| timeout | https://slow.example.org/ | index.md:12 | Read timed out. |\n\n"
        "### Redirected links\n\n"
        "| Link | In | Now at |\n| --- | --- | --- |\n"
        "| http://old.example.org/ | index.md:3 | https://new.example.org/ |\n")
    report.write_text(json.dumps(entries[-1]) + "\n", encoding="utf-8")
    assert linkcheck_summary(report, tmp_path) == (
        "## Link check\n\n1 links: 1 working\n\nNo broken link.\n")
    assert "No report at" in linkcheck_summary(tmp_path / "missing.json", tmp_path)


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
