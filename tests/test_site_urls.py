"""The site's URL scheme is spelled once, in ``paper_catalog/site_urls.py``."""

from __future__ import annotations

import re
from pathlib import Path

from paper_catalog import site_urls

PACKAGE = Path(__file__).resolve().parents[1] / "docs" / "_ext" / "paper_catalog"

#: A prefix of the scheme written out by hand: ``f"row-{...}"``, ``"author-" + ...``,
#: ``startswith("paper-")``, ``f"papers/{...}"`` (but not ``"paper-catalog-..."``).
SPELLED = re.compile(r"""["'](?:row|topic|paper|author)-(?:\{|["'])|["']papers/\{""")
#: The modules that make the site (the others name the catalog's own ``papers/`` files).
SITE = [PACKAGE / "query.py", *sorted((PACKAGE / "sphinxext").glob("*.py"))]


def test_the_scheme() -> None:
    assert site_urls.row_anchor("wanda") == "row-wanda"
    assert site_urls.topic_anchor("pruning") == site_urls.topic_label("pruning") == "topic-pruning"
    assert site_urls.paper_label("wanda") == "paper-wanda"
    assert site_urls.is_paper_label("paper-wanda") and not site_urls.is_paper_label("topic-x")
    assert site_urls.author_anchor("ada-lovelace") == "author-ada-lovelace"
    assert site_urls.page_name("wanda") == "papers/wanda"
    assert site_urls.is_page_name("papers/wanda") and not site_urls.is_page_name("topics/x")


def test_no_other_module_spells_the_scheme() -> None:
    spelled = {f"{path.relative_to(PACKAGE)}: {match.group(0)}"
               for path in SITE
               for match in SPELLED.finditer(path.read_text(encoding="utf-8"))}
    assert spelled == set()


def test_the_check_finds_the_scheme_spelled_by_hand() -> None:
    for line in ('return f"row-{paper_id}"', 'base = "author-" + slug',
                 'if n.startswith("paper-")', "anchor = f'topic-{topic.id}'",
                 'name = f"papers/{paper_id}"'):
        assert SPELLED.search(line), line
    assert not SPELLED.search('stamp = f"paper-catalog-{builder.name}-feeds.stamp"')
