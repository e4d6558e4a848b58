"""Build-time benchmark of the catalog site at 1,000 and 10,000 papers.

For each size, a synthetic catalog is generated into a temporary folder (the real
taxonomy, venues, glossaries and reference; seeded random papers), next to a copy of the
site's pages, and built with ``python -m sphinx -b html -q`` in a fresh process per build:
a clean build, a no-change rebuild and a rebuild after editing one paper's title, each
the fastest of three runs (``--repeat``), the runs of a site and its baselines
alternating. Each size is compared with a baseline of the same papers written as plain
MyST pipe tables (one page per leaf topic, same Sphinx, theme and MyST, without the
project's extensions: neither the catalog's nor the site tuning); while the site is
tuned, the same baseline with the site tuning is built too, for information. Each run
also builds an empty project (one page, the baseline's configuration).

    python benchmarks/bench_build.py                  # 1,000 and 10,000 papers
    python benchmarks/bench_build.py --quick          # 200 papers, a smoke run
    python benchmarks/bench_build.py --sizes 2000 --profile
    python benchmarks/bench_build.py --browser        # also time the table script
    python benchmarks/bench_build.py --browser-only SITE   # time a built site's pages

The real catalog is built too, with its own plain-table baseline (and, for information,
that baseline with the site's prose pages); ``--browser`` times
sorting, filtering and facet clicks on the largest size's all-papers table in headless
Chromium, the load of its heaviest pages (desktop, and with the CPU slowed 4x as on a
mid-range phone), and the weight of the site's largest pages.

Results are printed as a table with the target ratios and written as JSON
(``bench-results/bench.json`` unless ``--output`` says otherwise).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
CATALOG = REPO / "catalog"
DOCS = REPO / "docs"
EXTENSIONS = REPO / "docs" / "_ext"
#: Catalog files copied as they are; only the papers are synthetic.
SHARED_FILES = ("topics.yaml", "venues.yaml", "metrics.yaml", "benchmarks.yaml",
                "tools.yaml", "reference.bib")
FIRST_YEAR = 2015
#: Share of papers listed under a second leaf topic.
CROSS_LISTED = 0.1
DEFAULT_SIZES = (1000, 10000)
QUICK_SIZES = (200,)
#: Generated pages that are not documents of the project.
NOT_DOCUMENTS = {"genindex", "search", "py-modindex"}
MIB = 1024 * 1024
#: Build time may grow this much faster than the paper count and still count as linear:
#: single builds on a shared machine vary by at least that much from run to run.
GROWTH_TOLERANCE = 1.1


@dataclass(frozen=True)
class Target:
    """A target of the benchmark: its key in the JSON, what docs/performance.md calls it,
    and its limit (a ratio of CPU times, MiB, or a count of pages)."""

    key: str
    description: str
    limit: float


#: The targets, defined here only: docs/performance.md's table names them in this order.
TARGETS = (
    Target("full_build_within_1x_baseline",
           "10,000-paper clean build within 1\u00d7 its baseline", 1),
    Target("peak_memory_within_400_mib", "Peak memory within 400 MiB", 400),
    Target("growth_linear_or_better",
           "Build time grows no faster than linearly, 1,000 → 10,000 papers",
           GROWTH_TOLERANCE),
    Target("no_change_within_1_2x_empty",
           "No-change rebuild within 1.2\u00d7 an empty project's build", 1.2),
    Target("one_edit_within_0_25x_baseline",
           "Editing one paper at 10,000 papers within 0.25\u00d7 the baseline's clean build",
           0.25),
    Target("one_edit_writes_only_its_pages",
           "Editing one paper writes only the pages that show it (and their navigation "
           "parents)", 0),
    Target("real_catalog_within_1_5x_baseline",
           "The real catalog's clean build within 1.5\u00d7 its baseline", 1.5),
    Target("browser_within_300_ms",
           "Sorting or filtering the 10,000-paper table in Chromium within 300 ms", 300),
    Target("page_weight_within_3_mb",
           "No page of the 10,000-paper site weighs more than 3 MB uncompressed", 3),
    Target("usable_within_2_s",
           "Each whole-catalog page and the largest topic page usable within 2 s", 2000),
    Target("usable_within_8_s_slowed",
           "The same pages usable within 8 s with the CPU slowed 4\u00d7", 8000),
)
LIMITS = {target.key: target.limit for target in TARGETS}

Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

if str(EXTENSIONS) not in sys.path:  # the catalog library, also when not installed
    sys.path.insert(0, str(EXTENSIONS))
from paper_catalog.load import load_catalog  # noqa: E402
from paper_catalog.model import Organization  # noqa: E402
from paper_catalog.query import REFERENCE  # noqa: E402
from paper_catalog.site_urls import PAGES_DIR, row_anchor  # noqa: E402

WORDS_A = ("Efficient", "Sparse", "Adaptive", "Scalable", "Low-Rank", "Quantized", "Dynamic",
           "Lightweight", "Structured", "Memory-Aware", "Energy-Efficient", "Distributed",
           "Progressive", "Hierarchical", "Robust", "Compact")
WORDS_B = ("Attention", "Transformers", "Language Models", "Fine-Tuning", "Inference",
           "Pre-Training", "Decoding", "Mixture of Experts", "Pruning", "Distillation",
           "Tokenization", "Serving", "Caching", "Optimizers", "Kernels", "Adapters")
WORDS_C = ("Long Contexts", "Edge Devices", "Commodity GPUs", "Large Batches", "Many Tasks",
           "Low Budgets", "Billions of Parameters", "Streaming Inputs", "Mobile Phones",
           "Multilingual Data", "Few Examples", "Heterogeneous Clusters")


# -- the synthetic catalog ------------------------------------------------------------------

GIVEN_NAMES = ("Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John",
               "Katherine", "Leslie", "Margaret", "Niklaus", "Radia", "Shafi", "Tim", "Yoshua",
               "Fei", "Andrew", "Daphne", "Geoffrey", "Hugo", "Jia", "Kai", "Li", "Ming",
               "Noor", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tomas", "Ulla", "Vera",
               "Wei", "Xin", "Yuki", "Zara", "Amir", "Bea", "Chen", "Dmitri", "Elena", "Farah",
               "Goran", "Hana", "Ivan", "Jun", "Kofi", "Lena")
FAMILY_NAMES = ("Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen",
                "McCarthy", "Johnson", "Lamport", "Hamilton", "Wirth", "Perlman", "Goldwasser",
                "Berners-Lee", "Bengio", "Li", "Ng", "Koller", "Zhang", "Wang", "Chen", "Liu",
                "Kim", "Park", "Nguyen", "Singh", "Patel", "Rossi", "Müller", "Schmidt",
                "García", "Martín", "Novak", "Kowalski", "Ivanova", "Sato", "Suzuki", "Okafor",
                "Mensah", "Haddad", "Cohen", "Larsen", "Nilsson", "van der Berg", "de Souza",
                "O'Brien", "Dubois", "Moreau", "Rahman", "Tanaka", "Yilmaz", "Kaya", "Silva",
                "Costa", "Ferreira", "Horvat", "Popescu", "Jensen", "Virtanen")
#: Distinct names in the pool generated papers draw their authors from, and how many a
#: paper has: enough for the by-author page and the author facet to work at scale.
AUTHOR_POOL = 3000
MAX_AUTHORS = 6


def author_pool(rng: random.Random, size: int = AUTHOR_POOL) -> list[str]:
    """``size`` distinct "Given Family" names (some with a middle initial), seeded."""
    names = [f"{given} {family}" for given in GIVEN_NAMES for family in FAMILY_NAMES]
    names += [f"{given} {chr(65 + i)}. {family}" for i in range(26)
              for given, family in zip(GIVEN_NAMES, FAMILY_NAMES, strict=False)]
    return rng.sample(sorted(set(names)), min(size, len(set(names))))


#: The day every generated paper joined the catalog (a fixed day: the same catalog each run).
ADDED = datetime.date(2026, 11, 26)


@dataclass
class SyntheticPaper:
    """One generated paper, as written to ``papers/<id>.yaml``."""

    id: str
    title: str
    year: int
    venue: str
    url: str
    topics: list[tuple[str, str]]
    #: "Given Family" names, in the paper's order.
    authors: list[str] = field(default_factory=lambda: ["Ada Lovelace"])

    def as_yaml(self) -> str:
        # a group author as a paper file writes it
        authors = [{"organization": str(a)} if isinstance(a, Organization) else a
                   for a in self.authors]
        data = {"title": self.title, "authors": authors, "year": self.year,
                "added": ADDED, "venue": self.venue, "url": self.url,
                "topics": dict(self.topics)}
        if not self.authors:  # a real paper without recorded authors stays without
            del data["authors"]
        return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=1000)


@dataclass
class Taxonomy:
    """What the generator needs from the real catalog."""

    leaves: dict[str, str]  # leaf topic id -> title, in taxonomy order
    venues: dict[str, str]  # venue id -> short name
    keywords: dict[str, list[str]]  # leaf topic id -> keywords the real papers use
    #: Real papers that the copied files reference as {paper}`id`, kept so links resolve.
    referenced: list[SyntheticPaper]


def read_taxonomy(source: Path = CATALOG) -> Taxonomy:
    """Leaf topics, venues, per-topic keywords and referenced papers of ``source``, as the
    catalog library loads them."""
    catalog = load_catalog(source)
    leaves = {tid: topic.title for tid, topic in catalog.topics.items() if topic.is_leaf}
    venues = {vid: venue.short for vid, venue in catalog.venues.items()}
    keywords: dict[str, set[str]] = {leaf: set() for leaf in leaves}
    real: dict[str, SyntheticPaper] = {}
    for paper in sorted(catalog.papers.values(), key=lambda p: p.id):
        real[paper.id] = SyntheticPaper(paper.id, paper.title, paper.year, paper.venue,
                                        paper.url, list(paper.topics), list(paper.authors))
        for tid, keyword in paper.topics:
            keywords[tid].add(keyword)
    text = "\n".join((source / name).read_text(encoding="utf-8") for name in SHARED_FILES)
    referenced = sorted({m[2] for m in REFERENCE.finditer(text) if m[1] == "paper"} & set(real))
    return Taxonomy(leaves, venues, {t: sorted(k) or [leaves[t]] for t, k in keywords.items()},
                    [real[pid] for pid in referenced])


def real_papers(source: Path = CATALOG) -> list[SyntheticPaper]:
    """Every paper of the real catalog, for its plain-table baseline."""
    catalog = load_catalog(source)
    return [SyntheticPaper(p.id, p.title, p.year, p.venue, p.url, list(p.topics),
                           list(p.authors))
            for p in sorted(catalog.papers.values(), key=lambda p: p.id)]


def synthetic_papers(n: int, taxonomy: Taxonomy, seed: int = 0) -> list[SyntheticPaper]:
    """``n`` papers: the referenced real ones, then generated ones with unique ids, titles
    and URLs, spread over every leaf topic.

    The first generated papers go round-robin over the leaves so that each has one; the
    rest pick a leaf at random; about one in ten is listed under a second leaf.
    """
    leaves = list(taxonomy.leaves)
    real = taxonomy.referenced
    if n < len(real) + len(leaves):
        raise ValueError(f"need at least {len(real) + len(leaves)} papers: "
                         f"{len(real)} referenced ones and one per leaf topic")
    rng = random.Random(seed)
    pool = author_pool(random.Random(seed + 1))
    venues = sorted(taxonomy.venues)
    last_year = datetime.date.today().year
    papers = list(real)
    for i in range(n - len(real)):
        primary = leaves[i] if i < len(leaves) else rng.choice(leaves)
        topics = [primary]
        if rng.random() < CROSS_LISTED:
            topics.append(rng.choice([t for t in leaves if t != primary]))
        pid = f"paper-{i + 1:05d}"
        title = (f"{rng.choice(WORDS_A)} {rng.choice(WORDS_B)} for {rng.choice(WORDS_C)}: "
                 f"Study {i + 1}")
        papers.append(SyntheticPaper(
            id=pid, title=title, year=rng.randint(FIRST_YEAR, last_year),
            venue=rng.choice(venues), url=f"https://example.org/papers/{pid}",
            topics=[(t, rng.choice(taxonomy.keywords[t])) for t in topics],
            authors=rng.sample(pool, rng.randint(1, MAX_AUTHORS))))
    return papers


def generate_catalog(dest: Path, n: int, seed: int = 0,
                     source: Path = CATALOG) -> list[SyntheticPaper]:
    """Write a catalog of ``n`` papers into ``dest`` (created); return them."""
    taxonomy = read_taxonomy(source)
    papers = synthetic_papers(n, taxonomy, seed)
    (dest / "papers").mkdir(parents=True)
    for name in SHARED_FILES:
        shutil.copyfile(source / name, dest / name)
    real = {p.id for p in taxonomy.referenced}
    for paper in papers:
        target = dest / "papers" / f"{paper.id}.yaml"
        if paper.id in real:
            shutil.copyfile(source / "papers" / f"{paper.id}.yaml", target)
        else:
            target.write_text(paper.as_yaml(), encoding="utf-8")
    return papers


def edited_paper(papers: list[SyntheticPaper], prefix: str = "paper-") -> SyntheticPaper:
    """The paper the one-edit rebuild changes: an old, cross-listed one (so not among the
    newest papers on the home page, but on two topic pages) of those generated (whose id
    starts with ``prefix``)."""
    cross_listed = [p for p in papers if len(p.topics) > 1 and p.id.startswith(prefix)]
    return min(cross_listed or papers, key=lambda p: (p.year, p.id))


#: The id prefix and title suffix of a copied paper (see :func:`copied_papers`).
COPY_PREFIX = "copy-"


def copied_papers(n: int, source: Path = CATALOG) -> list[SyntheticPaper]:
    """``n`` papers: every real paper, then copies of them in turn, copy ``k`` of a paper
    with the id ``copy-<k>-<id>``, the title suffixed `` (Copy <k>)`` and its own URL.

    The titles are as alike as real ones (a different number makes another work, so the
    copies are not near duplicates of each other), the keywords are the real ones.
    """
    real = real_papers(source)
    papers = list(real)
    for i in range(n - len(real)):
        k, paper = i // len(real) + 1, real[i % len(real)]
        pid = f"{COPY_PREFIX}{k}-{paper.id}"
        papers.append(SyntheticPaper(pid, f"{paper.title} (Copy {k})", paper.year,
                                     paper.venue, f"https://example.org/copies/{pid}",
                                     list(paper.topics), list(paper.authors)))
    return papers[:n]


def generate_copies(dest: Path, n: int, source: Path = CATALOG) -> list[SyntheticPaper]:
    """Write a catalog of ``n`` copied papers (see :func:`copied_papers`) into ``dest``;
    the real papers' files are copied as they are. Return the papers."""
    papers = copied_papers(n, source)
    (dest / "papers").mkdir(parents=True)
    for name in SHARED_FILES:
        shutil.copyfile(source / name, dest / name)
    for paper in papers:
        target = dest / "papers" / f"{paper.id}.yaml"
        if paper.id.startswith(COPY_PREFIX):
            target.write_text(paper.as_yaml(), encoding="utf-8")
        else:
            shutil.copyfile(source / "papers" / f"{paper.id}.yaml", target)
    return papers


