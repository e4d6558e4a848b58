"""The site's URL scheme: the names of pages, anchors and labels made from catalog ids.

- ``row-<id>``: a paper's row in a table (its link target). Not ``paper-<id>``: Sphinx's
  search stores an anchor ``<type>-<name>`` as ``-`` and rebuilds it from the display
  name, which is the title.
- ``topic-<id>``: a topic page's section, and its standard label.
- ``paper-<id>``: a paper's standard label (on its own page, else on its row).
- ``author-<slug>``: an author's entry on the by-author page.
- ``papers/<id>``: a paper's own page.

The table script and stylesheet find a linked row by the page's fragment (``:target``,
``location.hash``), whatever its prefix.
"""

from __future__ import annotations

ROW_PREFIX = "row-"
TOPIC_PREFIX = "topic-"
PAPER_LABEL_PREFIX = "paper-"
AUTHOR_PREFIX = "author-"
PAGES_DIR = "papers"


def row_anchor(paper_id: str) -> str:
    """The id of a paper's row."""
    return f"{ROW_PREFIX}{paper_id}"


def topic_anchor(topic_id: str) -> str:
    """The id of a topic page's section."""
    return f"{TOPIC_PREFIX}{topic_id}"


def topic_label(topic_id: str) -> str:
    """A topic's standard label: its section's id."""
    return topic_anchor(topic_id)


def paper_label(paper_id: str) -> str:
    """A paper's standard label."""
    return f"{PAPER_LABEL_PREFIX}{paper_id}"


def is_paper_label(name: str) -> bool:
    return name.startswith(PAPER_LABEL_PREFIX)


def author_anchor(slug: str) -> str:
    """An author's anchor on the by-author page, from the slug of their name."""
    return f"{AUTHOR_PREFIX}{slug}"


def page_name(paper_id: str) -> str:
    """The document name of a paper's own page."""
    return f"{PAGES_DIR}/{paper_id}"


def is_page_name(name: str) -> bool:
    """Whether the document name ``name`` is a paper's own page."""
    return name.startswith(f"{PAGES_DIR}/")
