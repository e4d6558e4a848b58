"""During a build the garbage collector runs less often and skips what existed when the
builder started; after it, the collector is as it was, whether the build worked or not."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from paper_catalog.sphinxext.collection import YOUNGEST_THRESHOLD


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector's settings are restored after the test, whatever it did."""
    thresholds = gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)
    gc.unfreeze()


def build(make_app, project: Path, fail: bool = False) -> list[tuple[int, int]]:
    """Build ``project``; the collector's youngest threshold and frozen count as each
    page was read. With ``fail``, the build stops with an error after reading."""
    app = make_app("html", srcdir=project)
    seen: list[tuple[int, int]] = []
    app.connect("doctree-read",
                lambda app, doctree: seen.append((gc.get_threshold()[0], gc.get_freeze_count())))
    if fail:
        def stop(app, env) -> None:  # type: ignore[no-untyped-def]
            raise RuntimeError("stopped")
        app.connect("env-updated", stop)
        with pytest.raises(Exception, match="stopped"):
            app.build()
    else:
        app.build()
    return seen


@pytest.mark.usefixtures("collector")
@pytest.mark.parametrize("fail", [False, True])
def test_the_collector_is_tuned_during_a_build_and_restored_after(
        make_app, catalog_project: Path, fail: bool) -> None:
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    seen = build(make_app, catalog_project, fail)
    assert seen and all(threshold == YOUNGEST_THRESHOLD and frozen > 0
                        for threshold, frozen in seen)
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collector")
def test_objects_frozen_by_the_program_stay_frozen(make_app, catalog_project: Path) -> None:
    gc.freeze()
    build(make_app, catalog_project)
    assert gc.get_freeze_count() > 0