# -- the sites ------------------------------------------------------------------------------

RECORDER = '''\
"""Writes the documents each build reads to $BENCH_READ_LOG (JSON list), and the
documents it writes and has to the same path with the suffixes '.written' and '.docs'.
The pages written from the catalog are found by the benchmark once the build is over, so
that looking for them is not counted as the build's work."""
import json
import os

_WRITTEN = []


def _dump(suffix, docnames):
    path = os.environ.get("BENCH_READ_LOG")
    if path:
        with open(path + suffix, "w", encoding="utf-8") as f:
            json.dump(sorted(docnames), f)


def _record(app, env, docnames):
    _dump("", docnames)


def _written(app, doctree, docname):
    _WRITTEN.append(docname)


def _finished(app, exception):
    _dump(".written", _WRITTEN)
    _dump(".docs", app.env.all_docs)


def setup(app):
    app.connect("env-before-read-docs", _record, priority=900)
    app.connect("doctree-resolved", _written)
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''


def pages_written_since(out: Path, start_ns: int, documents: set[str]) -> list[str]:
    """The pages of ``out`` written from the catalog, not as documents, since
    ``start_ns``: the papers' and the parts of split tables (documents' pages and
    Sphinx's own are recorded or left out as such)."""
    written = []
    for folder, prefix in ((out, ""), (out / "papers", "papers/")):
        if not folder.is_dir():
            continue
        for entry in os.scandir(folder):
            name = prefix + entry.name[:-len(".html")]
            if (entry.name.endswith(".html") and name not in documents
                    and name not in NOT_DOCUMENTS and entry.stat().st_mtime_ns >= start_ns):
                written.append(name)
    return written


def write_recorder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench_recorder.py").write_text(RECORDER, encoding="utf-8")


#: The conf.py of a benchmark site: the project's own ``docs/conf.py``, run as it is, with
#: the changes the benchmark needs applied to the settings it defines.
BENCH_CONF = '''\
"""The project's conf.py ({conf}), read as it is, then adjusted for the benchmark."""
import os
import runpy
import sys

globals().update((name, value) for name, value in runpy.run_path({conf!r}).items()
                 if not name.startswith("__"))
{adjust}
# --no-tuning: the site without its opt-in tuning extension (docs/_ext/site_tuning)
if os.environ.get("BENCH_NO_TUNING"):
    extensions = [name for name in extensions if name != "site_tuning"]
