"""The BibTeX export reads the same in every reader: pybtex, bibtexparser 2.x and the
``bibtex`` program each find exactly one entry per paper of a hostile catalog, in
``papers.bib`` and in each topic's file; and a document citing it with natbib and
``plainnat`` without the ``url`` package reads and writes no other file (no TeX runs
from a URL)."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from bibtex_reading import untex
from catalog_factory import paper_yaml, write_catalog
from pybtex.database import parse_string

from paper_catalog.bibtex import catalog_bibtex, paper_bibtex, topic_bibtex
from paper_catalog.load import load_catalog
from paper_catalog.model import Catalog

#: Hostile papers the catalog accepts: every way text could end a field or an entry early.
HOSTILE = {
    "smuggler": paper_yaml(
        title='"Smuggler } @misc{inner, title = {x}} %"',
        note='"Note %\\n@misc(smuggled-entry, title = \\"Smuggled Entry\\", url = '
             '\\"https://evil.example/\\")\\n@preamble{\\"x\\"}\\n@comment{"',
        authors='["Evil } and { Name", "Doe, Jr, John", "Quote \\" Mark"]',
        url="https://example.org/smuggler?a=%7D&b='c'"),
    "braces": paper_yaml(
        title='"}}}} {{{{ \\\\ \\" # $ & _ ~ ^ %"',
        note='"Ends in a backslash \\\\"',
        authors='["Back\\\\slash"]',
        url="https://example.org/braces#%25_~$&"),
    "separators": paper_yaml(
        title='"Line and Paragraph"',
        note='"one\\ntwo\\n\\n@article{dropped,\\n  title = {Gone}\\n}\\n"',
        url="https://example.org/separators"),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    root = tmp_path_factory.mktemp("hostile")
    files: dict[str, str | None] = {f"papers/{pid}.yaml": text for pid, text in HOSTILE.items()}
    write_catalog(root, files)
    return load_catalog(root)


def exports(catalog: Catalog) -> dict[str, tuple[str, set[str]]]:
    """Each exported file: its text and the paper ids it must hold."""
    found = {"papers.bib": (catalog_bibtex(catalog), set(catalog.papers))}
    for tid in catalog.topics:
        found[f"{tid}.bib"] = (topic_bibtex(catalog, tid),
                               {p.id for p in catalog.papers_in(tid)})
    return found


def test_no_field_value_holds_a_line_break(hostile: Catalog) -> None:
    for name, (text, ids) in exports(hostile).items():
        # pybtex writes one field a line: a line is an entry's start, a field or its end
        for line in text.splitlines():
            assert not line or re.fullmatch(r"@\w+\{[a-z0-9-]+,|    \w+ = .*,?|}", line), (
                name, line)
        assert len(re.findall(r"^@", text, re.M)) == len(ids), name


def test_pybtex_reads_one_entry_per_paper(hostile: Catalog) -> None:
    for name, (text, ids) in exports(hostile).items():
        entries = parse_string(text, "bibtex").entries
        assert set(entries) == ids, name
    entries = parse_string(catalog_bibtex(hostile), "bibtex").entries
    # the title is one field, whole; the note (with its own smuggled entry) is in none
    assert untex(entries["smuggler"].fields["title"]) == (  # in case-protecting braces
        "{Smuggler } @misc{inner, title = {x}} %}")
    assert "note" not in entries["smuggler"].fields
    assert entries["braces"].fields["url"] == "https://example.org/braces#%25_~$&"


def test_bibtexparser_2_reads_one_entry_per_paper(hostile: Catalog) -> None:
    assert bibtexparser.__version__.startswith("2.")
    for name, (text, ids) in exports(hostile).items():
        library = bibtexparser.parse_string(text)
        assert library.failed_blocks == [], name
        assert {entry.key for entry in library.entries} == ids, name
        assert len(library.entries) == len(ids), name
        for entry in library.entries:
            assert entry.fields_dict["url"].value == hostile.papers[entry.key].url


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        reason = f"{name} is not installed (TeX Live)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return found


def test_the_bibtex_program_reads_one_entry_per_paper(hostile: Catalog,
                                                      tmp_path: Path) -> None:
    bibtex = tool("bibtex")
    for name, (text, ids) in exports(hostile).items():
        folder = tmp_path / name.removesuffix(".bib")
        folder.mkdir()
        (folder / "papers.bib").write_text(text, encoding="utf-8")
        (folder / "a.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{papers}\n",
                                      encoding="utf-8")
        run = subprocess.run([bibtex, "a"], cwd=folder, capture_output=True, text=True,
                             check=False, timeout=120)
        assert run.returncode == 0, run.stdout
        bbl = (folder / "a.bbl").read_text(encoding="utf-8")
        assert set(re.findall(r"\\bibitem\{([^}]*)\}", bbl)) == ids, name
        assert len(re.findall(r"\\bibitem\{", bbl)) == len(ids), name


# --- a reader's document without the url package ---------------------------------------------

#: URLs with every TeX special character a URL may still hold ($ & % # ~ _ ' and the
#: like); backslash, braces and ^ (with which TeX could read or write a file) are refused
#: by the catalog (test_hostile_text.py) and percent-encoded by the export.
TEX_URLS = {
    "tex-input": "https://example.org/x?a=1&b=$2$&c=%25#~_",
    "tex-comment": "https://example.org/100%25/~user/a_b#frag",
    "tex-quote": "https://example.org/it's;(x)!*+,=@:",
}


def test_natbib_without_the_url_package_reads_and_writes_no_other_file(tmp_path: Path
                                                                       ) -> None:
    xelatex, bibtex = tool("xelatex"), tool("bibtex")
    root = tmp_path / "catalog"
    write_catalog(root, {f"papers/{pid}.yaml": paper_yaml(
        title=f'"A Paper Whose URL Is {pid}"', url=f'"{url}"')
        for pid, url in TEX_URLS.items()})
    work = tmp_path / "reader"
    work.mkdir()
    (work / "papers.bib").write_text(catalog_bibtex(load_catalog(root)), encoding="utf-8")
    (work / "victim.txt").write_text("keep me\n", encoding="utf-8")
    (work / "main.tex").write_text(
        "\\documentclass{article}\\usepackage{natbib}\\begin{document}"
        + "".join(f"\\citet{{{pid}}} " for pid in TEX_URLS)
        + "\\bibliographystyle{plainnat}\\bibliography{papers}\\end{document}\n",
        encoding="utf-8")
    env = {**os.environ, "openout_any": "p", "shell_escape": "f"}
    for command in ([xelatex, "-interaction=nonstopmode", "-no-shell-escape", "main"],
                    [bibtex, "main"],
                    [xelatex, "-interaction=nonstopmode", "-no-shell-escape", "main"]):
        subprocess.run(command, cwd=work, env=env, capture_output=True, check=False,
                       timeout=300)
    log = (work / "main.log").read_text(encoding="utf-8", errors="replace")
    assert "\\bibitem" in (work / "main.bbl").read_text(encoding="utf-8")
    # only the document's own files and TeX's are read: no file of the reader's folder,
    # nor any absolute path outside TeX's own tree
    opened = re.findall(r"\((\.?/[^\s()]+)", log)
    own = {"./main.aux", "./main.bbl", "./main.tex"}
    assert {path for path in opened if path.startswith("./")} <= own, opened
    outside = [path for path in opened if path.startswith("/")
               and not re.search(r"texmf|texlive|/fonts/", path)]
    assert outside == [], outside
    assert (work / "victim.txt").read_text(encoding="utf-8") == "keep me\n"
    assert {p.name for p in work.iterdir()} <= {
        "main.tex", "papers.bib", "victim.txt", "main.aux", "main.log", "main.pdf",
        "main.bbl", "main.blg", "main.out"}


def test_the_export_writes_a_name_bibtex_cannot_split_braced(tmp_path: Path) -> None:
    """Whatever reaches it: the loader refuses such names, the export does not fail on one."""
    catalog = load_catalog(write_catalog(tmp_path))
    paper = dataclasses.replace(catalog.papers["mobilellm"],
                                authors=("Doe, John, Jr, Extra", "Ada Lovelace"))
    text = paper_bibtex(catalog, paper)
    entry = parse_string(text, "bibtex").entries["mobilellm"]
    assert [str(person) for person in entry.persons["author"]] == [
        "{Doe, John, Jr, Extra}", "Lovelace, Ada"]


def test_each_entry_is_the_text_pybtex_writes(hostile: Catalog) -> None:
    """The entries are written without pybtex's data and writer, as they would write
    them: the same text for hostile titles, names and URLs, and for the real papers."""
    from pybtex.database import BibliographyData
    from pybtex.database.output.bibtex import Writer

    from paper_catalog.bibtex import paper_entry

    class LatexWriter(Writer):  # type: ignore[misc]
        def _encode(self, text: str) -> str:  # the values are LaTeX already
            return text

    real = load_catalog(Path(__file__).parents[1] / "catalog")
    papers = [(hostile, p) for p in hostile.papers.values()]
    papers += [(real, p) for p in real.papers.values()]
    for catalog, paper in papers:
        data = BibliographyData()
        data.add_entry(paper.id, paper_entry(catalog, paper))
        assert paper_bibtex(catalog, paper) == LatexWriter().to_string(data), paper.id
