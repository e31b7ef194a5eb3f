"""Candidate duplicates: the two pairs of the demo, and the engine on plain records."""

import random

import pytest

from humsec.dates import PartialDate
from humsec.initiatives.duplicates import (
    Record,
    Stats,
    Vocabulary,
    find_candidates,
    records_from,
    title_tokens,
)
from humsec.initiatives.models import EVENT_KINDS, Initiative

pytestmark = pytest.mark.django_db


def record(
    id,
    title,
    when="",
    city="",
    country="",
    reported_by="JPN",
    participants=(),
    kind="workshop",
):
    """A record as records_from makes it: an event without an end ends with its period."""
    start = PartialDate.parse(when) if when else None
    return Record(
        id=id,
        title=title,
        reported_by=reported_by,
        start=start.first_day if start else None,
        end=start.last_day if start and kind in EVENT_KINDS else None,
        start_precision=start.precision if start else "day",
        city=city,
        country=country,
        participants=frozenset({reported_by, *participants}),
        kind=kind,
    )


def pairs(records, **options) -> set[frozenset[int]]:
    return {frozenset((c.a, c.b)) for c in find_candidates(records, **options)}


def matches(a: Record, b: Record) -> bool:
    return bool(pairs([a, b]))


# --- The demo ----------------------------------------------------------------------------


def demo_candidates():
    initiatives = Initiative.objects.all()
    keys = dict(initiatives.values_list("pk", "key"))
    return keys, find_candidates(records_from(initiatives))


def test_the_demo_yields_exactly_the_vienna_and_the_ljubljana_pairs():
    keys, candidates = demo_candidates()
    found = {frozenset((keys[c.a], keys[c.b])) for c in candidates}
    assert found == {
        frozenset({"osce-workshop-vienna-2007--jpn", "osce-workshop-vienna-2007--esp"}),
        frozenset(
            {
                "ninth-hsn-ministerial-meeting-ljubljana-2007--jpn",
                "ninth-hsn-ministerial-meeting-ljubljana-2007--svn",
            }
        ),
    }


def test_each_demo_pair_says_why_it_was_proposed():
    keys, candidates = demo_candidates()
    reasons = {keys[c.a].split("--")[0]: c.reasons for c in candidates}
    vienna = reasons["osce-workshop-vienna-2007"]
    assert vienna[:3] == ["same city", "dates overlap", "titles 1.00 similar"]
    assert "shared participants: OSCE" in vienna
    ljubljana = reasons["ninth-hsn-ministerial-meeting-ljubljana-2007"]
    assert ljubljana[0].startswith("titles 0.") and ljubljana[0].endswith(" similar")
    assert "one title within the other" in ljubljana
    assert "shared participants: HSN" in ljubljana


def test_the_vienna_pair_scores_higher_than_the_ljubljana_pair_which_lacks_date_and_place():
    keys, candidates = demo_candidates()
    assert [keys[c.a].split("--")[0] for c in candidates] == [
        "osce-workshop-vienna-2007",
        "ninth-hsn-ministerial-meeting-ljubljana-2007",
    ]
    assert all(0.5 <= c.score <= 1 for c in candidates)


def test_records_from_a_queryset_carry_codes_dates_and_participants():
    initiative = Initiative.objects.get(key="osce-workshop-vienna-2007--jpn")
    [found] = records_from(Initiative.objects.filter(pk=initiative.pk))
    assert found.reported_by == "JPN" and found.country == "AUT" and found.city == "Vienna"
    assert found.start_precision == "month"
    assert (found.start.isoformat(), found.end.isoformat()) == ("2007-05-01", "2007-05-31")
    assert found.participants == {"JPN", "OSCE"}


# --- Titles ------------------------------------------------------------------------------

NINTH = "Ninth Human Security Network Ministerial Meeting"


def test_a_french_translation_matches():
    assert matches(
        record(1, NINTH, "May 2007", "Ljubljana", "SVN", "JPN", ["HSN"], "meeting"),
        record(
            2,
            "Neuvième réunion ministérielle du Réseau de la sécurité humaine",
            "15 May 2007",
            "Ljubljana",
            "SVN",
            "FRA",
            kind="meeting",
        ),
    )


def test_a_spanish_translation_with_the_city_in_spanish_matches():
    assert matches(
        record(1, "Regional Workshop on Human Trafficking", "May 2007", "Geneva", "CHE"),
        record(2, "Taller regional sobre la trata de personas", "2007", "Ginebra", "CHE", "MEX"),
    )


def test_an_acronym_matches_its_expansion():
    assert matches(
        record(1, "HSN Ministerial Meeting", "May 2007", kind="meeting"),
        record(2, "Human Security Network Ministerial Meeting", "May 2007", reported_by="SVN"),
    )
    assert matches(
        record(1, "OSCE Workshop on Human Security", "15 May 2007", "Vienna", "AUT"),
        record(
            2,
            "Organization for Security and Co-operation in Europe Workshop on Human Security",
            "May 2007",
            "Vienne",
            "AUT",
            "ESP",
        ),
    )


def test_an_acronym_is_learnt_from_the_initials_of_a_title():
    vocabulary = Vocabulary(["Global Forum on Migration and Development", "GFMD"])
    assert (
        vocabulary.tokens["GFMD"]
        == vocabulary.tokens["Global Forum on Migration and Development"]
        == ["gfmd"]
    )


