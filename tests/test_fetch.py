"""``paper-catalog add --fetch ID``: a paper's facts from arXiv, Crossref, OpenReview or the
ACL Anthology, and every way a fetch fails; and no network without ``--fetch``.

No test uses the network. The services' answers are replayed with ``responses`` from the
files in tests/cassettes/, each built from the service's documented format (see the
docstrings and tests/cassettes/README.md), not recorded from the live service; the papers
in them are made up. Any real connection fails the test (``no_network``).
"""

from __future__ import annotations

import datetime
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
from catalog_factory import VENUES, write_catalog
from offline import no_network  # noqa: F401 (autouse)
from responses import matchers

from paper_catalog.cli import main
from paper_catalog.fetch.http import TIMEOUT

CASSETTES = Path(__file__).parent / "cassettes"
ARXIV_API = "https://export.arxiv.org/api/query"
CROSSREF_API = "https://api.crossref.org/works/"
OPENREVIEW_API = "https://api2.openreview.net/notes"
ANTHOLOGY = "https://aclanthology.org/"
TOPIC = ["--topic", "efficient-attention", "--keyword", "Sparse caches"]
#: The day add stamps as 'added'.
TODAY = datetime.date.today().isoformat()

#: The test catalog's venues and three more that the recorded answers name.
MORE_VENUES = VENUES + """\
  - id: iclr
    short: ICLR
    name: International Conference on Learning Representations
    kind: conference
  - id: emnlp-findings
    short: Findings of EMNLP
    name: 'Findings of the Association for Computational Linguistics: EMNLP'
    kind: conference
  - id: eurosys
    short: EuroSys
    name: European Conference on Computer Systems
    kind: conference
"""


def cassette(name: str) -> str:
    return (CASSETTES / name).read_text(encoding="utf-8")


def eval_json(name: str) -> Any:
    return json.loads(cassette(name))


@pytest.fixture
def service() -> Iterator[responses.RequestsMock]:
    """The services' replayed answers; a request nothing answers is an error."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test catalog as ./catalog, with the venues the recorded answers name."""
    monkeypatch.chdir(tmp_path)
    return write_catalog(tmp_path / "catalog", {"venues.yaml": MORE_VENUES})


def files(root: Path) -> dict[str, str]:
    """Every file of the catalog and its text: what a failed command must leave alone."""
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


def add(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["add", *args])
    out, err = capsys.readouterr()
    return status, out, err


# --- what each service answers ------------------------------------------------------------

def answer_arxiv(mock: responses.RequestsMock, identifier: str, body: str) -> None:
    mock.get(ARXIV_API, body=body, content_type="application/atom+xml",
             match=[matchers.query_param_matcher({"id_list": identifier},
                                                 strict_match=False)])


def test_arxiv(root: Path, service: responses.RequestsMock,
               capsys: pytest.CaptureFixture[str]) -> None:
    """arXiv's answer is built from the Atom format of arXiv's API User's Manual ("Details of
    Atom Results Returned"): title wrapped over two lines, versioned entry id, first-version
    date in <published>. The year is that of the first version; the URL the abstract page
    without version."""
    answer_arxiv(service, "2401.99990", cassette("arxiv/2401.99990.atom"))
    status, out, err = add(capsys, "--fetch", "https://arxiv.org/pdf/2401.99990v2", *TOPIC)
    assert (status, err) == (0, "note: venue, title, year, URL, authors from arXiv "
                                "(arXiv 2401.99990)\n")
    text = (root / "papers" / "sparse-key-caches.yaml").read_text(encoding="utf-8")
    assert text == (
        "title: 'Sparse Key Caches: Attention in Constant Memory'\n"
        "authors:\n  - Ada Lovelace\n  - Alan Turing\n  - Grace Hopper\n"
        f"year: 2024\nadded: {TODAY}\nvenue: arxiv\nurl: https://arxiv.org/abs/2401.99990\n"
        "topics:\n  efficient-attention: Sparse caches\n")
    assert out.startswith("Added catalog/papers/sparse-key-caches.yaml:\n\n"
                          "    title: 'Sparse Key Caches: Attention in Constant Memory'\n")
    request = service.calls[0].request
    assert request.headers["User-Agent"].startswith("resource-efficient-llm-papers/")
    assert request.req_kwargs["timeout"] == TIMEOUT
    assert main(["validate"]) == 0


