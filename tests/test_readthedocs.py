"""Read the Docs builds the site the way ``nox -s docs`` does."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
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


def run_post_build(output: Path, version: str) -> list[Path]:
    """Run the post_build commands as Read the Docs does (each with bash, in the
    repository, ``python`` on the PATH); the files they leave in htmlzip/."""
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
           "READTHEDOCS_OUTPUT": str(output), "READTHEDOCS_PROJECT": "papers",
           "READTHEDOCS_VERSION": version}
    for command in rtd()["build"]["jobs"]["post_build"]:
        subprocess.run(["bash", "-c", command], env=env, check=True, cwd=REPO)
    return sorted((output / "htmlzip").iterdir())


@pytest.mark.parametrize(("version", "expected"), [
    ("v0.1.0", "papers-v0-1-0.zip"), ("latest", "papers-latest.zip"),
    ("1.2", "papers-1-2.zip")])
def test_offline_zip_name_has_one_dot_for_any_version(
        tmp_path: Path, version: str, expected: str) -> None:
    """Read the Docs renames the one file of htmlzip/ after ``_, extension =
    filename.rsplit(".")``, which fails on a second dot (a version such as v0.1.0)."""
    site = tmp_path / "html"
    (site / "_static").mkdir(parents=True)
    (site / "index.html").write_text("<title>Papers</title>", encoding="utf-8")
    (site / "_static" / "table.js").write_text("// script", encoding="utf-8")
    zips = run_post_build(tmp_path, version)
    assert [z.name for z in zips] == [expected]
    _, extension = zips[0].name.rsplit(".")  # what the upload does: one dot, or it fails
    assert extension == "zip"
    with zipfile.ZipFile(zips[0]) as archive:
        archive.extractall(tmp_path / "unzipped")
    folder = tmp_path / "unzipped" / f"papers-{version}"
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == [
        "_static/table.js", "index.html"]
    assert (folder / "index.html").read_text(encoding="utf-8") == "<title>Papers</title>"
