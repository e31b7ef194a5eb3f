"""Load the theme vocabulary (src/humsec/initiatives/reference/themes.csv)."""

from __future__ import annotations

from pathlib import Path

from humsec.initiatives.models import Theme
from humsec.loading import Problems, read_csv, upsert

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


def read_themes(directory: Path, problems: Problems) -> list[dict]:
    rows, codes = [], set()
    for order, (where, row) in enumerate(read_csv(directory / "themes.csv")):
        if not row["code"] or not row["name_en"]:
            problems.add(where, "a theme needs a code and an English name")
        if row["code"] in codes:
            problems.add(where, f"theme {row['code']!r} appears twice")
        if row["parent"] and row["parent"] not in codes:
            problems.add(where, f"parent {row['parent']!r} must be listed before {row['code']!r}")
        codes.add(row["code"])
        rows.append({**row, "order": order})
    return rows


def write_themes(rows: list[dict]) -> dict[str, int]:
    by_code: dict[str, Theme] = {}
    for row in rows:
        by_code[row["code"]] = upsert(
            Theme.objects,
            {"code": row["code"]},
            {
                "parent": by_code.get(row["parent"]),
                "name_en": row["name_en"],
                "name_fr": row["name_fr"],
                "name_es": row["name_es"],
                "description": row["description_en"],
                "order": row["order"],
            },
        )
    return {"themes": len(by_code)}
