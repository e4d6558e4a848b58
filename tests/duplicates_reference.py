"""The checks across papers of duplicates.py as they were before they were bounded
(difflib's SequenceMatcher for near titles, a pure-Python Levenshtein for keyword slips,
every pair of candidates compared): the oracle the bounded checks are compared with on
realistic titles and keywords. Quadratic: run it on small inputs only."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from difflib import SequenceMatcher

from paper_catalog.model import Paper
from paper_catalog.normalize import arxiv_id

#: Titles this similar (0..1, by characters, ignoring spaces and punctuation) are one work.
NEAR_TITLE_RATIO = 0.9
#: A keyword word at least this long may differ by a slip of one or two letters.
LONG_WORD = 7


WORD = re.compile(r"[^\W_]+")
NUMBER = re.compile(r"\d+")


def _words(text: str) -> list[str]:
    """Casefolded words without punctuation, each without a plural 's'."""
    return [w[:-1] if len(w) > 3 and w[-1] == "s" and w[-2] != "s" else w
            for w in WORD.findall(text.casefold())]


def title_key(title: str) -> str:
    """Equal for titles that differ only in case, punctuation, spacing or plurals."""
    return " ".join(_words(title))


def same_work(papers: Sequence[Paper], title_keys: Mapping[str, str] | None = None
              ) -> Iterator[tuple[Paper, Paper, str]]:
    """(paper, an earlier paper it duplicates, why) for each entry of a work listed twice;
    ``title_keys``, when given, holds each paper's :func:`title_key` by id."""
    seen_ids: dict[str, Paper] = {}
    seen_titles: dict[str, Paper] = {}
    blocks: dict[tuple[str, tuple[str, ...], int], list[tuple[Paper, str]]] = {}
    for paper in papers:
        identifier = arxiv_id(paper.url) if "arxiv" in paper.url else None
        if identifier and identifier in seen_ids:
            yield paper, seen_ids[identifier], f"both are arXiv {identifier}"
            continue
        key = title_keys[paper.id] if title_keys is not None else title_key(paper.title)
        if key in seen_titles:
            yield (paper, seen_titles[key],
                   "the titles differ only in case, punctuation or a plural")
            continue
        joined = key.replace(" ", "")
        # Titles that differ in their numbers ("GPT-3", "Study 12") are different works.
        numbers = tuple(NUMBER.findall(joined))
        # the first end, then the last (a set, once, which made the order vary by run)
        ends = list(dict.fromkeys((joined[:6], joined[-6:])))
        other = _near_title(paper, joined, numbers, ends, blocks)
        if other is not None:
            yield (paper, other, f"nearly the same title, and {other.year} and {paper.year} "
                                 "are at most a year apart")
            continue
        if identifier:
            seen_ids[identifier] = paper
        seen_titles[key] = paper
        for end in ends:
            blocks.setdefault((end, numbers, paper.year), []).append((paper, joined))


def _near_title(paper: Paper, joined: str, numbers: tuple[str, ...], ends: list[str],
                blocks: dict[tuple[str, tuple[str, ...], int], list[tuple[Paper, str]]]
                ) -> Paper | None:
    """An earlier paper a year or less apart, with the same numbers, whose title is
    nearly ``joined``. Candidates share the first or the last six characters, so an edit
    in the middle or at one end is found without comparing every pair."""
    checked: set[str] = set()
    for end in ends:
        for year in (paper.year - 1, paper.year, paper.year + 1):
            for other, theirs in blocks.get((end, numbers, year), ()):
                if other.id in checked:
                    continue
                checked.add(other.id)
                matcher = SequenceMatcher(None, joined, theirs, autojunk=False)
                if (matcher.real_quick_ratio() >= NEAR_TITLE_RATIO
                        and matcher.quick_ratio() >= NEAR_TITLE_RATIO
                        and matcher.ratio() >= NEAR_TITLE_RATIO):
                    return other
    return None


def keyword_key(keyword: str) -> str:
    """Equal for keywords that differ only in case, spacing, punctuation or plurals."""
    return "".join(_words(keyword))


def _slip(a: str, b: str) -> bool:
    """Two keywords the same but for one long word spelt one or two letters apart
    ("Quantisation" / "Quantization"); a different first letter makes another word
    ("Encoder" / "Decoder", "Structured" / "Unstructured")."""
    wa, wb = _words(a), _words(b)
    if len(wa) != len(wb):
        return False
    differing = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    return (min(len(x), len(y)) >= LONG_WORD and x[0] == y[0]
            and not (x.isdigit() or y.isdigit()) and _distance(x, y) <= 2)


def _distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def keyword_variants(papers: Iterable[Paper]
                     ) -> Iterator[tuple[Paper, str, str, Paper, str]]:
    """(paper, topic, its keyword, a paper using the spelling in use, that spelling).

    The spelling in use is the one most papers of the topic use (on a tie, the one of
    the first paper); every paper with another spelling of it is reported.
    """
    by_topic: dict[str, dict[str, list[Paper]]] = {}
    for paper in papers:
        for topic, keyword in paper.topics:
            by_topic.setdefault(topic, {}).setdefault(keyword, []).append(paper)
    for topic, spellings in by_topic.items():
        counts = Counter({k: len(ps) for k, ps in spellings.items()})
        ranked = sorted(spellings, key=lambda k: -counts[k])  # stable: first seen on a tie
        in_use: dict[str, str] = {}  # keyword -> the spelling in use it varies
        for i, keyword in enumerate(ranked):
            for main in ranked[:i]:
                if main in in_use:
                    continue
                if keyword_key(main) == keyword_key(keyword) or _slip(main, keyword):
                    in_use[keyword] = main
                    break
        for keyword, main in in_use.items():
            for paper in spellings[keyword]:
                yield paper, topic, keyword, spellings[main][0], main
