"""The package's layers: the library (top level) uses neither Sphinx, docutils, the
Sphinx glue (``sphinxext/``) nor, outside the commands that need it, the README layer."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "docs" / "_ext" / "paper_catalog"
LIBRARY = sorted(PACKAGE.glob("*.py"))

#: Run with Sphinx and docutils unimportable: import every library module, then the CLI.
SCRIPT = textwrap.dedent("""\
    import importlib, importlib.abc, sys

    BLOCKED = ("sphinx", "docutils")

    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                raise ImportError(f"{name} is blocked in this test")
            return None

    sys.meta_path.insert(0, Blocker())
    for name in sys.argv[1].split(","):
        importlib.import_module(name)
    from paper_catalog.cli import main

    catalog = sys.argv[2]
    assert main(["--catalog", catalog, "validate"]) == 0
    assert main(["--catalog", catalog, "add", "https://arxiv.org/abs/2401.99999",
                 "--title", "A Layering Test Paper", "--topic", "quantization",
                 "--keyword", "Weight Quantization", "--author", "Ann Smith"]) == 0
    assert main(["--catalog", catalog, "validate"]) == 0
    assert main(["--catalog", catalog, "export-readme", "-o", catalog + "/README.md"]) == 0
    loaded = sorted(m for m in sys.modules if m.partition(".")[0] in BLOCKED)
    assert not loaded, loaded
    print("library ok")
""")


def test_library_and_cli_run_without_sphinx_or_docutils(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", catalog)
    modules = ["paper_catalog", *(f"paper_catalog.{p.stem}" for p in LIBRARY
                                  if p.stem not in ("__init__", "__main__")),
               "paper_catalog.readme.parse", "paper_catalog.readme.render",
               "paper_catalog.readme.importer"]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, ",".join(modules), str(catalog)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
        env={"PYTHONPATH": str(PACKAGE.parent), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("library ok\n")
    assert [p.name for p in (catalog / "papers").glob("*layering*")] == [
        "layering-test-paper.yaml"]


def _imports(tree: ast.AST) -> list[tuple[str, ast.AST]]:
    """Each module an import in ``tree`` names, relative ones with their leading dots
    (``from . import x`` names both '.' and '.x')."""
    found: list[tuple[str, ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            found.append((base, node))
            found.extend((f"{base.rstrip('.')}.{alias.name}" if node.module else
                          f"{base}{alias.name}", node) for alias in node.names)
    return found


def _layer(name: str) -> str:
    """'sphinx', 'docutils', 'sphinxext', 'readme' or '' for what ``name`` imports."""
    parts = name.lstrip(".").split(".")
    if parts[0] == "paper_catalog":
        parts = parts[1:]
    if not name.startswith(".") and name.split(".")[0] in ("sphinx", "docutils"):
        return name.split(".")[0]
    return parts[0] if parts and parts[0] in ("sphinxext", "readme") else ""


def test_no_library_module_imports_sphinx_docutils_or_the_glue() -> None:
    wrong = []
    for path in LIBRARY:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        at_module_level = {id(n) for n in tree.body}
        # ``setup`` of the package delegates to the Sphinx glue (extensions = [...]) and
        # names Sphinx's types for the type checker only
        allowed = {id(node) for block in tree.body if path.name == "__init__.py" and (
            (isinstance(block, ast.FunctionDef) and block.name == "setup")
            or (isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"))
            for node in ast.walk(block)}
        for name, node in _imports(tree):
            layer = _layer(name)
            if layer in ("sphinx", "docutils", "sphinxext") and id(node) not in allowed:
                wrong.append(f"{path.name}:{node.lineno} imports {name}")
            # the README layer only inside the commands that read or write a README
            if layer == "readme" and id(node) in at_module_level:
                wrong.append(f"{path.name}:{node.lineno} imports {name} at module level")
    assert wrong == []


def test_the_catalog_extension_never_imports_the_site_tuning() -> None:
    """``site_tuning`` is this site's opt-in: the catalog package works without it (it
    may import the catalog, never the other way round)."""
    wrong = [f"{path.relative_to(PACKAGE)}:{node.lineno} imports {name}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for name, node in _imports(ast.parse(path.read_text(encoding="utf-8")))
             if name.split(".")[0] == "site_tuning"]
    assert wrong == []
