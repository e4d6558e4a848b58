"""Papers and topics as standard labels, so plain Sphinx can link them.

``paper-<id>`` labels a paper's page (``papers/<id>``) in the builders that write paper
pages, else the paper's row on its home topic page; ``topic-<id>`` labels a topic's page.
They are in ``objects.inv`` as ``std:label``: another project links them with
``:external+<name>:ref:`` or MyST's ``inv:`` links without the catalog extension, and
pages of this site can use ``{ref}`` as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .build_state import catalog_domain
from .paper_pages import is_page_name, page_name, writes_pages
from .unchanged_build import unchanged

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.domains.std import StandardDomain
    from sphinx.environment import BuildEnvironment


def paper_label(paper_id: str) -> str:
    return f"paper-{paper_id}"


def topic_label(topic_id: str) -> str:
    return f"topic-{topic_id}"


def add_standard_labels(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: a label per paper and topic, from where the pages show them.

    Set again after every read, so a paper whose home page changed moves with it; a
    build that read no page and has the same catalog keeps them as they are.
    """
    domain = catalog_domain(env)
    pages = writes_pages(app.builder)  # the label lands on the paper's page, else its row
    if unchanged(app) and domain.data.get("paper_labels_on_pages") == pages:
        return
    domain.data["paper_labels_on_pages"] = pages
    std = cast("StandardDomain", env.get_domain("std"))
    # labels on paper pages, which no page re-read clears: a removed paper's goes
    for name in [n for n, (doc, _) in std.anonlabels.items()
                 if n.startswith("paper-") and is_page_name(doc)]:
        std.labels.pop(name, None)
        std.anonlabels.pop(name, None)
    for topic_id, (docname, anchor, title) in domain.topics.items():
        std.labels[topic_label(topic_id)] = (docname, anchor, title)
        std.anonlabels[topic_label(topic_id)] = (docname, anchor)
    for paper_id in domain.papers:
        found = domain.paper_target(paper_id)
        if found:
            docname, anchor, title = found
            if pages:
                docname, anchor = page_name(paper_id), ""
            std.labels[paper_label(paper_id)] = (docname, anchor, title)
            std.anonlabels[paper_label(paper_id)] = (docname, anchor)
