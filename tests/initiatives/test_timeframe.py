"""Past, ongoing or planned, always against a reference date, respecting precision."""

import datetime as dt
import itertools

import pytest

from humsec.dates import PartialDate
from humsec.initiatives.models import Initiative
from humsec.initiatives.timeframe import Timeframe
from humsec.roster.models import Participant

APRIL_20 = dt.date(2007, 4, 20)


def initiative(kind="workshop", start=None, end=None):
    record = Initiative(kind=kind, title="t")
    record.set_dates(start and PartialDate.parse(start), end and PartialDate.parse(end))
    return record


def test_may_2007_is_planned_in_april_ongoing_in_may_and_past_in_october():
    workshop = initiative(start="May 2007")
    assert workshop.timeframe(APRIL_20) == Timeframe.PLANNED
    assert workshop.timeframe(dt.date(2007, 5, 31)) == Timeframe.ONGOING
    assert workshop.timeframe(dt.date(2007, 10, 1)) == Timeframe.PAST


def test_a_day_is_past_the_day_after():
    workshop = initiative(start="15 May 2007")
    assert workshop.timeframe(dt.date(2007, 5, 15)) == Timeframe.ONGOING
    assert workshop.timeframe(dt.date(2007, 5, 16)) == Timeframe.PAST


def test_an_institution_without_an_end_stays_ongoing():
    ministry = initiative(kind="institution", start="October 2002")
    assert ministry.end is None
    assert ministry.timeframe(dt.date(2030, 1, 1)) == Timeframe.ONGOING


def test_an_event_without_an_end_ends_with_its_start_period():
    workshop = initiative(start="2006")
    assert workshop.end == PartialDate(2006)
    assert workshop.dates_display("en") == "2006"


def test_an_initiative_without_dates_is_undated():
    assert initiative().timeframe(APRIL_20) == Timeframe.UNDATED


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValueError, match="before"):
        initiative(start="May 2007", end="April 2007")


def test_dates_are_shown_with_their_precision():
    assert initiative(start="May 2007").dates_display("en") == "May 2007"
    assert initiative(start="15 May 2007").dates_display("fr") == "15 mai 2007"
    assert (
        initiative(kind="programme", start="June 2006", end="2008").dates_display("en")
        == "June 2006 – 2008"
    )
    assert initiative(kind="institution", start="2002-10").dates_display("en") == (
        "since October 2002"
    )


@pytest.mark.django_db
def test_the_database_filter_agrees_with_the_rule_on_every_case():
    """The list filters run in SQL; they must say what Initiative.timeframe says."""
    reporter = Participant.objects.get(code="JPN")
    shapes = [
        ("workshop", None, None),
        ("workshop", "2007-04-20", None),
        ("workshop", "May 2007", None),
        ("workshop", "2006", None),
        ("programme", "2007-04", None),
        ("programme", "2006", "2007-04-19"),
        ("programme", "2006", "2007-04-20"),
        ("programme", None, "2008"),
        ("institution", "2007-04-21", None),
    ]
    records = []
    for n, (kind, start, end) in enumerate(shapes):
        record = initiative(kind, start, end)
        record.title, record.key, record.reported_by = f"case {n}", f"case-{n}", reporter
        record.save()
        records.append(record)
    days = [
        dt.date(2006, 1, 1),
        dt.date(2007, 4, 19),
        APRIL_20,
        dt.date(2007, 4, 21),
        dt.date(2009, 1, 1),
    ]
    ids = [record.pk for record in records]
    for on, timeframe in itertools.product(days, Timeframe):
        in_sql = set(
            Initiative.objects.filter(pk__in=ids)
            .in_timeframe(timeframe, on)
            .values_list("pk", flat=True)
        )
        by_rule = {record.pk for record in records if record.timeframe(on) == timeframe}
        assert in_sql == by_rule, (on, timeframe)