def test_crossref(root: Path, service: responses.RequestsMock,
                  capsys: pytest.CaptureFixture[str]) -> None:
    """Crossref's answer is built from the documented works/{doi} JSON (message-type work,
    as a proceedings-article with an event): the title joins its subtitle without markup,
    the venue is found from the event's acronym ("EuroSys '24"), the URL is the landing page
    (resource.primary.URL)."""
    service.get(CROSSREF_API + "10.5555/3600000.3600001",
                json=eval_json("crossref/10.5555-3600000.3600001.json"))
    status, out, err = add(capsys, "--fetch", "https://doi.org/10.5555/3600000.3600001",
                           *TOPIC)
    assert out.startswith("Added catalog/papers/pipelined-decoding.yaml:\n")
    assert (status, err) == (0, "note: venue, title, year, URL, authors from Crossref "
                                "(DOI 10.5555/3600000.3600001)\n")
    text = (root / "papers" / "pipelined-decoding.yaml").read_text(encoding="utf-8")
    assert text == (
        "title: 'Pipelined Decoding: Serving Language Models on One GPU'\n"
        "authors:\n  - Ada Lovelace\n  - Charles Babbage\n"
        f"year: 2024\nadded: {TODAY}\nvenue: eurosys\n"
        "url: https://dl.example.org/doi/10.5555/3600000.3600001\n"
        "topics:\n  efficient-attention: Sparse caches\n")
    assert service.calls[0].request.headers["User-Agent"].startswith(
        "resource-efficient-llm-papers/")
    assert service.calls[0].request.req_kwargs["timeout"] == TIMEOUT


