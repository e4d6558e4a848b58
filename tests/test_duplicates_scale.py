"""The checks across papers on crafted and realistic input: each paper is compared with a
bounded number of others whatever the titles and keywords (counted, not timed), they find
what the unbounded checks found before on realistic input, and titles or keywords equal
after Unicode normalization are one."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import duplicates_reference as reference
import pytest
from catalog_factory import paper_yaml, write_catalog

from paper_catalog import duplicates
from paper_catalog.duplicates import (
    MAX_CANDIDATES,
    MAX_TITLE_CANDIDATES,
    NearTitles,
    keyword_variants,
    same_work,
    title_key,
)
from paper_catalog.errors import CatalogError
from paper_catalog.load import load_catalog
from paper_catalog.model import Paper
from paper_catalog.readme.parse import read_readme

UPSTREAM = Path(__file__).parent / "data" / "upstream-README.md"
SAME_WORK = ("(one work is one entry: merge the two files, keep the main publication's facts "
             "and name the other version in 'note')")


def paper(number: int, title: str, year: int = 2024,
          topics: tuple[tuple[str, str], ...] = (("quantization", "Quantization"),)) -> Paper:
    return Paper(id=f"p{number}", title=title, year=year, venue="icml",
                 url=f"https://example.org/p{number}", topics=topics)


def found(results: Iterator[tuple[Paper, Paper, str]]) -> list[tuple[str, str, str]]:
    return [(p.id, other.id, why) for p, other, why in results]


@pytest.fixture
def count(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], list[int]]:
    """Count the calls of a comparison of duplicates.py: ``count(name)`` is a list that
    gets one item per call."""

    def counted(name: str) -> list[int]:
        calls: list[int] = []
        compare = getattr(duplicates, name)

        def wrapper(a: str, b: str) -> bool:
            calls.append(1)
            return bool(compare(a, b))

        monkeypatch.setattr(duplicates, name, wrapper)
        return calls

    return counted


# --- the crafted inputs of the review, scaled -----------------------------------------------


def near_anagrams(n: int, seed: int = 1) -> list[str]:
    """Titles of the same 400 letters in another order, in 8-letter words, between the
    same six-letter ends: every pair shares a block, length and letter counts."""
    rng = random.Random(seed)
    letters = [chr(ord("a") + i % 26) for i in range(400)]
    titles = []
    for _ in range(n):
        rng.shuffle(letters)
        text = "".join(letters)
        titles.append("Abcdef " + " ".join(text[i:i + 8] for i in range(0, 400, 8))
                      + " uvwxyz")
    return titles


def long_keywords(n: int, seed: int = 2) -> list[str]:
    """Keywords of one 500-letter word starting with 'q': every pair may be a slip."""
    rng = random.Random(seed)
    return ["q" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(499))
            for _ in range(n)]


@pytest.mark.parametrize("n", [120, 3 * MAX_TITLE_CANDIDATES])
def test_near_anagram_titles_are_compared_a_bounded_number_of_times(
        monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    compared: list[int] = []  # how many titles each title is compared with
    real = duplicates.first_near

    def counted(joined: str, candidates: list[tuple[Paper, str]]) -> Paper | None:
        compared.append(len(candidates))
        return real(joined, candidates)

    monkeypatch.setattr(duplicates, "first_near", counted)
    titles = near_anagrams(n)
    assert {len(t) for t in titles} == {463}

    assert found(same_work([paper(i, t) for i, t in enumerate(titles)])) == []
    assert 0 < max(compared) <= MAX_TITLE_CANDIDATES
    assert sum(compared) > MAX_TITLE_CANDIDATES * (n - MAX_TITLE_CANDIDATES)  # (all are)


def test_only_titles_of_a_length_that_could_be_near_count_against_the_bound() -> None:
    # one block (the same ends and numbers, one year) of more titles than the bound, half
    # of them short, half long: each title meets fewer of its own length than the bound
    rng = random.Random(3)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))
             for _ in range(4000)]
    half = 3 * MAX_TITLE_CANDIDATES // 4 // 2  # (each title is in two blocks: its ends)
    titles = [f"Abcdef {' '.join(rng.sample(words, size))} uvwxyz"
              for size in (4, 40) for _ in range(half)]
    near = NearTitles()

    assert found(same_work([paper(i, t) for i, t in enumerate(titles)], near=near)) == []
    assert 2 * len(titles) > MAX_TITLE_CANDIDATES and not near.capped


def test_a_near_title_among_near_anagrams_is_found(count: Callable[[str], list[int]]) -> None:
    titles = near_anagrams(120)
    copy = titles[-1][:100] + "x" + titles[-1][101:]  # one letter changed
    papers = [paper(i, t) for i, t in enumerate(titles)] + [paper(999, copy, 2025)]

    assert found(same_work(papers)) == [(
        "p999", "p119", "nearly the same title, and 2024 and 2025 are at most a year apart")]


@pytest.mark.parametrize("n", [40, 3 * MAX_CANDIDATES])
def test_long_keywords_are_compared_a_bounded_number_of_times(
        count: Callable[[str], list[int]], n: int) -> None:
    calls = count("slip")
    papers = [paper(i, f"Paper {i}", topics=(("quantization", k),))
              for i, k in enumerate(long_keywords(n))]

    assert list(keyword_variants(papers)) == []
    assert 0 < len(calls) <= MAX_CANDIDATES * n


def test_a_slip_among_long_keywords_is_found() -> None:
    keywords = long_keywords(40)
    slipped = keywords[7][:200] + "zz" + keywords[7][202:]
    assert slipped != keywords[7]
    papers = [paper(i, f"Paper {i}", topics=(("quantization", k),))
              for i, k in enumerate([*keywords, slipped])]

    assert [(p.id, topic, keyword, other.id, main)
            for p, topic, keyword, other, main in keyword_variants(papers)] == [
        ("p40", "quantization", slipped, "p7", keywords[7])]


def test_a_catalog_of_near_anagrams_reports_only_the_real_near_duplicate(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    titles = near_anagrams(30)
    files: dict[str, str | bytes | None] = {
        f"papers/crafted-{i:02d}.yaml": paper_yaml(title=f'"{t}"',
                                                   url=f"https://example.org/{i}")
        for i, t in enumerate(titles)}
    files["papers/crafted-99.yaml"] = paper_yaml(
        title=f'"{titles[0].replace("Abcdef", "Abcdeg", 1)}"', url="https://example.org/99")
    write_catalog(tmp_path, files)

    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)

    assert [str(p) for p in info.value.problems] == [
        "papers/crafted-99.yaml:1: paper 'crafted-99', field 'title': same work as paper "
        "'crafted-00' (papers/crafted-00.yaml): nearly the same title, and 2024 and 2024 are "
        f"at most a year apart {SAME_WORK}"]


# --- as before on realistic input -------------------------------------------------------------


def upstream_papers() -> list[Paper]:
    """The papers of the upstream README of the tests' data, once per title."""
    rows = {title_key(row.title): row for row in read_readme(UPSTREAM).rows}
    return [paper(i, row.title, row.year, ((row.topic, row.keyword),))
            for i, row in enumerate(rows.values())]


