"""How well the theme suggestions match a labelled set of initiatives, and how fast.

Run with `make bench` (or `python bench/themes.py`). The labelled set is
bench/data/themes.csv: a title, a description, the language and the theme code(s) a
secretariat would file it under, a third each in English, French and Spanish. Its kind is
"plain" for initiatives worded as replies usually word them, and "paraphrase" for
initiatives worded on purpose without the vocabulary's usual terms ("removing leftover
bombs from farmland" for mine action), written after the keyword table and not used to
tune it. A suggestion list is a hit at k when any expected theme is among its first k.

Prints one row per kind and language and one overall, then the time per suggestion.
"""

from __future__ import annotations

import csv
import statistics
import time
from pathlib import Path

from humsec.initiatives.themes_suggest import suggest_themes

LABELLED = Path(__file__).resolve().parent / "data" / "themes.csv"
LANGUAGES = ("en", "fr", "es")
KINDS = ("plain", "paraphrase")
REPEATS = 5


def labelled_set(path: Path = LABELLED) -> list[dict]:
    """The rows, each with its expected themes as a set."""
    with open(path, encoding="utf-8", newline="") as file:
        return [{**row, "themes": set(row["themes"].split())} for row in csv.DictReader(file)]


def accuracy(rows: list[dict], k: int) -> float:
    hits = 0
    for row in rows:
        suggested = suggest_themes(row["title"], row["description"], row["language"], limit=k)
        hits += any(s.theme in row["themes"] for s in suggested)
    return hits / len(rows) if rows else 0.0


def main() -> None:
    started = time.perf_counter()
    suggest_themes("warm-up")  # reads and indexes the keyword table once
    load_ms = (time.perf_counter() - started) * 1000
    rows = labelled_set()

    groups = [(kind, language) for kind in KINDS for language in (*LANGUAGES, "all")]
    print(f"{'kind':<12}{'language':<10}{'items':>7}{'top-1':>8}{'top-3':>8}")
    for kind, language in [*groups, ("all", "all")]:
        subset = [
            r for r in rows if kind in ("all", r["kind"]) and language in ("all", r["language"])
        ]
        top1, top3 = accuracy(subset, 1), accuracy(subset, 3)
        print(f"{kind:<12}{language:<10}{len(subset):>7}{top1:>8.2f}{top3:>8.2f}")

    runs = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        for row in rows:
            suggest_themes(row["title"], row["description"], row["language"])
        runs.append((time.perf_counter() - started) / len(rows))
    print(
        f"time per suggestion: {statistics.median(runs) * 1e6:.0f} µs "
        f"(median of {REPEATS} runs over {len(rows)} items; first load {load_ms:.0f} ms)"
    )


if __name__ == "__main__":
    main()
