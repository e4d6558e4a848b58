"""What a service says about a paper, and how a fetch fails."""

from __future__ import annotations

from dataclasses import dataclass


class FetchError(Exception):
    """A fetch that failed; the message is one line naming the service and what to do."""

    #: The exit status of a command that stops on it.
    status = 1


class UnknownPaper(FetchError):
    """The service answered, and has no paper with that identifier."""


class UnreadableIdentifier(FetchError):
    """The text is no identifier of a service that is read (a usage error)."""

    status = 2


@dataclass(frozen=True)
class Fetched:
    """A paper's facts as one service records them."""

    #: The service, for messages and notes: "arXiv", "Crossref", "OpenReview", ...
    service: str
    #: The identifier as the service names it: "arXiv 2402.14905", "DOI 10.1145/3132847".
    identifier: str
    title: str
    #: "Given Family" names, in the paper's order.
    authors: tuple[str, ...]
    year: int
    #: The venue's names as the service spells them, the most telling first (full name,
    #: acronym, ...); matched against catalog/venues.yaml by :mod:`.venues`.
    venue_names: tuple[str, ...]
    #: The paper's canonical landing page.
    url: str
    #: A DOI of a published version and the authors' journal reference (arXiv only).
    doi: str | None = None
    journal_ref: str | None = None
