"""Render the catalog as the awesome-list README, in the form of the upstream list.

The hand-written text around the generated parts comes from the catalog's README
template (:mod:`.template`), the order of each table's rows from its order file
(:mod:`.order`). The output reads back with :mod:`.parse`: importing it into an empty
catalog gives the same paper files (see :func:`lossy_parts` for what the README form
cannot carry).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from pybtex.database import parse_string

from ..model import (
    TOOL_PURPOSES,
    Benchmark,
    Catalog,
    Link,
    Metric,
    MetricCategory,
    Paper,
    Topic,
)
from .order import Order, arrange, load_order
from .parse import FENCE, atx_heading, kebab, topic_id, unescape
from .template import Template, load_template

GENERATED = ("<!-- Generated from catalog/ by `paper-catalog export-readme`: "
             "edit the catalog, not this file. -->")
METRICS_TITLE = "Resource-Efficiency Evaluation Metrics & Benchmarks"
BENCHMARKS_TITLE = "Benchmarks"
#: The line upstream puts before each top-level section (an HTML comment: not shown).
SEPARATOR = "<!" + "-" * 86 + ">"
#: The README's sentence before the tools of each purpose (every key of TOOL_PURPOSES).
TOOL_INTROS = {
    "tracking": "The following are available software packages designed for real-time "
                "tracking of energy consumption and carbon emissions.",
    "estimation": "You might also find the following helpful for predicting the energy "
                  "usage and carbon footprint before actual training.",
}
#: Metric category after whose table the tools are listed (else the last one).
TOOLS_AFTER = "energy"
# The table headers as upstream writes them.
PAPER_HEADER = ("|  Date  |       Keywords     | Paper    | Venue |\n"
                "| :---------: | :------------: | :-----------------------------------------:"
                "| :---------: |")
METRIC_HEADER = ("|  Metric                           |       Description                     "
                 "                           |    Example Usage                              "
                 "                                                  |\n"
                 "| :-------------------------------: | :-----------------------------------"
                 "---------------------------: | :--------------------------------------------"
                 "-------------------------------------------------: |")
BENCHMARK_HEADER = ("|  Benchmark               |       Description                           "
                    "                   |    Paper                                          "
                    "                                      |\n"
                    "| :------------------:  | :---------------------------------------------"
                    "------------:    | :-----------------------------------------------------"
                    "----------------------------------------: |")
IMAGE = re.compile(r"!\[(?:\\.|[^\]\\])*\]\([^\s()]*\)")
LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^\s()]*\)")
ARXIV_ID = re.compile(r"arXiv:\s*(\d{4}\.\d{4,5})", re.IGNORECASE)
#: ASCII punctuation that Markdown (CommonMark with GitHub's tables, strikethrough and
#: math) or HTML gives a meaning in running text: code, emphasis, links, tags and
#: entities, table cells, headings' closing ``#``.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>&|~$#])")


def escape_md(text: str) -> str:
    """Catalog text as Markdown that shows it as written, in a table cell, a link label or
    a heading: one line, each special character backslash-escaped (a CommonMark escape;
    GitHub's tables also read ``\\|`` as a ``|`` of the cell's text)."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))


def link_url(url: str) -> str:
    """A URL usable inside ``(...)`` in a table cell."""
    return (url.replace("|", "%7C").replace("(", "%28").replace(")", "%29")
            .replace(" ", "%20"))


def link(label: str, url: str) -> str:
    return f"[{escape_md(label)}]({link_url(url)})"


