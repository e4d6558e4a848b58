"""The ``paper-catalog`` command: validate the catalog, add a paper, export/import the README.

Nothing here uses the network unless asked (``add --fetch``, ``check-published``, both in
:mod:`paper_catalog.fetch`): what cannot be derived from a URL is passed as an option.
Exit status: 0 on success, 1 when the catalog has problems or a request is refused,
2 when an option is missing or wrong.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from .atomic import (
    ChangedMeanwhile,
    LinkedFolder,
    Planned,
    WriteError,
    refuse_links,
    remove_written,
    replace_file,
    write_files,
)
from .authors import name_problem
from .errors import CatalogError, Problem
from .facts import arxiv_year, url_facts
from .field_rules import placeholder_problem, short_problem
from .load import (
    EARLIEST_YEAR,
    ID_PATTERN,
    display_path,
    load_catalog,
    raw_topics,
    suggest,
)
from .model import Catalog, Organization
from .normalize import (
    arxiv_id,
    canonical_url,
    clean_title,
    normal_title,
    normal_url,
    strip_tracking,
    venue_id,
    venue_index,
)
from .plural import counted
from .slug import is_reserved, paper_id
from .text_rules import escaped, text_problem, url_problem
from .yaml_source import YamlReadError, read_yaml
from .yaml_writer import paper_yaml

ARXIV_VENUE = "arxiv"


class UsageError(Exception):
    """A request that cannot be carried out; the message says what to pass instead."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


# --- helpers ------------------------------------------------------------------------------

def _say(*lines: str) -> None:
    for line in lines:
        print(line)


