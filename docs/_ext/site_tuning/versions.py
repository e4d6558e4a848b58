"""The versions a patch was tested with, and the switch that turns it off outside them."""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version

from packaging.specifiers import SpecifierSet
from sphinx.util import logging

logger = logging.getLogger(__name__)


def installed(distribution: str) -> str | None:
    """The installed version of ``distribution``, or None."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def within(patch: str, tested: Mapping[str, str]) -> bool:
    """Whether every distribution in ``tested`` (name: version specifier) is installed at a
    version it allows; if not, says so in one line of the build log."""
    outside = [f"{name} {installed(name) or 'not installed'} (tested: {spec})"
               for name, spec in tested.items()
               if (found := installed(name)) is None
               or not SpecifierSet(spec).contains(found, prereleases=True)]
    if outside:
        logger.info("site_tuning: %s is off: %s", patch, "; ".join(outside))
    return not outside