# record the documents each build reads
sys.path.insert(0, {tools!r})
extensions = [*extensions, "bench_recorder"]
'''
#: A baseline: the same settings without the catalog extension and its settings.
WITHOUT_CATALOG = """\
extensions = [name for name in extensions if name != "paper_catalog"]
for _name in [name for name in globals() if name.startswith("catalog_")]:
    del globals()[_name]
"""
#: ... and without the project's opt-in patches of Sphinx (a plain site has none).
WITHOUT_TUNING = """\
extensions = [name for name in extensions if name != "site_tuning"]
"""


def site_conf(catalog: Path | None, tools: Path, tuned: bool = False) -> str:
    """The real ``docs/conf.py`` reading ``catalog``; or, when ``catalog`` is None, a
    baseline's: without the catalog extension (and its settings) and, unless ``tuned``,
    without the site tuning extension, as a plain Sphinx site."""
    adjust = (f"catalog_path = {str(catalog)!r}\n" if catalog is not None
              else WITHOUT_CATALOG + ("" if tuned else WITHOUT_TUNING))
    return BENCH_CONF.format(conf=str(DOCS / "conf.py"), adjust=adjust, tools=str(tools))


def write_catalog_site(dest: Path, catalog: Path, tools: Path) -> None:
    """A copy of the site's pages whose conf.py reads ``catalog``; the repository's
    top-level Markdown files (which pages include) go next to it, as in the repository."""
    shutil.copytree(DOCS, dest, ignore=shutil.ignore_patterns("_build", "_ext", "__pycache__"))
    (dest / "conf.py").write_text(site_conf(catalog, tools), encoding="utf-8")
    for path in REPO.glob("*.md"):
        shutil.copyfile(path, dest.parent / path.name)


def copy_static(dest: Path) -> None:
    """The site's static files (its stylesheet), which the shared conf.py names."""
    if (DOCS / "_static").is_dir():
        shutil.copytree(DOCS / "_static", dest / "_static")


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def table_rows(papers: list[SyntheticPaper], leaf: str, taxonomy: Taxonomy) -> list[str]:
    """The pipe-table rows of one topic page, newest first: the authors as plain text, as
    the site's rows name them."""
    shown = sorted((p for p in papers if leaf in dict(p.topics)),
                   key=lambda p: (-p.year, p.title.casefold()))
    return [f"| {p.year} | {_cell(dict(p.topics)[leaf])} | [{_cell(p.title)}]({p.url}) | "
            f"{_cell(', '.join(p.authors))} | {_cell(taxonomy.venues[p.venue])} |"
            for p in shown]


def write_tables_site(dest: Path, papers: list[SyntheticPaper], taxonomy: Taxonomy,
                      tools: Path, prose: Sequence[str] = (), tuned: bool = False) -> None:
    """The baseline: the same papers as plain MyST pipe tables, one page per leaf topic;
    with ``prose``, also these pages of the site, as they are (see :func:`prose_pages`);
    ``tuned``: with the site tuning extension (see :func:`site_conf`)."""
    (dest / "topics").mkdir(parents=True)
    conf = site_conf(None, tools, tuned)
    if prose:  # their links to pages of the catalog go nowhere here
        conf += 'suppress_warnings = [*suppress_warnings, "myst.xref_missing"]\n'
    (dest / "conf.py").write_text(conf, encoding="utf-8")
    copy_static(dest)
    for name in prose:
        shutil.copyfile(DOCS / f"{name}.md", dest / f"{name}.md")
    entries = "\n".join([*prose, *(f"topics/{leaf}" for leaf in taxonomy.leaves)])
    (dest / "index.md").write_text(
        f"# Papers\n\nThe catalog as plain tables.\n\n```{{toctree}}\n{entries}\n```\n",
        encoding="utf-8")
    for leaf, title in taxonomy.leaves.items():
        rows = table_rows(papers, leaf, taxonomy)
        page = (f"# {title}\n\n{len(rows)} papers, newest first.\n\n"
                "| Year | Keyword | Title | Authors | Venue |\n|---|---|---|---|---|\n"
                + "\n".join(rows))
        (dest / "topics" / f"{leaf}.md").write_text(page + "\n", encoding="utf-8")


#: What only the catalog extension reads: a directive or role of the catalog.
CATALOG_MARKUP = re.compile(r"\{(?:catalog-[\w-]+|paper|topic|term)\}")


def prose_pages(docs: Path = DOCS) -> list[str]:
    """The site's pages that use no catalog markup (about the project, not the papers),
    which a plain Markdown site of the same catalog would have as they are."""
    return sorted(path.stem for path in docs.glob("*.md")
                  if not CATALOG_MARKUP.search(path.read_text(encoding="utf-8")))


def write_empty_site(dest: Path, tools: Path) -> None:
    """One page, the same conf as the baseline."""
    dest.mkdir(parents=True)
    (dest / "conf.py").write_text(site_conf(None, tools), encoding="utf-8")
    copy_static(dest)
    (dest / "index.md").write_text("# Empty\n\nAn empty project.\n", encoding="utf-8")


# -- measuring ------------------------------------------------------------------------------

@dataclass
class Build:
    """One sphinx-build process."""

    wall_s: float
    cpu_s: float
    peak_mib: float
    read: list[str]
    warnings: list[str]  # the build's warning and error lines
    written: list[str] = field(default_factory=list)


def run_sphinx(src: Path, out: Path, log: Path, prefix: list[str] | None = None) -> Build:
    """Build ``src`` into ``out`` in a fresh Python process; time and measure it."""
    env = dict(os.environ, BENCH_READ_LOG=str(log))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(EXTENSIONS),
                                                      env.get("PYTHONPATH", "")]))
    written_log, docs_log = Path(f"{log}.written"), Path(f"{log}.docs")
    for stale in (log, written_log, docs_log):
        stale.unlink(missing_ok=True)
    cmd = [sys.executable, *(prefix or ["-m"]), "sphinx", "-b", "html", "-q", str(src),
           str(out)]
    errors = log.with_suffix(".stderr")
    with errors.open("w") as stderr:
        start_ns = time.time_ns()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = errors.read_text(encoding="utf-8", errors="replace")
    if proc.returncode:
        raise RuntimeError(f"sphinx-build failed on {src} ({proc.returncode}):\n{text[-4000:]}")
    read = json.loads(log.read_text(encoding="utf-8")) if log.exists() else []
    written = (json.loads(written_log.read_text(encoding="utf-8"))
               if written_log.exists() else [])
    if docs_log.exists():
        documents = set(json.loads(docs_log.read_text(encoding="utf-8")))
        written += pages_written_since(out, start_ns, documents)
    warnings = [line for line in text.splitlines()
                if re.search(r"\b(WARNING|ERROR|CRITICAL|SEVERE)\b", line)]
    for line in warnings[:5]:
        print(f"\n    {line}", end="")
    return Build(round(wall, 3), round(usage.ru_utime + usage.ru_stime, 3),
                 round(usage.ru_maxrss * 1024 / MIB, 1), read, warnings,
                 sorted(set(written) - NOT_DOCUMENTS))


def pages_showing(out: Path, *needles: str) -> list[str]:
    """Docnames whose HTML page contains one of ``needles``."""
    found = []
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out)
        if rel.parts[0].startswith("_"):
            continue
        docname = rel.with_suffix("").as_posix()
        if docname in NOT_DOCUMENTS:
            continue
        text = path.read_text(encoding="utf-8")
        if any(needle in text for needle in needles):
            found.append(docname)
    return found


def count_rows(out: Path) -> int:
    """Table rows (``<tr``) in the documents' HTML pages: how much the site renders."""
    return sum(path.read_text(encoding="utf-8").count("<tr")
               for path in out.rglob("*.html") if not path.relative_to(out).parts[0]
               .startswith("_") and path.stem not in NOT_DOCUMENTS)


@dataclass
class Variant:
    """The three builds of one site, as one table row."""

    size: int
    variant: str
    documents: int = 0
    table_rows: int = 0
    doctrees_mib: float = 0.0
    environment_mib: float = 0.0
    full: Build | None = None
    no_change: Build | None = None
    one_edit: Build | None = None
    shown: list[str] = field(default_factory=list)
    #: Pages whose table of contents lists a page in ``shown``: Sphinx writes them again
    #: whenever it writes such a page, as their navigation may have changed.
    navigation: list[str] = field(default_factory=list)

    @property
    def peak_mib(self) -> float:
        return max(b.peak_mib for b in (self.full, self.no_change, self.one_edit) if b)

    def row(self) -> dict[str, Any]:
        data = asdict(self)
        data["peak_mib"] = self.peak_mib
        return data


def navigation_parents(out: Path, docnames: list[str]) -> list[str]:
    """The pages whose table of contents lists one of ``docnames`` (from the build's
    pickled environment)."""
    import pickle

    with (out / ".doctrees" / "environment.pickle").open("rb") as stream:
        env = pickle.load(stream)
    return sorted({parent for name in docnames for parent in env.files_to_rebuild.get(name, ())}
                  - set(docnames))


@dataclass
class Job:
    """One site to measure: its row, its source folder and (for the one-edit rebuild) how
    to edit it. ``edit(True)`` makes the edit, ``edit(False)`` undoes it; ``needles``: what
    a page that shows the edited paper holds (one of them) before the edit, ``new_needle``
    after it."""

    variant: Variant
    src: Path
    edit: Callable[[bool], None] | None = None
    needles: tuple[str, ...] = ()
    new_needle: str = ""


def measure(jobs: list[Job], work: Path, repeat: int = 1) -> list[Variant]:
    """Clean build, no-change rebuild and (for a job with an edit) one-edit rebuild of each
    job's site, each the fastest of ``repeat`` runs: the one least disturbed by other
    load. The runs of the sites alternate (one of each, then again), so that a slow spell
    of the machine weighs on all of them alike: the targets are ratios between them. Each
    one-edit rebuild starts from a copy of the site before the edit."""
    log = work / "read.json"
    outs = [work / f"out-{job.variant.variant}-{job.variant.size}" for job in jobs]
    unedited = [out.with_name(f"{out.name}-unedited") for out in outs]

    def fastest(what: str, indexes: list[int], run: Callable[[int], Build]) -> list[Build]:
        """The fastest build of each job of ``indexes``, their runs alternating."""
        print(f"{what} ...", end=" ", flush=True)
        best: dict[int, Build] = {}
        for _ in range(max(repeat, 1)):
            for index in indexes:
                build = run(index)
                if index not in best or build.wall_s < best[index].wall_s:
                    best[index] = build
        print(", ".join(f"{best[index].wall_s:.1f}s" for index in indexes), end="",
              flush=True)
        return [best[index] for index in indexes]

    def clean(index: int) -> Build:
        shutil.rmtree(outs[index], ignore_errors=True)
        return run_sphinx(jobs[index].src, outs[index], log)

    def one_edit(index: int) -> Build:
        edit = jobs[index].edit
        assert edit is not None
        shutil.rmtree(outs[index])
        shutil.copytree(unedited[index], outs[index])
        edit(True)
        try:
            return run_sphinx(jobs[index].src, outs[index], log)
        finally:
            edit(False)

    print(f"  {', '.join(job.variant.variant for job in jobs)}"
          + (f" ({jobs[0].variant.size} papers)" if jobs[0].variant.size else "") + ":",
          end=" ", flush=True)
    every = list(range(len(jobs)))
    for job, out, build in zip(jobs, outs, fastest("clean build", every, clean),
                               strict=True):
        variant = job.variant
        variant.full = build
        variant.documents = len(build.read)
        variant.table_rows = count_rows(out)
        variant.doctrees_mib = round(sum(
            p.stat().st_size for p in (out / ".doctrees").rglob("*.doctree")) / MIB, 1)
        variant.environment_mib = round(
            (out / ".doctrees" / "environment.pickle").stat().st_size / MIB, 1)
    for job, build in zip(jobs, fastest("; no-change rebuild", every,
                                        lambda i: run_sphinx(jobs[i].src, outs[i], log)),
                          strict=True):
        job.variant.no_change = build
    edited = [index for index, job in enumerate(jobs) if job.edit is not None]
    if edited:
        for index in edited:
            jobs[index].variant.shown = pages_showing(outs[index], *jobs[index].needles)
            shutil.copytree(outs[index], unedited[index])
        builds = fastest("; one-edit rebuild", edited, one_edit)
        for index, build in zip(edited, builds, strict=True):
            variant = jobs[index].variant
            variant.one_edit = build
            print(f"; {variant.variant}: {len(build.read)} re-read, {len(build.written)} "
                  "written", end="", flush=True)
            # the site of the last one-edit rebuild
            updated = pages_showing(outs[index], jobs[index].new_needle)
            if updated != variant.shown:
                print(f"\n  STALE: pages showing the edited title {updated} != "
                      f"{variant.shown}")
            variant.navigation = navigation_parents(outs[index], variant.shown)
    print(flush=True)
    return [job.variant for job in jobs]


def retitle(path: Path, old: str, new: str) -> None:
    """Replace a paper's title in a file (its YAML, or a table page)."""
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise RuntimeError(f"title '{old}' not found in {path}")
    path.write_text(text.replace(old, new), encoding="utf-8")


def bench_size(n: int, work: Path, seed: int, tools: Path,
               repeat: int, copies: bool = False) -> list[Variant]:
    """The catalog site and its tables baseline for ``n`` papers: generated ones, or with
    ``copies`` the real ones and copies of them (variants 'copies' and 'copies-tables').
    Generated ones, while the site is tuned, also have the baseline with the same tuning
    ('tables-tuned'), for information."""
    root = work / (f"copies{n}" if copies else f"n{n}")
    taxonomy = read_taxonomy()
    papers = (generate_copies(root / "catalog", n) if copies
              else generate_catalog(root / "catalog", n, seed))
    write_catalog_site(root / "docs", root / "catalog", tools)
    baselines = {"copies-tables" if copies else "tables": False}
    if not copies and not os.environ.get("BENCH_NO_TUNING"):
        baselines["tables-tuned"] = True
    for name, tuned in baselines.items():
        write_tables_site(root / name, papers, taxonomy, tools, tuned=tuned)
    paper = edited_paper(papers, COPY_PREFIX if copies else "paper-")
    new_title = paper.title + " (revised)"
    print(f"{n} papers; the one-edit rebuild retitles {paper.id} "
          f"({', '.join(t for t, _ in paper.topics)})")

    def titles(edited: bool) -> tuple[str, str]:
        return (paper.title, new_title) if edited else (new_title, paper.title)

    def edit_catalog(edited: bool) -> None:
        retitle(root / "catalog" / "papers" / f"{paper.id}.yaml", *titles(edited))

    def edit_tables(folder: Path) -> Callable[[bool], None]:
        def edit(edited: bool) -> None:
            for tid, _ in paper.topics:
                retitle(folder / "topics" / f"{tid}.md", *titles(edited))
        return edit

    # a page shows the paper by its URL, or by a link to its page or its row (the
    # by-author list)
    shows = (paper.url, f'{PAGES_DIR}/{paper.id}.html"', f'#{row_anchor(paper.id)}"')
    return measure(
        [Job(Variant(n, "copies" if copies else "catalog"), root / "docs", edit_catalog,
             shows, new_title),
         *(Job(Variant(n, name), root / name, edit_tables(root / name), shows, new_title)
           for name in baselines)], root, repeat)


def bench_real(work: Path, tools: Path, repeat: int) -> tuple[Variant, ...]:
    """The site of the real catalog, its tables baseline, and that baseline with the
    site's prose pages (for information: the target is judged on the tables baseline)."""
    root = work / "real"
    shutil.copytree(CATALOG, root / "catalog")
    papers = real_papers()
    taxonomy = read_taxonomy()
    write_catalog_site(root / "docs", root / "catalog", tools)
    write_tables_site(root / "tables", papers, taxonomy, tools)
    write_tables_site(root / "tables-prose", papers, taxonomy, tools, prose_pages())
    print(f"the real catalog: {len(papers)} papers")
    catalog, tables, prose = measure(
        [Job(Variant(len(papers), "real"), root / "docs"),
         Job(Variant(len(papers), "real-tables"), root / "tables"),
         Job(Variant(len(papers), "real-tables-prose"), root / "tables-prose")],
        root, repeat)
    return catalog, tables, prose


# -- crafted input -------------------------------------------------------------------------
# The inputs of the security review (2026-12, defects F9-F12) that once made the checks
# across papers and the README import quadratic, and a catalog of copied papers whose
# titles are as alike as real ones: validate (and import-readme) must stay near-linear.

@dataclass(frozen=True)
class CraftedSizes:
    """How large each crafted input is."""

    keys: int = 40_000  # keys of one mapping in one paper file (F9)
    #: keys of a mapping with fewer nodes than the reader's limit (2 per key), all built
    keys_under_limit: int = 24_000
    titles: int = 120  # near-anagram titles of 463 characters (F10)
    keywords: int = 40  # 500-letter keywords of one topic (F11)
    comments: int = 50_000  # unclosed "<!--" in the README (F12)
    brackets: int = 20_000  # "[" in one benchmark cell of the README (F12)
    copies: int = 10_000  # papers of the catalog of copies


CRAFTED = CraftedSizes()
QUICK_CRAFTED = CraftedSizes(keys=2000, keys_under_limit=1000, titles=20, keywords=10,
                             comments=2000, brackets=1000, copies=400)

#: The targets on crafted input, judged like :data:`TARGETS` (on CPU time).
CRAFTED_TARGETS = (
    Target("crafted_input_within_1_s",
           "Each crafted input of the security review slows validate (or import-readme) "
           "by at most 1 s", 1),
    Target("copies_validate_within_3_s",
           "Validating 10,000 papers copied from the real ones within 3 s", 3),
    Target("copies_one_edit_within_0_25x_baseline",
           "Editing one of the 10,000 copied papers within 0.25\u00d7 the baseline's clean "
           "build", 0.25),
)
CRAFTED_LIMITS = {target.key: target.limit for target in CRAFTED_TARGETS}


def crafted_paper(pid: str, title: str, topic: str, keyword: str, venue: str,
                  extra: str = "") -> tuple[str, str]:
    """(file name, YAML text) of a crafted paper, valid but for what ``extra`` adds."""
    data = {"title": title, "authors": ["Ada Lovelace"], "year": 2024, "added": ADDED,
            "venue": venue, "url": f"https://example.org/crafted/{pid}",
            "topics": {topic: keyword}}
    text = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=1000)
    return f"{pid}.yaml", text + extra


def near_anagram_titles(n: int, seed: int = 1) -> list[str]:
    """Titles of the same 400 letters in another order, in 8-letter words, between the
    same six-letter ends: every pair shares a block, length and letter counts (F10)."""
    rng = random.Random(seed)
    letters = [chr(ord("a") + i % 26) for i in range(400)]
    titles = []
    for _ in range(n):
        rng.shuffle(letters)
        text = "".join(letters)
        titles.append("Abcdef " + " ".join(text[i:i + 8] for i in range(0, 400, 8))
                      + " uvwxyz")
    return titles


def crafted_files(sizes: CraftedSizes, taxonomy: Taxonomy, seed: int = 0
                  ) -> dict[str, dict[str, str]]:
    """The paper files added to the real catalog for each crafted input: name -> text."""
    rng = random.Random(seed)
    venue = sorted(taxonomy.venues)[0]
    leaf = "quantization" if "quantization" in taxonomy.leaves else next(iter(taxonomy.leaves))
    keyword = taxonomy.keywords[leaf][0]
    def mapping(n: int) -> str:
        return "note:\n" + "".join(f"  k{i}: 1\n" for i in range(n))

    long_words = ["q" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(499))
                  for _ in range(sizes.keywords)]
    return {
        f"mapping of {sizes.keys:,} keys (F9)": dict(
            [crafted_paper("crafted-keys", "Crafted Keys", leaf, keyword, venue,
                           mapping(sizes.keys))]),
        f"mapping of {sizes.keys_under_limit:,} keys (F9, under the node limit)": dict(
            [crafted_paper("crafted-keys", "Crafted Keys", leaf, keyword, venue,
                           mapping(sizes.keys_under_limit))]),
        f"{sizes.titles} near-anagram titles (F10)": dict(
            crafted_paper(f"crafted-title-{i}", title, leaf, keyword, venue)
            for i, title in enumerate(near_anagram_titles(sizes.titles, seed + 1))),
        f"{sizes.keywords} keywords of 500 letters (F11)": dict(
            crafted_paper(f"crafted-keyword-{i}", f"Crafted Keyword Paper {i}", leaf, word,
                          venue) for i, word in enumerate(long_words)),
    }


def crafted_readmes(readme: str, sizes: CraftedSizes) -> dict[str, str]:
    """The exported README of the real catalog with each crafted addition (F12)."""
    bench_row = (f"| Bracket Bench {'[' * sizes.brackets} | a benchmark | "
                 "[A Paper](https://example.org/bb) |")
    lines = readme.splitlines()
    header = next((i for i, line in enumerate(lines)
                   if line.replace(" ", "").casefold().startswith("|benchmark|")), None)
    with_row = ([*lines[:header + 2], bench_row, *lines[header + 2:]]
                if header is not None else [*lines, "", "## Benchmarks", "",
                                            "| Benchmark | Description | Paper |",
                                            "| --- | --- | --- |", bench_row])
    return {f"README with {sizes.comments:,} unclosed '<!--' (F12)":
            readme + "<!--" * sizes.comments + "\n",
            f"README benchmark cell with {sizes.brackets:,} '[' (F12)":
            "\n".join(with_row) + "\n"}


@dataclass
class Command:
    """One run of the ``paper-catalog`` command."""

    wall_s: float
    cpu_s: float
    status: int
    output: str  # its last lines


def run_cli(*args: str, cwd: Path) -> Command:
    """Run ``python -m paper_catalog ARGS`` in a fresh process; time it."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(EXTENSIONS),
                                                      env.get("PYTHONPATH", "")]))
    log = cwd / "command.log"
    with log.open("w") as output:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "paper_catalog", *args], cwd=cwd,
                                stdout=output, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    text = log.read_text(encoding="utf-8", errors="replace")
    return Command(round(wall, 3), round(usage.ru_utime + usage.ru_stime, 3),
                   os.waitstatus_to_exitcode(status), "\n".join(text.splitlines()[-3:]))


def best_run(times: int, run: Callable[[], Command]) -> Command:
    """The fastest of ``times`` runs."""
    return min((run() for _ in range(max(times, 1))), key=lambda c: c.cpu_s)


def bench_crafted(work: Path, sizes: CraftedSizes, repeat: int, seed: int = 0
                  ) -> dict[str, Any]:
    """Validate the real catalog with each crafted file added, and import-readme each
    crafted README into it; each against the same command on the real catalog."""
    root = work / "crafted"
    root.mkdir(parents=True)
    taxonomy = read_taxonomy()

    def catalog_copy(name: str) -> Path:
        dest = root / name / "catalog"
        shutil.copytree(CATALOG, dest)
        return dest

    def validate(catalog: Path) -> Command:
        return best_run(repeat, lambda: run_cli("--catalog", str(catalog), "validate",
                                                cwd=catalog.parent))

    def import_readme(name: str, readme: Path) -> Command:
        def run() -> Command:
            shutil.rmtree(root / name, ignore_errors=True)
            return run_cli("--catalog", str(catalog_copy(name)), "import-readme", str(readme),
                           cwd=root)
        return best_run(repeat, run)

    print("crafted input: validate and import-readme, each the fastest of "
          f"{max(repeat, 1)} runs")
    baseline = validate(catalog_copy("real"))
    exported = root / "README.md"
    export = run_cli("--catalog", str(root / "real" / "catalog"), "export-readme", "-o",
                     str(exported), cwd=root)
    if export.status:
        raise RuntimeError(f"export-readme failed: {export.output}")
    import_baseline = import_readme("import-real", exported)
    inputs: dict[str, dict[str, Any]] = {}

    def record(name: str, command: Command, base: Command, what: str) -> None:
        inputs[name] = {"command": what, **asdict(command),
                        "over_baseline_cpu_s": round(command.cpu_s - base.cpu_s, 3)}
        print(f"  {name}: {what} {command.cpu_s:.2f}s CPU ({command.wall_s:.2f}s wall), "
              f"{command.cpu_s - base.cpu_s:+.2f}s over the real catalog; exit "
              f"{command.status}: {command.output.splitlines()[-1] if command.output else ''}")

    for index, (name, files) in enumerate(crafted_files(sizes, taxonomy, seed).items()):
        catalog = catalog_copy(f"input{index}")
        for file_name, text in files.items():
            (catalog / "papers" / file_name).write_text(text, encoding="utf-8")
        record(name, validate(catalog), baseline, "validate")
    readme_text = exported.read_text(encoding="utf-8")
    for index, (name, text) in enumerate(crafted_readmes(readme_text, sizes).items()):
        readme = root / f"README-{index}.md"
        readme.write_text(text, encoding="utf-8")
        record(name, import_readme(f"import{index}", readme), import_baseline,
               "import-readme")
    copies = root / "copies" / "catalog"
    generate_copies(copies, sizes.copies)
    copies_run = validate(copies)
    print(f"  {sizes.copies:,} copied papers: validate {copies_run.cpu_s:.2f}s CPU "
          f"({copies_run.wall_s:.2f}s wall); exit {copies_run.status}")
    return {"sizes": asdict(sizes),
            "validate_real": asdict(baseline), "import_readme_real": asdict(import_baseline),
            "inputs": inputs, "copies": {"papers": sizes.copies, "validate": asdict(copies_run)}}


def crafted_targets(crafted: dict[str, Any], copies: tuple[Variant, Variant] | None
                    ) -> dict[str, bool]:
    """Judge :data:`CRAFTED_TARGETS`; the one-edit target only when the copies' sites
    were built (``copies``: the catalog site and its tables baseline)."""
    met = {
        "crafted_input_within_1_s": all(
            i["over_baseline_cpu_s"] <= CRAFTED_LIMITS["crafted_input_within_1_s"]
            for i in crafted["inputs"].values()),
        "copies_validate_within_3_s": crafted["copies"]["validate"]["cpu_s"]
        <= CRAFTED_LIMITS["copies_validate_within_3_s"]
        and crafted["copies"]["validate"]["status"] == 0,
    }
    if copies is not None:
        site, tables = copies
        assert site.one_edit and tables.full
        ratio = _ratio(site.one_edit, tables.full)
        crafted["copies"]["one_edit_vs_baseline_full"] = ratio
        met["copies_one_edit_within_0_25x_baseline"] = (
            ratio["cpu"] <= CRAFTED_LIMITS["copies_one_edit_within_0_25x_baseline"])
    crafted["targets"] = met
    return met


def print_crafted(crafted: dict[str, Any]) -> None:
    print("\ncrafted input (CPU s; over the same command on the real catalog):")
    base = crafted["validate_real"]
    print(f"  {'validate, the real catalog':<58} {base['cpu_s']:>6.2f}")
    print(f"  {'import-readme, its exported README':<58} "
          f"{crafted['import_readme_real']['cpu_s']:>6.2f}")
    for name, run in crafted["inputs"].items():
        print(f"  {run['command'] + ', ' + name:<58} {run['cpu_s']:>6.2f}  "
              f"{run['over_baseline_cpu_s']:+.2f}")
    copies = crafted["copies"]
    print(f"  {'validate, ' + format(copies['papers'], ',') + ' copied papers':<58} "
          f"{copies['validate']['cpu_s']:>6.2f}")
    if "one_edit_vs_baseline_full" in copies:
        ratio = copies["one_edit_vs_baseline_full"]
        print(f"  one-edit rebuild of the copies: {ratio['cpu']}x (wall {ratio['wall']}x) "
              "the tables baseline's clean build")
    for target in CRAFTED_TARGETS:
        if target.key in crafted["targets"]:
            print(f"  {'met    ' if crafted['targets'][target.key] else 'MISSED '} "
                  f"{target.description}")


#: What the browser timing does on the all-papers page: click each column's sort button
#: (twice: ascending, then descending), then type a word into the filter box one key at
#: a time and delete it again, then tick and untick each facet. Each action is timed
#: from the click or key until two animation frames after it (the script's work is
#: synchronous: the rows are sorted, filtered, drawn, laid out and painted by then).
#: On a page split into parts the first sort click switches the page to every paper
#: (catalog-whole.js): the sorts then order every paper of the catalog and draw the
#: first rows, and the sort is clicked on the header the reader sees, the drawn table's;
#: the filter and facet actions that follow work over every paper too.
BROWSER_SCRIPT = """
async ({word}) => {
  const frames = () => new Promise((done) =>
    requestAnimationFrame(() => requestAnimationFrame(done)));
  const timings = [];
  const time = async (label, action) => {
    const start = performance.now();
    action();
    await frames();
    timings.push([label, performance.now() - start]);
  };
  await frames();
  const table = document.querySelector("table.catalog-table");
  const names = Array.from(table.tHead.querySelectorAll("button"),
    (button) => button.textContent.trim());
  // the visible sort button of a column: the drawn table's once a split page shows it
  const visible = (name) => Array.from(document.querySelectorAll(
    "table.catalog-table > thead button")).find((button) =>
    button.textContent.trim() === name && button.getClientRects().length > 0);
  // a split page: the drawn rows shown after each sort (none if the page did not switch)
  const drawnRows = () => {
    const drawn = document.querySelector("#catalog-whole-table");
    return drawn && drawn.getClientRects().length > 0
      ? drawn.querySelectorAll(":scope > tbody > tr").length : 0;
  };
  const drawn = [];
  for (const name of names) {
    await time(`sort ${name}`, () => visible(name).click());
    await time(`sort ${name} again`, () => visible(name).click());
    drawn.push(drawnRows());
  }
  const whole = document.querySelector("#catalog-whole-table");
  const data = window.paperCatalogData;
  const input = document.querySelector("input.catalog-filter");
  for (let i = 1; i <= word.length; i += 1) {
    await time(`filter '${word.slice(0, i)}'`, () => {
      input.value = word.slice(0, i);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
  for (let i = word.length - 1; i >= 0; i -= 1) {
    await time(`filter '${word.slice(0, i)}'`, () => {
      input.value = word.slice(0, i);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
  // each facet: tick its first value, then untick it; the year range: from its
  // second-newest year, then any
  const facets = document.querySelector("details.catalog-facets");
  if (facets) {
    facets.open = true;
    for (const fieldset of facets.querySelectorAll("fieldset")) {
      const name = fieldset.querySelector("legend").textContent.trim();
      const box = fieldset.querySelector("input[type=checkbox]");
      if (box) {
        await time(`facet ${name} on`, () => box.click());
        await time(`facet ${name} off`, () => box.click());
      }
      const select = fieldset.querySelector("select");
      if (select && select.options.length > 2) {
        await time(`facet ${name} from`, () => {
          select.selectedIndex = 2;
          select.dispatchEvent(new Event("change", { bubbles: true }));
        });
        await time(`facet ${name} any`, () => {
          select.selectedIndex = 0;
          select.dispatchEvent(new Event("change", { bubbles: true }));
        });
      }
    }
  }
  return {
    rows: whole && data ? data.papers.length : table.querySelectorAll(":scope > tbody > tr").length,
    split: Boolean(whole),
    drawn: Math.min(...drawn),
    timings,
  };
}
"""
#: When a page was usable: its deferred scripts (the table script) run before
#: DOMContentLoaded ends, so the tables sort and filter from then on.
LOAD_TIMES = """() => {
  const [nav] = performance.getEntriesByType("navigation");
  return { usable_ms: nav.domContentLoadedEventEnd, load_ms: nav.loadEventEnd,
           enhanced: document.querySelectorAll("table.catalog-table--enhanced").length };
}"""
#: Pages whose load is timed: the whole-catalog pages and one topic page.
LOADED_PAGES = ("papers.html", "papers-2.html", "by-year.html", "by-venue.html",
                "by-keyword.html", "by-author.html")
CHROMIUM = Path("/usr/bin/chromium")


def page_weights(site: Path, top: int = 6) -> list[tuple[str, int]]:
    """The ``top`` heaviest HTML pages of ``site`` and their sizes in bytes, heaviest
    first."""
    sizes = [(str(p.relative_to(site)), p.stat().st_size) for p in site.rglob("*.html")]
    return sorted(sizes, key=lambda item: -item[1])[:top]


def load_timing(site: Path, runs: int = 2) -> dict[str, Any]:
    """Per page of :data:`LOADED_PAGES` (and the largest topic page): when it was usable
    and when its load event came, on the desktop (best of ``runs`` loads) and, for the
    all-papers and topic pages, with the CPU slowed 4x (one load)."""
    from playwright.sync_api import sync_playwright

    topics = sorted(((p.stat().st_size, p) for p in (site / "topics").rglob("*.html")),
                    key=lambda item: -item[0]) if (site / "topics").is_dir() else []
    pages = [site / name for name in LOADED_PAGES if (site / name).exists()]
    pages += [path for _, path in topics[:1]]
    found: dict[str, dict[str, dict[str, float]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            for profile, rate in (("desktop", 1), ("cpu_4x_slower", 4)):
                for page in pages:
                    best: dict[str, float] = {}
                    for _ in range(runs if rate == 1 else 1):
                        tab = browser.new_page(viewport={"width": 1280, "height": 900})
                        if rate > 1:
                            cdp = tab.context.new_cdp_session(tab)
                            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
                        tab.goto(page.as_uri(), wait_until="load", timeout=300_000)
                        times = tab.evaluate(LOAD_TIMES)
                        for key in ("usable_ms", "load_ms"):
                            best[key] = round(min(times[key], best.get(key, times[key])), 0)
                        tab.close()
                    found.setdefault(str(page.relative_to(site)), {})[profile] = best
        finally:
            browser.close()
    print(f"\nload (best of {runs}): page, usable and load event, desktop | CPU 4x slower")
    for name, profiles in found.items():
        d = profiles["desktop"]
        t = profiles.get("cpu_4x_slower")
        slow = f"{t['usable_ms']:8.0f} {t['load_ms']:8.0f} ms" if t else "       -        -"
        print(f"  {name:40} {d['usable_ms']:8.0f} {d['load_ms']:8.0f} ms | {slow}")
    return found


def browser_timing(page: Path, word: str = "sparse", runs: int = 3) -> dict[str, Any]:
    """Sort and filter the table of ``page`` in headless Chromium; the time from each
    click or keystroke until two animation frames later (the rows laid out and painted),
    best of ``runs`` page loads for each action."""
    from playwright.sync_api import sync_playwright

    best: dict[str, float] = {}
    rows = 0
    split = False
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            for _ in range(runs):
                tab = browser.new_page(viewport={"width": 1280, "height": 900})
                tab.goto(page.as_uri(), wait_until="load")
                result = tab.evaluate(BROWSER_SCRIPT, {"word": word})
                rows = result["rows"]
                split = result["split"]
                if result["split"] and not result["drawn"]:
                    raise RuntimeError(f"{page.name}: a sort click did not show every "
                                       "paper's rows: the sorts timed the part only")
                for label, ms in result["timings"]:
                    best[label] = round(min(ms, best.get(label, ms)), 1)
                tab.close()
        finally:
            browser.close()
    worst = max(best, key=lambda label: best[label])
    print(f"\nbrowser: {rows} {'papers (split page, sorted as one)' if split else 'rows'} "
          f"on {page.name}; slowest action '{worst}' "
          f"{best[worst]:.0f} ms (best of {runs} page loads)")
    for label, ms in best.items():
        print(f"  {ms:8.1f} ms  {label}")
    weights = page_weights(page.parent)
    print("largest pages: " + ", ".join(f"{name} {size / 2**20:.1f} MiB"
                                         for name, size in weights))
    return {"page": page.name, "rows": rows, "split": split, "runs": runs, "timings_ms": best,
            "slowest": worst, "slowest_ms": best[worst], "largest_pages": weights,
            "load": load_timing(page.parent)}


def profile_summary(stats_file: Path, title: str, top: int = 30) -> dict[str, Any]:
    """The heaviest functions of a cProfile run, printed and returned."""
    stats = pstats.Stats(str(stats_file))
    entries = stats.stats.items()  # type: ignore[attr-defined]
    total = max(v[3] for _, v in entries)
    rows = [{"function": f"{Path(file).name}:{line}({func})", "path": file, "calls": calls,
             "own_s": round(own, 3), "cum_s": round(cum, 3),
             "cum_share": round(cum / total, 3)}
            for (file, line, func), (_, calls, own, cum, _) in entries]
    listings = {
        "top_cumulative": sorted(rows, key=lambda r: -r["cum_s"])[:top],
        "top_own": sorted(rows, key=lambda r: -r["own_s"])[:top],
        "top_paper_catalog": sorted((r for r in rows if "paper_catalog" in r["path"]),
                                    key=lambda r: -r["cum_s"])[:top],
    }
    for name, listing in listings.items():
        print(f"\n{title}: {name.replace('_', ' ')} (of {total:.1f}s profiled)")
        print(f"  {'cum s':>8} {'own s':>8} {'share':>6} {'calls':>9}  function")
        for r in listing[:20]:
            print(f"  {r['cum_s']:8.2f} {r['own_s']:8.2f} {r['cum_share']:6.1%} "
                  f"{r['calls']:>9}  {r['function']}")
    return {"profiled_s": round(total, 3), "stats_file": str(stats_file), **listings}


def profile_build(n: int, work: Path, seed: int, tools: Path, dest: Path) -> dict[str, Any]:
    """A clean build and a no-change rebuild of the ``n``-paper catalog site under
    cProfile: where the time goes."""
    root = work / f"profile{n}"
    generate_catalog(root / "catalog", n, seed)
    write_catalog_site(root / "docs", root / "catalog", tools)
    result: dict[str, Any] = {"size": n}
    for step in ("full", "no_change"):
        stats_file = dest / f"profile-{n}-{step}.prof"
        print(f"\nprofiling the {step.replace('_', '-')} build of {n} papers "
              f"into {stats_file} ...", flush=True)
        build = run_sphinx(root / "docs", root / "out", root / "read.json",
                           prefix=["-m", "cProfile", "-o", str(stats_file), "-m"])
        result[step] = {"wall_s": build.wall_s, "cpu_s": build.cpu_s,
                        **profile_summary(stats_file, f"{step} build of {n} papers")}
    return result


# -- the report -----------------------------------------------------------------------------

def _ratio(a: Build, b: Build) -> dict[str, float]:
    """``a`` over ``b``, to three decimals: a target is judged on this, so 0.253 is not 0.25."""
    return {"wall": round(a.wall_s / b.wall_s, 3), "cpu": round(a.cpu_s / b.cpu_s, 3)}


def ratios(rows: list[Variant], empty: Variant, real: tuple[Variant, ...] | None = None
           ) -> dict[str, Any]:
    """The target ratios of the benchmark, from the measured rows.

    Targets are judged on CPU time (user + system of the build process): the builds are
    serial, so on an idle machine it equals the wall time, and unlike the wall time it
    does not grow when other processes share the CPUs. Wall-time ratios are reported too.
    """
    def get(size: int, name: str) -> Variant:
        return next(r for r in rows if r.size == size and r.variant == name)

    assert empty.full and empty.no_change
    sizes = sorted({r.size for r in rows})
    per_size: dict[str, dict[str, Any]] = {}
    for n in sizes:
        cat, base = get(n, "catalog"), get(n, "tables")
        assert cat.full and base.full and cat.no_change and cat.one_edit
        written = set(cat.one_edit.written)
        allowed = set(cat.shown) | set(cat.navigation)
        per_size[str(n)] = {
            "full_vs_baseline": _ratio(cat.full, base.full),
            "peak_mib": cat.peak_mib,
            "no_change_vs_empty_full": _ratio(cat.no_change, empty.full),
            "no_change_vs_empty_no_change": _ratio(cat.no_change, empty.no_change),
            "one_edit_vs_full": _ratio(cat.one_edit, cat.full),
            "one_edit_vs_baseline_full": _ratio(cat.one_edit, base.full),
            "one_edit_reread": sorted(cat.one_edit.read),
            "one_edit_written": sorted(written),
            "one_edit_shown": cat.shown,
            "one_edit_navigation": cat.navigation,
            "one_edit_extra": sorted(written - allowed),
            "one_edit_missed": sorted(set(cat.shown) - written),
        }
        tuned = [r for r in rows if r.size == n and r.variant == "tables-tuned"]
        if tuned and tuned[0].full:  # for information: the baseline with the site tuning
            per_size[str(n)]["vs_tuned_baseline"] = {
                "full": _ratio(cat.full, tuned[0].full),
                "one_edit": _ratio(cat.one_edit, tuned[0].full)}
    result: dict[str, Any] = {"per_size": per_size, "judged_on": "cpu"}
    result["warnings"] = sum(len(b.warnings) for r in (empty, *rows, *(real or ()))
                             for b in (r.full, r.no_change, r.one_edit) if b)
    largest = per_size[str(sizes[-1])]
    met = {
        "full_build_within_1x_baseline": largest["full_vs_baseline"]["cpu"]
        <= LIMITS["full_build_within_1x_baseline"],
        "peak_memory_within_400_mib": max(r.peak_mib for r in rows if r.variant == "catalog")
        <= LIMITS["peak_memory_within_400_mib"],
        "no_change_within_1_2x_empty": all(
            v["no_change_vs_empty_full"]["cpu"] <= LIMITS["no_change_within_1_2x_empty"]
            for v in per_size.values()),
        "one_edit_within_0_25x_baseline": largest["one_edit_vs_baseline_full"]["cpu"]
        <= LIMITS["one_edit_within_0_25x_baseline"],
        "one_edit_writes_only_its_pages": all(
            len(v["one_edit_extra"]) + len(v["one_edit_missed"])
            <= LIMITS["one_edit_writes_only_its_pages"] for v in per_size.values()),
    }
    if real:
        cat, base, *with_prose = real
        assert cat.full and base.full
        result["real"] = {"papers": cat.size, "full_vs_baseline": _ratio(cat.full, base.full)}
        if with_prose and with_prose[0].full:
            result["real"]["full_vs_baseline_with_prose"] = _ratio(cat.full,
                                                                   with_prose[0].full)
        met["real_catalog_within_1_5x_baseline"] = (
            result["real"]["full_vs_baseline"]["cpu"]
            <= LIMITS["real_catalog_within_1_5x_baseline"])
    if len(sizes) > 1:
        small, big = get(sizes[0], "catalog"), get(sizes[-1], "catalog")
        assert small.full and big.full
        papers = sizes[-1] / sizes[0]

        def above_empty(attr: str) -> float:
            start = getattr(empty.full, attr)
            return (getattr(big.full, attr) - start) / (getattr(small.full, attr) - start)

        result["growth"] = {"papers": papers, "full_build": _ratio(big.full, small.full),
                            "full_build_above_empty": {
                                "wall": round(above_empty("wall_s"), 2),
                                "cpu": round(above_empty("cpu_s"), 2)},
                            "tolerance": LIMITS["growth_linear_or_better"]}
        met["growth_linear_or_better"] = (
            above_empty("cpu_s") <= papers * LIMITS["growth_linear_or_better"])
    result["met"] = met
    result["targets"] = {t.key: met[t.key] for t in TARGETS if t.key in met}
    return result


def browser_target(result: dict[str, Any], browser: dict[str, Any]) -> None:
    """Add the browser timing to ``result`` and judge its targets."""
    result["browser"] = browser
    met = result["met"]
    met["browser_within_300_ms"] = browser["slowest_ms"] <= LIMITS["browser_within_300_ms"]
    met.update(judge_pages(browser))
    result["targets"] = {t.key: result["met"][t.key] for t in TARGETS
                         if t.key in result["met"]}


def judge_pages(browser: dict[str, Any]) -> dict[str, bool]:
    """The page-weight and usable-time targets, from a browser timing."""
    heaviest = max((size for _, size in browser["largest_pages"]), default=0)
    loads = browser["load"].values()
    return {
        "page_weight_within_3_mb": heaviest <= LIMITS["page_weight_within_3_mb"] * 10**6,
        "usable_within_2_s": all(p["desktop"]["usable_ms"] <= LIMITS["usable_within_2_s"]
                                 for p in loads),
        "usable_within_8_s_slowed": all(
            p.get("cpu_4x_slower", {}).get("usable_ms", 0)
            <= LIMITS["usable_within_8_s_slowed"] for p in loads),
    }


def _seconds(build: Build | None) -> tuple[str, str]:
    return (f"{build.wall_s:.2f}", f"{build.cpu_s:.2f}") if build else ("-", "-")


def print_table(rows: list[Variant]) -> None:
    head = (f"{'size':>6}  {'variant':<8} {'docs':>4} {'rows':>6} {'full s':>7} {'cpu':>6} "
            f"{'no-change s':>11} {'cpu':>5} {'one-edit s':>10} {'cpu':>6} {'re-read':>7} "
            f"{'written':>7} {'shown':>5} {'peak MiB':>8}")
    print("\n" + head + "\n" + "-" * len(head))
    for r in rows:
        full, no_change, edit = _seconds(r.full), _seconds(r.no_change), _seconds(r.one_edit)
        print(f"{r.size or '-':>6}  {r.variant:<8} {r.documents:>4} {r.table_rows:>6} "
              f"{full[0]:>7} {full[1]:>6} {no_change[0]:>11} {no_change[1]:>5} "
              f"{edit[0]:>10} {edit[1]:>6} "
              f"{(len(r.one_edit.read) if r.one_edit else '-'):>7} "
              f"{(len(r.one_edit.written) if r.one_edit else '-'):>7} "
              f"{(len(r.shown) if r.one_edit else '-'):>5} {r.peak_mib:>8.1f}")


def print_ratios(result: dict[str, Any]) -> None:
    def both(ratio: dict[str, float]) -> str:
        return f"{ratio['cpu']}x (wall {ratio['wall']}x)"

    print("\nratios of CPU time (of wall time in parentheses):")
    for n, v in result["per_size"].items():
        print(f"{n} papers: full build {both(v['full_vs_baseline'])} the tables baseline; "
              f"peak {v['peak_mib']} MiB; no-change rebuild {both(v['no_change_vs_empty_full'])} "
              f"the empty project's build; one-edit rebuild {both(v['one_edit_vs_full'])} the "
              f"clean build and {both(v['one_edit_vs_baseline_full'])} the baseline's, "
              f"re-read {len(v['one_edit_reread'])} pages and wrote "
              f"{len(v['one_edit_written'])}; {len(v['one_edit_shown'])} show the paper, "
              f"{len(v['one_edit_navigation'])} list those in their navigation"
              + (f" (also written: {', '.join(v['one_edit_extra'])})"
                 if v["one_edit_extra"] else "")
              + (f" (NOT written: {', '.join(v['one_edit_missed'])})"
                 if v["one_edit_missed"] else ""))
        if "vs_tuned_baseline" in v:
            t = v["vs_tuned_baseline"]
            print(f"  against the tables baseline with the site tuning too: full build "
                  f"{both(t['full'])}, one-edit rebuild {both(t['one_edit'])} its clean build")
    if "real" in result:
        r = result["real"]
        print(f"the real catalog ({r['papers']} papers): full build "
              f"{both(r['full_vs_baseline'])} its tables baseline"
              + (f", {both(r['full_vs_baseline_with_prose'])} that baseline with the site's "
                 "prose pages" if "full_vs_baseline_with_prose" in r else ""))
    if "growth" in result:
        g = result["growth"]
        print(f"growth for {g['papers']:g}x papers: full build {both(g['full_build'])}; above "
              f"the empty project's build {both(g['full_build_above_empty'])}; linear means "
              f"at most {g['papers'] * g['tolerance']:g}x")
    if result["warnings"]:
        print(f"\n{result['warnings']} warning(s) in the builds: see 'warnings' in the JSON")
    if "browser" in result:
        b = result["browser"]
        print(f"browser: slowest sort, filter or facet action {b['slowest_ms']:.0f} ms "
              f"('{b['slowest']}', {b['rows']} rows)")
    print("\ntargets (on CPU time):")
    for target in TARGETS:
        if target.key in result["targets"]:
            met = result["targets"][target.key]
            print(f"  {'met    ' if met else 'MISSED '} {target.description}")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for dist in ("sphinx", "pydata-sphinx-theme", "myst-parser", "sphinx-design", "docutils"):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist] = "not installed"
    return found


def revision() -> dict[str, Any]:
    """The commit measured, and whether the site's files differ from it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True,
                              text=True, check=True).stdout.strip()

    try:
        return {"commit": git("rev-parse", "HEAD"),
                "modified": bool(git("status", "--porcelain", "--", "docs", "catalog"))}
    except (OSError, subprocess.CalledProcessError):
        return {"commit": "unknown"}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated paper counts (default: %(default)s)")
    parser.add_argument("--quick", action="store_true",
                        help=f"a smoke run with {QUICK_SIZES[0]} papers")
    parser.add_argument("--output", type=Path, default=REPO / "bench-results" / "bench.json",
                        help="where to write the JSON results (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each build (clean, no-change and one-edit), of "
                        "which the fastest counts (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the generator")
    parser.add_argument("--profile", action="store_true",
                        help="also profile a clean build and a no-change rebuild of the largest "
                        "size with cProfile")
    parser.add_argument("--browser-only", type=Path, metavar="SITE",
                        help="only time the pages of the built site SITE in Chromium "
                             "(its papers.html), no builds")
    parser.add_argument("--browser", action="store_true",
                        help="also time sorting and filtering the largest size's all-papers "
                        f"table in headless Chromium ({CHROMIUM})")
    parser.add_argument("--no-tuning", action="store_true",
                        help="build every site without the opt-in site_tuning extension "
                             "(what the catalog extension costs on its own)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated sites and builds (the folder is printed)")
    crafted = parser.add_mutually_exclusive_group()
    crafted.add_argument("--no-crafted", action="store_true",
                         help="skip the crafted inputs and the catalog of copied papers")
    crafted.add_argument("--crafted-only", action="store_true",
                         help="only the crafted inputs and the catalog of copied papers "
                         f"({CRAFTED.copies:,} papers; --quick: {QUICK_CRAFTED.copies})")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.browser_only:
        timing = browser_timing(args.browser_only / "papers.html")
        met = judge_pages(timing)
        for target in TARGETS:
            if target.key in met:
                print(f"  {'met    ' if met[target.key] else 'MISSED '} {target.description}")
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps({"browser": timing, "met": met}, indent=2),
                               encoding="utf-8")
        return 0
    if args.no_tuning:  # read by every benchmark site's conf.py (see BENCH_CONF)
        os.environ["BENCH_NO_TUNING"] = "1"
    sizes = list(QUICK_SIZES) if args.quick else [int(s) for s in args.sizes.split(",") if s]
    crafted_sizes = QUICK_CRAFTED if args.quick else CRAFTED
    args.output.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="catalog-bench-"))
    tools = work / "tools"
    write_recorder(tools)
    started = time.perf_counter()
    info = {"date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "cpus": os.cpu_count(), "load_average_at_start": os.getloadavg(),
            "platform": platform.platform(), "seed": args.seed, "versions": versions(),
            "revision": revision(), "site_tuning": not args.no_tuning}
    print(f"benchmark in {work}; Sphinx {info['versions']['sphinx']}, "
          f"{info['cpus']} CPUs, load average {info['load_average_at_start'][0]:.1f}")
    table: list[Variant] = []
    result: dict[str, Any] | None = None
    crafted: dict[str, Any] | None = None
    profile = None
    try:
        write_empty_site(work / "empty", tools)
        run_sphinx(work / "empty", work / "warm-up", work / "read.json")  # warm the caches
        if not args.crafted_only:
            [empty] = measure([Job(Variant(0, "empty"), work / "empty")], work, args.repeat)
            real = bench_real(work, tools, args.repeat)
            rows: list[Variant] = []
            for n in sizes:
                rows.extend(bench_size(n, work, args.seed, tools, args.repeat))
            result = ratios(rows, empty, real)
            table = [empty, *real, *rows]
            if args.browser:
                n = max(sizes)
                browser_target(result, browser_timing(
                    work / f"n{n}" / f"out-catalog-{n}" / "papers.html"))
            profile = (profile_build(max(sizes), work, args.seed, tools, args.output.parent)
                       if args.profile else None)
        if not args.no_crafted:
            crafted = bench_crafted(work, crafted_sizes, args.repeat, args.seed)
            copies = bench_size(crafted_sizes.copies, work, args.seed, tools, args.repeat,
                                copies=True)
            table.extend(copies)
            crafted_targets(crafted, (copies[0], copies[1]))
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print_table(table)
    if result is not None:
        print_ratios(result)
    if crafted is not None:
        print_crafted(crafted)
    info["load_average_at_end"] = os.getloadavg()
    info["duration_s"] = round(time.perf_counter() - started, 1)
    report = {**info, "rows": [r.row() for r in table]}
    if result is not None:
        report["ratios"] = result
    if crafted is not None:
        report["crafted"] = crafted
    if profile:
        report["profile"] = profile
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.output} ({info['duration_s']}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
