"""GET /api/v1/themes: the controlled vocabulary, with broader terms and three languages."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/themes"


@pytest.fixture
def themes(client) -> dict[str, dict]:
    response = client.get(URL, {"page_size": 100})
    assert response.status_code == 200
    return {theme["code"]: theme for theme in response.json()["items"]}


def test_it_lists_the_40_themes_of_the_vocabulary(client, themes):
    assert client.get(URL).json()["count"] == 40
    assert len(themes) == 40


def test_the_three_freedoms_have_no_broader_term(themes):
    roots = {code for code, theme in themes.items() if theme["parent"] is None}

    assert {"freedom-from-fear", "freedom-from-want", "freedom-to-live-in-dignity"} <= roots
    assert roots == {
        "freedom-from-fear",
        "freedom-from-want",
        "freedom-to-live-in-dignity",
        "hdr-1994",
        "human-security-concept",
    }


def test_narrower_terms_name_their_broader_term(themes):
    assert themes["children-and-armed-conflict"]["parent"] == "protection-of-children"
    assert themes["protection-of-children"]["parent"] == "freedom-from-fear"
    assert themes["infectious-diseases"]["parent"] == "health-and-hiv-aids"


def test_the_hdr_1994_lists_seven_components(themes):
    components = [code for code, theme in themes.items() if theme["parent"] == "hdr-1994"]

    assert len(components) == 7
    assert "food-security" in components


def test_every_parent_is_itself_a_listed_theme(themes):
    parents = {theme["parent"] for theme in themes.values()} - {None}

    assert parents <= set(themes)


def test_each_theme_has_its_name_in_english_french_and_spanish(themes):
    theme = themes["children-and-armed-conflict"]

    assert theme["name_en"] == "Children and armed conflict"
    assert theme["name_fr"] == "Sort des enfants en temps de conflit armé"
    assert theme["name_es"] == "Niños y conflictos armados"
    assert "resolution 1612 (2005)" in theme["description"]
    assert all(t["name_en"] and t["name_fr"] and t["name_es"] for t in themes.values())


def test_themes_come_in_the_order_of_the_vocabulary(client):
    first = client.get(URL, {"page_size": 3}).json()["items"]

    assert [theme["code"] for theme in first] == [
        "freedom-from-fear",
        "freedom-from-want",
        "freedom-to-live-in-dignity",
    ]
