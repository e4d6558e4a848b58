"""The optional ``code`` field: the official repository's URL, checked as ``url`` is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from catalog_factory import paper_yaml, write_catalog

from paper_catalog.bibtex import catalog_bibtex
from paper_catalog.errors import CatalogError
from paper_catalog.json_export import catalog_json
from paper_catalog.load import load_catalog

PAPER = "papers/mobilellm.yaml"
SUBJECT = "papers/mobilellm.yaml:7: paper 'mobilellm', field 'code'"
REPO = "https://github.com/facebookresearch/MobileLLM"


@pytest.fixture
def catalog_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_code_is_read_exported_to_json_and_kept_out_of_bibtex(catalog_dir: Path) -> None:
    catalog = load_catalog(write_catalog(catalog_dir, {PAPER: paper_yaml(code=REPO)}))
    assert catalog.papers["mobilellm"].code == REPO
    assert catalog.papers["mamba"].code == ""
    papers = {p["id"]: p for p in json.loads(catalog_json(catalog))["papers"]}
    assert papers["mobilellm"]["code"] == REPO
    assert "code" not in papers["mamba"]
    assert "github.com" not in catalog_bibtex(catalog)


@pytest.mark.parametrize(("code", "reason"), [
    ("github.com/o/r", "'github.com/o/r' is not an absolute http(s) URL "
                       "(use the full address, starting with https://)"),
    ("https://github.com/o/r?utm_source=x",
     "URL has tracking parameter(s) utm_source (remove them from the query string)"),
    ("https://me@github.com/o/r", "URL 'https://me@github.com/o/r' has user information "
                                  "before '@' in its address (remove everything from '//' "
                                  "to '@': the host comes after '//')"),
])
def test_code_follows_the_url_rules(catalog_dir: Path, code: str, reason: str) -> None:
    write_catalog(catalog_dir, {PAPER: paper_yaml(code=f'"{code}"')})
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_dir)
    assert [str(p) for p in info.value.problems] == [f"{SUBJECT}: {reason}"]


def test_code_must_be_text(catalog_dir: Path) -> None:
    write_catalog(catalog_dir, {PAPER: paper_yaml(code="[a, b]")})
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_dir)
    assert [str(p) for p in info.value.problems] == [
        f"{SUBJECT}: must be text, got ['a', 'b']"]
