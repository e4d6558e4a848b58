"""Development sessions: build the site, preview it live, test, lint.

Environments are kept between runs and the project is installed again only when
``pyproject.toml`` changed since the last install (or with ``nox -s NAME --reuse-venv=no``).
"""

from __future__ import annotations

import contextlib
import hashlib
import signal
import socket
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["docs", "tests", "lint"]
nox.options.reuse_venv = "yes"

PYPROJECT = Path(__file__).parent / "pyproject.toml"
DOCS_OUT = "docs/_build/html"
#: Sphinx's parsed pages and the catalog's caches: beside the site, not in it, so that the
#: HTML folder is the site alone (docs/offline.md says to zip it; the caches hold paths).
DOCTREES = "docs/_build/doctrees"
SPHINX_ARGS = ["-W", "--keep-going", "-d", DOCTREES, "-b", "html", "docs", DOCS_OUT]
LIVE_PORT = 8000


def install_project(session: nox.Session, extras: str = "") -> None:
    """``pip install -e .[extras]``, skipped when this environment has this pyproject.toml."""
    location = getattr(session.virtualenv, "location", None)
    if location is None:  # nox --no-venv: the current environment, as it is
        session.log("no environment of its own (--no-venv): installing nothing")
        return
    wanted = f"{hashlib.sha256(PYPROJECT.read_bytes()).hexdigest()} [{extras}]"
    stamp = Path(location) / "installed-pyproject.txt"
    if stamp.is_file() and stamp.read_text() == wanted:
        session.log("pyproject.toml unchanged since the last install: reusing the environment")
        return
    session.install("-e", f".[{extras}]" if extras else ".")
    stamp.write_text(wanted)


def split_port(args: list[str]) -> tuple[int, list[str]]:
    """The port ``--port N`` (or ``--port=N``) asks for, 8000 by default, and the other args."""
    port, rest = LIVE_PORT, []
    values = iter(args)
    for arg in values:
        if arg == "--port":
            port = int(next(values, str(LIVE_PORT)))
        elif arg.startswith("--port="):
            port = int(arg.split("=", 1)[1])
        else:
            rest.append(arg)
    return port, rest


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server can listen on ``host:port`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


@contextlib.contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """While serving, SIGTERM (``kill PID``) and SIGHUP (a closed terminal) act as Ctrl-C.

    nox then stops the server it started, as on Ctrl-C, instead of exiting and leaving
    the server running on its port.
    """
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {name: signal.signal(getattr(signal, name), interrupt) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into docs/_build/html (doctrees in docs/_build/doctrees); any warning
    fails the build."""
    install_project(session)
    # The catalog's problems first, each at its file and line: Sphinx reports any error
    # that ends a build, an invalid catalog's too, with its crash report around it.
    session.run("paper-catalog", "validate")
    session.run("sphinx-build", *SPHINX_ARGS, *session.posargs)


@nox.session(name="docs-live")
def docs_live(session: nox.Session) -> None:
    """Serve the site on http://127.0.0.1:8000 (or ``-- --port N``), rebuild on every change."""
    try:
        port, args = split_port(session.posargs)
    except ValueError:
        session.error("--port takes a number, as in 'nox -s docs-live -- --port 8001'")
    if not port_is_free(port):
        session.error(f"port {port} is in use: pick another with "
                      f"'nox -s docs-live -- --port {port + 1}'")
    install_project(session, "live")
    with stop_on_sigterm():
        # on a stop, the server gets SIGTERM and up to 5 s to end before it is killed
        session.run("sphinx-autobuild", "--watch", "catalog", "--watch", "docs/_ext",
                    "--watch", "CONTRIBUTING.md", "--host", "127.0.0.1", "--port", str(port),
                    *SPHINX_ARGS, *args, terminate_timeout=5)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (unit, Sphinx builds, browser tests in Chromium)."""
    install_project(session, "test")
    session.run("pytest", *session.posargs)


@nox.session(name="tests-oldest")
def tests_oldest(session: nox.Session) -> None:
    """The test suite with the lowest versions pyproject.toml allows of Sphinx, Jinja, the
    theme and the Sphinx extensions (tests/constraints-oldest.txt)."""
    session.install("-e", ".[test]", "-c", "tests/constraints-oldest.txt")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """The pre-commit hooks on every file: ruff, mypy (strict), paper-catalog validate, YAML,
    whitespace."""
    install_project(session, "lint")
    session.run("pre-commit", "run", "--all-files", "--show-diff-on-failure")


@nox.session
def catalog(session: nox.Session) -> None:
    """Run the paper-catalog command without installing it: ``nox -s catalog -- validate``."""
    install_project(session)
    session.run("paper-catalog", *(session.posargs or ["validate"]))


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check every external link of the site, so every catalog URL (needs the network).

    Settings (timeouts, retries, rate limit, ignored hosts) are in docs/conf.py; the
    report is written to docs/_build/linkcheck/output.txt and output.json. Its doctrees
    are its own (docs/_build/linkcheck/.doctrees): a build of another builder that shared
    the HTML build's would mark the catalog's changes as seen without the pages written.
    """
    install_project(session)
    session.run("sphinx-build", "-b", "linkcheck", "docs", "docs/_build/linkcheck",
                *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Time and measure site builds at 1,000 and 10,000 generated papers against plain
    tables; prints a table and writes bench-results/bench.json (--quick: 200 papers)."""
    install_project(session)
    session.run("python", "benchmarks/bench_build.py", *session.posargs)
