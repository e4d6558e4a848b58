"""Read the Docs builds the site the way ``nox -s docs`` does."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def rtd() -> dict:
    return yaml.safe_load((REPO / ".readthedocs.yaml").read_text())


def nox_docs() -> tuple[list[str], list[list[str]]]:
    """The sphinx-build arguments and the project installs of the noxfile's docs session."""
    tree = ast.parse((REPO / "noxfile.py").read_text())
    listing = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                   and getattr(node.targets[0], "id", "") == "SPHINX_ARGS")
    # constants as their value, names (the output folder) as their name
    args = [e.value if isinstance(e, ast.Constant) else ast.unparse(e) for e in listing.elts]
    docs = next(node for node in tree.body
                if isinstance(node, ast.FunctionDef) and node.name == "docs")
    # install_project(session, extras): the extras after the session argument
    installs = [[ast.literal_eval(a) for a in call.args[1:]] for call in ast.walk(docs)
                if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "install_project"]
    return args, installs


def test_same_configuration_builder_and_warning_policy() -> None:
    config = rtd()
    args, _ = nox_docs()
    assert config["version"] == 2
    assert config["sphinx"]["configuration"] == f"{args[args.index('-b') + 2]}/conf.py"
    assert config["sphinx"]["builder"] == args[args.index("-b") + 1] == "html"
    assert config["sphinx"]["fail_on_warning"] is ("-W" in args)


def test_same_dependencies_from_pyproject() -> None:
    _, installs = nox_docs()
    assert installs == [[]]  # the project itself, no extras: pip install -e .
    assert rtd()["python"]["install"] == [{"method": "pip", "path": "."}]
    requires = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert {"sphinx", "myst-parser", "pydata-sphinx-theme", "sphinx-design"} <= {
        dep.split(">")[0].split("<")[0].split("=")[0] for dep in requires["dependencies"]}


def test_python_and_offline_download() -> None:
    config = rtd()
    minimum = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "requires-python"].removeprefix(">=")
    assert config["build"]["tools"]["python"] == minimum
    # the offline download is the multi-page site zipped by post_build
    # (tests/test_offline.py), not Read the Docs' single-page "htmlzip" format
    assert "htmlzip" not in config["formats"]
    assert any("htmlzip" in command for command in config["build"]["jobs"]["post_build"])


def test_pdf_and_epub_are_offered() -> None:
    """Both build with -W (``fail_on_warning`` applies to them too): tests/test_formats.py."""
    assert {"pdf", "epub"} <= set(rtd()["formats"])
    assert rtd()["sphinx"]["fail_on_warning"] is True
