"""Papers and topics as standard labels, so plain Sphinx can link them.

``paper-<id>`` labels a paper's page (``papers/<id>``) in the builders that write paper
pages, else the paper's row on its home topic page; ``topic-<id>`` labels a topic's page.
They are in ``objects.inv`` as ``std:label``: another project links them with
``:external+<name>:ref:`` or MyST's ``inv:`` links without the catalog extension, and
pages of this site can use ``{ref}`` as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ..site_urls import is_page_name, is_paper_label, page_name, paper_label, topic_label
from .build_state import catalog_domain
from .builders import writes_paper_pages
from .domain import inventory_name, inventory_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.domains.std import StandardDomain
    from sphinx.environment import BuildEnvironment


def add_standard_labels(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: a label per paper and topic, from where the pages show them.

    Set again after every read, so a paper whose home page changed moves with it; kept
    as they are when no page and no catalog file changed since they were set for the
    same kind of builder.
    """
    domain = catalog_domain(env)
    pages = writes_paper_pages(app.builder)  # the label lands on the paper's page, else its row
    if (domain.data.get("labels_on_pages") == pages and not domain.changed
            and not domain.data.get("pages_touched", True)):
        return
    domain.data["labels_on_pages"] = pages
    std = cast("StandardDomain", env.get_domain("std"))
    # labels on paper pages, which no page re-read clears: a removed paper's goes
    for name in [n for n, (doc, _) in std.anonlabels.items()
                 if is_paper_label(n) and is_page_name(doc)]:
        std.labels.pop(name, None)
        std.anonlabels.pop(name, None)
    # each label is a line of objects.inv: one whose name would split it is left out, and
    # its title is on one line (see the domain's inventory_text)
    for topic_id, (docname, anchor, title) in domain.topics.items():
        if inventory_name(topic_id):
            std.labels[topic_label(topic_id)] = (docname, anchor, inventory_text(title))
            std.anonlabels[topic_label(topic_id)] = (docname, anchor)
    for paper_id in domain.papers:
        found = domain.paper_target(paper_id)
        if found and inventory_name(paper_id):
            docname, anchor, title = found
            if pages:
                docname, anchor = page_name(paper_id), ""
            std.labels[paper_label(paper_id)] = (docname, anchor, inventory_text(title))
            std.anonlabels[paper_label(paper_id)] = (docname, anchor)
