"""Checks of the roster's reference tables (src/humsec/roster/reference/*.csv).

These tests read the CSV files directly with the csv module: no Django, no database.
The last group compares the tables with ../shared/data/country-codes/country-codes.csv
(the UNTERM names and ISO/M49 codes) when that file is present, and skips otherwise.
"""

import csv
import datetime
import itertools
import os
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
REFERENCE = REPO_ROOT / "src" / "humsec" / "roster" / "reference"

STATE_COLUMNS = [
    "iso3",
    "iso2",
    "m49",
    "name_en",
    "formal_en",
    "name_fr",
    "name_es",
    "region",
    "subregion",
    "admitted",
]
HEADERS = {
    "member_states.csv": STATE_COLUMNS,
    "observer_states.csv": [*STATE_COLUMNS, "observer_since"],
    "former_names.csv": ["code", "language", "name", "formal", "valid_from", "valid_until"],
    "organizations.csv": [
        "code",
        "kind",
        "name_en",
        "formal_en",
        "acronym",
        "name_fr",
        "name_es",
        "parent",
        "valid_from",
        "valid_until",
    ],
    "aliases.csv": ["code", "language", "alias"],
}
DATE_COLUMNS = {
    "member_states.csv": ["admitted"],
    "observer_states.csv": ["observer_since"],
    "former_names.csv": ["valid_from", "valid_until"],
    "organizations.csv": ["valid_from", "valid_until"],
    "aliases.csv": [],
}
# Columns that must never be empty.
REQUIRED = {
    "member_states.csv": STATE_COLUMNS,
    "observer_states.csv": [c for c in STATE_COLUMNS if c != "admitted"] + ["observer_since"],
    "former_names.csv": ["code", "language", "name", "valid_until"],
    "organizations.csv": ["code", "kind", "name_en"],
    "aliases.csv": ["code", "language", "alias"],
}

# M49 regions and the sub-regions of the M49 "Sub-region Name" column.
M49_SUBREGIONS = {
    "Africa": {"Northern Africa", "Sub-Saharan Africa"},
    "Americas": {"Latin America and the Caribbean", "Northern America"},
    "Asia": {"Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia"},
    "Europe": {"Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe"},
    "Oceania": {"Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia"},
}

LANGUAGES = {"en", "fr", "es"}
ORGANIZATION_KINDS = {"un_entity", "igo", "other"}
ADMISSION_CUTOFF = datetime.date(2007, 4, 20)

# A trailing article in parentheses, as UNTERM writes it: "Bahamas (the)", "Pays-Bas (les)".
ARTICLE = re.compile(r"\s*\((?:the|le|la|les|l'|el|los|las)\)$")


