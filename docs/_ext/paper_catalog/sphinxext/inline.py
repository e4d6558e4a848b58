"""Catalog text to docutils nodes: plain text plus three reference forms.

Summaries may contain ``{paper}`id```, ``{topic}`id``` and ``{term}`Term```; everything
else is literal text, so catalog text can never inject markup.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from ..model import Catalog
from ..query import REFERENCE


def short_title(title: str) -> str:
    """'MobileLLM: Optimizing ...' -> 'MobileLLM'; titles without a short name stay whole."""
    head, sep, _ = title.partition(":")
    return head.strip() if sep and len(head) <= 40 else title


def xref(domain: str, reftype: str, target: str, text: str) -> addnodes.pending_xref:
    """A reference resolved when pages are written (and warned about if unknown)."""
    node = addnodes.pending_xref("", refdomain=domain, reftype=reftype, reftarget=target,
                                 refexplicit=True, refwarn=True)
    node += nodes.inline(text, text, classes=["xref", domain, f"{domain}-{reftype}"])
    return node


def paper_ref(catalog: Catalog, paper_id: str) -> addnodes.pending_xref:
    paper = catalog.papers.get(paper_id)
    return xref("catalog", "paper", paper_id, short_title(paper.title) if paper else paper_id)


def topic_ref(catalog: Catalog, topic_id: str) -> addnodes.pending_xref:
    topic = catalog.topics.get(topic_id)
    return xref("catalog", "topic", topic_id, topic.title if topic else topic_id)


def listing_ref(catalog: Catalog, topic_id: str, paper_id: str) -> addnodes.pending_xref:
    """A link to ``paper_id``'s row on ``topic_id``'s page, labelled with the topic."""
    return xref("catalog", "listing", f"{topic_id}/{paper_id}", catalog.topics[topic_id].title)


def catalog_text(catalog: Catalog, text: str) -> list[nodes.Node]:
    """Nodes for ``text``: literal text, with its reference forms turned into links."""
    result: list[nodes.Node] = []
    position = 0
    for match in REFERENCE.finditer(text):
        if match.start() > position:
            result.append(nodes.Text(text[position:match.start()]))
        kind, target = match.groups()
        if kind == "paper":
            result.append(paper_ref(catalog, target))
        elif kind == "topic":
            result.append(topic_ref(catalog, target))
        else:
            ref = xref("std", "term", target.casefold(), target)
            ref["refexplicit"] = True
            result.append(ref)
        position = match.end()
    if position < len(text):
        result.append(nodes.Text(text[position:]))
    return result
