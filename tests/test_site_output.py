"""The HTML folder ``nox -s docs`` writes is the site alone: zipped as docs/offline.md says,
it ships no doctrees, caches or compiled templates, and no file of it holds the absolute
path of the build."""

from __future__ import annotations

import ast
from pathlib import Path

from site_build import REPO


def nox_assignments() -> dict[str, object]:
    """The noxfile's constants (a name in a list as its value)."""
    tree = ast.parse((REPO / "noxfile.py").read_text(encoding="utf-8"))
    names: dict[str, object] = {}
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)):
            continue
        value = node.value
        if isinstance(value, ast.List):
            names[node.targets[0].id] = [names[e.id] if isinstance(e, ast.Name)
                                         else ast.literal_eval(e) for e in value.elts]
        elif isinstance(value, ast.Constant):
            names[node.targets[0].id] = value.value
    return names


def test_the_docs_sessions_keep_the_doctrees_out_of_the_html_folder() -> None:
    names = nox_assignments()
    args, out = names["SPHINX_ARGS"], names["DOCS_OUT"]
    assert isinstance(args, list) and isinstance(out, str)
    doctrees = Path(args[args.index("-d") + 1])
    assert doctrees == Path("docs/_build/doctrees")
    assert Path(out) not in doctrees.parents and doctrees != Path(out)
    assert args[-1] == out
    sessions = (REPO / "noxfile.py").read_text(encoding="utf-8")
    # docs and docs-live pass the same arguments (one doctree folder for one HTML folder)
    assert sessions.count("*SPHINX_ARGS") == 2


def test_the_html_folder_is_the_site_alone(docs_site: Path) -> None:
    files = [path for path in docs_site.rglob("*") if path.is_file()]
    assert not (docs_site / ".doctrees").exists()
    assert [p for p in files if p.suffix in (".pickle", ".doctree", ".cache", ".stamp")] == []
    assert [p for p in files if p.name.startswith("__jinja2_")] == []
    hidden = sorted(str(p.relative_to(docs_site)) for p in docs_site.rglob(".*"))
    assert hidden == [".buildinfo"]  # Sphinx's note of the configuration, no path
    # the doctrees, the catalog's caches and the compiled templates are beside it
    doctrees = docs_site.parent / "doctrees"
    assert (doctrees / "environment.pickle").is_file()
    assert (doctrees / "paper-catalog.pickle").is_file()
    assert list(doctrees.glob("templates-*/__jinja2_*.cache"))


def test_no_file_of_the_site_holds_the_build_path(docs_site: Path) -> None:
    paths = {str(REPO), str(REPO.resolve()), str(docs_site.parent),
             str(docs_site.parent.resolve())}
    needles = {path.encode() for path in paths} | {
        path.replace("/", "\\/").encode() for path in paths}  # as JSON may escape it
    holding = sorted(str(path.relative_to(docs_site)) for path in docs_site.rglob("*")
                     if path.is_file() and any(n in path.read_bytes() for n in needles))
    assert holding == []
