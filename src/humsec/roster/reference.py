"""Load the roster's reference tables (src/humsec/roster/reference/*.csv).

The tables are the project's own: the 193 Member States with UNTERM short names, ISO and
M49 codes, M49 regions and admission dates; the two observer States; United Nations
entities and other organizations; former names with their periods; aliases.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from humsec.loading import Problems, parse_day, read_csv, upsert
from humsec.roster.models import Kind, Participant, ParticipantAlias, ParticipantName, Region
from humsec.roster.names import Name

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
OTHER_LANGUAGES = ("fr", "es")
REGIONS = set(Region.values)
ORGANIZATION_KINDS = {Kind.UN_ENTITY, Kind.IGO, Kind.OTHER}


def read_roster(directory: Path, problems: Problems) -> dict:
    """Everything in the tables, checked, as plain rows ready to write."""
    participants: dict[str, dict] = {}
    names: list[dict] = []
    parents: dict[str, str] = {}

    def add_names(code: str, where: str, row: dict) -> None:
        for language in OTHER_LANGUAGES:
            if row.get(f"name_{language}"):
                name = Name.from_unterm(row[f"name_{language}"])
                names.append(dict(code=code, language=language, name=name, where=where))

    def add(code: str, where: str, values: dict) -> None:
        if not code:
            problems.add(where, "the code is empty")
        elif code in participants:
            problems.add(where, f"code {code!r} appears twice")
        else:
            participants[code] = values

    for file_name, kind, since in (
        ("member_states.csv", Kind.MEMBER_STATE, "admitted"),
        ("observer_states.csv", Kind.OBSERVER_STATE, "observer_since"),
    ):
        for where, row in read_csv(directory / file_name):
            if row["region"] not in REGIONS:
                problems.add(where, f"region {row['region']!r} is not an M49 region")
            name = Name.from_unterm(row["name_en"])
            add(
                row["iso3"],
                where,
                dict(
                    kind=kind,
                    short_name=name.short,
                    article=name.article,
                    formal_name=row["formal_en"],
                    acronym="",
                    iso3=row["iso3"],
                    iso2=row["iso2"],
                    m49=row["m49"],
                    region=row["region"],
                    subregion=row["subregion"],
                    active_from=parse_day(row[since], where, since, problems),
                    active_until=None,
                ),
            )
            add_names(row["iso3"], where, row)

    for where, row in read_csv(directory / "organizations.csv"):
        if row["kind"] not in ORGANIZATION_KINDS:
            problems.add(where, f"kind {row['kind']!r} is not one of {sorted(ORGANIZATION_KINDS)}")
        name = Name.from_unterm(row["name_en"])
        add(
            row["code"],
            where,
            dict(
                kind=row["kind"],
                short_name=name.short,
                article=name.article,
                formal_name=row["formal_en"],
                acronym=row["acronym"],
                iso3="",
                iso2="",
                m49="",
                region="",
                subregion="",
                active_from=parse_day(row["valid_from"], where, "valid_from", problems),
                active_until=parse_day(row["valid_until"], where, "valid_until", problems),
            ),
        )
        if row["parent"]:
            parents[row["code"]] = row["parent"]
        add_names(row["code"], where, row)

    for code, parent in parents.items():
        if parent not in participants:
            problems.add("organizations.csv", f"{code}: parent {parent!r} is not in the tables")

    for where, row in read_csv(directory / "former_names.csv"):
        if row["code"] not in participants:
            problems.add(where, f"unknown participant {row['code']!r}")
        name = Name.from_unterm(row["name"], row["formal"])
        names.append(
            dict(
                code=row["code"],
                language=row["language"],
                name=name,
                valid_from=parse_day(row["valid_from"], where, "valid_from", problems),
                valid_until=parse_day(row["valid_until"], where, "valid_until", problems),
                where=where,
            )
        )

    # A current name in French or Spanish is valid from the day after the last rename in
    # any language, so that a document of 2007 does not show a name given in 2009.
    renamed: dict[str, dt.date] = {}
    for row in names:
        if row.get("valid_until"):
            renamed[row["code"]] = max(row["valid_until"], renamed.get(row["code"], dt.date.min))
    for row in names:
        if "valid_until" not in row and row["code"] in renamed:
            row["valid_from"] = renamed[row["code"]] + dt.timedelta(days=1)

    aliases = []
    for where, row in read_csv(directory / "aliases.csv"):
        if row["code"] not in participants:
            problems.add(where, f"unknown participant {row['code']!r}")
        aliases.append(row)
    return dict(participants=participants, parents=parents, names=names, aliases=aliases)


def write_roster(tables: dict) -> dict[str, int]:
    by_code = {}
    for code, values in tables["participants"].items():
        by_code[code] = upsert(Participant.objects, {"code": code}, values)
    for code, participant in by_code.items():
        parent = by_code.get(tables["parents"].get(code, ""))
        if participant.parent_id != (parent.pk if parent else None):
            participant.parent = parent
            participant.save(update_fields=["parent"])
    for row in tables["names"]:
        name: Name = row["name"]
        upsert(
            ParticipantName.objects,
            {
                "participant": by_code[row["code"]],
                "language": row["language"],
                "short_name": name.short,
            },
            {
                "article": name.article,
                "formal_name": name.formal,
                "valid_from": row.get("valid_from"),
                "valid_until": row.get("valid_until"),
            },
        )
    for row in tables["aliases"]:
        upsert(
            ParticipantAlias.objects,
            {"participant": by_code[row["code"]], "alias": row["alias"]},
            {"language": row["language"]},
        )
    return {
        "participants": len(by_code),
        "names": len(tables["names"]),
        "aliases": len(tables["aliases"]),
    }
