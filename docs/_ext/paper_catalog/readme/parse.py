"""Parse a README in the form of the "Awesome Resource-Efficient LLM Papers" list.

The parser keeps the upstream text as it is (normalization lives in
:mod:`paper_catalog.normalize`) and reports every table row it cannot read,
with its line number, instead of dropping it.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Link

# A closing sequence of "#" counts only after a space: "\#" at the end is text.
#: The opening of an ATX heading: up to three spaces, one to six '#', then a space or the end.
ATX_OPENING = re.compile(r" {0,3}(#{1,6})(?=\s|$)")
TABLE_ROW = re.compile(r"^\s*\|")
SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$")
CELL_SPLIT = re.compile(r"(?<!\\)\|")
# A link's label: escapes ("\]" among them) and any character but "]" and a backslash.
WHOLE_LINK = re.compile(r"^\[((?:\\.|[^\]\\])*)\]\(([^\s()]+)\)$")
# A link's URL after "](" up to ")", as WHOLE_LINK reads it.
LINK_URL = re.compile(r"[^\s()]+(?=\))")
YEAR = re.compile(r"[0-9]{4}")
COMMENT_START, COMMENT_END = "<!--", "-->"
BLOCKQUOTE = re.compile(r"^\s*>\s?(.*)$")
LIST_ITEM = re.compile(r"^[-*+]\s+(.*)$")
# CommonMark: a backslash escapes ASCII punctuation only ("\\a" stays as written).
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")

#: Upstream area headings start with this word, which the topic ids leave out.
AREA_PREFIX = "LLM"


@dataclass(frozen=True)
class TopicHeading:
    """A heading of the paper taxonomy (area, middle group or leaf topic)."""

    id: str
    title: str
    level: int
    parent: str | None
    line: int


@dataclass(frozen=True)
class PaperRow:
    """One row of a paper table, text as upstream wrote it."""

    topic: str
    year: int
    keyword: str
    title: str
    url: str
    venue: str
    line: int


@dataclass(frozen=True)
class UnparsedRow:
    """A table row that could not be read."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class MetricRow:
    """One row of a metric table."""

    category: str
    name: str
    description: str
    examples: tuple[Link, ...]
    line: int


@dataclass(frozen=True)
class MetricSection:
    """A metric category heading, e.g. "Computation Metrics" (after its icon "🧮")."""

    id: str
    title: str
    line: int
    icon: str = ""


@dataclass(frozen=True)
class BenchmarkRow:
    """One row of the benchmark table; name and description may contain links."""

    name: str
    description: str
    paper: Link
    line: int


@dataclass(frozen=True)
class ToolItem:
    """A tool listed in one of the blockquote lists of the energy section."""

    name: str
    url: str
    purpose: str
    line: int


@dataclass
class AwesomeReadme:
    """Everything read from the README, in upstream order."""

    headings: list[TopicHeading] = field(default_factory=list)
    rows: list[PaperRow] = field(default_factory=list)
    metric_sections: list[MetricSection] = field(default_factory=list)
    metrics: list[MetricRow] = field(default_factory=list)
    benchmarks: list[BenchmarkRow] = field(default_factory=list)
    tools: list[ToolItem] = field(default_factory=list)
    bibtex: str = ""
    unparsed: list[UnparsedRow] = field(default_factory=list)

    def leaf_topics(self) -> list[TopicHeading]:
        """Topic headings that have no sub-headings, in order."""
        parents = {h.parent for h in self.headings}
        return [h for h in self.headings if h.id not in parents]



