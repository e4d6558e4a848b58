"""The catalog extension in another project, built by a program that runs Sphinx itself:
the program is as it was after each build, and the project's configuration is what its
``conf.py`` and the program set, while pages are written too.

The program runs in a child process (``HOST``), so that its garbage collector, which it
freezes first as pre-fork servers do, and its modules are its own: it builds the
``test-embed`` project (the pages and catalog of ``test-catalog`` with a conf.py of its
own) three times, then once with an invalid catalog, and prints what it saw.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOTS = Path(__file__).resolve().parent / "roots"

HOST = textwrap.dedent('''\
    import gc, io, json, sys, threading
    from pathlib import Path

    import jinja2, pydata_sphinx_theme, pydata_sphinx_theme.toctree, sphinx_sitemap
    import sphinx.application, sphinx.builders, sphinx.builders.html, sphinx.config
    import sphinx.environment, sphinx.events, sphinx.jinja2glue
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    #: What a patch would change: the attributes of these modules and classes.
    WATCHED = [jinja2, jinja2.Environment, pydata_sphinx_theme, pydata_sphinx_theme.toctree,
               sphinx_sitemap, sphinx.application.Sphinx, sphinx.builders.Builder,
               sphinx.builders.html.StandaloneHTMLBuilder, sphinx.config.Config,
               sphinx.environment.BuildEnvironment, sphinx.events.EventManager,
               sphinx.jinja2glue.BuiltinTemplateLoader, gc]

    def snapshot():
        # (not submodules imported on first use, nor the warnings module's own registry)
        return {getattr(o, "__qualname__", o.__name__): {
                    k: id(v) for k, v in vars(o).items()
                    if k != "__warningregistry__" and type(v) is not type(sys)}
                for o in WATCHED}

    def collector():
        return {"threshold": gc.get_threshold(), "enabled": gc.isenabled()}

    project = Path(sys.argv[1])
    host_table = {"lock": threading.Lock(), "hook": lambda text: text}  # cannot be pickled
    gc.set_threshold(900, 11, 12)
    gc.freeze()  # the program's own objects, as a pre-fork server freezes them
    frozen = gc.get_freeze_count()
    before, settings = snapshot(), collector()
    report = {"builds": []}

    def changed():
        now = snapshot()
        return sorted(f"{name}.{attr}" for name, attrs in now.items()
                      for attr, ident in attrs.items() if before[name].get(attr) != ident
                      ) + sorted(f"{name}.{attr} (removed)" for name, attrs in before.items()
                                 for attr in attrs if attr not in now[name])

    def build(name):
        warnings = io.StringIO()
        app = None
        try:
            # (the catalog is loaded when the builder starts: an invalid one stops here)
            # as sphinx-build runs it: docutils' registries are restored after the build
            with patch_docutils(project), docutils_namespace():
                app = Sphinx(project, project, project / "_build/html",
                             project / "_build/doctrees", "html", status=io.StringIO(),
                             warning=warnings, confoverrides={"probe_table": host_table})
                app.build()
        except SphinxError as error:
            outcome = f"{type(error).__name__}: {error.category}: {error}"
        else:
            outcome = "built"
        if app is None:
            report["builds"].append({
                "name": name, "outcome": outcome, "warnings": warnings.getvalue(),
                "collector": collector() == settings,
                "frozen objects added": max(0, gc.get_freeze_count() - frozen),
                "patched": changed()})
            return
        hook = app.config.probe_hook
        seen = getattr(app, "probe_seen", [])
        report["builds"].append({
            "name": name, "outcome": outcome,
            "warnings": warnings.getvalue(),
            "pages written": len(seen),
            "config is app.config while writing": all(same for same, _, _ in seen),
            "options intact while writing": all(h is hook and t is host_table
                                                for _, h, t in seen),
            "options intact after": (app.config.probe_hook is hook
                                     and app.config.probe_table is host_table
                                     and app.env.config is app.config),
            "builder methods replaced": sorted(
                k for k, v in vars(app.builder).items() if callable(v)),
            "template bytecode cache": repr(app.builder.templates.environment.bytecode_cache),
            "collector": collector() == settings,
            "frozen objects added": max(0, gc.get_freeze_count() - frozen),
            "patched": changed(),
        })

    build("clean")
    build("no change")
    paper = project / "catalog/papers/sparse-cut.yaml"
    paper.write_text(paper.read_text().replace("at Scale", "at a Larger Scale"))
    build("one edit")
    (paper.parent / "broken.yaml").write_text("title: [unclosed\\n")
    build("invalid catalog")
    report["modules"] = sorted(m for m in sys.modules if m.split(".")[0] == "site_tuning")
    print(json.dumps(report))
''')


@pytest.fixture(scope="module")
def host_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    project = tmp_path_factory.mktemp("embed") / "project"
    shutil.copytree(ROOTS / "test-catalog", project)
    for name in ("conf.py", "embed_probe.py"):
        shutil.copy(ROOTS / "test-embed" / name, project / name)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    run = subprocess.run([sys.executable, "-c", HOST, str(project)], capture_output=True,
                         text=True, env=env, cwd=project, timeout=600)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


def test_the_builds_run_and_an_invalid_catalog_is_a_sphinx_error(host_report) -> None:
    builds = host_report["builds"]
    assert [(b["name"], b["outcome"]) for b in builds] == [
        ("clean", "built"), ("no change", "built"), ("one edit", "built"),
        ("invalid catalog", "CatalogBuildError: Catalog error: 1 problem in the catalog "
                            "(listed above); the site was not built.")]
    assert [b["warnings"] for b in builds[:3]] == ["", "", ""]
    assert "catalog/papers/broken.yaml:2: ERROR: file: invalid YAML" in (
        builds[3]["warnings"])
    assert builds[0]["pages written"] > 5 and builds[2]["pages written"] > 0


@pytest.mark.parametrize("build", range(4))
def test_the_program_is_unchanged_after_each_build(host_report, build: int) -> None:
    seen = host_report["builds"][build]
    assert seen["collector"] is True  # thresholds and enabled as the program set them
    assert seen["frozen objects added"] == 0
    assert seen["patched"] == []


@pytest.mark.parametrize("build", range(3))
def test_the_projects_options_are_its_own_while_pages_are_written(host_report,
                                                                  build: int) -> None:
    seen = host_report["builds"][build]
    assert seen["config is app.config while writing"] is True
    assert seen["options intact while writing"] is True
    assert seen["options intact after"] is True


@pytest.mark.parametrize("build", range(3))
def test_no_builder_method_theme_or_template_engine_is_patched(host_report,
                                                               build: int) -> None:
    seen = host_report["builds"][build]
    assert seen["builder methods replaced"] == []
    assert seen["template bytecode cache"] == "None"
    assert host_report["modules"] == []