def test_case_accents_word_order_and_stop_words_do_not_matter():
    assert sorted(title_tokens("Sécurité humaine: l'atelier")) == sorted(
        title_tokens("WORKSHOP ON SECURITE HUMAINE")
    )


def test_a_typo_matches():
    assert matches(
        record(1, "Workshop on Human Trafficking", "February 2007", "Chiang Mai", "THA"),
        record(2, "Workshop on Human Traficking", "February 2007", "Chiang Mai", "THA", "JPN"),
    )


# --- Dates, places and reporters ---------------------------------------------------------


def test_dates_overlap_respecting_their_precision():
    workshop = record(1, "OSCE Workshop on Human Security", "May 2007", "Vienna", "AUT")
    for when in ("15 May 2007", "2007"):
        [candidate] = find_candidates([workshop, record(2, workshop.title, when, "Vienna")])
        assert "dates overlap" in candidate.reasons


def test_a_missing_date_is_neutral():
    [candidate] = find_candidates(
        [
            record(1, NINTH, "May 2007", "Ljubljana", "SVN", "JPN"),
            record(2, NINTH, reported_by="SVN"),
        ]
    )
    assert not any("date" in reason for reason in candidate.reasons)


def test_the_same_title_in_another_year_does_not_match():
    assert not matches(
        record(1, "Workshop on Human Trafficking", "February 2007", "Chiang Mai", "THA"),
        record(2, "Workshop on Human Trafficking", "February 2008", "Chiang Mai", "THA", "MEX"),
    )


def test_the_same_title_in_another_city_and_year_does_not_match():
    assert not matches(
        record(1, "OSCE Workshop on Human Security", "May 2007", "Vienna", "AUT"),
        record(2, "OSCE Workshop on Human Security", "June 2008", "Warsaw", "POL", "ESP"),
    )


def test_the_ninth_and_the_tenth_meeting_do_not_match_even_without_dates():
    tenth = NINTH.replace("Ninth", "Tenth")
    assert not matches(record(1, NINTH, kind="meeting"), record(2, tenth, kind="meeting"))


def test_a_record_reported_twice_by_the_same_participant_scores_lower():
    japan = record(1, "OSCE Workshop on Human Security", "May 2007", "Vienna", "AUT", "JPN")
    spain = record(2, japan.title, "15 May 2007", "Vienna", "AUT", "ESP")
    again = record(2, japan.title, "15 May 2007", "Vienna", "AUT", "JPN")
    [other] = find_candidates([japan, spain], threshold=0.01)
    [same] = find_candidates([japan, again], threshold=0.01)
    assert same.score < other.score
    assert "same reporter (JPN)" in same.reasons


# --- The run -----------------------------------------------------------------------------


def test_a_pair_marked_not_a_duplicate_does_not_come_back():
    japan = record(1, "OSCE Workshop on Human Security", "May 2007", "Vienna", "AUT", "JPN")
    spain = record(2, japan.title, "15 May 2007", "Vienna", "AUT", "ESP")
    assert pairs([japan, spain]) == {frozenset({1, 2})}
    assert pairs([japan, spain], exclude={frozenset({1, 2})}) == set()


def test_candidates_come_best_first_with_the_smaller_id_as_a():
    a = record(5, "OSCE Workshop on Human Security", "May 2007", "Vienna", "AUT", "JPN")
    b = record(3, a.title, "15 May 2007", "Vienna", "AUT", "ESP")
    c = record(9, "HSN Ministerial Meeting", kind="meeting")
    d = record(7, NINTH, "May 2007", "Ljubljana", "SVN", "SVN", kind="meeting")
    found = find_candidates([a, b, c, d])
    assert [(x.a, x.b) for x in found] == [(3, 5), (7, 9)]
    assert found[0].score >= found[1].score


def test_blocking_compares_far_fewer_pairs_than_all_of_them():
    rng = random.Random(5)
    kinds = ["Workshop", "Seminar", "Conference", "Meeting", "Round Table", "Forum"]
    topics = [
        *("trafficking", "refugees", "children", "violence", "women", "health", "climate"),
        *("water", "food", "poverty", "peacebuilding", "mines", "migration", "education"),
        *("employment", "drought", "disasters", "justice", "governance", "landmines"),
        *("cities", "youth", "elections", "policing", "borders", "ageing", "nutrition"),
    ]
    regions = ["Asia", "Africa", "the Pacific", "the Caribbean", "the Balkans", "the Sahel"]
    titles: set[str] = set()
    while len(titles) < 1000:
        first, second = rng.sample(topics, 2)
        titles.add(f"{rng.choice(kinds)} on {first} and {second} in {rng.choice(regions)}")
    records = [
        record(n, title, f"{rng.randrange(1, 13)}/{rng.randrange(2000, 2010)}", reported_by="JPN")
        for n, title in enumerate(sorted(titles), start=1)
    ]
    stats = Stats()
    find_candidates(records, stats=stats)
    all_pairs = len(records) * (len(records) - 1) // 2
    assert 0 < stats.compared < all_pairs / 10, stats
