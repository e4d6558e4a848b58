"""Property-based tests: whatever the YAML, the loader returns a catalog or a CatalogError."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from catalog_factory import FILES, write_catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paper_catalog.errors import CatalogError
from paper_catalog.load import load_catalog
from paper_catalog.model import Catalog

FIELDS = ["title", "year", "venue", "url", "topics", "note", "titel"]
scalars = (st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True)
           | st.text(max_size=40) | st.sampled_from(["icml", "arxiv", "efficient-attention",
                                                      "https://arxiv.org/abs/2401.00001",
                                                      "javascript:alert(1)", "2024"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=12) | st.sampled_from(FIELDS), inner,
                                        max_size=5), max_leaves=20)
documents = st.dictionaries(st.sampled_from(FIELDS), values, max_size=7) | values

SETTINGS = settings(max_examples=150, deadline=2000, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def check(files: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_catalog(Path(folder), files)
        try:
            result = load_catalog(root)
        except CatalogError as exc:
            assert exc.problems, "a CatalogError always lists its problems"
            assert all(str(p) for p in exc.problems)
        else:
            assert isinstance(result, Catalog)


@SETTINGS
@given(documents)
def test_any_yaml_document_as_a_paper(document: object) -> None:
    check({"papers/fuzzed.yaml": yaml.safe_dump(document, allow_unicode=True)})


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_as_a_paper(text: str) -> None:
    check({"papers/fuzzed.yaml": text})


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_as_a_paper(data: bytes) -> None:
    check({"papers/fuzzed.yaml": data})


@SETTINGS
@given(st.sampled_from(sorted(name for name in FILES if not name.startswith("papers/"))),
       documents)
def test_any_yaml_document_as_a_catalog_file(name: str, document: object) -> None:
    check({name: yaml.safe_dump(document, allow_unicode=True)})
