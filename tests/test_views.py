"""The views directives ask for: typed requests whose answers tell when a page is stale."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

from catalog_factory import MOBILELLM, paper_yaml, write_catalog

from paper_catalog.load import load_catalog
from paper_catalog.views import (
    CountRequest,
    PaperList,
    PapersRequest,
    ReferenceRequest,
    TableRequest,
    TopicRequest,
    answer,
    select,
)


def test_a_request_is_a_hashable_picklable_value(tmp_path: Path) -> None:
    request = PapersRequest("efficient-attention", sort="title", limit=1)
    assert request == pickle.loads(pickle.dumps(request))
    assert {request: "digest"}[PapersRequest("efficient-attention", sort="title", limit=1)]
    assert CountRequest() != PapersRequest()


def test_an_answer_is_typed_and_its_digest_follows_the_data(tmp_path: Path) -> None:
    catalog = load_catalog(write_catalog(tmp_path / "a"))
    selection = select(catalog, PapersRequest("efficient-attention", limit=1))
    assert isinstance(selection.data, PaperList)
    assert [p.id for p in selection.data.papers] == ["mobilellm"]
    assert selection.files == {"venues.yaml", "topics.yaml"}
    assert select(catalog, TopicRequest("efficient-attention")).data.topic.title == (
        "Efficient Attention")
    assert select(catalog, ReferenceRequest("paper", "nothing")).data is None
    edited = load_catalog(write_catalog(tmp_path / "b", {
        "papers/mobilellm.yaml": paper_yaml(MOBILELLM, year="2025")}))
    request = CountRequest("efficient-attention")
    assert select(catalog, request).digest == select(edited, request).digest
    request = PapersRequest("efficient-attention")
    assert select(catalog, request).digest != select(edited, request).digest


def test_a_paper_list_digest_follows_its_papers_and_their_venues(tmp_path: Path) -> None:
    """A list's digest is made of its papers' digests and each venue once."""
    catalog = load_catalog(write_catalog(tmp_path / "a"))
    request = PapersRequest("efficient-attention")
    before = select(catalog, request).digest
    paper = catalog.papers["mobilellm"]
    for change in ({"title": paper.title + "!"}, {"year": paper.year - 1},
                   {"url": paper.url + "/v2"}, {"note": "n"}, {"authors": ("A B",)},
                   {"topics": ((paper.primary_topic, "Another keyword"), *paper.topics[1:])}):
        changed = replace(paper, **change)
        assert changed.digest != paper.digest, change
        papers = {**catalog.papers, paper.id: changed}
        assert select(replace(catalog, papers=papers), request).digest != before, change
    venue = catalog.venues[paper.venue]
    venues = {**catalog.venues, venue.id: replace(venue, name=venue.name + " (renamed)")}
    assert select(replace(catalog, venues=venues), request).digest != before
    assert select(replace(catalog), request).digest == before


def test_a_paper_keeps_its_digest_when_pickled(tmp_path: Path) -> None:
    # computed by a loader that keeps a store of checked files, as builds do, so that the
    # caches keep it
    paper = load_catalog(write_catalog(tmp_path), cache=tmp_path / "files.pickle",
                         cache_key="test").papers["mobilellm"]
    assert "digest" in vars(paper)
    copy = pickle.loads(pickle.dumps(paper))
    assert vars(copy)["digest"] == paper.digest == replace(paper).digest
    assert copy == paper


def test_a_view_is_answered_once_per_catalog(tmp_path: Path, monkeypatch) -> None:
    """Pages, digests and files written from the catalog ask for the same views: each is
    answered once per catalog, and a catalog read back from its cache starts afresh."""
    catalog = load_catalog(write_catalog(tmp_path))
    answered: list[PapersRequest] = []
    real = PapersRequest.answer
    monkeypatch.setattr(PapersRequest, "answer",
                        lambda self, catalog: answered.append(self) or real(self, catalog))
    request = PapersRequest("efficient-attention")
    first = select(catalog, request)
    assert select(catalog, PapersRequest("efficient-attention")).data is first.data
    assert answer(catalog, TableRequest(request)).ids == ("mobilellm", "mamba")
    assert answered == [request]
    copy = pickle.loads(pickle.dumps(catalog))
    assert "answers" not in vars(copy)
    assert select(copy, request).digest == first.digest
    assert answered == [request, request]
