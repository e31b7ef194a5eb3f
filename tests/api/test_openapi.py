"""GET /api/v1/openapi.json: the schema documents every operation and its filters."""

import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def parameters(schema: dict, path: str) -> dict[str, dict]:
    return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}


def resolve(schema: dict, node: dict) -> dict:
    """Follow a $ref to its component, or return the node as it is."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return schema["components"]["schemas"][name]
    return node


def test_it_is_an_openapi_3_document_titled_humsec_api(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "humsec API"


def test_it_has_a_path_for_every_operation(schema):
    assert {
        "/api/v1/participants",
        "/api/v1/participants/{code}",
        "/api/v1/initiatives",
        "/api/v1/initiatives/{initiative_id}",
        "/api/v1/meetings",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/themes",
    } <= set(schema["paths"])


def test_it_documents_kind_with_its_five_values(schema):
    kind = parameters(schema, "/api/v1/participants")["kind"]

    choices = [resolve(schema, option) for option in kind["schema"]["anyOf"]]
    enums = [choice["enum"] for choice in choices if "enum" in choice]
    assert enums == [["member_state", "observer_state", "un_entity", "igo", "other"]]
    assert kind["in"] == "query"
    assert kind["required"] is False


def test_it_documents_member_on_as_a_date_with_its_meaning(schema):
    member_on = parameters(schema, "/api/v1/participants")["member_on"]

    formats = [option.get("format") for option in member_on["schema"]["anyOf"]]
    assert "date" in formats
    assert "taking part on that day" in member_on["description"]


def test_it_documents_the_page_size_limit(schema):
    page_size = parameters(schema, "/api/v1/participants")["page_size"]

    (bounded,) = [option for option in page_size["schema"]["anyOf"] if "maximum" in option]
    assert bounded["maximum"] == 500


def test_it_documents_the_initiative_filters(schema):
    assert {"theme", "participant", "year", "timeframe", "on", "page", "page_size"} <= set(
        parameters(schema, "/api/v1/initiatives")
    )


def test_the_meeting_detail_takes_its_id_in_the_path(schema):
    meeting_id = parameters(schema, "/api/v1/meetings/{meeting_id}")["meeting_id"]

    assert meeting_id["in"] == "path"
    assert meeting_id["required"] is True
