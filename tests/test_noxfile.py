"""The nox sessions: environments reused until pyproject.toml changes, a busy port refused,
the live server stopped with its session."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def noxfile() -> Any:
    spec = importlib.util.spec_from_file_location("noxfile", REPO / "noxfile.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeSession:
    """What install_project uses of a nox session, recording the installs."""

    def __init__(self, location: Path) -> None:
        self.virtualenv = SimpleNamespace(location=str(location))
        self.installs: list[tuple[str, ...]] = []

    def install(self, *args: str) -> None:
        self.installs.append(args)

    def log(self, message: str) -> None:
        pass


def test_project_is_installed_again_only_when_pyproject_changes(
        noxfile: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[project]\nname = 'a'\n")
    monkeypatch.setattr(noxfile, "PYPROJECT", pyproject)
    session = FakeSession(tmp_path)
    noxfile.install_project(session, "test")
    noxfile.install_project(session, "test")
    assert session.installs == [("-e", ".[test]")]
    pyproject.write_text("[project]\nname = 'b'\n")
    noxfile.install_project(session, "test")
    noxfile.install_project(session, "lint")
    assert session.installs == [("-e", ".[test]"), ("-e", ".[test]"), ("-e", ".[lint]")]


def test_port_option_is_read_and_removed(noxfile: Any) -> None:
    assert noxfile.split_port([]) == (8000, [])
    assert noxfile.split_port(["--port", "8123", "-E"]) == (8123, ["-E"])
    assert noxfile.split_port(["--port=9000"]) == (9000, [])
    with pytest.raises(ValueError):
        noxfile.split_port(["--port", "eighty"])


def test_a_busy_port_is_seen_before_the_server_starts(noxfile: Any) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert not noxfile.port_is_free(port)
    assert noxfile.port_is_free(port)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers(port: int) -> bool:
    with socket.socket() as client:
        client.settimeout(0.5)
        return client.connect_ex(("127.0.0.1", port)) == 0


FAKE_SERVER = """#!{python}
# Stands in for sphinx-autobuild: serves on --port, writes its PID, ends on SIGTERM.
import http.server, os, sys
port = int(sys.argv[sys.argv.index("--port") + 1])
with open({pid_file!r}, "w") as out:
    out.write(str(os.getpid()))
http.server.HTTPServer(("127.0.0.1", port), http.server.SimpleHTTPRequestHandler).serve_forever()
"""


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_docs_live_stops_its_server_on_sigterm_as_on_ctrl_c(
        tmp_path: Path, stop: signal.Signals) -> None:
    """``kill PID`` of nox ends the server it started and frees the port, as Ctrl-C does
    (nox run on the session of noxfile.py, with a stand-in for sphinx-autobuild)."""
    tools = tmp_path / "bin"
    tools.mkdir()
    server = tools / "sphinx-autobuild"
    pid_file = tmp_path / "server.pid"
    server.write_text(FAKE_SERVER.format(python=sys.executable, pid_file=str(pid_file)))
    server.chmod(0o755)
    port = free_port()
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
    # nox gets Ctrl-C's signal as from a terminal, also when the suite runs in a background
    # job: a shell starts those with SIGINT ignored (POSIX, '&' without job control), which
    # nox would inherit and so never see the interrupt
    nox = subprocess.Popen(
        [sys.executable, "-m", "nox", "-f", str(REPO / "noxfile.py"), "-s", "docs-live",
         "--no-venv", "--", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 60
        while not (pid_file.exists() and answers(port)):
            assert nox.poll() is None, nox.communicate()[0]
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        nox.send_signal(stop)
        output = nox.communicate(timeout=10)[0]
        deadline = time.monotonic() + 5
        while answers(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not answers(port), f"the server still listens on {port}:\n{output}"
        assert "Session docs-live interrupted" in output
    finally:
        if nox.poll() is None:
            nox.kill()
            nox.wait()
        if pid_file.exists():  # never leave the stand-in running, even when the test fails
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid_file.read_text()), signal.SIGKILL)


def test_docs_reports_an_invalid_catalog_without_a_crash_report(tmp_path: Path) -> None:
    """``nox -s docs`` checks the catalog before Sphinx runs: each problem at its file and
    line, exit status 1, and none of the crash report Sphinx prints around any error that
    ends a build (a paper whose year is in the future, in a copy of the catalog)."""
    import shutil

    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    shutil.copy(REPO / "noxfile.py", tmp_path / "noxfile.py")
    paper = sorted((tmp_path / "catalog" / "papers").glob("*.yaml"))[0]
    lines = paper.read_text(encoding="utf-8").splitlines(keepends=True)
    year_line = next(i for i, line in enumerate(lines) if line.startswith("year:"))
    lines[year_line] = "year: 3000\n"
    paper.write_text("".join(lines), encoding="utf-8")
    tools = Path(sys.executable).parent  # paper-catalog, installed beside this Python
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        [sys.executable, "-m", "nox", "-f", str(tmp_path / "noxfile.py"), "-s", "docs",
         "--no-venv"], env=env, capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    where = f"catalog/papers/{paper.name}:{year_line + 1}: paper '{paper.stem}', field 'year'"
    assert f"{where}: 3000 is in the future" in output
    assert "Traceback" not in output and "sphinx-doc/sphinx/issues" not in output
    assert "sphinx-build" not in output  # the site is not built from an invalid catalog
