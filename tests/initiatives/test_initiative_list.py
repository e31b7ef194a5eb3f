"""The list of initiatives at /initiatives/: theme, participant, year and timeframe filters."""

import html
import re

import pytest
from django.utils.html import strip_tags

pytestmark = pytest.mark.django_db

URL = "/initiatives/"


def text(fragment: str) -> str:
    return " ".join(html.unescape(strip_tags(fragment)).split())


def count_line(response) -> str:
    match = re.search(r'<p class="count"[^>]*>(.*?)</p>', response.content.decode(), re.S)
    assert match, "the page has no count line"
    return text(match[1])


def rows(response) -> list[tuple[str, ...]]:
    """Each row of the table: title, dates, place, timeframe, reported by."""
    found = []
    for row in re.findall(r"<tr>\s*(<th scope=\"row\">.*?)</tr>", response.content.decode(), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        found.append(tuple(text(cell) for cell in cells))
    return found


def titles(response) -> list[str]:
    return [row[0] for row in rows(response)]


def test_it_lists_the_16_initiatives_of_the_demo(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert count_line(response).startswith("16 initiatives; timeframes as of ")


def test_a_broader_theme_finds_initiatives_tagged_with_narrower_terms(client):
    # Neither is tagged "protection-of-children" itself: Canada's resolution is tagged
    # "children-and-armed-conflict", Slovenia's meeting "violence-against-children".
    response = client.get(URL, {"theme": "protection-of-children"})

    assert sorted(titles(response)) == [
        "Human Security Network Ministerial Meeting",
        "Security Council resolution 1612 (2005) on children and armed conflict",
    ]


def test_freedom_from_fear_finds_six_initiatives_down_to_two_levels_below(client):
    response = client.get(URL, {"theme": "freedom-from-fear"})

    assert count_line(response).startswith("6 initiatives")
    assert "Security Council resolution 1612 (2005) on children and armed conflict" in (
        titles(response)
    )
    assert "Workshop on Human Trafficking" in titles(response)
    assert "OSCE Workshop on Human Security" not in titles(response)


def test_an_unknown_theme_is_shown_as_an_error_and_filters_nothing(client):
    response = client.get(URL, {"theme": "astrology"})

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert count_line(response).startswith("16 initiatives")


def test_a_participant_finds_what_it_leads(client):
    response = client.get(URL, {"participant": "OSCE"})

    assert sorted((row[0], row[-1]) for row in rows(response)) == [
        ("OSCE Human Dimension Seminars", "Spain"),
        ("OSCE Workshop on Human Security", "Japan"),
        ("OSCE Workshop on Human Security", "Spain"),
    ]


def test_a_participant_finds_what_it_is_partner_of(client):
    response = client.get(URL, {"participant": "UNDP"})

    assert titles(response) == ["Geneva Declaration on Armed Violence and Development"]


def test_a_participant_finds_what_it_reported(client):
    response = client.get(URL, {"participant": "THA"})

    assert sorted(titles(response)) == [
        "Ministry of Social Development and Human Security",
        "Workshop on Human Trafficking",
    ]


def test_a_year_finds_what_happened_in_it_and_what_was_going_on(client):
    response = client.get(URL, {"year": 2006})

    assert titles(response) == [
        "Ministry of Social Development and Human Security",  # since October 2002
        "Geneva Declaration on Armed Violence and Development",
        "ASEAN-UNESCO Concept Workshop on Human Security in Southeast Asia",
        "European Union Roundtable on Human Security in Post-Conflict and Peacebuilding Situations",
        "Meeting of the representatives of the Friends of Human Security with the "
        "Secretary-General-elect",
    ]


def test_on_20_april_2007_the_vienna_and_ljubljana_meetings_are_planned(client):
    response = client.get(URL, {"timeframe": "planned", "on": "2007-04-20"})

    assert count_line(response) == "3 initiatives; timeframes as of 20 April 2007"
    assert rows(response) == [
        (
            "Ninth Human Security Network Ministerial Meeting",
            "May 2007",
            "Ljubljana, Slovenia",
            "planned",
            "Japan",
        ),
        ("OSCE Workshop on Human Security", "May 2007", "Vienna, Austria", "planned", "Japan"),
        ("OSCE Workshop on Human Security", "15 May 2007", "Vienna, Austria", "planned", "Spain"),
    ]


def test_on_1_october_2007_the_vienna_and_ljubljana_meetings_are_past(client):
    response = client.get(URL, {"timeframe": "past", "on": "2007-10-01"})

    assert count_line(response) == "11 initiatives; timeframes as of 1 October 2007"
    may_2007 = [row for row in rows(response) if row[1] in ("May 2007", "15 May 2007")]
    assert [(row[2], row[3], row[4]) for row in may_2007] == [
        ("Ljubljana, Slovenia", "past", "Japan"),
        ("Vienna, Austria", "past", "Japan"),
        ("Vienna, Austria", "past", "Spain"),
    ]
    planned = client.get(URL, {"timeframe": "planned", "on": "2007-10-01"})
    assert count_line(planned).startswith("0 initiatives")


def test_on_10_may_2007_the_may_meetings_are_ongoing_but_the_15_may_workshop_is_planned(client):
    ongoing = client.get(URL, {"timeframe": "ongoing", "on": "2007-05-10"})

    assert [(row[0], row[-1]) for row in rows(ongoing)] == [
        ("Ministry of Social Development and Human Security", "Thailand"),
        ("Ninth Human Security Network Ministerial Meeting", "Japan"),
        ("OSCE Workshop on Human Security", "Japan"),
    ]


def test_without_on_the_timeframe_is_shown_for_every_row(client):
    response = client.get(URL, {"on": "2007-04-20"})

    timeframes = [row[3] for row in rows(response)]
    assert timeframes.count("planned") == 3
    assert timeframes.count("date unknown") == 4
    assert timeframes.count("ongoing") == 1
    assert timeframes.count("past") == 8


def test_the_dates_are_written_in_french_for_a_french_reader(client):
    response = client.get(
        URL, {"timeframe": "planned", "on": "2007-04-20"}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert "20 avril 2007" in count_line(response)
    assert [row[1] for row in rows(response)] == ["mai 2007", "mai 2007", "15 mai 2007"]


@pytest.mark.parametrize("page_size", [5, 50])
def test_it_runs_12_queries_whatever_the_page_size(
    client, settings, django_assert_num_queries, page_size
):
    # count, rows, themes, partners, their participants, the names of reporters and of
    # countries (for the names in the language of the page), the theme and participant
    # choices of the filter form.
    settings.HUMSEC_PAGE_SIZE = page_size

    with django_assert_num_queries(12):
        response = client.get(URL, {"on": "2007-04-20"})

    assert len(rows(response)) == min(page_size, 16)
