"""A fixture for tests of the commands that fetch: no real connection is opened."""

from __future__ import annotations

import socket

import pytest


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any real connection fails the test (the replayed answers come before a socket is
    opened); autouse in each module that imports it."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the test opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