def test_crossref_group_author_is_written_as_an_organization(
        root: Path, service: responses.RequestsMock,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A group author has only a ``name`` in Crossref's contributor record."""
    work = eval_json("crossref/10.5555-3600000.3600001.json")
    work["message"]["author"].insert(1, {"name": "The Difference Engine Society",
                                         "sequence": "additional", "affiliation": []})
    service.get(CROSSREF_API + "10.5555/3600000.3600001", json=work)
    status, _, _ = add(capsys, "--fetch", "10.5555/3600000.3600001", *TOPIC)
    assert status == 0
    text = (root / "papers" / "pipelined-decoding.yaml").read_text(encoding="utf-8")
    assert ("authors:\n  - Ada Lovelace\n  - organization: The Difference Engine Society\n"
            "  - Charles Babbage\n") in text
    assert main(["validate"]) == 0


def test_openreview(root: Path, service: responses.RequestsMock,
                    capsys: pytest.CaptureFixture[str]) -> None:
    """OpenReview's answer is built from API v2's documented notes JSON (each content field
    wrapped as {"value": ...}); the venue "ICLR 2024 poster" is ICLR, the year the one of
    the venue id ICLR.cc/2024/Conference, the URL the forum page."""
    service.get(OPENREVIEW_API, json=eval_json("openreview/Xy7Kq2LmN0.json"),
                match=[matchers.query_param_matcher({"id": "Xy7Kq2LmN0"})])
    status, _, err = add(capsys, "--fetch", "https://openreview.net/forum?id=Xy7Kq2LmN0",
                         *TOPIC)
    assert (status, err) == (0, "note: venue, title, year, URL, authors from OpenReview "
                                "(forum Xy7Kq2LmN0)\n")
    text = (root / "papers" / "low-rank-adapters-everywhere.yaml").read_text(encoding="utf-8")
    assert text == (
        "title: Low-Rank Adapters Everywhere\n"
        "authors:\n  - Ada Lovelace\n  - Alan Turing\n"
        f"year: 2024\nadded: {TODAY}\nvenue: iclr\n"
        "url: https://openreview.net/forum?id=Xy7Kq2LmN0\n"
        "topics:\n  efficient-attention: Sparse caches\n")


def test_acl_anthology(root: Path, service: responses.RequestsMock,
                       capsys: pytest.CaptureFixture[str]) -> None:
    """The Anthology's answer is built from the BibTeX it serves at ID.bib ("Family, Given"
    authors, LaTeX accents, case-protecting braces); the Findings volume of the id and the
    booktitle both name Findings of EMNLP."""
    service.get(ANTHOLOGY + "2023.findings-emnlp.9999.bib",
                body=cassette("anthology/2023.findings-emnlp.9999.bib"))
    status, _, err = add(capsys, "--fetch",
                         "https://aclanthology.org/2023.findings-emnlp.9999.pdf", *TOPIC)
    assert (status, err) == (0, "note: venue, title, year, URL, authors from the ACL "
                                "Anthology (2023.findings-emnlp.9999)\n")
    text = (root / "papers" / "distilled-transformers-czech-summaries.yaml").read_text(
        encoding="utf-8")
    assert text == (
        "title: Distilled Transformers for Czéch Summaries\n"
        "authors:\n  - Ada Lovelace\n  - Jan Novotný\n  - Juana Inés de la Cruz\n"
        f"year: 2023\nadded: {TODAY}\nvenue: emnlp-findings\n"
        "url: https://aclanthology.org/2023.findings-emnlp.9999/\n"
        "topics:\n  efficient-attention: Sparse caches\n")
    assert main(["validate"]) == 0


def test_options_given_win_over_fetched_values(root: Path, service: responses.RequestsMock,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """arXiv's answer as in test_arxiv (first version 2024); --title, --venue, --year and
    --author are kept."""
    answer_arxiv(service, "2401.99990", cassette("arxiv/2401.99990.atom"))
    status, _, err = add(capsys, "--fetch", "2401.99990", "--title", "Sparse Key Caches",
                         "--venue", "ICML", "--year", "2025", "--author", "Ada Lovelace",
                         "--id", "skc", *TOPIC)
    assert (status, err) == (0, "note: URL from arXiv (arXiv 2401.99990)\n")
    text = (root / "papers" / "skc.yaml").read_text(encoding="utf-8")
    assert text == ("title: Sparse Key Caches\nauthors:\n  - Ada Lovelace\n"
                    f"year: 2025\nadded: {TODAY}\nvenue: icml\n"
                    "url: https://arxiv.org/abs/2401.99990\n"
                    "topics:\n  efficient-attention: Sparse caches\n")


def test_an_arxiv_fetch_for_another_venue_asks_for_the_year(
        root: Path, service: responses.RequestsMock,
        capsys: pytest.CaptureFixture[str]) -> None:
    """arXiv's answer as in test_arxiv: its year is the preprint's, not necessarily that of
    the --venue given, so add asks for --year as it does for an arXiv URL without --fetch."""
    answer_arxiv(service, "2401.99990", cassette("arxiv/2401.99990.atom"))
    before = files(root)
    status, out, err = add(capsys, "--fetch", "2401.99990", "--venue", "icml", *TOPIC)
    assert (status, out) == (2, "")
    assert err == ("note: title, URL, authors from arXiv (arXiv 2401.99990)\n"
                   "error: pass --year YYYY, the year of publication: it cannot be derived "
                   "from https://arxiv.org/abs/2401.99990 (only a proceedings URL, or the "
                   "arXiv id of a paper published only on arXiv, gives it)\n")
    assert files(root) == before


def test_a_fetched_paper_gets_the_duplicate_check(root: Path, service: responses.RequestsMock,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """arXiv's answer is test_arxiv's, for the id of a paper the catalog lists already."""
    answer_arxiv(service, "2402.14905", cassette("arxiv/2401.99990.atom").replace(
        "2401.99990", "2402.14905"))
    before = files(root)
    status, out, err = add(capsys, "--fetch", "arXiv:2402.14905", *TOPIC)
    assert (status, out) == (1, "")
    assert err.splitlines()[-1] == (
        "error: the catalog already has this paper: catalog/papers/mobilellm.yaml has the "
        "same URL (to list it under another topic too, add the topic to that file)")
    assert files(root) == before


# --- failures: one line, exit 1, nothing written -----------------------------------------

#: (what the contributor passes, the URL asked, the service's name in messages, host)
SERVICES = {
    "arxiv": ("2401.99998", ARXIV_API, "arXiv", "export.arxiv.org"),
    "crossref": ("10.5555/3600000.9999999", CROSSREF_API + "10.5555/3600000.9999999",
                 "Crossref", "api.crossref.org"),
    "openreview": ("https://openreview.net/forum?id=Zz9NoSuch0", OPENREVIEW_API,
                   "OpenReview", "api2.openreview.net"),
    "anthology": ("2023.acl-long.9999", ANTHOLOGY + "2023.acl-long.9999.bib",
                  "the ACL Anthology", "aclanthology.org"),
}
UNKNOWN = {
    "arxiv": "arXiv has no paper 2401.99998: check the identifier",
    "crossref": "Crossref has no DOI 10.5555/3600000.9999999: check it (a DOI of DataCite, "
                "e.g. Zenodo's, is not in Crossref)",
    "openreview": "OpenReview has no paper with forum id Zz9NoSuch0: check the URL "
                  "(https://openreview.net/forum?id=...)",
    "anthology": "the ACL Anthology has no paper 2023.acl-long.9999: check the id (as in "
                 "https://aclanthology.org/2023.acl-long.1/)",
}


def answer_unknown(mock: responses.RequestsMock, name: str) -> None:
    """Each service's documented answer for an id it does not have: arXiv an empty feed
    (HTTP 200, totalResults 0), Crossref a plain-text 404, OpenReview a JSON NotFoundError,
    the Anthology its HTML 404 page."""
    url = SERVICES[name][1]
    if name == "arxiv":
        mock.get(url, body=cassette("arxiv/empty.atom"), content_type="application/atom+xml")
    elif name == "crossref":
        mock.get(url, status=404, body=cassette("crossref/not-found.txt"),
                 content_type="text/plain")
    elif name == "openreview":
        mock.get(url, status=404, json=eval_json("openreview/not-found.json"))
    else:
        mock.get(url, status=404, body=cassette("anthology/not-found.html"),
                 content_type="text/html")


@pytest.mark.parametrize("name", sorted(SERVICES))
@pytest.mark.parametrize("kind", ["network", "timeout", "429", "503", "unknown"])
def test_a_failed_fetch_is_one_line_and_writes_nothing(
        name: str, kind: str, root: Path, service: responses.RequestsMock,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The failures are replayed: a refused connection and a read timeout as the exceptions
    requests raises, HTTP 429 and 503 as the status lines the services send when they limit
    or shed load, an unknown id as each service answers one (see answer_unknown)."""
    given, url, label, host = SERVICES[name]
    if kind == "network":
        service.get(url, body=requests.ConnectionError("Connection refused"))
        message = f"cannot reach {label} ({host}): check the network connection, then try again"
    elif kind == "timeout":
        service.get(url, body=requests.ReadTimeout("read timed out"))
        message = f"{label} ({host}) did not answer within 20 seconds: try again later"
    elif kind == "429":
        service.get(url, status=429, body="Rate exceeded.", content_type="text/plain")
        message = (f"{label} is limiting requests (HTTP 429 Too Many Requests): wait a few "
                   "minutes, then try again")
    elif kind == "503":
        service.get(url, status=503, body="Service Unavailable", content_type="text/plain")
        message = f"{label} is unavailable or busy (HTTP 503): wait a few minutes, then try again"
    else:
        answer_unknown(service, name)
        message = UNKNOWN[name]
    before = files(root)
    status, out, err = add(capsys, "--fetch", given, *TOPIC)
    assert (status, out, err) == (1, "", f"error: {message}\n")
    assert files(root) == before


def test_a_venue_not_in_venues_yaml(root: Path, service: responses.RequestsMock,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Crossref's answer is a documented works/{doi} JSON of a journal-article whose journal
    the catalog does not have."""
    service.get(CROSSREF_API + "10.5555/3600000.3600003",
                json=eval_json("crossref/10.5555-3600000.3600003.json"))
    before = files(root)
    status, out, err = add(capsys, "--fetch", "doi:10.5555/3600000.3600003", *TOPIC)
    assert (status, out) == (1, "")
    assert err == ("error: Crossref names the venue 'Journal of Made-Up Results', which "
                   "catalog/venues.yaml does not have: add that venue there (with this "
                   "spelling among its aliases), or pass --venue ID\n")
    assert files(root) == before


def test_a_venue_not_in_venues_yaml_can_be_passed(
        root: Path, service: responses.RequestsMock,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Crossref's answer as in test_a_venue_not_in_venues_yaml; --venue names the venue."""
    service.get(CROSSREF_API + "10.5555/3600000.3600003",
                json=eval_json("crossref/10.5555-3600000.3600003.json"))
    status, _, _ = add(capsys, "--fetch", "10.5555/3600000.3600003", "--venue", "icml",
                       *TOPIC)
    assert status == 0
    assert "venue: icml\nurl: https://doi.org/10.5555/3600000.3600003\n" in (
        root / "papers" / "quantized-everything.yaml").read_text(encoding="utf-8")


def test_an_openreview_paper_that_was_not_accepted(
        root: Path, service: responses.RequestsMock,
        capsys: pytest.CaptureFixture[str]) -> None:
    """OpenReview's answer is an API v2 note of a rejected submission (venue "Submitted to
    ICLR 2024", venue id .../Rejected_Submission)."""
    service.get(OPENREVIEW_API, json=eval_json("openreview/Rj3ctedAb1.json"))
    before = files(root)
    status, out, err = add(capsys, "--fetch", "https://openreview.net/pdf?id=Rj3ctedAb1",
                           *TOPIC)
    assert (status, out) == (1, "")
    assert err == ("error: OpenReview lists forum Rj3ctedAb1 as 'Submitted to ICLR 2024', "
                   "not as accepted at a venue: add the paper from where it was published "
                   "(e.g. its arXiv id), or pass --venue and --year\n")
    assert files(root) == before


@pytest.mark.parametrize("given", ["not-an-id", "https://example.org/paper/1",
                                   "https://openreview.net/group?id=ICLR.cc"])
def test_an_unreadable_identifier_is_a_usage_error(
        given: str, root: Path, service: responses.RequestsMock,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = files(root)
    status, out, err = add(capsys, "--fetch", given, *TOPIC)
    assert (status, out) == (2, "")
    assert err == (f"error: --fetch '{given}' is not an identifier paper-catalog can look "
                   "up: pass an arXiv id or URL (2402.14905), a DOI (10.1145/3626772.3657807), "
                   "an OpenReview forum URL (https://openreview.net/forum?id=...) or an ACL "
                   "Anthology id or URL (2023.acl-long.1)\n")
    assert files(root) == before
    assert len(service.calls) == 0


def test_add_needs_a_url_or_fetch(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = add(capsys, "--title", "A Paper", *TOPIC)
    assert (status, out) == (2, "")
    assert err == ("error: pass the paper's URL, or --fetch ID to fill in its facts from its "
                   "arXiv id, DOI, OpenReview URL or ACL Anthology id\n")


# --- offline by default -------------------------------------------------------------------

def test_without_fetch_nothing_touches_the_network(
        root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With every socket connection failing the test (no_network), add and validate run."""
    status, _, err = add(capsys, "https://arxiv.org/abs/2401.99990", "--title",
                         "Sparse Key Caches", "--author", "Ada Lovelace", *TOPIC)
    assert (status, err) == (0, "")
    assert main(["validate"]) == 0
    assert (root / "papers" / "sparse-key-caches.yaml").exists()


def test_the_no_network_guard_works(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard of these tests refuses a connection before anything is sent."""
    with pytest.raises(AssertionError, match="opened a network connection"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.01)
