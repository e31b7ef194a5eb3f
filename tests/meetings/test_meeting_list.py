"""The list of meetings at /meetings/."""

import datetime as dt
import html
import re

import pytest
from django.utils.html import strip_tags

from humsec.meetings.models import CoChair, Meeting
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db

URL = "/meetings/"


def text(fragment: str) -> str:
    return " ".join(html.unescape(strip_tags(fragment)).split())


def rows(response) -> list[tuple[str, ...]]:
    """Meeting, date, venue, co-chairs, attendance."""
    found = []
    for row in re.findall(r"<tr>\s*(<th scope=\"row\">.*?)</tr>", response.content.decode(), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        found.append(tuple(text(cell) for cell in cells))
    return found


def row_of(response, title: str) -> tuple[str, ...]:
    (row,) = [row for row in rows(response) if row[0] == title]
    return row


FIRST = "First meeting of the Friends of Human Security"
SECOND = "Second meeting of the Friends of Human Security"


def add_meetings(how_many: int) -> None:
    """Later meetings, each co-chaired by Japan and Mexico."""
    japan, mexico = Participant.objects.get(code="JPN"), Participant.objects.get(code="MEX")
    for n in range(how_many):
        meeting = Meeting.objects.create(
            number=4 + n, title=f"Meeting {4 + n}", date=dt.date(2008, 5, 1 + n)
        )
        CoChair.objects.create(meeting=meeting, participant=japan, name="Yukio Takasu", title="-")
        CoChair.objects.create(meeting=meeting, participant=mexico, name="Claude Heller", title="-")


def test_it_lists_the_three_meetings_latest_first(client):
    # Meeting.Meta.ordering is ["-date"]; Django drops Meta.ordering from GROUP BY
    # queries, so the annotated list needs its own order_by.
    response = client.get(URL)

    assert response.status_code == 200
    assert [(row[0], row[1]) for row in rows(response)] == [
        ("Third meeting of the Friends of Human Security", "7 November 2007"),
        ("Second meeting of the Friends of Human Security", "20 April 2007"),
        ("First meeting of the Friends of Human Security", "19 October 2006"),
    ]


def test_it_counts_35_states_and_13_organizations_at_the_second_meeting(client):
    second = row_of(client.get(URL), SECOND)

    assert second == (
        "Second meeting of the Friends of Human Security",
        "20 April 2007",
        "United Nations Headquarters, New York",
        "Yukio Takasu (Japan); Claude Heller (Mexico)",
        "35 States, 13 organizations",
    )


def test_it_shows_the_venue_and_the_single_co_chair_of_the_first_meeting(client):
    first = row_of(client.get(URL), FIRST)

    assert first[2] == "Millennium UN Plaza Hotel, New York"
    assert first[3] == "Yukio Takasu (Japan)"


def test_it_writes_one_state_in_the_singular(client):
    # Only Japan is on record for the first meeting (its note says 24 States came).
    first = row_of(client.get(URL), FIRST)

    assert first[4] == "1 State, 8 organizations"


def test_it_links_each_meeting_to_its_page(client):
    page = client.get(URL).content.decode()

    for number in (1, 2, 3):
        assert f'<a href="/meetings/{number}/">' in page


def test_it_writes_dates_in_spanish_for_a_spanish_reader(client):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="es")

    second = row_of(response, SECOND)
    assert second[1] == "20 de abril de 2007"
    assert second[3] == "Yukio Takasu (Japón); Claude Heller (México)"


@pytest.mark.parametrize("more_meetings", [0, 3])
def test_it_runs_4_queries_however_many_meetings(client, django_assert_num_queries, more_meetings):
    # meetings with their counts, co-chairs, their participants, the participants' names.
    add_meetings(more_meetings)

    with django_assert_num_queries(4):
        response = client.get(URL)

    assert len(rows(response)) == 3 + more_meetings
