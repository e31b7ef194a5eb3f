"""humsec duplicates [--json]: the open candidate pairs, with scores and reasons."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from humsec.initiatives.duplicates import find_candidates, records_from
from humsec.initiatives.models import DuplicateDecision, Initiative, Status


def open_candidates():
    """Pairs among the initiatives the group lists, leaving out those marked different."""
    current = Initiative.objects.current().exclude(status=Status.DRAFT)
    decided = {frozenset(p) for p in DuplicateDecision.objects.values_list("first", "second")}
    return find_candidates(records_from(current), exclude=decided)


def side(initiative: Initiative) -> dict:
    return {
        "id": initiative.pk,
        "title": initiative.title,
        "reported_by": initiative.reported_by.short_name,
    }


class Command(BaseCommand):
    help = "List the open pairs of initiatives that may be duplicates, best first."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="a JSON list, for scripts")

    def handle(self, *args, json: bool = False, **options):
        pairs = open_candidates()
        records = Initiative.objects.select_related("reported_by").in_bulk(
            [pk for c in pairs for pk in (c.a, c.b)]
        )
        rows = [
            {
                "a": side(records[c.a]),
                "b": side(records[c.b]),
                "score": round(c.score, 3),
                "reasons": list(c.reasons),
            }
            for c in pairs
        ]
        if json:
            self.stdout.write(_dumps(rows))
            return
        if not rows:
            self.stdout.write("No open candidate pair.")
        for row in rows:
            self.stdout.write(
                f"{row['score']:.2f}  #{row['a']['id']} {row['a']['title']} "
                f"({row['a']['reported_by']})  ~  #{row['b']['id']} {row['b']['title']} "
                f"({row['b']['reported_by']})\n      {'; '.join(row['reasons'])}"
            )


def _dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
