"""One participant at /participants/<code>/: facts, names, initiatives, meetings attended."""

import html
import re

import pytest
from django.utils.html import strip_tags

pytestmark = pytest.mark.django_db


def text(fragment: str) -> str:
    return " ".join(html.unescape(strip_tags(fragment)).split())


def section(response, heading: str) -> str:
    """The HTML from an h2 to the next h2 (or the end of main)."""
    page = response.content.decode()
    match = re.search(rf"<h2>{re.escape(heading)}</h2>(.*?)(?=<h2>|</main>)", page, re.S)
    assert match, f"no section {heading!r}"
    return match[1]


def items(fragment: str) -> list[str]:
    return [text(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", fragment, re.S)]


def facts(response) -> dict[str, str]:
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", response.content.decode(), re.S)
    return {text(term): text(value) for term, value in pairs}


def row_titles(fragment: str) -> list[str]:
    return [text(row) for row in re.findall(r'<th scope="row">(.*?)</th>', fragment, re.S)]


def test_it_shows_japan_with_its_facts(client):
    response = client.get("/participants/JPN/")

    assert response.status_code == 200
    assert re.search(r"<h1>Japan</h1>", response.content.decode())
    assert facts(response) == {
        "Kind": "Member State",
        "Formal name": "Japan",
        "Region": "Asia (Eastern Asia)",
        "ISO and M49 codes": "JPN, JP, 392",
        "Member since": "18 December 1956",
    }


def test_it_lists_the_initiatives_japan_reported_or_leads(client):
    titles = row_titles(section(client.get("/participants/JPN/"), "Initiatives"))

    assert len(titles) == 8
    assert "Senior Official-Level Meeting on Human Security" in titles
    assert "Ninth Human Security Network Ministerial Meeting" in titles
    # Japan leads the compilation, which Mexico co-organizes.
    assert "Compilation of information on past, present and future human security initiatives" in (
        titles
    )
    # Spain's own record of the OSCE workshop is not Japan's.
    assert titles.count("OSCE Workshop on Human Security") == 1


def test_it_lists_the_first_and_second_meetings_that_japan_attended_as_co_chair(client):
    attended = items(section(client.get("/participants/JPN/"), "Meetings attended"))

    assert attended == [
        "First meeting of the Friends of Human Security, 19 October 2006 (co-chair)",
        "Second meeting of the Friends of Human Security, 20 April 2007 (co-chair)",
    ]


def test_it_lists_an_organization_partner_of_an_initiative(client):
    titles = row_titles(section(client.get("/participants/UNDP/"), "Initiatives"))

    assert titles == ["Geneva Declaration on Armed Violence and Development"]


def test_it_says_so_when_a_participant_attended_no_meeting(client):
    attended = text(section(client.get("/participants/TUR/"), "Meetings attended"))

    assert attended == "No attendance recorded."


def test_the_detail_of_turkiye_lists_its_former_name_turkey(client):
    response = client.get("/participants/TUR/")

    assert re.search(r"<h1>Türkiye</h1>", response.content.decode())
    names = items(section(response, "Names"))
    assert "Turkey — until 31 May 2022" in names
    assert "Turquie — until 31 May 2022" in names


def test_an_unknown_code_gives_404(client):
    assert client.get("/participants/XYZ/").status_code == 404
