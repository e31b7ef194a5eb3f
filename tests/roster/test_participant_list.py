"""The list of participants at /participants/: filters, errors, pages, languages, queries."""

import csv
import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.utils.html import strip_tags

pytestmark = pytest.mark.django_db

URL = "/participants/"
MEMBER_STATES_CSV = (
    Path(__file__).resolve().parents[2] / "src/humsec/roster/reference/member_states.csv"
)


def text(fragment: str) -> str:
    return " ".join(html.unescape(strip_tags(fragment)).split())


def count_line(response) -> str:
    """The line above the table: "192 participants"."""
    match = re.search(r'<p class="count"[^>]*>(.*?)</p>', response.content.decode(), re.S)
    assert match, "the page has no count line"
    return text(match[1])


def names(response) -> list[str]:
    """The names in the first column, as a reader sees them."""
    rows = re.findall(r'<th scope="row">(.*?)</th>', response.content.decode(), re.S)
    return [text(row) for row in rows]


def codes(response) -> list[str]:
    pattern = r'<th scope="row"><a href="/participants/([^/]+)/">'
    return re.findall(pattern, response.content.decode())


def french_name(code: str) -> str:
    """name_fr of a Member State in the reference table, without its UNTERM article."""
    with MEMBER_STATES_CSV.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["iso3"] == code:
                return re.sub(r"\s*\((the|le|la|les|l')\)$", "", row["name_fr"])
    raise LookupError(code)


def test_it_lists_all_260_participants_without_filters(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert count_line(response) == "260 participants"


def test_it_counts_193_member_states_today(client):
    response = client.get(URL, {"kind": "member_state"})

    assert count_line(response) == "193 participants"


def test_it_counts_192_member_states_on_20_april_2007(client):
    response = client.get(URL, {"kind": "member_state", "member_on": "2007-04-20"})

    assert count_line(response) == "192 participants"


def test_it_counts_only_the_holy_see_as_observer_state_on_20_april_2007(client):
    # The State of Palestine became an observer State on 29 November 2012.
    response = client.get(URL, {"kind": "observer_state", "member_on": "2007-04-20"})

    assert count_line(response) == "1 participant"
    assert names(response) == ["Holy See"]


def test_it_keeps_only_the_region_asked_for(client):
    response = client.get(URL, {"kind": "member_state", "region": "Europe"})

    assert count_line(response) == "43 participants"
    assert "Austria" in names(response)
    assert "Japan" not in names(response)


def test_it_finds_a_participant_by_its_name(client):
    response = client.get(URL, {"q": "Japan"})

    assert names(response) == ["Japan"]


def test_it_finds_a_participant_by_its_code_in_any_case(client):
    response = client.get(URL, {"q": "jpn"})

    assert codes(response) == ["JPN"]


def test_it_finds_an_organization_by_its_acronym(client):
    response = client.get(URL, {"q": "OSCE"})

    assert names(response) == ["Organization for Security and Co-operation in Europe (OSCE)"]


def test_it_finds_viet_nam_when_asked_for_vietnam(client):
    response = client.get(URL, {"q": "Vietnam"})

    assert count_line(response) == "1 participant"
    assert names(response) == ["Viet Nam"]


def test_it_finds_turkiye_by_its_former_name_turkey(client):
    response = client.get(URL, {"q": "Turkey"})

    assert names(response) == ["Türkiye"]


def test_it_finds_cote_d_ivoire_typed_without_its_circumflex(client):
    # Most keyboards have no "ô"; filter_participants already normalizes q with
    # lookup.normalize ("accents ... do not matter when matching names").
    response = client.get(URL, {"q": "Cote d'Ivoire"})

    assert codes(response) == ["CIV"]


def test_it_says_so_when_nothing_matches(client):
    response = client.get(URL, {"q": "Atlantis"})

    assert count_line(response) == "0 participants"
    assert "No participant matches these filters." in response.content.decode()


def test_a_bad_date_shows_a_message_beside_the_field_and_filters_nothing(client):
    response = client.get(URL, {"kind": "member_state", "member_on": "2007-13-45"})

    assert response.status_code == 200
    page = response.content.decode()
    field = re.search(
        r'<div class="field has-error">\s*<label for="id_member_on">.*?</div>', page, re.S
    )
    assert field, "the date field is not marked as in error"
    assert "Enter a date such as 2007-04-20." in text(field[0])
    assert 'value="2007-13-45"' in field[0]
    # The bad date is left out; the valid kind filter still applies.
    assert count_line(response) == "193 participants"


def test_the_next_page_link_keeps_the_filters(client, settings):
    settings.HUMSEC_PAGE_SIZE = 50
    response = client.get(URL, {"kind": "member_state", "member_on": "2007-04-20"})

    page = response.content.decode()
    assert "Page 1 of 4" in text(page)
    link = re.search(r'<a href="([^"]+)" rel="next">', page)
    assert link, "there is no link to the next page"
    query = parse_qs(urlsplit(html.unescape(link[1])).query)
    assert query == {"kind": ["member_state"], "member_on": ["2007-04-20"], "page": ["2"]}


def test_the_fourth_page_holds_the_last_42_of_192_member_states(client, settings):
    settings.HUMSEC_PAGE_SIZE = 50
    response = client.get(URL, {"kind": "member_state", "member_on": "2007-04-20", "page": 4})

    assert "Page 4 of 4" in text(response.content.decode())
    assert len(names(response)) == 42
    assert names(response)[-1] == "Zimbabwe"
    assert 'rel="next"' not in response.content.decode()


@pytest.mark.parametrize("page_size", [5, 50])
def test_it_runs_3_queries_whatever_the_page_size(
    client, settings, django_assert_num_queries, page_size
):
    # The count, one page of rows, and their names in every language.
    settings.HUMSEC_PAGE_SIZE = page_size

    with django_assert_num_queries(3):
        response = client.get(URL, {"kind": "member_state", "member_on": "2007-04-20"})

    assert len(names(response)) == page_size


@pytest.mark.parametrize("page_size", [5, 50])
def test_a_search_adds_3_queries_whatever_the_page_size(
    client, settings, django_assert_num_queries, page_size
):
    # The search reads every participant, name and alias once to match them without
    # regard to case or accents.
    settings.HUMSEC_PAGE_SIZE = page_size

    with django_assert_num_queries(6):
        response = client.get(URL, {"kind": "member_state", "member_on": "2007-04-20", "q": "a"})

    assert len(names(response)) == page_size


def test_it_shows_names_in_french_for_a_french_browser(client):
    response = client.get(URL, {"q": "DEU"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert names(response) == ["Allemagne"]
    assert '<html lang="fr">' in response.content.decode()


def test_it_shows_turkiye_in_french_as_the_reference_table_has_it(client):
    expected = french_name("TUR")
    assert expected == "Türkiye"  # name_fr of TUR is "Türkiye (la)", not "Turquie".
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(URL, {"q": "TUR"})

    assert expected in names(response)
    assert "Turquie" not in names(response)  # the French name until 31 May 2022
