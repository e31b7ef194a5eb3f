"""GET /api/v1/initiatives and /api/v1/initiatives/{initiative_id}."""

import pytest

from humsec.dates import PartialDate
from humsec.initiatives.models import Initiative, Status
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db

URL = "/api/v1/initiatives"
DRAFT_TITLE = "Human security in the school curricula of Chile"


def items(client, **query) -> list[dict]:
    response = client.get(URL, {"page_size": 100, **query})
    assert response.status_code == 200, response.content
    return response.json()["items"]


def pairs(found: list[dict]) -> list[tuple[str, str]]:
    """(title, reporter code) of each initiative."""
    return sorted((item["title"], item["reported_by"]["code"]) for item in found)


@pytest.fixture
def chile_draft(db) -> Initiative:
    initiative = Initiative(
        title=DRAFT_TITLE,
        kind="programme",
        status=Status.DRAFT,
        reported_by=Participant.objects.get(code="CHL"),
    )
    initiative.set_dates(PartialDate(2008, 3), None)
    initiative.save()
    return initiative


def test_it_lists_the_16_initiatives_of_the_demo(client):
    assert client.get(URL).json()["count"] == 16


def test_a_broader_theme_finds_initiatives_tagged_with_narrower_terms(client):
    found = items(client, theme="protection-of-children")

    assert pairs(found) == [
        ("Human Security Network Ministerial Meeting", "SVN"),
        ("Security Council resolution 1612 (2005) on children and armed conflict", "CAN"),
    ]
    assert [item["themes"] for item in found if item["reported_by"]["code"] == "CAN"] == [
        ["children-and-armed-conflict"]
    ]


def test_freedom_from_fear_finds_six_initiatives(client):
    assert len(items(client, theme="freedom-from-fear")) == 6


def test_an_unknown_theme_gives_400_naming_it(client):
    response = client.get(URL, {"theme": "unknown"})

    assert response.status_code == 400
    assert "'unknown'" in response.json()["detail"]
    assert "theme" in response.json()["detail"]


def test_an_unknown_participant_gives_400_naming_it(client):
    response = client.get(URL, {"participant": "XYZ"})

    assert response.status_code == 400
    assert "'XYZ'" in response.json()["detail"]


def test_a_participant_finds_what_it_leads_partners_or_reported(client):
    assert pairs(items(client, participant="OSCE")) == [
        ("OSCE Human Dimension Seminars", "ESP"),
        ("OSCE Workshop on Human Security", "ESP"),
        ("OSCE Workshop on Human Security", "JPN"),
    ]
    assert pairs(items(client, participant="UNDP")) == [
        ("Geneva Declaration on Armed Violence and Development", "CHE")
    ]


def test_a_year_finds_what_happened_or_was_going_on_in_it(client):
    titles = {item["title"] for item in items(client, year=2006)}

    assert len(titles) == 5
    assert "Ministry of Social Development and Human Security" in titles  # since 2002
    assert "Security Council resolution 1612 (2005) on children and armed conflict" not in titles


def test_on_20_april_2007_the_vienna_and_ljubljana_meetings_are_planned(client):
    found = items(client, timeframe="planned", on="2007-04-20")

    assert pairs(found) == [
        ("Ninth Human Security Network Ministerial Meeting", "JPN"),
        ("OSCE Workshop on Human Security", "ESP"),
        ("OSCE Workshop on Human Security", "JPN"),
    ]
    assert {item["timeframe"] for item in found} == {"planned"}
    assert {item["reference_date"] for item in found} == {"2007-04-20"}


def test_on_1_october_2007_the_same_meetings_are_past(client):
    found = items(client, timeframe="past", on="2007-10-01")

    assert len(found) == 11
    may = [item for item in found if item["start"] in ("2007-05", "2007-05-15")]
    assert [item["timeframe"] for item in may] == ["past", "past", "past"]
    assert items(client, timeframe="planned", on="2007-10-01") == []


def test_the_timeframe_of_each_row_is_computed_against_on(client):
    before = {i["id"]: i["timeframe"] for i in items(client, on="2007-04-20")}
    during = {i["id"]: i["timeframe"] for i in items(client, on="2007-05-10")}
    spain = Initiative.objects.get(key="osce-workshop-vienna-2007--esp").pk
    japan = Initiative.objects.get(key="osce-workshop-vienna-2007--jpn").pk

    assert (before[spain], before[japan]) == ("planned", "planned")
    # "May 2007" has begun on 10 May; "15 May 2007" has not.
    assert (during[spain], during[japan]) == ("planned", "ongoing")


def test_an_initiative_keeps_the_precision_of_its_dates(client):
    by_key = {
        key: client.get(f"{URL}/{Initiative.objects.get(key=key).pk}").json()
        for key in ("osce-workshop-vienna-2007--esp", "osce-workshop-vienna-2007--jpn")
    }
    spain, japan = by_key.values()

    assert (spain["start"], spain["dates"]) == ("2007-05-15", "15 May 2007")
    assert (japan["start"], japan["dates"]) == ("2007-05", "May 2007")
    assert spain["city"] == "Vienna"
    assert spain["country"] == {"code": "AUT", "name": "Austria", "kind": "member_state"}
    assert spain["lead"]["code"] == "OSCE"
    assert spain["meeting"] == 2


def test_an_initiative_lists_its_partners_and_links(client):
    geneva = Initiative.objects.get(
        key="geneva-declaration-armed-violence-and-development-2006--che"
    )
    resolution = Initiative.objects.get(key="security-council-resolution-1612-2005--can")

    partners = client.get(f"{URL}/{geneva.pk}").json()["partners"]
    links = client.get(f"{URL}/{resolution.pk}").json()["links"]

    assert partners == [
        {
            "participant": {
                "code": "UNDP",
                "name": "United Nations Development Programme",
                "kind": "un_entity",
            },
            "role": "co-organizer",
        }
    ]
    assert links == [
        {
            "url": "https://undocs.org/S/RES/1612(2005)",
            "title": "Security Council resolution 1612 (2005)",
        }
    ]


def test_drafts_are_invisible_to_anonymous_readers(client, chile_draft):
    titles = [item["title"] for item in items(client)]
    chile = items(client, participant="CHL")

    assert DRAFT_TITLE not in titles
    assert chile == []
    assert client.get(f"{URL}/{chile_draft.pk}").status_code == 404


def test_drafts_are_invisible_to_another_participants_focal_point(personas, chile_draft):
    client = personas.client("thailand")

    assert DRAFT_TITLE not in [item["title"] for item in items(client)]
    assert client.get(f"{URL}/{chile_draft.pk}").status_code == 404


@pytest.mark.parametrize("persona", ["chile", "secretariat", "reviewer"])
def test_drafts_are_visible_to_their_reporter_and_to_the_secretariat(
    personas, chile_draft, persona
):
    client = personas.client(persona)

    assert [item["title"] for item in items(client, participant="CHL")] == [DRAFT_TITLE]
    assert client.get(f"{URL}/{chile_draft.pk}").json()["start"] == "2008-03"


@pytest.mark.parametrize("page_size", [3, 100])
def test_the_list_runs_6_queries_whatever_the_page_size(
    client, django_assert_num_queries, page_size
):
    # count, rows (with reporter, lead, country and meeting joined), themes, partners,
    # their participants, links.
    with django_assert_num_queries(6):
        found = items(client, page_size=page_size, on="2007-04-20")

    assert len(found) == min(page_size, 16)
