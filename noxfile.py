"""Development sessions: build the site, preview it live, test, lint."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["docs", "tests", "lint"]

DOCS_OUT = "docs/_build/html"
SPHINX_ARGS = ["-W", "--keep-going", "-b", "html", "docs", DOCS_OUT]


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into docs/_build/html; any warning fails the build."""
    session.install("-e", ".")
    session.run("sphinx-build", *SPHINX_ARGS, *session.posargs)


@nox.session(name="docs-live")
def docs_live(session: nox.Session) -> None:
    """Serve the site on http://127.0.0.1:8000 and rebuild on every change."""
    session.install("-e", ".[live]")
    session.run("sphinx-autobuild", "--watch", "catalog", "--watch", "docs/_ext",
                "--watch", "CONTRIBUTING.md",
                "--host", "127.0.0.1", "--port", "8000", *SPHINX_ARGS, *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (unit, Sphinx builds, browser tests in Chromium)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check the code style with ruff and validate the catalog."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("paper-catalog", "validate")


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check every external link of the site, so every catalog URL (needs the network).

    Settings (timeouts, retries, rate limit, ignored hosts) are in docs/conf.py; the
    report is written to docs/_build/linkcheck/output.txt and output.json.
    """
    session.install("-e", ".")
    session.run("sphinx-build", "-b", "linkcheck", "docs", "docs/_build/linkcheck",
                *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Time and measure site builds at 1,000 and 10,000 generated papers against plain
    tables; prints a table and writes bench-results/bench.json (--quick: 200 papers)."""
    session.install("-e", ".")
    session.run("python", "benchmarks/bench_build.py", *session.posargs)