def edited(title: str, rng: random.Random) -> str:
    """``title`` with one edit of the kind real duplicates show."""
    at = rng.randrange(len(title))
    words = title.split()
    swap = rng.randrange(len(words) - 1) if len(words) > 1 else 0
    return rng.choice([
        title[:at] + title[at + 1:],  # a letter left out
        title[:at] + rng.choice("aeiost -") + title[at:],  # one added
        title[:at] + rng.choice("aeiost") + title[at + 1:],  # one changed
        " ".join([*words[:swap], *words[swap:swap + 2][::-1], *words[swap + 2:]]),
        " ".join(words[:-1]),  # the last word left out
        title + rng.choice([" Revisited", " and More", ": A Survey"]),
        rng.choice(["Towards ", "On "]) + title,
    ])


def test_near_titles_are_found_as_before_on_realistic_titles() -> None:
    base = upstream_papers()
    rng = random.Random(0)
    assert found(same_work(base)) == found(reference.same_work(base))
    copies = [paper(10_000 + number, edited(original.title, rng),
                    original.year + rng.choice([-2, -1, 0, 0, 1]))
              for number, original in enumerate(base * 2)]
    reported = 0
    for start in range(0, len(copies), 20):  # twenty edited copies at a time
        papers = [*base, *copies[start:start + 20]]
        now = found(same_work(papers))
        assert now == found(reference.same_work(papers))
        reported += len(now)
    assert 0.3 < reported / len(copies) < 0.9  # both outcomes are well represented


