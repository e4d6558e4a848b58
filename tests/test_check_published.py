"""``paper-catalog check-published``: arXiv-only papers that arXiv and Crossref show as
published, as suggested edits, applied with ``--write``; and its weekly workflow.

No test uses the network: arXiv's and Crossref's answers are replayed with ``responses``
from tests/cassettes/, built from the services' documented formats (arXiv's Atom feed with
``arxiv:doi`` and ``arxiv:journal_ref``, Crossref's works/{doi} JSON), not recorded; the
papers' published versions in them are made up.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import responses
import yaml
from catalog_factory import paper_yaml, write_catalog
from offline import no_network  # noqa: F401 (autouse)
from test_github import actionlint

from paper_catalog.cli import main

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "check-published.yml"
CASSETTES = Path(__file__).parent / "cassettes"
ARXIV_API = "https://export.arxiv.org/api/query"
MAMBA_DOI = "https://api.crossref.org/works/10.5555/3600000.3600002"
PREPRINT = {"title": '"Sparse Key Caches: Attention in Constant Memory"', "year": "2024",
            "venue": "arxiv", "url": "https://arxiv.org/abs/2401.99990",
            "topics": {"efficient-attention": "Sparse caches"}, "added": "2026-11-26"}
STILL = {**PREPRINT, "title": "Still a Preprint", "url": "https://arxiv.org/abs/2401.99991"}


@pytest.fixture
def service() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test catalog (MobileLLM at ICML; Mamba on arXiv) and two more arXiv-only papers."""
    monkeypatch.chdir(tmp_path)
    return write_catalog(tmp_path / "catalog", {
        "papers/sparse-key-caches.yaml": "# kept: a comment of the curator\n"
                                         + paper_yaml(PREPRINT),
        "papers/still-a-preprint.yaml": paper_yaml(STILL)})


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


def crossref_mamba(**changes: object) -> dict[str, object]:
    """Crossref's documented works/{doi} JSON of Mamba's (made-up) proceedings version."""
    work = json.loads((CASSETTES / "crossref/10.5555-3600000.3600002.json").read_text())
    work["message"].update(changes)
    return work


def answer(mock: responses.RequestsMock, crossref: dict[str, object] | None = None) -> None:
    mock.get(ARXIV_API, body=(CASSETTES / "arxiv/check-published.atom").read_text(),
             content_type="application/atom+xml")
    mock.get(MAMBA_DOI, json=crossref or crossref_mamba())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["check-published", *args])
    out, err = capsys.readouterr()
    return status, out, err


SUGGESTIONS = [
    "catalog/papers/mamba.yaml: published at icml 2024, according to Crossref, DOI "
    "10.5555/3600000.3600002 (linked from arXiv 2312.00752)",
    "    venue: arxiv -> icml",
    "    year: 2023 -> 2024",
    "    url: https://arxiv.org/abs/2312.00752 -> https://proceedings.example.org/v1/gu24a.html",
    "catalog/papers/sparse-key-caches.yaml: published at icml 2024, according to arXiv's "
    "journal reference of 2401.99990, 'ICML 2024'",
    "    venue: arxiv -> icml",
]


def test_lists_the_published_preprints_and_changes_nothing(
        root: Path, service: responses.RequestsMock,
        capsys: pytest.CaptureFixture[str]) -> None:
    answer(service)
    before = files(root)
    status, out, err = run(capsys)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        *SUGGESTIONS,
        "2 of 3 arXiv-only papers have a published version: run `paper-catalog "
        "check-published --write` to apply these edits."]
    assert files(root) == before
    arxiv_query = service.calls[0].request
    assert "id_list=2312.00752%2C2401.99990%2C2401.99991" in arxiv_query.url
    assert arxiv_query.headers["User-Agent"].startswith("resource-efficient-llm-papers/")


