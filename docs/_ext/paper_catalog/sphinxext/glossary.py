"""Metric and benchmark glossaries, the tools list: docutils nodes from catalog records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term

from ..model import TOOL_PURPOSES, Benchmark, Link, Metric, Tool
from .domain import inventory_term

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def link_list(label: str, links: Sequence[Link]) -> nodes.paragraph:
    """'Label: [a], [b]' as one paragraph of external links."""
    para = nodes.paragraph("", "", nodes.strong(label, label), nodes.Text(" "))
    for i, link in enumerate(links):
        if i:
            para += nodes.Text(", ")
        para += nodes.reference(link.label, link.label, refuri=link.url)
    return para


def glossary(env: BuildEnvironment, document: nodes.document,
             items: Sequence[tuple[list[str], list[nodes.Node]]]) -> addnodes.glossary:
    """A Sphinx glossary: each item's terms are ``{term}`` targets and index entries."""
    dlist = nodes.definition_list(classes=["glossary"])
    for terms, body in items:
        item = nodes.definition_list_item()
        for text in terms:
            # a term names an entry of objects.inv: one line, read back as itself
            term = inventory_term(text)
            item += make_glossary_term(env, [nodes.Text(term)], None, env.docname,
                                       0, None, document)
        item += nodes.definition("", *body)
        dlist += item
    node = addnodes.glossary("", dlist)
    node["sorted"] = False
    node["support_smartquotes"] = False
    return node


def _terms(term: str, full_name: str) -> list[str]:
    return [term, full_name] if full_name else [term]


def metric_item(metric: Metric) -> tuple[list[str], list[nodes.Node]]:
    body: list[nodes.Node] = [nodes.paragraph("", _sentence(metric.description))]
    if metric.examples:
        body.append(link_list("Example usage:", metric.examples))
    return _terms(metric.term, metric.full_name), body


def benchmark_item(bench: Benchmark) -> tuple[list[str], list[nodes.Node]]:
    body: list[nodes.Node] = [nodes.paragraph("", _sentence(bench.description))]
    if bench.links:
        body.append(link_list("Links:", bench.links))
    body.append(link_list("Paper:", [bench.paper]))
    return _terms(bench.term, bench.full_name), body


def tool_list(tools: Sequence[Tool]) -> list[nodes.Node]:
    """Tools grouped by purpose: a rubric and a bullet list each."""
    result: list[nodes.Node] = []
    for purpose, title in TOOL_PURPOSES.items():
        chosen = [t for t in tools if t.purpose == purpose]
        if not chosen:
            continue
        result.append(nodes.rubric(title, title))
        items = nodes.bullet_list(classes=["catalog-tools"], support_smartquotes=False)
        for tool in chosen:
            para = nodes.paragraph("", "", nodes.reference(tool.name, tool.name, refuri=tool.url),
                                   nodes.Text(f": {tool.description}"))
            items += nodes.list_item("", para)
        result.append(items)
    return result


def _sentence(text: str) -> str:
    """Upstream descriptions are lower-case fragments; show them as sentences."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