def test_near_titles_find_all_the_unbounded_check_finds() -> None:
    """The Indel ratio (by the longest common subsequence) is at least difflib's (by
    matching blocks): a pair near before is near now."""
    rng = random.Random(5)
    for original in upstream_papers():
        copy = original.title
        for _ in range(rng.randrange(1, 5)):
            copy = edited(copy, rng)
        before = reference.same_work([original, paper(99_999, copy, original.year)])
        if any(True for _ in before):
            assert found(same_work([original, paper(99_999, copy, original.year)])), copy


def slipped(keyword: str, rng: random.Random) -> str:
    """``keyword`` with one change of the kind a second spelling shows."""
    words = keyword.split()
    at = rng.randrange(len(words))
    word = words[at]
    letter = rng.randrange(1, len(word)) if len(word) > 1 else 0
    words[at] = rng.choice([
        word[:letter] + rng.choice("aeiosz") + word[letter + 1:],
        word[:letter] + word[letter + 1:],
        word.upper(), word + "s", word.replace("-", " "),
        rng.choice(["Sparse", "Dense", "Encoder", "Decoder"]),
    ])
    return " ".join(words)


def test_keyword_spellings_are_found_as_before_on_realistic_keywords() -> None:
    base = upstream_papers()
    rng = random.Random(0)
    reported = 0
    for round_ in range(5):
        papers = base + [paper(10_000 * (round_ + 1) + i, f"Copy {i}",
                               topics=((topic, slipped(keyword, rng)),))
                         for i, p in enumerate(base) for topic, keyword in p.topics
                         if rng.random() < 0.3]
        rng.shuffle(papers)

        def spellings(found: Iterator[tuple[Paper, str, str, Paper, str]]
                      ) -> list[tuple[str, str, str, str, str]]:
            return [(p.id, topic, keyword, other.id, main)
                    for p, topic, keyword, other, main in found]

        now = spellings(keyword_variants(papers))
        assert now == spellings(reference.keyword_variants(papers))
        reported += len(now)
    assert reported > 20


def test_comparing_only_the_changed_titles_finds_what_comparing_all_finds() -> None:
    """With no two of the other papers alike, comparing the changed papers' titles with
    every other's (as a rebuild after an edit does) finds a duplicate exactly when the
    whole comparison does."""
    base = upstream_papers()
    assert found(same_work(base)) == []
    rng = random.Random(7)
    copies = [paper(20_000 + number, edited(original.title, rng),
                    original.year + rng.choice([-2, -1, 0, 0, 1]))
              for number, original in enumerate(base * 2)]
    outcomes = set()
    for start in range(0, len(copies), 2):
        changed = copies[start:start + 2]
        papers = [*base, *changed]
        keys = {p.id: title_key(p.title) for p in papers}
        whole = any(not why.startswith("both are named")
                    for _, _, why in same_work(papers, keys))
        alone = (duplicates.shares_an_identifier(papers, keys)
                 or duplicates.near_title_of(changed, papers, keys) is not None)
        assert alone == whole, [p.title for p in changed]
        outcomes.add(whole)
    assert outcomes == {True, False}
