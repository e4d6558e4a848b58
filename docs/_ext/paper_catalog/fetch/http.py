"""The HTTP side of fetching: one session with the project's User-Agent and a timeout on
every request, and the translation of every way a request fails into one line."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import urlsplit

import requests

from .record import FetchError, UnknownPaper

PROJECT = "resource-efficient-llm-papers"
try:
    VERSION = version(PROJECT)
except PackageNotFoundError:  # run from a checkout that is not installed
    VERSION = "0"

#: Names the project to the services, as their usage policies ask.
USER_AGENT = f"{PROJECT}/{VERSION} (paper-catalog)"
#: Seconds to wait for a connection and then for each read of an answer.
TIMEOUT = 20.0


class Session(requests.Session):
    """A session whose every request names the project and has a timeout, whatever the
    caller (a client library) passes."""

    def __init__(self) -> None:
        super().__init__()
        self.headers["User-Agent"] = USER_AGENT

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
                ) -> requests.Response:
        kwargs["headers"] = {k: v for k, v in (kwargs.get("headers") or {}).items()
                             if k.lower() != "user-agent"}
        kwargs["timeout"] = kwargs.get("timeout") or TIMEOUT
        return super().request(method, url, *args, **kwargs)


@contextmanager
def service_errors(service: str, url: str) -> Iterator[None]:
    """Turn a failed connection or a timeout of a request to ``service`` into a FetchError."""
    host = urlsplit(url).hostname or url
    try:
        yield
    except requests.Timeout:
        raise FetchError(f"{service} ({host}) did not answer within {TIMEOUT:g} seconds: "
                         "try again later") from None
    except requests.RequestException:
        raise FetchError(f"cannot reach {service} ({host}): check the network connection, "
                         "then try again") from None


def status_error(service: str, status: int, missing: str) -> FetchError:
    """The error for an HTTP error ``status`` from ``service``; ``missing`` is the message
    for a 404 (the service has no such paper)."""
    if status == 404:
        return UnknownPaper(missing)
    if status == 429:
        return FetchError(f"{service} is limiting requests (HTTP 429 Too Many Requests): "
                          "wait a few minutes, then try again")
    if status == 503:
        return FetchError(f"{service} is unavailable or busy (HTTP 503): wait a few "
                          "minutes, then try again")
    return FetchError(f"{service} answered HTTP {status}: try again later")


def get(session: requests.Session, service: str, url: str, missing: str,
        params: Mapping[str, str] | None = None) -> requests.Response:
    """A successful answer of ``service`` at ``url``, or a FetchError."""
    with service_errors(service, url):
        response = session.get(url, params=params)
    if response.status_code != 200:
        raise status_error(service, response.status_code, missing)
    return response


def json_body(response: requests.Response, service: str) -> Any:
    """The JSON of an answer; a FetchError when it is not JSON."""
    try:
        return response.json()
    except ValueError:
        raise FetchError(f"{service} answered with something other than JSON: try again "
                         "later") from None