def read(name):
    with open(REFERENCE / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def parse_date(value):
    return datetime.date.fromisoformat(value) if value else None


def without_article(name):
    return ARTICLE.sub("", name)


def name_key(name):
    """The key two names are compared by: without article, case-folded."""
    return " ".join(without_article(name).split()).casefold()


def sort_key(name):
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@pytest.fixture(scope="module")
def members():
    return read("member_states.csv")


@pytest.fixture(scope="module")
def observers():
    return read("observer_states.csv")


@pytest.fixture(scope="module")
def former_names():
    return read("former_names.csv")


@pytest.fixture(scope="module")
def organizations():
    return read("organizations.csv")


@pytest.fixture(scope="module")
def aliases():
    return read("aliases.csv")


@pytest.fixture(scope="module")
def participant_codes(members, observers, organizations):
    return (
        {row["iso3"] for row in members}
        | {row["iso3"] for row in observers}
        | {row["code"] for row in organizations}
    )


# --- form of the files -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_every_reference_file_has_the_agreed_header_and_clean_fields(name):
    text = (REFERENCE / name).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == ",".join(HEADERS[name])
    problems = []
    for number, line in enumerate(lines, start=1):
        if line != line.rstrip():
            problems.append(f"{name}:{number}: trailing whitespace")
        if line.lstrip().startswith("#"):
            problems.append(f"{name}:{number}: comment line")
    with open(REFERENCE / name, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for number, fields in enumerate(reader, start=2):
            if len(fields) != len(HEADERS[name]):
                problems.append(f"{name}:{number}: {len(fields)} fields")
            for field in fields:
                if field != field.strip():
                    problems.append(f"{name}:{number}: field {field!r} has outer spaces")
    for number, row in enumerate(read(name), start=2):
        for column in REQUIRED[name]:
            if not row[column]:
                problems.append(f"{name}:{number}: {column} is empty")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_every_date_in_a_reference_file_is_a_valid_iso_date(name):
    problems = []
    for number, row in enumerate(read(name), start=2):
        for column in DATE_COLUMNS[name]:
            value = row[column]
            if not value:
                continue
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                problems.append(f"{name}:{number}: {column} {value!r} is not YYYY-MM-DD")
                continue
            try:
                parse_date(value)
            except ValueError:
                problems.append(f"{name}:{number}: {column} {value!r} is not a date")
    assert not problems, "\n".join(problems)


# --- Member States and observer States ---------------------------------------------------


def test_there_are_193_member_states(members):
    assert len(members) == 193


def test_the_member_states_are_sorted_by_english_name(members):
    names = [row["name_en"] for row in members]
    assert names == sorted(names, key=sort_key)


def test_state_codes_are_well_formed_and_unique(members, observers):
    states = members + observers
    problems = []
    for row in states:
        if not re.fullmatch(r"[A-Z]{3}", row["iso3"]):
            problems.append(f"{row['iso3']}: bad iso3")
        if not re.fullmatch(r"[A-Z]{2}", row["iso2"]):
            problems.append(f"{row['iso3']}: bad iso2 {row['iso2']!r}")
        if not re.fullmatch(r"\d{3}", row["m49"]):
            problems.append(f"{row['iso3']}: m49 {row['m49']!r} is not three digits")
    for column in ("iso3", "iso2", "m49", "name_en"):
        seen = defaultdict(list)
        for row in states:
            seen[row[column]].append(row["iso3"])
        problems += [
            f"{column} {value!r} used by {codes}" for value, codes in seen.items() if len(codes) > 1
        ]
    assert not problems, "\n".join(problems)


def test_exactly_22_member_states_take_the_article_in_english(members):
    with_article = [row["name_en"] for row in members if row["name_en"].endswith(" (the)")]
    assert len(with_article) == 22, with_article


def test_formal_names_take_the_article_where_the_short_name_does(members, observers):
    problems = [
        row["iso3"]
        for row in members + observers
        if row["name_en"].endswith(" (the)") and not row["formal_en"].startswith("the ")
    ]
    assert not problems


def test_192_member_states_were_admitted_by_20_april_2007_and_only_south_sudan_after(members):
    after = [row["iso3"] for row in members if parse_date(row["admitted"]) > ADMISSION_CUTOFF]
    assert len(members) - len(after) == 192
    assert after == ["SSD"]


def test_no_member_state_was_admitted_before_the_charter_entered_into_force(members):
    charter = datetime.date(1945, 10, 24)
    assert [row["iso3"] for row in members if parse_date(row["admitted"]) < charter] == []


def test_some_admission_dates_are_as_the_united_nations_records_them(members):
    admitted = {row["iso3"]: row["admitted"] for row in members}
    assert admitted["MNE"] == "2006-06-28"
    assert admitted["SSD"] == "2011-07-14"
    assert admitted["CHE"] == "2002-09-10"
    assert admitted["TLS"] == "2002-09-27"
    assert admitted["SRB"] == "2000-11-01"
    assert admitted["RUS"] == "1945-10-24"
    assert admitted["CZE"] == admitted["SVK"] == "1993-01-19"
    assert admitted["YEM"] == "1947-09-30"
    assert admitted["DEU"] == "1973-09-18"
    assert admitted["TZA"] == "1961-12-14"


def test_every_region_and_subregion_is_an_m49_name(members, observers):
    problems = [
        f"{row['iso3']}: {row['region']!r} / {row['subregion']!r}"
        for row in members + observers
        if row["subregion"] not in M49_SUBREGIONS.get(row["region"], set())
    ]
    assert not problems, "\n".join(problems)


def test_the_observer_states_are_the_holy_see_and_the_state_of_palestine(observers):
    by_code = {row["iso3"]: row for row in observers}
    assert set(by_code) == {"VAT", "PSE"}
    assert all(row["admitted"] == "" for row in observers)
    assert by_code["VAT"]["observer_since"] == "1964-04-06"
    assert by_code["PSE"]["observer_since"] == "2012-11-29"


def test_no_observer_state_is_also_a_member_state(members, observers):
    assert not {row["iso3"] for row in members} & {row["iso3"] for row in observers}


# --- former names ------------------------------------------------------------------------


def test_every_former_name_belongs_to_a_known_participant(former_names, participant_codes):
    unknown = sorted({row["code"] for row in former_names} - participant_codes)
    assert not unknown
    assert {row["language"] for row in former_names} <= LANGUAGES


def test_former_name_periods_do_not_overlap_and_have_ended(former_names):
    today = datetime.date.today()
    periods = defaultdict(list)
    problems = []
    for row in former_names:
        start, end = parse_date(row["valid_from"]), parse_date(row["valid_until"])
        if end >= today:
            problems.append(
                f"{row['code']} {row['language']} {row['name']!r} has not ended ({end})"
            )
        if start and start > end:
            problems.append(
                f"{row['code']} {row['language']} {row['name']!r} ends before it starts"
            )
        periods[(row["code"], row["language"])].append(
            (start or datetime.date.min, end, row["name"])
        )
    for (code, language), spans in periods.items():
        spans.sort()
        for (_, end, name), (start, _, following) in itertools.pairwise(spans):
            if start <= end:
                problems.append(f"{code} {language}: {name!r} overlaps {following!r}")
    assert not problems, "\n".join(problems)


def test_the_former_names_cover_the_renamings_of_member_states(former_names):
    covered = {(row["code"], row["language"]) for row in former_names}
    for code in ("TUR", "CZE", "SWZ", "MKD", "LBY", "BOL", "SRB", "PSE"):
        for language in sorted(LANGUAGES):
            assert (code, language) in covered, (code, language)
    last_day = {
        (row["code"], row["language"]): max(
            r["valid_until"]
            for r in former_names
            if (r["code"], r["language"]) == (row["code"], row["language"])
        )
        for row in former_names
    }
    assert last_day[("TUR", "en")] == "2022-05-31"
    assert last_day[("MKD", "en")] == "2019-02-13"
    assert last_day[("CPV", "en")] == "2013-10-23"
    assert last_day[("LBY", "en")] == "2011-09-15"
    assert last_day[("OIC", "en")] == "2011-06-28"


def test_a_former_name_differs_from_the_current_name(
    members, observers, organizations, former_names
):
    current = {}
    for row in members + observers:
        for language in LANGUAGES:
            current[(row["iso3"], language)] = name_key(row[f"name_{language}"])
    for row in organizations:
        for language in LANGUAGES:
            if row[f"name_{language}"]:
                current[(row["code"], language)] = name_key(row[f"name_{language}"])
    same = [
        f"{row['code']} {row['language']} {row['name']!r}"
        for row in former_names
        if current.get((row["code"], row["language"])) == name_key(row["name"])
    ]
    assert not same, "\n".join(same)


# --- organizations -----------------------------------------------------------------------


def test_organization_codes_are_unique_and_kinds_known(organizations, members, observers):
    codes = [row["code"] for row in organizations]
    assert len(codes) == len(set(codes))
    assert not set(codes) & {row["iso3"] for row in members + observers}
    assert {row["kind"] for row in organizations} <= ORGANIZATION_KINDS


def test_the_fixed_organization_codes_are_present(organizations):
    by_code = {row["code"]: row for row in organizations}
    expected = {
        "CEU": "igo",
        "EC": "igo",
        "DESA": "un_entity",
        "UNICEF": "un_entity",
        "UNDP": "un_entity",
        "UNHABITAT": "un_entity",
        "OCHA": "un_entity",
        "UNHCR": "un_entity",
        "OSAA": "un_entity",
        "UNFPA": "un_entity",
        "WORLDBANK": "un_entity",
        "WFP": "un_entity",
        "WHO": "un_entity",
        "UNESCO": "un_entity",
        "OSCE": "igo",
        "ASEAN": "igo",
        "HSU": "un_entity",
        "UNTFHS": "un_entity",
        "IFRC": "other",
        "HSN": "other",
        "AU": "igo",
        "OAS": "igo",
        "EU": "igo",
    }
    missing = sorted(set(expected) - set(by_code))
    assert not missing
    assert {code: by_code[code]["kind"] for code in expected} == expected
    assert by_code["UNHABITAT"]["acronym"] == "UN-Habitat"
    assert by_code["HSU"]["parent"] == "OCHA"
    assert by_code["UNTFHS"]["valid_from"] == "1999-03-01"
    assert by_code["UNWOMEN"]["valid_from"] == "2011-01-01"
    assert by_code["DPO"]["valid_from"] == by_code["DPPA"]["valid_from"] == "2019-01-01"
    assert by_code["DPKO"]["valid_until"] == by_code["DPA"]["valid_until"] == "2018-12-31"


def test_every_organization_parent_exists(organizations):
    codes = {row["code"] for row in organizations}
    orphans = [
        f"{row['code']} -> {row['parent']}"
        for row in organizations
        if row["parent"] and row["parent"] not in codes
    ]
    assert not orphans
    parents = {row["code"]: row["parent"] for row in organizations}
    for row in organizations:  # no cycles
        seen, code = set(), row["code"]
        while code:
            assert code not in seen, f"parent cycle through {row['code']}"
            seen.add(code)
            code = parents[code]


def test_organization_periods_are_in_order(organizations):
    problems = [
        row["code"]
        for row in organizations
        if row["valid_from"] and row["valid_until"] and row["valid_from"] > row["valid_until"]
    ]
    assert not problems


# --- aliases -----------------------------------------------------------------------------


def test_every_alias_belongs_to_a_known_participant(aliases, participant_codes):
    assert not sorted({row["code"] for row in aliases} - participant_codes)
    assert {row["language"] for row in aliases} <= LANGUAGES


def test_no_alias_collides_with_another_participants_name_or_alias(
    members, observers, organizations, former_names, aliases
):
    owners = defaultdict(set)
    for row in members + observers:
        for column in ("name_en", "formal_en", "name_fr", "name_es"):
            owners[name_key(row[column])].add(row["iso3"])
    for row in organizations:
        for column in ("name_en", "formal_en", "acronym", "name_fr", "name_es"):
            if row[column]:
                owners[name_key(row[column])].add(row["code"])
    for row in former_names:
        owners[name_key(row["name"])].add(row["code"])
        if row["formal"]:
            owners[name_key(row["formal"])].add(row["code"])
    for row in aliases:
        owners[name_key(row["alias"])].add(row["code"])
    collisions = [
        f"{row['alias']!r} ({row['code']}) is also used by "
        f"{sorted(owners[name_key(row['alias'])] - {row['code']})}"
        for row in aliases
        if owners[name_key(row["alias"])] - {row["code"]}
    ]
    assert not collisions, "\n".join(collisions)


def test_no_alias_repeats_a_name_the_participant_already_has(
    members, observers, organizations, former_names, aliases
):
    names = defaultdict(set)
    for row in members + observers:
        for column in ("name_en", "formal_en", "name_fr", "name_es"):
            names[row["iso3"]].add(name_key(row[column]))
    for row in organizations:
        for column in ("name_en", "formal_en", "acronym", "name_fr", "name_es"):
            if row[column]:
                names[row["code"]].add(name_key(row[column]))
    for row in former_names:
        names[row["code"]].add(name_key(row["name"]))
    repeats = [
        f"{row['code']} {row['alias']!r}"
        for row in aliases
        if name_key(row["alias"]) in names[row["code"]]
    ]
    seen = defaultdict(int)
    for row in aliases:
        seen[(row["code"], row["language"], name_key(row["alias"]))] += 1
    repeats += [
        f"{code} {language} {alias!r} twice"
        for (code, language, alias), count in seen.items()
        if count > 1
    ]
    assert not repeats, "\n".join(repeats)


# --- comparison with ../shared/data ------------------------------------------------------

# Known defects of the shared file: its UNTERM columns are empty for these codes.
SHARED_UNTERM_UNKNOWN = {"CIV", "TUR"}
SHARED_COLUMNS = {
    "name_en": "UNTERM English Short",
    "formal_en": "UNTERM English Formal",
    "name_fr": "UNTERM French Short",
    "name_es": "UNTERM Spanish Short",
}


def shared_country_codes():
    data = os.environ.get("HUMSEC_SHARED_DATA")
    folder = Path(data) if data else REPO_ROOT.parent / "shared" / "data"
    path = folder / "country-codes" / "country-codes.csv"
    if not path.is_file():
        pytest.skip(f"../shared/data is absent: {path} not found")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def unstarred(value):
    """The shared file marks observer States with ' *' or ' **': strip them."""
    return re.sub(r"\s*\*+$", "", value.strip())


def is_shared_member(row):
    short = row["UNTERM English Short"].strip()
    if short:
        return not short.endswith("*")
    return row["ISO3166-1-Alpha-3"] in SHARED_UNTERM_UNKNOWN and row["is_independent"] == "Yes"


def test_every_member_state_matches_the_un_terminology_table(members, observers):
    shared = {row["ISO3166-1-Alpha-3"]: row for row in shared_country_codes()}
    differences = []
    for row in members + observers:
        code = row["iso3"]
        theirs = shared.get(code)
        if theirs is None:
            differences.append(f"{code}: not in the shared file")
            continue
        if row["iso2"] != theirs["ISO3166-1-Alpha-2"].strip():
            differences.append(
                f"{code} iso2: ours {row['iso2']!r} vs shared {theirs['ISO3166-1-Alpha-2']!r}"
            )
        shared_m49 = theirs["M49"].strip()
        if not shared_m49.isdigit() or int(row["m49"]) != int(shared_m49):
            differences.append(f"{code} m49: ours {row['m49']!r} vs shared {shared_m49!r}")
        for ours_column, shared_column in SHARED_COLUMNS.items():
            value = unstarred(theirs[shared_column])
            if not value and code in SHARED_UNTERM_UNKNOWN:
                continue  # a known defect of the shared file: unknown, not different
            if row[ours_column] != value:
                differences.append(
                    f"{code} {ours_column}: ours {row[ours_column]!r} vs shared {value!r}"
                )
        for ours_column, shared_column in (
            ("region", "Region Name"),
            ("subregion", "Sub-region Name"),
        ):
            value = theirs[shared_column].strip()
            if row[ours_column] != value:
                differences.append(
                    f"{code} {ours_column}: ours {row[ours_column]!r} vs shared {value!r}"
                )
    assert not differences, "\n" + "\n".join(differences)


def test_every_un_member_in_the_shared_table_is_one_of_ours(members, observers):
    ours = {row["iso3"] for row in members}
    observer_codes = {row["iso3"] for row in observers}
    missing = []
    for row in shared_country_codes():
        code = row["ISO3166-1-Alpha-3"]
        if is_shared_member(row) and code not in ours:
            where = " (we list it as an observer)" if code in observer_codes else ""
            missing.append(
                f"{code} {row['UNTERM English Short'] or row['official_name_en']!r}{where}"
            )
    assert not missing, "\n" + "\n".join(missing)
