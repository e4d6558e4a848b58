"""The nox sessions: environments reused until pyproject.toml changes, a busy port refused."""

from __future__ import annotations

import importlib.util
import socket
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
