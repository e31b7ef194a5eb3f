"""Dates with their precision, and dates as the United Nations writes them."""

import datetime as dt

import pytest

from humsec.dates import DateError, PartialDate, un_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2007", PartialDate(2007)),
        ("2007-05", PartialDate(2007, 5)),
        ("2007-05-15", PartialDate(2007, 5, 15)),
        ("May 2007", PartialDate(2007, 5)),
        ("15 May 2007", PartialDate(2007, 5, 15)),
        ("May 15, 2007", PartialDate(2007, 5, 15)),
        ("15/05/2007", PartialDate(2007, 5, 15)),
        ("1er octobre 2007", PartialDate(2007, 10, 1)),
        ("15 de mayo de 2007", PartialDate(2007, 5, 15)),
        ("février 2007", PartialDate(2007, 2)),
        ("Sept. 2006", PartialDate(2006, 9)),
    ],
)
def test_it_reads_dates_in_common_forms(text, expected):
    assert PartialDate.parse(text) == expected


def test_it_keeps_the_precision_that_was_given():
    assert PartialDate.parse("May 2007").precision == "month"
    assert PartialDate.parse("2007").precision == "year"
    assert PartialDate.parse("15 May 2007").precision == "day"


@pytest.mark.parametrize("text", ["31 February 2007", "2007-02-31", "2007-13", "29/02/2007"])
def test_it_names_an_impossible_date(text):
    with pytest.raises(DateError):
        PartialDate.parse(text)


def test_the_message_for_31_february_says_the_day_does_not_exist():
    with pytest.raises(DateError, match="31 February 2007 does not exist"):
        PartialDate.parse("31 February 2007")


def test_it_refuses_words_that_are_not_dates():
    with pytest.raises(DateError, match="'soon' is not a date we can read"):
        PartialDate.parse("soon")


def test_a_month_covers_its_first_to_its_last_day():
    may = PartialDate(2007, 5)
    assert (may.first_day, may.last_day) == (dt.date(2007, 5, 1), dt.date(2007, 5, 31))
    february = PartialDate(2008, 2)
    assert february.last_day == dt.date(2008, 2, 29)
    year = PartialDate(2006)
    assert (year.first_day, year.last_day) == (dt.date(2006, 1, 1), dt.date(2006, 12, 31))


def test_it_writes_dates_as_the_united_nations_does():
    day = dt.date(2007, 4, 20)
    assert un_date(day, "en") == "20 April 2007"
    assert un_date(day, "fr") == "20 avril 2007"
    assert un_date(day, "es") == "20 de abril de 2007"
    assert un_date(dt.date(2007, 10, 1), "fr") == "1er octobre 2007"
    assert PartialDate(2007, 5).format("es") == "mayo de 2007"


def test_a_stored_day_and_precision_give_back_the_partial_date():
    assert PartialDate.from_date(dt.date(2007, 5, 31), "month") == PartialDate(2007, 5)
    assert PartialDate.from_date(dt.date(2007, 12, 31), "year") == PartialDate(2007)
