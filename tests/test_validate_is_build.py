"""``paper-catalog validate`` and the build run one set of checks: what one refuses, the
other refuses with the same message (naming the catalog file and line), without a crash
report; what one accepts, the other builds."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.util.console import strip_colors

from paper_catalog.cli import main

SUMMARY = "summary: Making a trained model cheaper to run."
CASES: dict[str, tuple[Callable[[Path], None], str]] = {}


def case(message: str) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    def register(change: Callable[[Path], None]) -> Callable[[Path], None]:
        CASES[change.__name__] = (change, message)
        return change
    return register


@case("catalog/topics.yaml:4: topic 'inference', field 'summary': {paper}`nowhere` names no "
      "paper of the catalog (use a paper id: the name of a file in catalog/papers without "
      "'.yaml')")
def summary_names_a_missing_paper(project: Path) -> None:
    topics = project / "catalog" / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    assert SUMMARY in text
    topics.write_text(text.replace(SUMMARY, "summary: See {paper}`nowhere`."),
                      encoding="utf-8")


@case("catalog/topics.yaml:4: topic 'inference', field 'summary': {term}`Watts` names no "
      "term of the catalog (use a term of catalog/metrics.yaml or catalog/benchmarks.yaml)")
def summary_names_a_missing_term(project: Path) -> None:
    topics = project / "catalog" / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace(
        SUMMARY, "summary: Measured in {term}`Watts`."), encoding="utf-8")


@case("catalog/reference.bib:2: reference: not valid BibTeX: syntax error in line 2: premature "
      "end of file (check the braces, commas and the fields of the entry)")
def unclosed_reference(project: Path) -> None:
    (project / "catalog" / "reference.bib").write_text("@article{x,\n  title={A Survey",
                                                       encoding="utf-8")


@case("catalog/papers/more: file: is a symbolic link, which the catalog does not follow (put "
      "the file itself here instead of a link)")
def directory_link_in_papers(project: Path) -> None:
    papers = project / "catalog" / "papers"
    (papers / "more").symlink_to(papers)  # a loop, for anything that follows it


@pytest.fixture
def project(catalog_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(catalog_project)
    return catalog_project


@pytest.mark.parametrize("name", CASES)
def test_validate_and_build_refuse_with_the_same_message(
        name: str, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change, message = CASES[name]
    change(project)

    assert main(["validate"]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == (f"{message}\n1 problem in 1 file.\n", "")

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    run = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b",
                          "html", str(project), str(tmp_path / "out")],
                         capture_output=True, text=True, env=env, cwd=project)
    problems, _, report = strip_colors(run.stderr).partition("\n\n")
    where, _, reason = message.partition(": ")
    assert (run.returncode, problems.splitlines()) == (2, [
        f"{where}: ERROR: {reason} [catalog.invalid]"])
    assert report.startswith("Catalog error!\n")
    assert "1 problem in the catalog (listed above); the site was not built." in report


def test_a_reference_without_author_builds_and_shows_its_bibtex(project: Path,
                                                                  make_app) -> None:
    """pybtex's plain style cannot format an entry without authors: validate accepts it, so
    the build shows the BibTeX without a formatted citation instead of failing."""
    (project / "catalog" / "reference.bib").write_text(
        "@misc{x,\n  title={A Survey},\n  year={2024}\n}\n", encoding="utf-8")
    assert main(["validate"]) == 0
    app = make_app("html", srcdir=project)
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    html = (Path(app.outdir) / "metrics.html").read_text(encoding="utf-8")  # shows it
    assert "A Survey" in html and "@misc" in html
