"""One meeting at /meetings/<number>/: co-chairs, agenda, attendance, statements, conclusions."""

import html
import re

import pytest
from django.utils.html import strip_tags

from humsec.meetings.models import Attendance, Meeting
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db


def text(fragment: str) -> str:
    return " ".join(html.unescape(strip_tags(fragment)).split())


def main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def section(response, heading: str) -> str:
    """The HTML from an h2 to the next h2 (or the end of main)."""
    match = re.search(rf"<h2>{re.escape(heading)}</h2>(.*?)(?=<h2>|$)", main(response), re.S)
    assert match, f"no section {heading!r}"
    return match[1]


def items(fragment: str) -> list[str]:
    return [text(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", fragment, re.S)]


def co_chairs(response) -> list[str]:
    match = re.search(r"<dt>Co-chairs</dt><dd>(.*?)</dd>", response.content.decode(), re.S)
    assert match, "no co-chairs"
    return items(match[1])


def attendance(response) -> dict[str, list[str]]:
    """The attendance lists under their h3 headings: {"35 States": [...], ...}."""
    lists = re.findall(r"<h3>([^<]*)</h3>\s*<ul class=\"columns\">(.*?)</ul>", main(response), re.S)
    return {text(heading): items(names) for heading, names in lists}


def test_it_shows_the_date_time_and_venue_of_the_second_meeting(client):
    response = client.get("/meetings/2/")

    assert response.status_code == 200
    assert "<h1>Second meeting of the Friends of Human Security</h1>" in main(response)
    assert "20 April 2007, 13:15–17:00" in text(main(response))
    assert "United Nations Headquarters, New York" in text(main(response))


def test_takasu_is_ambassador_in_charge_of_human_security_at_the_second_meeting(client):
    assert co_chairs(client.get("/meetings/2/")) == [
        "H.E. Mr. Yukio Takasu, Ambassador of Japan in charge of human security",
        "H.E. Mr. Claude Heller, Permanent Representative of Mexico to the United Nations",
    ]


def test_takasu_is_permanent_representative_at_the_third_meeting(client):
    assert co_chairs(client.get("/meetings/3/"))[0] == (
        "H.E. Mr. Yukio Takasu, Permanent Representative of Japan to the United Nations"
    )


def test_it_shows_both_agenda_items_with_their_numbers(client):
    agenda = section(client.get("/meetings/2/"), "Agenda")

    numbers = re.findall(r'<li value="(\d+)">', agenda)
    assert numbers == ["1", "2"]
    assert items(agenda)[0].startswith("Ways to follow up on the reference to human security")
    assert items(agenda)[1].startswith("Common areas of interest, including collaborative")


def test_it_lists_35_states_and_13_organizations_with_the_co_chairs_marked(client):
    lists = attendance(client.get("/meetings/2/"))

    assert list(lists) == ["35 States", "13 organizations"]
    assert len(lists["35 States"]) == 35
    assert len(lists["13 organizations"]) == 13
    assert "Japan (co-chair)" in lists["35 States"]
    assert "Mexico (co-chair)" in lists["35 States"]
    assert "Viet Nam" in lists["35 States"]
    assert "World Health Organization" in lists["13 organizations"]


def test_names_in_attendance_are_those_valid_on_the_meeting_date(client):
    # The European Commission was the Commission of the European Communities until
    # 30 November 2009.
    organizations = attendance(client.get("/meetings/2/"))["13 organizations"]

    assert "Commission of the European Communities" in organizations
    assert "European Commission" not in organizations


def test_a_state_that_changed_its_name_since_attends_under_its_name_of_the_day(client):
    meeting = Meeting.objects.get(number=2)
    Attendance.objects.create(meeting=meeting, participant=Participant.objects.get(code="TUR"))

    states = attendance(client.get("/meetings/2/"))["36 States"]

    assert "Turkey" in states
    assert "Türkiye" not in states


def test_names_in_french_are_those_valid_on_the_meeting_date(client):
    # "Commission des Communautés européennes" until 30 November 2009.
    response = client.get("/meetings/2/", HTTP_ACCEPT_LANGUAGE="fr")

    names = [name for names in attendance(response).values() for name in names]
    assert "Commission des Communautés européennes" in names
    assert "Commission européenne" not in names


def test_names_in_spanish_are_those_valid_on_the_meeting_date(client):
    response = client.get("/meetings/2/", HTTP_ACCEPT_LANGUAGE="es")

    names = [name for names in attendance(response).values() for name in names]
    assert "Comisión de las Comunidades Europeas" in names
    assert "Comisión Europea" not in names


def test_it_shows_spains_statement_with_its_capacity(client):
    statements = section(client.get("/meetings/2/"), "Statements")

    heading = r"<h4[^>]*>Spain, Chairman of the OSCE for 2007</h4>"
    match = re.search(heading + r"\s*<p>(.*?)</p>", statements)
    assert match, "Spain's statement is not headed with its capacity"
    assert "an OSCE workshop on human security will be held in Vienna on May 15" in text(match[1])


def test_it_groups_statements_under_their_agenda_items(client):
    statements = section(client.get("/meetings/2/"), "Statements")

    headings = [text(h) for h in re.findall(r"<h3>(.*?)</h3>", statements, re.S)]
    assert headings == ["Opening statements", "Agenda item 2", "Agenda item 1"]
    speakers = [text(h) for h in re.findall(r"<h4[^>]*>(.*?)</h4>", statements, re.S)]
    assert len(speakers) == 14
    assert speakers[:2] == ["Mexico", "Japan"]


def test_it_shows_the_five_conclusions(client):
    conclusions = re.findall(r"<p>(.*?)</p>", section(client.get("/meetings/2/"), "Conclusions"))

    assert len(conclusions) == 5
    assert text(conclusions[0]).startswith("The multifaceted nature of human security")
    assert "compilation of information on past, present, and future initiatives" in text(
        conclusions[3]
    )
    assert text(conclusions[4]).startswith("The Co-Chairs proposed holding the third meeting")


def test_it_lists_the_16_initiatives_reported_at_the_second_meeting(client):
    reported = section(client.get("/meetings/2/"), "Initiatives reported")

    assert len(re.findall(r'<th scope="row">', reported)) == 16


def test_the_third_meeting_shows_its_attendance_note_and_no_list(client):
    response = client.get("/meetings/3/")

    assert "Attendance not listed in the sources." in text(section(response, "Attendance"))
    assert attendance(response) == {}


def test_an_unknown_meeting_gives_404(client):
    assert client.get("/meetings/99/").status_code == 404


@pytest.mark.parametrize(("number", "queries"), [(2, 19), (3, 9)])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number, queries):
    # meeting, co-chairs and their participants, agenda, conclusions, attendance with its
    # participants' names, statements with their participants' names, and the reported
    # initiatives with their themes, partners, partners' participants, reporters' and
    # countries' names. Meeting 3 has no attendance, statement or initiative.
    with django_assert_num_queries(queries):
        response = client.get(f"/meetings/{number}/")

    assert response.status_code == 200
