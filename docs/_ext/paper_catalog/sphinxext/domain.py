"""The ``catalog`` domain: papers and topics as cross-reference targets.

``{paper}`id``` links to the paper's row on its primary topic page, ``{topic}`id``` to a
topic's page; both appear in ``objects.inv`` so other projects can link them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from ..text_rules import LINE_BREAKS, one_line
from ..views import ReferenceRequest, Request
from .build_state import catalog_of, use
from .inline import short_title
from .run_state import RunState

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import RoleFunction

    from ..model import Catalog

logger = logging.getLogger(__name__)

#: What a page showed: each request it made -> the digest of the answer it got.
Usage = dict[Request[Any], str]


class CatalogXRefRole(XRefRole):
    """A cross-reference role whose page is re-read when its target changes."""

    def __init__(self) -> None:
        super().__init__(innernodeclass=nodes.inline, warn_dangling=True)

    def result_nodes(self, document: nodes.document, env: BuildEnvironment,
                     node: Element, is_ref: bool) -> tuple[list[nodes.Node], list[Any]]:
        use(env, ReferenceRequest(node["reftype"], node["reftarget"]))
        return [node], []


class CatalogDomain(Domain):
    """Papers and topics of the catalog, and the build state: in its ``data``, what each
    page showed (for rebuilds) and the fingerprint of the catalog files of the last
    build; in ``run``, what this build holds in memory and never pickles (the catalog
    itself, among others: see :mod:`.run_state`)."""

    name = "catalog"
    label = "Paper catalog"
    object_types: ClassVar[dict[str, ObjType]] = {
        "paper": ObjType("paper", "paper"),
        "topic": ObjType("topic", "topic"),
    }
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {
        "paper": CatalogXRefRole(), "topic": CatalogXRefRole()}
    initial_data: ClassVar[dict[str, Any]] = {
        # paper id -> {docname: (anchor, title, on its primary topic page)}
        "papers": {},
        # topic id -> (docname, anchor, title)
        "topics": {},
        # docname -> what the page showed (see ``Usage``)
        "usage": {},
        # the catalog files' fingerprint at the last build; whether this build's differs
        "fingerprint": None,
        "changed": True,
        # the docname of the page that lists papers by author ('' if none)
        "author_page": "",
    }
    dangling_warnings: ClassVar[dict[str, str]] = {
        "paper": "unknown paper id '%(target)s'",
        "topic": "unknown topic id '%(target)s'",
        "listing": "no row for '%(target)s' (topic/paper) on the topic's page",
    }
    data_version = 2

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self.run = RunState()

    @property
    def papers(self) -> dict[str, dict[str, tuple[str, str, bool]]]:
        papers: dict[str, dict[str, tuple[str, str, bool]]] = self.data["papers"]
        return papers

    @property
    def topics(self) -> dict[str, tuple[str, str, str]]:
        topics: dict[str, tuple[str, str, str]] = self.data["topics"]
        return topics

    @property
    def usage(self) -> dict[str, Usage]:
        usage: dict[str, Usage] = self.data["usage"]
        return usage

    @property
    def fingerprint(self) -> str | None:
        fingerprint: str | None = self.data["fingerprint"]
        return fingerprint

    @fingerprint.setter
    def fingerprint(self, value: str) -> None:
        self.data["fingerprint"] = value

    @property
    def changed(self) -> bool:
        """Whether the catalog files changed since the last build."""
        return bool(self.data["changed"])

    @changed.setter
    def changed(self, value: bool) -> None:
        self.data["changed"] = value

    def note_use(self, request: Request[Any], digest: str) -> None:
        """The current page shows the answer to ``request``, whose digest is ``digest``."""
        self.usage.setdefault(self.env.docname, {})[request] = digest

    def note_paper(self, paper_id: str, title: str, anchor: str, primary: bool) -> None:
        self.papers.setdefault(paper_id, {})[self.env.docname] = (anchor, title, primary)
        self.run.domain_edits += 1

    @property
    def author_page(self) -> str:
        """The page that lists papers by author, which author names link to; '' if none."""
        return str(self.data.get("author_page", ""))

    def note_author_page(self) -> None:
        self.data["author_page"] = self.env.docname

    def note_topic(self, topic_id: str, title: str, anchor: str) -> bool:
        """Record the page of a topic; False if another page already shows it."""
        known = self.topics.get(topic_id)
        if known and known[0] != self.env.docname:
            return False
        self.run.domain_edits += 1
        self.topics[topic_id] = (self.env.docname, anchor, title)
        return True

    def paper_target(self, paper_id: str) -> tuple[str, str, str] | None:
        """(docname, anchor, title) of the paper's row on its primary page, else any row."""
        return self.paper_targets().get(paper_id)

    def paper_targets(self) -> dict[str, tuple[str, str, str]]:
        """:meth:`paper_target` of every paper with a row, listed once while the domain's
        data stays the same."""
        found = self.run.paper_targets
        if found is None or found[0] != self.run.domain_edits:
            targets = {}
            for paper_id, rows in self.papers.items():
                if rows:
                    primary = [docname for docname, (_, _, home) in rows.items() if home]
                    docname = min(primary or rows)
                    anchor, title, _ = rows[docname]
                    targets[paper_id] = (docname, anchor, title)
            found = self.run.paper_targets = (self.run.domain_edits, targets)
        return found[1]

    def clear_doc(self, docname: str) -> None:
        self.run.domain_edits += 1
        self.usage.pop(docname, None)
        if self.author_page == docname:
            self.data["author_page"] = ""
        for rows in self.papers.values():
            rows.pop(docname, None)
        for topic_id, (doc, _, _) in list(self.topics.items()):
            if doc == docname:
                del self.topics[topic_id]

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        self.run.domain_edits += 1
        wanted = set(docnames)
        for docname, uses in otherdata["usage"].items():
            if docname in wanted:
                self.usage[docname] = uses
        for paper_id, rows in otherdata["papers"].items():
            for docname, row in rows.items():
                if docname in wanted:
                    self.papers.setdefault(paper_id, {})[docname] = row
        for topic_id, entry in otherdata["topics"].items():
            if entry[0] in wanted:
                self.topics[topic_id] = entry
        if otherdata.get("author_page", "") in wanted:
            self.data["author_page"] = otherdata["author_page"]

    def check_consistency(self) -> None:
        """Every topic of the catalog has a page."""
        for topic_id in catalog_of(self.env).topics:
            if topic_id not in self.topics:
                page = self.env.config.catalog_topic_pages.format(id=topic_id)
                logger.warning("topic '%s' has no page: create docs/%s.md containing a "
                               "catalog-topic directive for it", topic_id, page,
                               type="catalog", subtype="topic")

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                     typ: str, target: str, node: pending_xref, contnode: Element
                     ) -> nodes.reference | None:
        found = self._target(typ, target)
        if found is None:
            return None  # Sphinx warns with ``dangling_warnings`` (refwarn is set)
        docname, anchor, title = found
        if not node.get("refexplicit"):
            text = short_title(title) if typ == "paper" else title
            contnode = nodes.inline(text, text, classes=contnode.get("classes", []))
        return make_refnode(builder, fromdocname, docname, anchor, contnode, title)

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: Element
                         ) -> list[tuple[str, nodes.reference]]:
        results = []
        for typ in ("paper", "topic"):
            found = self._target(typ, target)
            if found:
                docname, anchor, title = found
                ref = make_refnode(builder, fromdocname, docname, anchor, contnode, title)
                results.append((f"catalog:{typ}", ref))
        return results

    def _target(self, typ: str, target: str) -> tuple[str, str, str] | None:
        if typ == "paper":
            return self.paper_target(target)
        if typ == "listing":  # "topic/paper": the paper's row on that topic's page
            topic_id, _, paper_id = target.partition("/")
            rows = self.papers.get(paper_id, {})
            topic = self.topics.get(topic_id)
            if topic is None or topic[0] not in rows:
                return None
            return topic[0], rows[topic[0]][0], topic[2]
        return self.topics.get(target) if typ == "topic" else None

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        """'paper' and 'topic', also in search results ("paper, in Inference")."""
        return str(type.lname)

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        # Topics are found in the search by their page titles; listed here for
        # objects.inv only (priority -1). Papers are search results under their titles
        # (with year and venue), ranked first among objects (priority 0).
        # objects.inv has an entry a line: no name or display name may split it (see
        # inventory_text), whatever the catalog held.
        # The inventory and the search index ask in turn: listed once while the domain
        # and the catalog stay the same.
        try:
            catalog: Catalog | None = catalog_of(self.env)
        except KeyError:  # no catalog loaded (the domain used outside a build)
            catalog = None
        key = (id(catalog), self.run.domain_edits)
        if self.run.objects is None or self.run.objects[0] != key:
            self.run.objects = (key, list(self._objects(catalog)))
        return iter(self.run.objects[1])

    def _objects(self, catalog: Catalog | None
                 ) -> Iterator[tuple[str, str, str, str, str, int]]:
        for topic_id, (docname, anchor, title) in sorted(self.topics.items()):
            if inventory_name(topic_id):
                yield topic_id, inventory_text(title), "topic", docname, anchor, -1
        for paper_id in sorted(self.papers):
            found = self.paper_target(paper_id)
            if found and inventory_name(paper_id):
                docname, anchor, title = found
                yield paper_id, inventory_text(_paper_label(catalog, paper_id, title)), \
                    "paper", docname, anchor, 0


