"""The upstream README, a copy of it whose facts agree with themselves, and the catalog
as it was imported from it.

Upstream lists some papers with a year or venue that their own URL contradicts (a
NeurIPS 2022 proceedings page under 2023, Findings papers under the main conference,
...). The validator rejects those, so an import of upstream as it is writes nothing;
tests that need an imported catalog use the copy, corrected on exactly those rows.
"""

from __future__ import annotations

from pathlib import Path

UPSTREAM = Path(__file__).resolve().parent / "data" / "upstream-README.md"
#: The catalog as it was imported from upstream (and its facts corrected, each with a
#: note), frozen: tests that compare with upstream, or name one of its papers, use this,
#: so that adding, editing or removing a paper in catalog/ leaves them green.
IMPORTED = Path(__file__).resolve().parent / "data" / "imported-catalog"

#: README line -> (text, corrected text) on that line.
FIXES = {
    65: ("| 2023 |", "| 2022 |"),  # FlashAttention: NeurIPS proceedings /paper/2022/
    100: ("| 2024 |", "| 2025 |"),  # Ladder-Residual: arXiv 2501.06589
    105: ("| JMLR |", "| ICML |"),  # BPipe: PMLR volume 202
    131: ("| EMNLP |", "| EMNLP-Findings |"),  # 2023.findings-emnlp.445
    143: ("| WACV |", "| WACV Workshops |"),  # CVF WACV2023W
    145: ("| EMNLP |", "| EMNLP-Findings |"),  # 2023.findings-emnlp.327
    152: ("| EMNLP |", "| EMNLP-Findings |"),  # 2023.findings-emnlp.869
    170: ("| 2021 |", "| 2023 |"),  # 2023.findings-acl.375
    176: ("| 2025 |", "| 2024 |"),  # BAdam: NeurIPS proceedings /paper/2024/
    194: ("| 2025 |", "| 2024 |"),  # SlimGPT: NeurIPS proceedings /paper/2024/
    209: ("| ACL |", "| ACL-Findings |"),  # 2023.findings-acl.692
    239: ("| 2022 |", "| 2023 |"),  # Boost Vision Transformer: arXiv 2305.10727
}
SECOND_FIXES = {170: ("| ACL |", "| ACL-Findings |")}


def consistent_upstream(folder: Path) -> Path:
    """Write upstream's README with its self-contradicting facts corrected; its path."""
    lines = UPSTREAM.read_text(encoding="utf-8").splitlines(keepends=True)
    for fixes in (FIXES, SECOND_FIXES):
        for number, (old, new) in fixes.items():
            assert old in lines[number - 1], (number, lines[number - 1])
            lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path = folder / "upstream-consistent-README.md"
    path.write_text("".join(lines), encoding="utf-8")
    return path
