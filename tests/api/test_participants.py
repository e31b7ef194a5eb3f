"""GET /api/v1/participants and /api/v1/participants/{code}."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/participants"


def codes(data: dict) -> list[str]:
    return [item["code"] for item in data["items"]]


def test_it_counts_193_member_states_today(client):
    response = client.get(URL, {"kind": "member_state"})

    assert response.status_code == 200
    assert response.json()["count"] == 193


def test_it_counts_192_member_states_on_20_april_2007(client):
    # Montenegro was admitted on 28 June 2006, South Sudan on 14 July 2011.
    data = client.get(
        URL, {"kind": "member_state", "member_on": "2007-04-20", "page_size": 500}
    ).json()

    assert data["count"] == 192
    assert "MNE" in codes(data)
    assert "SSD" not in codes(data)


def test_it_keeps_only_the_region_asked_for(client):
    data = client.get(URL, {"kind": "member_state", "region": "Europe", "page_size": 100}).json()

    assert data["count"] == 43
    assert {item["region"] for item in data["items"]} == {"Europe"}
    assert "AUT" in codes(data)


def test_an_unknown_region_is_rejected_with_422_naming_the_field(client):
    response = client.get(URL, {"region": "Atlantis"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "region"]


def test_it_finds_viet_nam_when_asked_for_vietnam(client):
    data = client.get(URL, {"q": "Vietnam"}).json()

    assert data["count"] == 1
    assert data["items"][0]["code"] == "VNM"
    assert data["items"][0]["name"] == "Viet Nam"


def test_it_finds_an_organization_by_its_acronym(client):
    data = client.get(URL, {"q": "OSCE"}).json()

    assert codes(data) == ["OSCE"]
    assert data["items"][0]["kind"] == "igo"
    assert data["items"][0]["name"] == "Organization for Security and Co-operation in Europe"


def test_each_participant_carries_its_codes_and_dates(client):
    (japan,) = client.get(URL, {"q": "JPN"}).json()["items"]

    assert japan["iso2"] == "JP"
    assert japan["m49"] == "392"
    assert japan["subregion"] == "Eastern Asia"
    assert japan["active_from"] == "1956-12-18"
    assert japan["active_until"] is None


def test_count_is_the_total_and_page_size_the_rows_of_one_page(client):
    data = client.get(URL, {"kind": "member_state", "page": 2, "page_size": 10}).json()

    assert data["count"] == 193
    assert data["page"] == 2
    assert data["page_size"] == 10
    assert len(data["items"]) == 10


def test_pages_follow_each_other_without_overlap(client):
    first = codes(client.get(URL, {"kind": "member_state", "page_size": 100}).json())
    second = codes(client.get(URL, {"kind": "member_state", "page_size": 100, "page": 2}).json())

    assert len(first) == 100
    assert len(second) == 93
    assert not set(first) & set(second)
    assert first[0] == "AFG"
    assert second[-1] == "ZWE"


def test_the_default_page_size_is_the_setting(client, settings):
    settings.HUMSEC_PAGE_SIZE = 7

    data = client.get(URL).json()

    assert data["page_size"] == 7
    assert len(data["items"]) == 7
    assert data["count"] == 260


def test_a_page_size_over_500_is_rejected_with_422(client):
    response = client.get(URL, {"page_size": 501})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "page_size"]


def test_a_page_past_the_end_is_empty_but_keeps_the_count(client):
    data = client.get(URL, {"kind": "member_state", "page": 99}).json()

    assert data["count"] == 193
    assert data["items"] == []


def test_an_invalid_member_on_gives_422_naming_the_field(client):
    response = client.get(URL, {"member_on": "2007-13-45"})

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", "member_on"]]


def test_turkiye_lists_its_names_with_their_validity(client):
    response = client.get(f"{URL}/TUR")

    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "Türkiye"
    assert data["formal_name"] == "the Republic of Türkiye"
    names = {(n["language"], n["short_name"]): n for n in data["names"]}
    assert names["en", "Turkey"]["valid_until"] == "2022-05-31"
    assert names["en", "Turkey"]["formal_name"] == "the Republic of Turkey"
    assert names["fr", "Turquie"]["valid_until"] == "2022-05-31"
    assert names["fr", "Turquie"]["article"] == "la"
    assert names["fr", "Türkiye"]["valid_until"] is None
    assert names["es", "Turquía"]["valid_until"] == "2022-05-31"


def test_viet_nam_lists_its_aliases(client):
    data = client.get(f"{URL}/VNM").json()

    assert "Vietnam" in data["aliases"]


def test_an_organization_names_the_entity_it_is_part_of(client):
    data = client.get(f"{URL}/DESA").json()

    assert data["parent"] == "UNSEC"


def test_an_unknown_code_gives_404(client):
    assert client.get(f"{URL}/XYZ").status_code == 404


@pytest.mark.parametrize("page_size", [5, 200])
def test_the_list_runs_2_queries_whatever_the_page_size(
    client, django_assert_num_queries, page_size
):
    # The count and one page of rows with their parents joined.
    with django_assert_num_queries(2):
        data = client.get(URL, {"page_size": page_size}).json()

    assert len(data["items"]) == page_size