#: How intersphinx reads an entry of objects.inv (Sphinx's own pattern): a name with
#: spaces ends at the first place the rest reads as "domain:type priority uri".
_ENTRY = re.compile(r"(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)")
#: ASCII letters, digits, "_", "." and "-", as the catalog's ids are.
_PLAIN_NAME = re.compile(r"[\w.-]+", re.ASCII)


def inventory_name(name: str) -> bool:
    """Whether ``name`` can name an entry of objects.inv: one line, not blank, and read
    back as itself (not "paper-x std:label -1 //elsewhere ...", which would be an entry)."""
    if _PLAIN_NAME.fullmatch(name):  # an id: no space, so no other way to read it
        return True
    if not name.strip() or not LINE_BREAKS.isdisjoint(name):
        return False
    found = _ENTRY.match(f"{name} std:term -1 page.html#anchor -")
    return found is not None and found[1] == name


def inventory_term(text: str) -> str:
    """A glossary term as it can name an entry of objects.inv: on one line, and with
    each ':' shown as U+2236 when the inventory would read it as another entry."""
    term = inventory_text(text)
    return term if inventory_name(term) else term.replace(":", "\u2236")


def inventory_text(text: str) -> str:
    """``text`` as a display name of objects.inv: each run of whitespace, line breaks
    included (U+2028 too, where intersphinx's reader also ends a line), as one space."""
    return one_line(text)


def _paper_label(catalog: Catalog | None, paper_id: str, title: str) -> str:
    """'Title (2024, ICML)': how the search lists a paper."""
    if catalog is None or (paper := catalog.papers.get(paper_id)) is None:
        return title
    return f"{title} ({paper.year}, {catalog.venues[paper.venue].short})"


def shortcut_role(reftype: str) -> Any:
    """``{paper}`` and ``{topic}`` as shorthands for ``{catalog:paper}`` and ``{catalog:topic}``."""
    role = CatalogXRefRole()

    def run(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
            options: dict[str, Any] | None = None, content: list[str] | None = None) -> Any:
        return role(f"catalog:{reftype}", rawtext, text, lineno, inliner, options or {},
                    content or [])

    return run