def test_write_applies_the_edits_with_a_note(root: Path, service: responses.RequestsMock,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    answer(service)
    status, out, _ = run(capsys, "--write")
    assert status == 0
    assert out.splitlines() == [
        *SUGGESTIONS, "Applied 2 edit(s); review them with `git diff catalog`."]
    assert (root / "papers" / "mamba.yaml").read_text() == (
        'title: "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"\n'
        "year: 2024\nvenue: icml\nurl: https://proceedings.example.org/v1/gu24a.html\n"
        "topics:\n  state-space-models: Selective state spaces\n"
        "  efficient-attention: Attention-free\nadded: 2026-11-27\n"
        "note: Venue, year and URL from Crossref, DOI 10.5555/3600000.3600002 (linked from "
        "arXiv 2312.00752); found by paper-catalog check-published.\n")
    edited = (root / "papers" / "sparse-key-caches.yaml").read_text()
    assert edited.startswith("# kept: a comment of the curator\n"
                             'title: "Sparse Key Caches: Attention in Constant Memory"\n'
                             "year: 2024\nvenue: icml\nurl: https://arxiv.org/abs/2401.99990\n")
    assert edited.endswith("note: Venue, year and URL from arXiv's journal reference of "
                           "2401.99990, 'ICML 2024'; found by paper-catalog check-published.\n")
    assert not list((root / "papers").glob(".*"))  # no temporary file is left
    assert main(["validate"]) == 0


def test_nothing_is_written_when_an_edit_would_be_invalid(
        root: Path, service: responses.RequestsMock,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Crossref's record says the paper was published in 2999."""
    answer(service, crossref_mamba(**{"published-print": {"date-parts": [[2999, 1, 1]]}}))
    before = files(root)
    status, out, err = run(capsys, "--write")
    assert status == 1
    assert "catalog/papers/mamba.yaml:2: paper 'mamba', field 'year': 2999 is in the future" \
        in out
    assert err == "error: these edits would make the catalog invalid, so no file was changed\n"
    assert files(root) == before


def test_a_venue_not_in_venues_yaml_is_a_note(root: Path, service: responses.RequestsMock,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    answer(service, crossref_mamba(**{"container-title": ["Journal of Made-Up Results"]}))
    status, out, _ = run(capsys)
    assert status == 0
    assert ("note: catalog/papers/mamba.yaml: Crossref, DOI 10.5555/3600000.3600002 (linked "
            "from arXiv 2312.00752) names the venue 'Journal of Made-Up Results', which "
            "catalog/venues.yaml does not have: add that venue, then run this again"
            ) in out.splitlines()
    assert out.splitlines()[-1].startswith("1 of 3 arXiv-only papers")


@pytest.mark.parametrize(("failure", "message"), [
    (requests.ConnectionError("refused"),
     "cannot reach Crossref (api.crossref.org): check the network connection, then try again"),
    (requests.ReadTimeout("timed out"),
     "Crossref (api.crossref.org) did not answer within 20 seconds: try again later"),
    (429, "Crossref is limiting requests (HTTP 429 Too Many Requests): wait a few minutes, "
          "then try again"),
    (503, "Crossref is unavailable or busy (HTTP 503): wait a few minutes, then try again"),
])
def test_a_failed_request_is_one_line_and_writes_nothing(
        failure: object, message: str, root: Path, service: responses.RequestsMock,
        capsys: pytest.CaptureFixture[str]) -> None:
    """arXiv answers; Crossref fails as replayed (an exception of requests, or a status)."""
    service.get(ARXIV_API, body=(CASSETTES / "arxiv/check-published.atom").read_text())
    if isinstance(failure, int):
        service.get(MAMBA_DOI, status=failure, body="busy", content_type="text/plain")
    else:
        service.get(MAMBA_DOI, body=failure)
    before = files(root)
    assert run(capsys, "--write") == (1, "", f"error: {message}\n")
    assert files(root) == before


def test_arxiv_rate_limit(root: Path, service: responses.RequestsMock,
                          capsys: pytest.CaptureFixture[str]) -> None:
    service.get(ARXIV_API, status=429, body="Rate exceeded.", content_type="text/plain")
    before = files(root)
    assert run(capsys, "--write") == (1, "", "error: arXiv is limiting requests (HTTP 429 Too "
                                      "Many Requests): wait a few minutes, then try again\n")
    assert files(root) == before


# --- the weekly workflow ------------------------------------------------------------------

def test_the_workflow_passes_actionlint() -> None:
    done = subprocess.run([actionlint(), "-no-color", str(WORKFLOW)], capture_output=True,
                          text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_runs_weekly_writes_and_opens_a_pull_request() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads `on` as True
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    minute, hour, day, month, weekday = triggers["schedule"][0]["cron"].split()
    assert minute.isdigit() and hour.isdigit() and (day, month) == ("*", "*")
    assert weekday.isdigit()  # once a week
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "paper-catalog check-published --write" in runs
    (pull_request,) = [step for step in job["steps"]
                       if step.get("uses", "").startswith("peter-evans/create-pull-request")]
    assert pull_request["with"]["add-paths"] == "catalog/papers"