def github_anchor(title: str, seen: dict[str, int]) -> str:
    """The id GitHub gives a heading of text ``title`` (spaces kept: a badge after the
    title leaves a trailing dash); repeated ids get ``-1``, ``-2``, ..."""
    kept = (c for c in title.lower()
            if c in "- " or unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc")
    slug = "".join(kept).replace(" ", "-")
    count = seen.get(slug, 0)
    seen[slug] = count + 1
    return f"{slug}-{count}" if count else slug


def survey_link(reference: str) -> str:
    """The survey's title, linked to arXiv when its BibTeX names an arXiv id."""
    try:
        entry = next(iter(parse_string(reference, "bibtex").entries.values()))
    except Exception:  # an unreadable entry only loses the sentence's link
        return ""
    title = entry.fields.get("title", "").replace("{", "").replace("}", "")
    if not title:
        return ""
    url = entry.fields.get("url", "")
    if not url:
        found = next((m for v in entry.fields.values() if (m := ARXIV_ID.search(v))), None)
        url = f"https://arxiv.org/abs/{found[1]}" if found else ""
    return link(title, url) if url else title


def toc_label(markdown: str) -> str:
    """A heading's Markdown as the table of contents shows it: images left out, links
    as their label (the title's badge is not part of its anchor)."""
    return LINK.sub(r"\1", IMAGE.sub("", markdown))


def headings(lines: Sequence[str]) -> list[tuple[int, str]]:
    """(level, Markdown text) of each heading of ``lines``, code blocks left out."""
    found, fence = [], ""
    for line in lines:
        opening = FENCE.match(line)
        if fence:
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence):
                fence = ""
        elif opening:
            fence = opening[1]
        elif heading := atx_heading(line):
            found.append(heading)
    return found


def table_of_contents(lines: Sequence[str], indent: str = "") -> list[str]:
    """A nested list linking every heading of ``lines`` by the anchor GitHub gives it."""
    found = headings(lines)
    top = min((level for level, _ in found), default=1)
    seen: dict[str, int] = {}
    items = []
    for level, markdown in found:
        label = toc_label(markdown)
        anchor = github_anchor(unescape(label), seen)
        items.append(f"{indent}{'  ' * (level - top)}- [{label}](#{anchor})")
    return items


def paper_row(catalog: Catalog, paper: Paper, topic: str) -> str:
    venue = catalog.venues[paper.venue].short
    return (f"| {paper.year} | {escape_md(paper.keyword(topic) or '')} | "
            f"{link(paper.title, paper.url)} | {escape_md(venue)} |")


def topic_sections(catalog: Catalog, order: Order | None = None) -> Iterator[str]:
    """Headings in taxonomy order; a table of its papers per leaf topic, rows in the
    order of ``order`` (see :func:`.order.arrange`), newest first without one."""

    def visit(topic: Topic) -> Iterator[str]:
        yield f"{'#' * (topic.depth + 2)} {escape_md(topic.title)}"
        if topic.is_leaf:
            yield PAPER_HEADER
            papers = (p for p in catalog.papers.values() if p.keyword(topic.id) is not None)
            rows = arrange(papers, (order or {}).get(topic.id, ()))
            yield from (paper_row(catalog, p, topic.id) for p in rows)
            yield ""
        for child in topic.children:
            yield from visit(catalog.topics[child])

    for number, area in enumerate(catalog.areas):
        if number:
            yield SEPARATOR
        yield from visit(area)


def _term(term: str, full_name: str) -> str:
    return f"{term} ({full_name})" if full_name else term


def metric_row(metric: Metric) -> str:
    examples = "<br>".join(f"[\\[{escape_md(e.label)}\\]]({link_url(e.url)})"
                           for e in metric.examples)
    return (f"| {escape_md(_term(metric.term, metric.full_name))} | "
            f"{escape_md(metric.description)} | {examples} |")


def _place(text: str, links: Sequence[Link], keep_missing: bool = False) -> str | None:
    """Escaped ``text`` where each link's label, found in order, becomes the link.

    None when a label is not found, unless ``keep_missing``: then it is appended.
    """
    rest, pieces, missing = escape_md(text), [], []
    for item in links:
        label = escape_md(item.label)
        pos = rest.find(label) if label else -1
        if pos < 0:
            if not keep_missing:
                return None
            missing.append(link(item.label, item.url))
            continue
        pieces += [rest[:pos], link(item.label, item.url)]
        rest = rest[pos + len(label):]
    tail = f" ({', '.join(missing)})" if missing else ""
    return "".join(pieces) + rest + tail


def benchmark_cells(bench: Benchmark) -> tuple[str, str]:
    """Name and description cells with the benchmark's links back in the text.

    The import lists the name's links before the description's, so the first links go
    in the name, as few as possible; a label found nowhere is appended, not lost.
    """
    name = _term(bench.term, bench.full_name)
    links = bench.links
    for split in range(len(links) + 1):
        head = _place(name, links[:split])
        tail = _place(bench.description, links[split:])
        if head is not None and tail is not None:
            return head, tail
    return escape_md(name), _place(bench.description, links, keep_missing=True) or ""