def atx_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line (``## Text ##``), else None. Linear in the
    line: the text is what follows the opening, trimmed, less a closing run of '#' that
    whitespace separates from it (a pattern matching both at once backtracked over long
    runs of spaces)."""
    opening = ATX_OPENING.match(line)
    if opening is None:
        return None
    text = line[opening.end():].strip()
    unclosed = text.rstrip("#")
    if unclosed != text and (not unclosed or unclosed[-1].isspace()):
        text = unclosed.rstrip()
    return len(opening[1]), text

def kebab(text: str) -> str:
    """Lowercase words of ``text`` joined by dashes ("Mixed precision training" -> ...)."""
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold()))


def topic_id(heading: str) -> str:
    """Topic id of an upstream heading; the leading "LLM" of area headings is dropped."""
    words = heading.split()
    if len(words) > 1 and words[0] == AREA_PREFIX:
        words = words[1:]
    return kebab(" ".join(words))


def unescape(text: str) -> str:
    """Remove markdown backslash escapes."""
    return ESCAPE.sub(r"\1", text)


def strip_links(text: str) -> tuple[str, tuple[Link, ...]]:
    """Replace each markdown link in ``text`` by its label; return the text, unescaped,
    and the links. Escapes are removed after the links are found, so ``\\[`` is text."""
    pieces: list[str] = []
    links: list[Link] = []
    start = 0
    for begin, end, raw_label, url in _links(text):
        label = unescape(raw_label).strip()
        pieces += [unescape(text[start:begin]), label]
        links.append(Link(label, url))
        start = end
    pieces.append(unescape(text[start:]))
    return "".join(pieces), tuple(links)


def _links(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, label, url) of each ``[label](url)`` link of ``text``, left to right,
    in one pass.

    A backslash escapes the next character (but a line break), so ``\\[`` starts no link
    and ``\\]`` does not end a label. A label ends at its first unescaped ``]``; when no
    URL follows it, no ``[`` before it starts a link either (each would end at the same
    ``]``), so the scan goes on from there: every character is read a bounded number of
    times, where a pattern retried at each ``[`` read the rest of the text for each.
    """
    at, size = 0, len(text)
    while at < size:
        char = text[at]
        if char == "\\":
            at += 2 if at + 1 < size and text[at + 1] != "\n" else 1
            continue
        if char != "[":
            at += 1
            continue
        end = at + 1  # the end of the label
        while end < size and text[end] != "]":
            if text[end] == "\\":
                if end + 1 >= size or text[end + 1] == "\n":
                    break  # a backslash that escapes nothing ends no label
                end += 1
            end += 1
        url = (LINK_URL.match(text, end + 2)
               if text.startswith("](", end) else None)
        if url is None:
            at = end
            continue
        yield at, url.end() + 1, text[at + 1:end], url[0]
        at = url.end() + 1


def split_cells(line: str) -> list[str]:
    """Cells of a markdown table row, stripped (outer pipes removed, ``\\|`` unescaped)."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [cell.strip().replace("\\|", "|") for cell in CELL_SPLIT.split(body)]


def _blank_comments(text: str) -> str:
    """``text`` with each HTML comment (``<!--`` to the next ``-->``) blanked out but its
    line breaks, so line numbers stay; a ``<!--`` never closed is text. One pass: each
    closing ``-->`` is looked for once, where a pattern retried at each unclosed
    ``<!--`` read the rest of the text for each."""
    pieces: list[str] = []
    done = 0
    while (start := text.find(COMMENT_START, done)) >= 0:
        end = text.find(COMMENT_END, start + len(COMMENT_START))
        if end < 0:
            break  # no comment closes after this one: none starts here or later
        end += len(COMMENT_END)
        pieces += [text[done:start], "\n" * text.count("\n", start, end)]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _section_kind(title: str) -> str:
    lowered = title.casefold()
    if "table of contents" in lowered:
        return "toc"
    if "metric" in lowered or "benchmark" in lowered:
        return "metrics"
    if "reference" in lowered:
        return "reference"
    return "topics"


def _heading_title(text: str) -> str:
    """Heading text without a leading emoji (upstream decorates some headings) and
    without markdown escapes; ASCII punctuation at the start is part of the title."""
    return unescape(text[len(_heading_icon(text)):].strip())


def _heading_icon(text: str) -> str:
    """The leading emoji of a heading's text ("⚡️" of "⚡️ Energy Metrics"), or ""."""
    end = 0
    while end < len(text) and _decoration(text[end]):
        end += 1
    return text[:end]


def _decoration(char: str) -> bool:
    """A non-ASCII symbol, combining mark or format character (emoji and their parts)."""
    return ord(char) > 127 and unicodedata.category(char)[0] in "SMC"


class _Parser:
    def __init__(self, text: str) -> None:
        # Lines end where CommonMark ends them; U+2028, form feed and the other characters
        # str.splitlines() also ends lines at stay in their row (the import refuses them).
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _blank_comments(text)
        self.lines = text.split("\n")
        self.out = AwesomeReadme()
        self.section = "preamble"
        self.stack: list[TopicHeading] = []
        self.metric_section: MetricSection | None = None
        self.table: str | None = None  # kind of the table being read
        self.quote: list[tuple[int, str]] = []
        self.reference_start = 0

    def parse(self) -> AwesomeReadme:
        fence = ""  # the fence of the code block being read
        indented = False  # reading an indented code block
        after_blank = True
        for number, line in enumerate(self.lines, start=1):
            if not BLOCKQUOTE.match(line) and self.quote:
                self._flush_quote()
            blank = not line.strip()
            if not fence and not blank and (indented or after_blank) \
                    and line.startswith(("    ", "\t")):
                # an indented code block (after a blank line): text, as a fence's is
                indented, after_blank = True, False
                self.table = None
                continue
            indented = indented and blank
            after_blank = blank
            opening = FENCE.match(line)
            if fence:  # a code block's lines are not headings or table rows
                if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence) \
                        and not line[opening.end():].strip():
                    fence = ""
                continue
            if opening:
                fence = opening[1]
                self.table = None
                continue
            heading = atx_heading(line)
            if heading:
                self.table = None
                self._heading(*heading, number)
            elif TABLE_ROW.match(line):
                self._table_row(line, number)
            else:
                self.table = None
                quoted = BLOCKQUOTE.match(line)
                if quoted and self.section == "metrics":
                    self.quote.append((number, quoted[1]))
        self._flush_quote()
        self.out.bibtex = _bibtex(self.lines[self.reference_start:])
        return self.out

    def _heading(self, level: int, raw: str, number: int) -> None:
        title = _heading_title(raw)
        if level == 1:
            self.section = "preamble"
            return
        if level == 2:
            self.section = _section_kind(title)
            self.stack = []
            if self.section == "reference":
                self.reference_start = number
        if self.section == "topics":
            while self.stack and self.stack[-1].level >= level:
                self.stack.pop()
            parent = self.stack[-1].id if self.stack else None
            topic = TopicHeading(topic_id(title), title, level, parent, number)
            self.out.headings.append(topic)
            self.stack.append(topic)
        elif self.section == "metrics" and level > 2:
            if "benchmark" in title.casefold():
                self.metric_section = None
            else:
                sid = re.sub(r"-metrics?$", "", kebab(title))
                self.metric_section = MetricSection(sid, title, number, _heading_icon(raw))
                self.out.metric_sections.append(self.metric_section)

    def _table_row(self, line: str, number: int) -> None:
        cells = split_cells(line)
        if self.table is None:  # header row
            self.table = self._table_kind(cells, line, number)
            return
        if all(SEPARATOR_CELL.match(c) for c in cells if c):
            return
        if self.table == "papers":
            self._paper_row(cells, line, number)
        elif self.table == "metrics":
            self._metric_row(cells, line, number)
        elif self.table == "benchmarks":
            self._benchmark_row(cells, line, number)
        else:
            self._unparsed(line, number, "row of a table in an unexpected place")

    def _table_kind(self, cells: list[str], line: str, number: int) -> str:
        head = [c.casefold() for c in cells]
        if self.section == "topics" and self.stack and head[:1] == ["date"]:
            return "papers"
        if self.section == "metrics" and head[:1] == ["metric"] and self.metric_section:
            return "metrics"
        if self.section == "metrics" and head[:1] == ["benchmark"]:
            return "benchmarks"
        self._unparsed(line, number, "header of a table this parser does not know")
        return "unknown"

    def _unparsed(self, line: str, number: int, reason: str) -> None:
        self.out.unparsed.append(UnparsedRow(number, line.strip(), reason))

    def _paper_row(self, cells: list[str], line: str, number: int) -> None:
        if len(cells) != 4:
            self._unparsed(line, number, f"expected 4 cells (date, keywords, paper, venue), "
                                         f"found {len(cells)}")
            return
        year, keyword, paper, venue = cells
        link = WHOLE_LINK.match(paper)
        if not YEAR.fullmatch(year):
            reason = f"date '{year}' is not a four-digit year"
        elif not keyword:
            reason = "keyword is empty"
        elif not link or not link[1].strip():
            reason = "paper cell is not a single [title](url) link"
        elif not venue:
            reason = "venue is empty"
        else:
            topic = self.stack[-1].id
            self.out.rows.append(PaperRow(topic, int(year), unescape(keyword),
                                          unescape(link[1]), link[2], unescape(venue), number))
            return
        self._unparsed(line, number, reason)

    def _metric_row(self, cells: list[str], line: str, number: int) -> None:
        if len(cells) != 3 or not cells[0] or not cells[1]:
            self._unparsed(line, number, "expected 3 cells (metric, description, examples)")
            return
        parts = [p.strip() for p in re.split(r"<br\s*/?>", cells[2]) if p.strip()]
        examples = []
        for part in parts:
            link = WHOLE_LINK.match(part)
            if not link:
                self._unparsed(line, number, f"example '{part}' is not a [label](url) link")
                return
            label = unescape(link[1]).strip()
            if label.startswith("[") and label.endswith("]"):
                label = label[1:-1].strip()
            examples.append(Link(label, link[2]))
        assert self.metric_section is not None
        self.out.metrics.append(MetricRow(self.metric_section.id, unescape(cells[0]),
                                          unescape(cells[1]), tuple(examples), number))

    def _benchmark_row(self, cells: list[str], line: str, number: int) -> None:
        link = WHOLE_LINK.match(cells[2]) if len(cells) == 3 else None
        if not link or not cells[0] or not cells[1]:
            self._unparsed(line, number,
                           "expected 3 cells (benchmark, description, [paper](url))")
            return
        paper = Link(unescape(link[1]).strip(), link[2])
        self.out.benchmarks.append(BenchmarkRow(cells[0], cells[1], paper, number))

    def _flush_quote(self) -> None:
        """Read one blockquote: an intro sentence and a list of [tool](url) items."""
        intro = " ".join(t for _, t in self.quote if not LIST_ITEM.match(t.strip())).casefold()
        purpose = "tracking" if "real-time" in intro else "estimation" if "before" in intro \
            else ""
        for number, text in self.quote:
            item = LIST_ITEM.match(text.strip())
            if not item:
                continue
            link = WHOLE_LINK.match(item[1].strip())
            if not link or not purpose:
                reason = "tool is not a [name](url) link" if not link else \
                    "blockquote does not say whether its tools track or estimate"
                self.out.unparsed.append(UnparsedRow(number, text.strip(), reason))
                continue
            self.out.tools.append(ToolItem(unescape(link[1]).strip(), link[2], purpose, number))
        self.quote = []


def _bibtex(lines: list[str]) -> str:
    """The first BibTeX entry, from an indented or fenced code block."""
    for start, line in enumerate(lines):
        if not line.lstrip().startswith("@"):
            continue
        block = []
        depth = 0
        for text in lines[start:]:
            block.append(text)
            depth += text.count("{") - text.count("}")
            if depth <= 0 and "}" in text:
                break
        return textwrap.dedent("\n".join(block)).strip() + "\n"
    return ""


def parse_readme(text: str) -> AwesomeReadme:
    """Parse README text into structured data."""
    return _Parser(text).parse()


def read_readme(path: Path | str) -> AwesomeReadme:
    """Parse the README file at ``path``."""
    return parse_readme(Path(path).read_text(encoding="utf-8"))