def _warn(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _catalog_dir(args: argparse.Namespace) -> Path:
    root = Path(args.catalog)
    if not root.is_dir():
        raise UsageError(f"no catalog folder at {root}: run this in the repository root "
                         "or pass --catalog PATH")
    return root


def _problems(root: Path) -> list[Problem]:
    try:
        load_catalog(root)
    except CatalogError as exc:
        return exc.problems
    return []


def _print_problems(problems: Sequence[Problem]) -> None:
    _say(*(str(p) for p in problems))
    files = len({p.file for p in problems})
    _say(f"{counted(len(problems), 'problem')} in {counted(files, 'file')}.")


def _data(path: Path) -> Any:
    """The YAML data of ``path``, or None when it cannot be read."""
    try:
        return read_yaml(path).data
    except (OSError, YamlReadError):
        return None


def summary(catalog: Catalog) -> str:
    leaves = sum(t.is_leaf for t in catalog.topics.values())
    return (f"{len(catalog.papers)} papers, {len(catalog.topics)} topics ({leaves} leaf "
            f"topics), {len(catalog.venues)} venues, {len(catalog.metrics)} metrics, "
            f"{len(catalog.benchmarks)} benchmarks, {len(catalog.tools)} tools")


# --- validate -----------------------------------------------------------------------------

def cmd_validate(args: argparse.Namespace) -> int:
    root = _catalog_dir(args)
    problems = readme_problems(root)
    try:
        catalog = load_catalog(root)
    except CatalogError as exc:
        _print_problems([*exc.problems, *problems])
        return 1
    if problems:
        _print_problems(problems)
        return 1
    _say(f"OK: {summary(catalog)}.")
    _say(*(f"note: {display_path(path)} is not read (its name starts with a dot)"
           for path in ignored_files(root)))
    return 0


def ignored_files(root: Path) -> list[Path]:
    """Dot-named files in the papers folder other than ``.yaml`` ones (which are errors):
    editor swap files, ``.DS_Store``; the loader skips them, validate names them."""
    papers = root / "papers"
    if not papers.is_dir() or papers.is_symlink():
        return []
    return sorted(path for path in papers.iterdir() if path.name.startswith(".")
                  and path.suffix not in (".yaml", ".yml"))


def readme_problems(root: Path) -> list[Problem]:
    """Problems of the README's template and row order files, which the export reads."""
    from .readme.order import load_order  # the README layer, on demand
    from .readme.template import load_template

    problems: list[Problem] = []
    for check in (load_template, load_order):
        try:
            check(root)
        except CatalogError as exc:
            problems.extend(exc.problems)
    return problems


# --- add ----------------------------------------------------------------------------------

def _venue(root: Path, given: str | None, url: str, is_arxiv: bool) -> str:
    data = _data(root / "venues.yaml")
    entries = data.get("venues") if isinstance(data, dict) else None
    index = venue_index(v for v in entries or [] if isinstance(v, dict) and "id" in v)
    if given is None:
        if not is_arxiv:
            raise UsageError(f"the venue cannot be derived from {url} (only an arXiv URL "
                             "gives one): pass --venue ID, an id or short name from "
                             "catalog/venues.yaml, e.g. --venue icml")
        return venue_id(ARXIV_VENUE, index) or ARXIV_VENUE
    found = venue_id(given, index)
    if found is None:
        hint = suggest(given, sorted(set(index.values())))
        raise UsageError(f"unknown venue '{given}'{f' ({hint})' if hint else ''}: pass an id "
                         "or short name from catalog/venues.yaml, or add the venue there")
    return found


def _leaf_topics(root: Path) -> tuple[list[str], dict[str, list[str]]]:
    """Leaf topic ids in order, and the leaves under each group id, from topics.yaml as
    read (the catalog may be invalid: of two groups with one id, the later or outer one)."""
    leaves: list[str] = []
    groups: dict[str, list[str]] = {}
    for _, node, above in raw_topics(_data(root / "topics.yaml")):
        if not all(isinstance(n.get("id"), str) for n in (*above, node)):
            continue  # (nor what is under an entry without an id)
        above_ids = dict.fromkeys(group["id"] for group in above)
        if not node.get("topics"):
            leaves.append(node["id"])
            for group_id in above_ids:
                groups[group_id].append(node["id"])
        elif node["id"] not in above_ids:
            groups[node["id"]] = []
    return leaves, groups


def _topics(root: Path, topics: Sequence[str], keywords: Sequence[str]) -> dict[str, str]:
    leaves, groups = _leaf_topics(root)
    known = f"leaf topics: {', '.join(leaves)}" if leaves else "see catalog/topics.yaml"
    if not topics:
        raise UsageError(f"pass at least one --topic ID --keyword TEXT pair ({known})")
    if len(topics) != len(keywords):
        raise UsageError(f"pass one --keyword after each --topic (got {len(topics)} "
                         f"--topic and {len(keywords)} --keyword)")
    pairs: dict[str, str] = {}
    for tid, given in zip(topics, keywords, strict=True):
        keyword = " ".join(given.split())
        if tid in groups:
            raise UsageError(f"topic '{tid}' groups other topics: pass one of its leaf "
                             f"topics ({', '.join(groups[tid])})")
        if leaves and tid not in leaves:
            hint = suggest(tid, leaves)
            raise UsageError(f"unknown topic '{tid}'{f' ({hint})' if hint else ''}: {known}")
        if not keyword:
            raise UsageError(f"the --keyword of topic '{tid}' is empty: pass the keyword "
                             "shown in that topic's table, e.g. --keyword 'Weight Quantization'")
        problem = text_problem(given, "keyword")  # as given: a line break is refused
        if problem:
            raise UsageError(f"the --keyword of topic '{tid}': {problem[0]} ({problem[1]})")
        if tid in pairs:
            raise UsageError(f"topic '{tid}' is given twice")
        pairs[tid] = keyword
    return pairs


def _duplicate(root: Path, title: str, url: str) -> str | None:
    """A message naming the paper file with the same normalized title or URL, if any."""
    folder = root / "papers"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = _data(path)
        if not isinstance(data, dict):
            continue
        for field, key, value in (("title", normal_title, title), ("URL", normal_url, url)):
            theirs = data.get(field.lower())
            if isinstance(theirs, str) and key(theirs) == key(value):
                return (f"the catalog already has this paper: {display_path(path)} has the "
                        f"same {field} (to list it under another topic too, add the topic "
                        "to that file)")
    return None


def _author_option(name: str) -> str:
    """The option that gave an author: ``--organization`` for a group, else ``--author``."""
    return "--organization" if isinstance(name, Organization) else "--author"


def _record(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    """The new paper's fields from the options and the URL.

    Raises one UsageError that lists every missing or wrong option.
    """
    errors: list[str] = []
    url = strip_tracking(args.url.strip())
    if url != args.url.strip():
        _warn(f"note: removed tracking parameters from the URL: {url}")
    if canonical_url(url) != url:
        url = canonical_url(url)
        _warn(f"note: wrote the arXiv URL in its canonical form: {url}")
    problem = url_problem(url)
    if problem:
        errors.append(f"{problem[0]} ({problem[1]})")
    identifier = arxiv_id(url)
    title = clean_title(args.title or "")
    if not title:
        errors.append('pass the paper\'s title with --title "..." (paper-catalog reads '
                      "nothing from the network, so it cannot look the title up)")
    elif placeholder := placeholder_problem(title):
        errors.append(f"--title: {placeholder[0]} ({placeholder[1]})")
    record: dict[str, Any] = {"title": title}
    for name, derive in (
            ("venue", lambda: _venue(root, args.venue, url, identifier is not None)),
            ("topics", lambda: _topics(root, args.topic or [], args.keyword or []))):
        try:
            record[name] = derive()
        except UsageError as exc:
            errors.append(str(exc))
    year = args.year if args.year is not None else _derived_year(
        url, identifier, record.get("venue"), errors)
    this_year = datetime.date.today().year
    if year is not None and not EARLIEST_YEAR <= year <= this_year:
        errors.append(f"--year {year} is not a plausible year of publication: pass a year "
                      f"from {EARLIEST_YEAR} to {this_year}")
    # each option as given, before its whitespace is collapsed: a line break is refused
    given = [("--title", "title", args.title or ""), ("--note", "note", args.note or ""),
             ("--short", "short", args.short or ""),
             *((_author_option(name), "authors", name) for name in args.author or [])]
    for option, field, text in given:
        problem = text_problem(text, field) if text.strip() else None
        if problem is None and option == "--author" and text.strip():
            problem = name_problem(" ".join(text.split()))
        if problem:
            errors.append(f"{option} {str(text)!r}: {problem[0]} ({problem[1]})"
                          if field == "authors" else f"{option}: {problem[0]} ({problem[1]})")
    short = " ".join((args.short or "").split())
    if args.short is not None and not short:
        errors.append("--short is empty: pass the name people use for the work, e.g. "
                      "--short Wanda, or leave the option out")
    elif short and (problem := short_problem(short)):
        errors.append(f"--short {problem[0]} ({problem[1]})")
    elif short:
        record["short"] = short
    record |= {"year": year, "added": datetime.date.today(), "url": url}
    authors = [type(name)(" ".join(name.split())) for name in args.author or []]
    if not authors:
        errors.append("pass the paper's authors with --author NAME, one for each author in "
                      "the paper's order, e.g. --author 'Elias Frantar' "
                      "--author 'Saleh Ashkboos'")
    elif any(not name for name in authors):
        errors.append("an --author is empty: pass each author's name, in the paper's order, "
                      "e.g. --author 'Elias Frantar' --author 'Saleh Ashkboos'")
    else:
        record["authors"] = authors
    if errors:  # one line each, whatever an option quoted in it holds
        raise UsageError("\n".join(escaped(error) for error in errors))
    note = " ".join((args.note or "").split())
    if note:
        record["note"] = note
    return record


def _refuse_links(root: Path) -> None:
    """Refuse to write into a catalog whose folder or papers folder is a symbolic link:
    the files would land wherever the link points."""
    try:
        refuse_links(root, "papers")
    except LinkedFolder as exc:
        raise _linked(exc) from None


def _linked(exc: LinkedFolder) -> UsageError:
    return UsageError(f"{display_path(exc.path)} is a symbolic link, which the catalog does "
                      "not follow, so nothing was written: replace the link with the folder "
                      "it points to", status=1)


def _derived_year(url: str, identifier: str | None, venue: str | None,
                  errors: list[str]) -> int | None:
    """The year a proceedings URL names, or for a paper only on arXiv the year of its
    arXiv id; else None, with the error that asks for --year added to ``errors``."""
    facts = url_facts(url)
    if facts.year is not None:
        return facts.year
    if identifier is not None and venue == ARXIV_VENUE:
        return arxiv_year(identifier)
    if venue is not None or identifier is None:  # else: said once the venue is known
        errors.append(f"pass --year YYYY, the year of publication: it cannot be derived "
                      f"from {url} (only a proceedings URL, or the arXiv id of a paper "
                      "published only on arXiv, gives it)")
    return None


def cmd_add(args: argparse.Namespace) -> int:
    root = _catalog_dir(args)
    _refuse_links(root)  # before anything is fetched or read
    if args.fetch is not None:  # the options not given, from the paper's primary service
        from .fetch import FetchError  # the network, only when asked
        from .fetch.add import fill_options
        try:
            _warn(*fill_options(args, root))
        except FetchError as exc:
            raise UsageError(str(exc), status=exc.status) from None
    elif args.url is None:
        raise UsageError("pass the paper's URL, or --fetch ID to fill in its facts from its "
                         "arXiv id, DOI, OpenReview URL or ACL Anthology id")
    record = _record(args, root)
    duplicate = _duplicate(root, record["title"], record["url"])
    if duplicate:
        raise UsageError(duplicate, status=1)
    folder = root / "papers"
    taken = {p.stem for p in folder.iterdir()} if folder.is_dir() else set()
    pid = args.id or paper_id(record["title"], taken, record["year"], record.get("short", ""))
    if not ID_PATTERN.fullmatch(pid):
        raise UsageError(f"--id {pid!r} is not a kebab-case id: use lowercase letters, "
                         "digits and dashes, e.g. --id mobilellm")
    if is_reserved(pid):
        raise UsageError(f"--id {pid!r} is a device name on Windows (con, prn, aux, nul, "
                         "com1-com9, lpt1-lpt9), where its file could not be checked out: "
                         f"pass another --id, e.g. --id {pid}-paper")
    if pid in taken:
        raise UsageError(f"{display_path(folder / f'{pid}.yaml')} already exists: "
                         "pass another --id", status=1)
    path = folder / f"{pid}.yaml"
    before = set(_problems(root))
    try:  # exclusively: a file another run wrote meanwhile is never overwritten
        [written] = write_files(root, {f"papers/{pid}.yaml": Planned(paper_yaml(record))})
    except ChangedMeanwhile:
        raise UsageError(f"{display_path(path)} was created by another run meanwhile, so "
                         "this paper was not written: run the command again (it will pick "
                         "another id, or find the paper already there)", status=1) from None
    except LinkedFolder as exc:
        raise _linked(exc) from None
    except WriteError as exc:
        raise UsageError(f"cannot write {display_path(path)}: {exc.reason}", status=1
                         ) from None
    after = _problems(root)
    new = [p for p in after if p not in before]
    if new:
        if remove_written(written):  # only the file this run created, nothing else
            _warn("error: the new paper would make the catalog invalid, so "
                  f"{display_path(path)} was not kept:")
        else:
            _warn("error: the new paper would make the catalog invalid, and "
                  f"{display_path(path)} is no longer the file this command wrote, so it "
                  "was left as it is:")
        _warn(*(f"  {p}" for p in new))
        return 1
    _say(f"Added {display_path(path)}:", "",
         *(f"    {line}" for line in paper_yaml(record).splitlines()), "",
         "Preview the site with `nox -s docs` (or `nox -s docs-live`).")
    if after:
        _warn(f"warning: the catalog already had {len(after)} problem(s) before this paper; "
              "run `paper-catalog validate` to see them")
    return 0


def cmd_check_published(args: argparse.Namespace) -> int:
    from .fetch import FetchError  # the network, only for this command
    from .fetch.published import check_published

    root = _catalog_dir(args)
    try:
        return check_published(root, write=args.write)
    except FetchError as exc:
        raise UsageError(str(exc), status=exc.status) from None


# --- README -------------------------------------------------------------------------------

def cmd_export_readme(args: argparse.Namespace) -> int:
    from .readme.order import load_order, stale_entries  # the README layer, on demand
    from .readme.render import lossy_parts, render_readme

    root = _catalog_dir(args)
    try:
        catalog = load_catalog(root)
    except CatalogError as exc:
        _print_problems(exc.problems)
        _warn("error: the catalog is invalid; fix the problems above before exporting")
        return 1
    try:
        stale = stale_entries(catalog, load_order(catalog.root))
    except CatalogError:
        stale = []  # reported below, with the template's problems
    for part in [*lossy_parts(catalog), *stale]:
        _warn(f"note: {part}")
    try:
        text = render_readme(catalog)
    except CatalogError as exc:  # the README template or row order file
        _print_problems(exc.problems)
        _warn("error: fix the problems above before exporting; nothing was written")
        return 1
    if args.output is None or args.output == "-":
        sys.stdout.write(text)
        return 0
    try:
        replace_file(Path(args.output), text)
    except WriteError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.reason} (pass -o with a file "
                         "in an existing, writable folder)") from None
    _say(f"Wrote {args.output}: {summary(catalog)}.")
    return 0


def cmd_import_readme(args: argparse.Namespace) -> int:
    from .readme.importer import import_readme  # the README layer, on demand

    root = Path(args.catalog)
    readme = Path(args.file)
    if not readme.is_file():
        raise UsageError(f"no README at {readme}")
    if not (root / "venues.yaml").is_file():
        raise UsageError(f"{root / 'venues.yaml'} is missing: the import maps venue spellings "
                         "to venue ids through it; copy catalog/venues.yaml (and topics.yaml, "
                         "tools.yaml) there first, or pass --catalog PATH")
    _refuse_links(root)
    try:
        report = import_readme(readme, root)
    except LinkedFolder as exc:
        raise _linked(exc) from None
    except WriteError as exc:  # the catalog is as it was (see paper_catalog.atomic)
        raise UsageError(f"cannot write {display_path(exc.path)}: {exc.reason}, so nothing "
                         "was written (the catalog is as it was): fix that and run the "
                         "import again", status=1) from None
    _say(*(escaped(line) for line in report.lines()))  # README text quoted on one line
    if not report.clean:
        _warn("error: the import needs attention (see above), so nothing was written")
        return 1
    return 0


# --- entry point --------------------------------------------------------------------------

class _Parser(argparse.ArgumentParser):
    """Usage errors as one line, with where to read more, and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--catalog", default=argparse.SUPPRESS, metavar="PATH",
                        help="the catalog folder (default: ./catalog)")
    parser = _Parser(
        prog="paper-catalog",
        description="Validate the paper catalog, add a paper, export or import the "
                    "awesome-list README.")
    parser.add_argument("--catalog", default="catalog", metavar="PATH",
                        help="the catalog folder (default: ./catalog)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     parser_class=_Parser)

    validate = commands.add_parser(
        "validate", parents=[common], help="check the whole catalog, print every problem")
    validate.set_defaults(run=cmd_validate)

    add = commands.add_parser(
        "add", parents=[common], help="add a paper file",
        description="Write catalog/papers/<id>.yaml for a new paper, stamped with today's\n"
                    "date as 'added'. Nothing is fetched from the network unless --fetch ID\n"
                    "is given: pass the title and authors as the paper's primary page shows\n"
                    "them. The year comes from --year, a proceedings URL, or (for a paper\n"
                    "only on arXiv) the arXiv id; an arXiv URL without --venue means venue\n"
                    "arXiv.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  paper-catalog add https://arxiv.org/abs/2402.14905 \\\n"
               "    --title \"MobileLLM: Optimizing Sub-billion Parameter Language Models "
               "for On-Device Use Cases\" \\\n"
               "    --short MobileLLM --year 2024 --venue icml \\\n"
               "    --author \"Zechun Liu\" --author \"Changsheng Zhao\" ... \\\n"
               "    --topic efficient-transformer-architecture "
               "--keyword \"Hardware optimization\"")
    add.add_argument("url", metavar="URL", nargs="?",
                     help="the paper's page (arXiv abs/pdf/html, DOI, ...)")
    add.add_argument("--fetch", metavar="ID",
                     help="fill in the title, authors, year, venue and URL from an arXiv id "
                          "or URL, a DOI, an OpenReview forum URL or an ACL Anthology id "
                          "(uses the network); options given win")
    add.add_argument("--title", help="the paper's title (required without --fetch)")
    add.add_argument("--short", metavar="NAME",
                     help="the name people use for the work ('Wanda'); the id is made from it")
    add.add_argument("--year", type=int,
                     help="year of publication (default: from a proceedings URL, or for "
                          "--venue arxiv from the arXiv id)")
    add.add_argument("--venue", help="venue id or short name (default for arXiv URLs: arxiv)")
    add.add_argument("--topic", action="append", metavar="ID",
                     help="leaf topic id; repeat with --keyword to list the paper under "
                          "several topics, the first is its home")
    add.add_argument("--keyword", action="append", metavar="TEXT",
                     help="keyword shown in that topic's table")
    add.add_argument("--author", action="append", metavar="NAME",
                     help="an author's name ('Given Family'; required); repeat it for "
                          "each author, in the paper's order")
    add.add_argument("--organization", action="append", dest="author", metavar="NAME",
                     type=Organization,
                     help="an author that is a group or body ('BigScience Workshop'), "
                          "in its place among the --author options")
    add.add_argument("--note", help="optional free text kept in the file")
    add.add_argument("--id", help="file name without .yaml (default: from --short, else "
                                  "the title)")
    add.set_defaults(run=cmd_add)

    published = commands.add_parser(
        "check-published", parents=[common],
        help="list arXiv-only papers that are now published (uses the network)")
    published.add_argument("--write", action="store_true",
                           help="apply the suggested edits to the paper files")
    published.set_defaults(run=cmd_check_published)

    export = commands.add_parser(
        "export-readme", parents=[common], help="write the awesome-list README")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="file to write (default: standard output)")
    export.set_defaults(run=cmd_export_readme)

    importer = commands.add_parser(
        "import-readme", parents=[common], help="read an awesome-list README into the catalog",
        description="Create or complete paper files from a README in the awesome-list form. "
                    "Idempotent; a field that differs from the README is kept and reported.")
    importer.add_argument("file", metavar="FILE", help="the README to import")
    importer.set_defaults(run=cmd_import_readme)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``paper-catalog``; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as exc:
        _warn(*(f"error: {escaped(line)}" for line in str(exc).split("\n")))
        return exc.status


if __name__ == "__main__":
    raise SystemExit(main())