def benchmark_row(bench: Benchmark) -> str:
    name, description = benchmark_cells(bench)
    return f"| {name} | {description} | {link(bench.paper.label, bench.paper.url)} |"


def tool_lists(catalog: Catalog) -> Iterator[str]:
    for purpose in TOOL_PURPOSES:
        intro = TOOL_INTROS[purpose]
        tools = [t for t in catalog.tools if t.purpose == purpose]
        if tools:
            yield f"> {intro}"
            yield from (f"> - {link(t.name, t.url)}" for t in tools)
            yield ""


def category_heading(category: MetricCategory) -> str:
    """The category's heading text: its icon, if any, then its title."""
    title = escape_md(category.title)
    return f"{escape_md(category.icon)} {title}" if category.icon else title


def metric_sections(catalog: Catalog) -> Iterator[str]:
    yield SEPARATOR
    yield f"## {escape_md(METRICS_TITLE)}"
    categories = catalog.metric_categories
    tools_after = next((c.id for c in categories if c.id == TOOLS_AFTER),
                       categories[-1].id if categories else None)
    for category in categories:
        yield f"### {category_heading(category)}"
        yield ""
        yield METRIC_HEADER
        yield from (metric_row(m) for m in category.metrics)
        yield ""
        if category.id == tools_after:
            yield from tool_lists(catalog)
    if not categories:
        yield from tool_lists(catalog)
    if catalog.benchmarks:
        yield f"### {BENCHMARKS_TITLE}"
        yield ""
        yield BENCHMARK_HEADER
        yield from (benchmark_row(b) for b in catalog.benchmarks)
        yield ""


def reference_block(reference: str) -> list[str]:
    """The BibTeX entry as an indented code block, as upstream shows it: no line of it
    can end the block, whatever the entry holds."""
    return ["    " + line if line.strip() else "" for line in reference.strip("\n").splitlines()]


def render_readme(catalog: Catalog, template: Template | None = None,
                  order: Order | None = None) -> str:
    """The awesome-list README of ``catalog``, as Markdown text.

    ``template`` and ``order`` default to the catalog's own files (see
    :func:`.template.load_template` and :func:`.order.load_order`).
    """
    if template is None:
        template = load_template(catalog.root, survey_link(catalog.reference))
    if order is None:
        order = load_order(catalog.root)
    parts = {"topics": list(topic_sections(catalog, order)),
             "metrics": list(metric_sections(catalog)),
             "reference": reference_block(catalog.reference)}
    lines = [GENERATED]
    contents: tuple[int, str] | None = None
    for part in template:
        if isinstance(part, str):
            lines.append(part)
        elif part.name == "contents":
            contents = (len(lines), part.indent)
        else:
            if part.name == "reference" and lines[-1].strip():
                lines.append("")  # an indented code block cannot continue a paragraph
            lines.extend(parts[part.name])
    if contents is not None:
        at, indent = contents
        lines[at:at] = table_of_contents(lines, indent)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"


def lossy_parts(catalog: Catalog) -> list[str]:
    """What of ``catalog`` would read back differently from its README, one line each.

    A topic or metric category reads back under the id its heading gives; a paper's
    topics read back in taxonomy order; notes and hand-chosen file names are not in
    the README form.
    """
    found = []
    for topic in catalog.topics.values():
        if topic_id(topic.title) != topic.id:
            found.append(f"topic '{topic.id}': its heading '{topic.title}' reads back as "
                         f"'{topic_id(topic.title)}'")
    for category in catalog.metric_categories:
        read_back = re.sub(r"-metrics?$", "", kebab(category.title))
        if read_back != category.id:
            found.append(f"metric category '{category.id}': its heading "
                         f"'{category.title}' reads back as '{read_back}'")
    order = {tid: i for i, tid in enumerate(catalog.topics)}
    for paper in catalog.papers.values():
        tids = [tid for tid, _ in paper.topics]
        if tids != sorted(tids, key=order.__getitem__):
            found.append(f"paper '{paper.id}': its topics read back in taxonomy order, "
                         f"so its primary topic becomes '{min(tids, key=order.__getitem__)}'")
    return found
