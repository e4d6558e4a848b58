"""Titles and keywords equal after Unicode normalization (NFC, and NFKC for
compatibility characters such as "²") are one: one paper, one work, one spelling."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from pathlib import Path

import pytest
from catalog_factory import paper_yaml, write_catalog

from paper_catalog.cli import main
from paper_catalog.duplicates import same_work, title_key
from paper_catalog.errors import CatalogError
from paper_catalog.load import load_catalog
from paper_catalog.model import Paper
from paper_catalog.normalize import normal_title

SAME = "(a paper is stored once; list both topics in one file)"
SAME_WORK = ("(one work is one entry: merge the two files, keep the main publication's facts "
             "and name the other version in 'note')")


def paper(number: int, title: str) -> Paper:
    return Paper(id=f"p{number}", title=title, year=2024, venue="icml",
                 url=f"https://example.org/p{number}", topics=(("quantization", "Q"),))


ACCENTED = "Über Ñandú Çà Été Déjà Vu: Öffentliche Größenänderung für Sprachmodelle"
MOE2 = "MoE²: Optimizing Collaborative Inference for Edge Large Language Models"


@pytest.mark.parametrize(("one", "other"), [
    (unicodedata.normalize("NFC", ACCENTED), unicodedata.normalize("NFD", ACCENTED)),
    (MOE2, unicodedata.normalize("NFKD", MOE2)),
    (MOE2, MOE2.replace("²", "2")),
    ("H₂O-Attention", "H2O-Attention"),
    ("Eﬃcient ﬁne-tuning", "Efficient fine-tuning"),
    ("\uff2c\uff2c\uff2d Inference", "LLM Inference"),  # full-width LLM
], ids=["nfd", "nfkd", "superscript", "subscript", "ligatures", "full-width"])
def test_titles_equal_after_normalization_have_one_key(one: str, other: str) -> None:
    assert one != other
    assert title_key(one) == title_key(other)
    assert normal_title(one) == normal_title(other)


def test_different_numbers_stay_different_after_normalization() -> None:
    assert title_key("MoE²: Experts") != title_key("MoE3: Experts")
    papers = [paper(1, MOE2), paper(2, MOE2.replace("²", "3"))]
    assert list(same_work(papers)) == []


def problems(root: Path, files: Mapping[str, str | bytes | None]) -> list[str]:
    write_catalog(root, files)
    with pytest.raises(CatalogError) as info:
        load_catalog(root)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(("title", "other"), [
    (unicodedata.normalize("NFC", ACCENTED), unicodedata.normalize("NFD", ACCENTED)),
    (MOE2, unicodedata.normalize("NFKD", MOE2)),
], ids=["nfc-nfd", "nfkc"])
def test_titles_equal_after_normalization_are_one_paper(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, title: str, other: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert problems(tmp_path, {
        "papers/first.yaml": paper_yaml(title=f'"{title}"', url="https://example.org/a"),
        "papers/second.yaml": paper_yaml(title=f'"{other}"', url="https://example.org/b"),
    }) == ["papers/second.yaml:1: paper 'second', field 'title': same title as paper 'first' "
           f"(papers/first.yaml) {SAME}"]


def test_a_near_title_in_another_unicode_form_is_one_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    near = unicodedata.normalize("NFD", ACCENTED.replace("Vu:", "Vue:"))
    assert problems(tmp_path, {
        "papers/first.yaml": paper_yaml(title=f'"{ACCENTED}"', url="https://example.org/a"),
        "papers/second.yaml": paper_yaml(title=f'"{near}"', url="https://example.org/b",
                                         year="2025"),
    }) == ["papers/second.yaml:1: paper 'second', field 'title': same work as paper 'first' "
           "(papers/first.yaml): nearly the same title, and 2024 and 2025 are at most a year "
           f"apart {SAME_WORK}"]


def test_a_keyword_in_another_unicode_form_is_another_spelling(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    keyword = "Größenänderung"
    nfd = unicodedata.normalize("NFD", keyword)
    assert problems(tmp_path, {
        "papers/mobilellm.yaml": paper_yaml(topics={"efficient-attention": keyword}),
        "papers/zzz.yaml": paper_yaml(title='"Another"', url="https://example.org/x",
                                      topics={"efficient-attention": nfd}),
    }) == [f"papers/zzz.yaml:6: paper 'zzz', field 'topics': keyword '{nfd}' of topic "
           f"'efficient-attention' is another spelling of '{keyword}', which paper "
           f"'mobilellm' (papers/mobilellm.yaml) uses there (use '{keyword}')"]


def test_add_refuses_a_title_equal_after_normalization(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write_catalog(tmp_path / "catalog", {
        "papers/moe2.yaml": paper_yaml(title=f'"{MOE2}"', url="https://example.org/moe2")})
    before = sorted((tmp_path / "catalog" / "papers").iterdir())

    status = main(["add", "https://example.org/moe2-again", "--title",
                   unicodedata.normalize("NFKD", MOE2), "--year", "2025", "--venue", "icml",
                   "--topic", "efficient-attention", "--keyword", "Hardware optimization",
                   "--author", "Ada Lovelace"])

    assert status == 1
    assert capsys.readouterr().err == (
        "error: the catalog already has this paper: catalog/papers/moe2.yaml has the same "
        "title (to list it under another topic too, add the topic to that file)\n")
    assert sorted((tmp_path / "catalog" / "papers").iterdir()) == before
