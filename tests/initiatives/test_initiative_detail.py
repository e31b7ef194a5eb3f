"""One initiative at /initiatives/<pk>/: its content, and who may see a draft."""

import html
import re

import pytest
from django.utils.html import strip_tags

from humsec.dates import PartialDate
from humsec.initiatives.models import Initiative, Status
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Human security in the school curricula of Chile"


def text(fragment: str) -> str:
    fragment = fragment.replace("</li>", "</li> ")
    return " ".join(html.unescape(strip_tags(fragment)).split())


def facts(response) -> dict[str, str]:
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", response.content.decode(), re.S)
    return {text(term): text(value) for term, value in pairs}


def url_of(key: str) -> str:
    return f"/initiatives/{Initiative.objects.get(key=key).pk}/"


@pytest.fixture
def chile_draft(db) -> Initiative:
    """A draft Chile's focal point is still writing; nobody outside Chile and the
    secretariat's readers may see it."""
    initiative = Initiative(
        title=DRAFT_TITLE,
        kind="programme",
        status=Status.DRAFT,
        reported_by=Participant.objects.get(code="CHL"),
        country=Participant.objects.get(code="CHL"),
        city="Santiago",
        description="Teaching modules on human security for secondary schools.",
    )
    initiative.set_dates(PartialDate(2008, 3), None)
    initiative.save()
    return initiative


def test_it_shows_spains_record_of_the_osce_workshop(client):
    response = client.get(url_of("osce-workshop-vienna-2007--esp"))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 lang="en">OSCE Workshop on Human Security</h1>' in page
    assert facts(response) == {
        "Kind": "workshop",
        "Dates": "15 May 2007",
        "Place": "Vienna, Austria",
        "Lead": "Organization for Security and Co-operation in Europe",
        "Themes": "Human security concept Outreach and dissemination",
        "Original language": "English",
        "Reported by": "Spain, at the Second meeting of the Friends of Human Security "
        "(20 April 2007)",
    }
    assert "will be held in Vienna on May 15." in text(page)


def test_it_shows_japans_record_of_the_same_workshop_to_the_month(client):
    response = client.get(url_of("osce-workshop-vienna-2007--jpn"))

    assert facts(response)["Dates"] == "May 2007"
    assert facts(response)["Place"] == "Vienna, Austria"
    assert facts(response)["Reported by"].startswith("Japan, at the Second meeting")


def test_it_shows_dates_and_place_in_french(client):
    response = client.get(url_of("osce-workshop-vienna-2007--esp"), HTTP_ACCEPT_LANGUAGE="fr")

    # Labels are translated too; the values are what matters here.
    values = list(facts(response).values())
    assert "15 mai 2007" in values
    assert "Vienna, Autriche" in values
    assert "Organisation pour la sécurité et la coopération en Europe" in values


def test_it_shows_partners_with_their_roles_and_links(client):
    response = client.get(url_of("geneva-declaration-armed-violence-and-development-2006--che"))

    assert facts(response)["Partners"] == "United Nations Development Programme (co-organizer)"
    assert facts(response)["Dates"] == "June 2006"
    resolution = client.get(url_of("security-council-resolution-1612-2005--can"))
    assert '<a href="https://undocs.org/S/RES/1612(2005)">' in resolution.content.decode()


def test_an_open_ended_institution_shows_since_when(client):
    response = client.get(url_of("thailand-ministry-of-social-development-and-human-security--tha"))

    assert facts(response)["Dates"] == "since October 2002"


def test_an_unknown_initiative_gives_404(client):
    assert client.get("/initiatives/999999/").status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "thailand"])
def test_a_draft_of_chile_is_404_for(personas, chile_draft, persona):
    response = personas.client(persona).get(f"/initiatives/{chile_draft.pk}/")

    assert response.status_code == 404
    assert DRAFT_TITLE not in response.content.decode()


@pytest.mark.parametrize("persona", ["chile", "secretariat", "co_chair", "reviewer"])
def test_a_draft_of_chile_is_shown_to(personas, chile_draft, persona):
    response = personas.client(persona).get(f"/initiatives/{chile_draft.pk}/")

    assert response.status_code == 200
    assert DRAFT_TITLE in response.content.decode()
    assert "Not public: draft." in text(response.content.decode())
    assert facts(response)["Dates"] == "since March 2008"


@pytest.mark.parametrize("persona", ["anonymous", "thailand"])
def test_a_draft_of_chile_never_appears_in_the_list_for(personas, chile_draft, persona):
    client = personas.client(persona)

    for query in ({}, {"participant": "CHL"}, {"year": 2008}, {"timeframe": "ongoing"}):
        response = client.get("/initiatives/", query)
        assert DRAFT_TITLE not in response.content.decode(), query
    assert DRAFT_TITLE not in client.get("/participants/CHL/").content.decode()


@pytest.mark.parametrize("persona", ["chile", "secretariat"])
def test_a_draft_of_chile_appears_in_the_list_for(personas, chile_draft, persona):
    response = personas.client(persona).get("/initiatives/", {"participant": "CHL"})

    assert DRAFT_TITLE in response.content.decode()


def test_it_shows_the_development_goals_its_themes_serve(client):
    from humsec.initiatives.models import Initiative

    chiang_mai = Initiative.objects.get(key="workshop-on-human-trafficking-chiang-mai-2007--tha")
    codes = {t.code for t in chiang_mai.themes.all()}
    assert "trafficking-in-persons" in codes

    page = client.get(f"/initiatives/{chiang_mai.pk}/").content.decode()

    assert "Development goals" in page
    assert "SDG16" in page
