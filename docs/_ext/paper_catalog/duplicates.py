"""One work, one entry; one keyword, one spelling per topic.

Finds two entries for one work (the same arXiv identifier, titles equal but for case,
punctuation, a plural or Unicode form, nearly equal titles a year or less apart, or the
same short name in one year) and keywords of one topic spelled two ways (case, spacing,
punctuation, a plural, Unicode form, or a slip of one or two letters in a long word).
Pure functions over :class:`~paper_catalog.model.Paper`; the loader turns what they find
into problems.

Every check costs near-linear time whatever the catalog holds: exact keys are looked up
in dicts, and a title (a keyword) is compared with at most :data:`MAX_TITLE_CANDIDATES`
(:data:`MAX_CANDIDATES`) earlier ones of its block, each comparison an edit distance with
a cutoff (rapidfuzz).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Indel, Levenshtein

from .model import Paper
from .normalize import arxiv_id, fold

#: Titles this similar (percent, by characters, ignoring spaces and punctuation) are one
#: work: the Indel ratio 2·(longest common subsequence) / (sum of the lengths).
NEAR_TITLE_PERCENT = 90
#: A keyword word at least this long may differ by a slip of one or two letters.
LONG_WORD = 7
#: Letters a slip may change (the Levenshtein distance of the two words).
SLIP_LETTERS = 2
#: Most earlier keywords one keyword is compared with. Real catalogs have a handful at
#: most; the bound keeps crafted input from making the checks quadratic.
MAX_CANDIDATES = 64
#: Most earlier titles one title is compared with, of those whose length could be near.
#: Titles share blocks more than keywords do (the same ends, "... Language Models"): at
#: 10,000 papers, 10,000 crafted titles in one block take about a second to compare.
MAX_TITLE_CANDIDATES = 128


WORD = re.compile(r"[^\W_]+")
NUMBER = re.compile(r"\d+")


def _words(text: str) -> list[str]:
    """Folded words (see :func:`~paper_catalog.normalize.fold`) without punctuation,
    each without a plural 's'."""
    return [w[:-1] if len(w) > 3 and w[-1] == "s" and w[-2] != "s" else w
            for w in WORD.findall(fold(text))]


def title_key(title: str) -> str:
    """Equal for titles that differ only in case, punctuation, spacing, plurals or
    Unicode form (NFC or NFD, "²" or "2")."""
    return " ".join(_words(title))


def same_work(papers: Sequence[Paper], title_keys: Mapping[str, str] | None = None,
              near: NearTitles | None = None) -> Iterator[tuple[Paper, Paper, str]]:
    """(paper, an earlier paper it duplicates, why) for each entry of a work listed twice;
    ``title_keys``, when given, holds each paper's :func:`title_key` by id; ``near``, the
    (empty) index of nearly equal titles to fill, for a caller that asks it afterwards
    whether every pair of candidates was compared."""
    seen_ids: dict[str, Paper] = {}
    seen_titles: dict[str, Paper] = {}
    near = NearTitles() if near is None else near
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
        other = near.find_or_add(paper, key)
        if other is not None:
            yield (paper, other, f"nearly the same title, and {other.year} and {paper.year} "
                                 "are at most a year apart")
            continue
        if identifier:
            seen_ids[identifier] = paper
        seen_titles[key] = paper
    yield from same_short_name(papers)


def shares_an_identifier(papers: Iterable[Paper], title_keys: Mapping[str, str]) -> bool:
    """Whether two papers have the same arXiv identifier or :func:`title_key`: the
    duplicates :func:`same_work` finds before it compares titles."""
    ids: set[str] = set()
    keys: set[str] = set()
    for paper in papers:
        identifier = arxiv_id(paper.url) if "arxiv" in paper.url else None
        key = title_keys[paper.id]
        if (identifier and identifier in ids) or key in keys:
            return True
        if identifier:
            ids.add(identifier)
        keys.add(key)
    return False


Block = tuple[str, tuple[str, ...], int]


def _near_shape(key: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """A title key without spaces, its numbers and its ends (first and last six
    characters, in order, once each): two titles are candidates of :class:`NearTitles`
    when their numbers are the same and an end is shared."""
    joined = key.replace(" ", "")
    return joined, tuple(NUMBER.findall(joined)), tuple(dict.fromkeys((joined[:6],
                                                                         joined[-6:])))


@dataclass
class _Block:
    """The titles of one block, by length: ``lengths`` sorted, ``entries`` alongside
    ((order added, paper, title without spaces))."""

    lengths: list[int] = field(default_factory=list)
    entries: list[tuple[int, Paper, str]] = field(default_factory=list)

    def add(self, order: int, paper: Paper, joined: str) -> None:
        at = bisect_right(self.lengths, len(joined))
        self.lengths.insert(at, len(joined))
        self.entries.insert(at, (order, paper, joined))

    def window(self, length: int) -> tuple[int, int]:
        """The range of ``entries`` whose length could be near ``length``."""
        low = length * NEAR_TITLE_PERCENT // (200 - NEAR_TITLE_PERCENT)
        high = -(-length * (200 - NEAR_TITLE_PERCENT) // NEAR_TITLE_PERCENT)
        return bisect_left(self.lengths, low), bisect_right(self.lengths, high)

    def nearest(self, length: int, limit: int) -> Iterator[tuple[int, int, Paper, str]]:
        """Up to ``limit`` (length difference, order, paper, title) whose length could be
        near ``length``, the nearest in length first."""
        first, last = self.window(length)
        below = above = bisect_left(self.lengths, length, first, last)
        for _ in range(limit):
            if below > first and (above >= last or length - self.lengths[below - 1]
                                  <= self.lengths[above] - length):
                below -= 1
                at = below
            elif above < last:
                at = above
                above += 1
            else:
                return
            order, paper, joined = self.entries[at]
            yield abs(self.lengths[at] - length), order, paper, joined


class NearTitles:
    """Titles seen so far, found again by a nearly equal title.

    Candidates share a block: the first or the last six characters of the title without
    spaces (so an edit in the middle or at one end is found), the same numbers (titles
    that differ in their numbers, "GPT-3" and "Study 12", are different works) and a year
    at most one apart. Those whose length allows it are compared, block by block; when
    the blocks hold more than :data:`MAX_TITLE_CANDIDATES` such titles, only that many,
    the nearest in length.
    """

    def __init__(self) -> None:
        self.blocks: dict[Block, _Block] = {}
        self.added = 0
        #: Whether a title met more candidates than it was compared with: then a pair of
        #: candidates may not have been compared.
        self.capped = False

    def find_or_add(self, paper: Paper, key: str) -> Paper | None:
        """An earlier paper a year or less apart whose title is nearly ``key`` (the
        paper's :func:`title_key`); when there is none, ``paper`` is remembered."""
        joined, numbers, ends = _near_shape(key)
        length = len(joined)
        searched = [(block, *block.window(length)) for end in ends
                    for year in (paper.year - 1, paper.year, paper.year + 1)
                    if (block := self.blocks.get((end, numbers, year))) is not None]
        count = sum(last - first for _, first, last in searched)
        if count > MAX_TITLE_CANDIDATES:
            self.capped = True
        other = self._find(joined, searched, count) if count else None
        if other is None:
            for end in ends:
                self.blocks.setdefault((end, numbers, paper.year), _Block()).add(
                    self.added, paper, joined)
            self.added += 1
        return other

    @staticmethod
    def _find(joined: str, searched: list[tuple[_Block, int, int]], count: int
              ) -> Paper | None:
        """The first near title of the ``count`` candidates of ``searched`` (each block
        with the range of its entries whose length could be near)."""
        if count <= MAX_TITLE_CANDIDATES:  # as a rule
            candidates = [(other, theirs) for block, first, last in searched
                          for _, other, theirs in block.entries[first:last]]
            return first_near(joined, candidates)
        length = len(joined)
        nearest = sorted(((gap, rank, order, other, theirs)
                          for rank, (block, _, _) in enumerate(searched)
                          for gap, order, other, theirs
                          in block.nearest(length, MAX_TITLE_CANDIDATES)),
                         key=lambda c: c[0])[:MAX_TITLE_CANDIDATES]
        return first_near(joined, [(other, theirs) for _, _, _, other, theirs
                                   in sorted(nearest, key=lambda c: c[1:3])])


def first_near(joined: str, candidates: Sequence[tuple[Paper, str]]) -> Paper | None:
    """The first paper of ``candidates`` ((paper, its title without spaces)) whose title
    is nearly ``joined`` (see :func:`near_titles`). rapidfuzz compares them all in one
    call, with a bound none of the near ones exceeds; each within it is then checked."""
    if not candidates:
        return None
    # a near title is at most this long (see _Block.window), so within this distance
    longest = -(-len(joined) * (200 - NEAR_TITLE_PERCENT) // NEAR_TITLE_PERCENT)
    bound = (len(joined) + longest) * (100 - NEAR_TITLE_PERCENT) // 100
    within = process.extract(joined, [theirs for _, theirs in candidates],
                             scorer=Indel.distance, score_cutoff=bound, limit=None)
    for index in sorted(index for _, _, index in within):
        other, theirs = candidates[index]
        if near_titles(joined, theirs):
            return other
    return None


def near_title_of(changed: Iterable[Paper], papers: Iterable[Paper],
                  title_keys: Mapping[str, str]) -> Paper | None:
    """A paper of ``papers`` whose title is nearly that of a paper of ``changed`` (a year
    or less apart, :class:`NearTitles`' candidates), each compared with every candidate.

    When no two papers of the rest had nearly the same title, this tells what a whole
    :func:`same_work` would find among nearly equal titles, in time linear in ``papers``.
    """
    targets = [(paper, *_near_shape(title_keys[paper.id])) for paper in changed]
    years = {year for paper, *_ in targets for year in range(paper.year - 1, paper.year + 2)}
    for other in papers:
        if other.year not in years:
            continue
        key = title_keys[other.id].replace(" ", "")
        ends = (key[:6], key[-6:])
        for paper, joined, numbers, paper_ends in targets:
            if (other.id != paper.id and abs(other.year - paper.year) <= 1
                    and (ends[0] in paper_ends or ends[1] in paper_ends)
                    and tuple(NUMBER.findall(key)) == numbers and near_titles(joined, key)):
                return other
    return None


def near_titles(a: str, b: str) -> bool:
    """Whether two titles (without spaces) are at least :data:`NEAR_TITLE_PERCENT` similar.

    The Indel distance (characters inserted or deleted) is at most the allowed share of
    both lengths: in integers, so the threshold is exact. rapidfuzz computes it
    bit-parallel in C and stops once it is over the cutoff.
    """
    allowed = (len(a) + len(b)) * (100 - NEAR_TITLE_PERCENT) // 100
    return abs(len(a) - len(b)) <= allowed and Indel.distance(
        a, b, score_cutoff=allowed) <= allowed


def same_short_name(papers: Sequence[Paper]) -> Iterator[tuple[Paper, Paper, str]]:
    """(paper, an earlier paper, why) for two papers of one year with the same short name
    (whatever its case), unless the note of either names the other's id: two works of one
    name are told apart there ("Not the pruning method wanda-2024: ...").

    Each note is read once, into the set of words it names; a paper is then compared with
    the earlier papers of its name and year only until one is not told apart from it,
    which is at most one more than the ids the notes name (each check a set lookup)."""
    seen: dict[tuple[str, int], list[tuple[Paper, frozenset[str]]]] = {}
    for paper in papers:
        if not paper.short:
            continue
        key = (paper.short.casefold(), paper.year)
        named = _named_ids(paper.note)
        other = next((o for o, o_named in seen.get(key, ())
                      if o.id not in named and paper.id not in o_named), None)
        if other is not None:
            yield (paper, other, f"both are named '{other.short}' in {paper.year} (for two "
                                 "works of one name, name the other paper's id in 'note')")
        seen.setdefault(key, []).append((paper, named))


def _named_ids(note: str) -> frozenset[str]:
    """The whole words of ``note`` that could be paper ids (runs of letters, digits,
    underscores and dashes)."""
    return frozenset(re.findall(r"[\w-]+", note))


def keyword_key(keyword: str) -> str:
    """Equal for keywords that differ only in case, spacing, punctuation, plurals or
    Unicode form."""
    return "".join(_words(keyword))


def slip(x: str, y: str) -> bool:
    """Two long words spelt at most :data:`SLIP_LETTERS` letters apart
    ("quantisation" / "quantization"), by a bounded Levenshtein distance."""
    return (abs(len(x) - len(y)) <= SLIP_LETTERS
            and Levenshtein.distance(x, y, score_cutoff=SLIP_LETTERS) <= SLIP_LETTERS)


Shape = tuple[int, tuple[str, ...], str, tuple[str, ...]]


def _shapes(words: list[str]) -> Iterator[tuple[Shape, str]]:
    """(shape, word) for each long word of a keyword that a slip may change: keywords
    the same but for a slip in that word have the same shape, the other words and the
    first letter of that word ("Encoder" / "Decoder" are two words, not a slip)."""
    for index, word in enumerate(words):
        if len(word) >= LONG_WORD and not word.isdigit():
            yield (index, tuple(words[:index]), word[0], tuple(words[index + 1:])), word


class _Spellings:
    """The spellings in use of one topic so far, found again by another spelling."""

    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}  # keyword_key -> rank of its spelling
        self.by_shape: dict[Shape, list[tuple[int, str]]] = {}  # -> (rank, its word)
        self.ranked: list[str] = []

    def find(self, keyword: str) -> str | None:
        """The first-ranked spelling in use that ``keyword`` is another spelling of."""
        words = _words(keyword)
        best = self.by_key.get("".join(words))
        compared = 0
        for shape, word in _shapes(words):
            for rank, theirs in self.by_shape.get(shape, ()):
                if (best is not None and rank >= best) or compared >= MAX_CANDIDATES:
                    break
                compared += 1
                if theirs != word and slip(word, theirs):
                    best = rank
                    break
        return None if best is None else self.ranked[best]

    def add(self, keyword: str) -> None:
        """Make ``keyword`` a spelling in use, ranked after those added before."""
        rank = len(self.ranked)
        self.ranked.append(keyword)
        words = _words(keyword)
        self.by_key.setdefault("".join(words), rank)
        for shape, word in _shapes(words):
            self.by_shape.setdefault(shape, []).append((rank, word))


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
        in_use = _Spellings()
        variants: dict[str, str] = {}  # keyword -> the spelling in use it varies
        for keyword in ranked:
            main = in_use.find(keyword)
            if main is None:
                in_use.add(keyword)
            else:
                variants[keyword] = main
        for keyword, main in variants.items():
            for paper in spellings[keyword]:
                yield paper, topic, keyword, spellings[main][0], main
