"""GET /api/v1/meetings and /api/v1/meetings/{meeting_id}."""

import datetime as dt

import pytest

from humsec.meetings.models import CoChair, Meeting
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db

URL = "/api/v1/meetings"


def second_meeting_url() -> str:
    return f"{URL}/{Meeting.objects.get(date=dt.date(2007, 4, 20)).pk}"


def test_it_lists_the_three_meetings(client):
    data = client.get(URL).json()

    assert data["count"] == 3
    assert sorted(item["number"] for item in data["items"]) == [1, 2, 3]


def test_the_meeting_of_20_april_2007_counts_35_states_and_13_organizations(client):
    items = client.get(URL).json()["items"]

    (second,) = [item for item in items if item["date"] == "2007-04-20"]
    assert second["number"] == 2
    assert second["title"] == "Second meeting of the Friends of Human Security"
    assert second["start_time"] == "13:15:00"
    assert second["end_time"] == "17:00:00"
    assert second["attendance_counts"] == {"states": 35, "organizations": 13}


def test_co_chairs_carry_the_title_they_held_at_each_meeting(client):
    items = {item["number"]: item for item in client.get(URL).json()["items"]}

    def takasu(number):
        (co_chair,) = [c for c in items[number]["co_chairs"] if c["participant"]["code"] == "JPN"]
        return co_chair

    assert takasu(2)["name"] == "Yukio Takasu"
    assert takasu(2)["title"] == "Ambassador of Japan in charge of human security"
    assert takasu(3)["title"] == "Permanent Representative of Japan to the United Nations"


def test_the_detail_lists_35_states_and_13_organizations_attending(client):
    response = client.get(second_meeting_url())

    assert response.status_code == 200
    attendance = response.json()["attendance"]
    kinds = [entry["kind"] for entry in attendance]
    assert len(attendance) == 48
    assert kinds.count("member_state") == 35
    assert {kind for kind in kinds if kind != "member_state"} <= {"un_entity", "igo", "other"}
    assert all(entry["code"] and entry["name"] for entry in attendance)


def test_the_detail_marks_japan_and_mexico_as_co_chairs(client):
    attendance = client.get(second_meeting_url()).json()["attendance"]

    co_chairs = [(entry["code"], entry["name"]) for entry in attendance if entry["capacity"]]
    assert co_chairs == [("JPN", "Japan"), ("MEX", "Mexico")]
    assert {entry["capacity"] for entry in attendance if entry["code"] in ("JPN", "MEX")} == {
        "co-chair"
    }


def test_the_detail_names_attendees_as_they_were_named_on_the_meeting_date(client):
    # The page /meetings/2/ says "Commission of the European Communities" (its name
    # until 30 November 2009); the API must not say otherwise for the same meeting.
    attendance = client.get(second_meeting_url()).json()["attendance"]

    (commission,) = [entry for entry in attendance if entry["code"] == "EC"]
    assert commission["name"] == "Commission of the European Communities"


def test_the_detail_gives_both_agenda_items(client):
    agenda = client.get(second_meeting_url()).json()["agenda"]

    assert [item["number"] for item in agenda] == [1, 2]
    assert agenda[0]["title"].startswith("Ways to follow up on the reference to human security")


def test_the_detail_gives_the_statements_with_their_agenda_items_and_capacities(client):
    statements = client.get(second_meeting_url()).json()["statements"]

    assert len(statements) == 14
    assert statements[0]["participant"]["code"] == "MEX"
    assert statements[0]["agenda_item"] is None  # an opening statement
    (spain,) = [s for s in statements if s["participant"]["code"] == "ESP"]
    assert spain["agenda_item"] == 2
    assert spain["speaker"] == "representative of Spain"
    assert spain["capacity"] == "Chairman of the OSCE for 2007"
    assert "will be held in Vienna on May 15" in spain["summary"]


def test_the_detail_gives_the_five_conclusions_in_order(client):
    conclusions = client.get(second_meeting_url()).json()["conclusions"]

    assert len(conclusions) == 5
    assert conclusions[0].startswith("The multifaceted nature of human security")
    assert conclusions[4].startswith("The Co-Chairs proposed holding the third meeting")


def test_the_first_meeting_keeps_its_attendance_note(client):
    first = Meeting.objects.get(number=1)

    data = client.get(f"{URL}/{first.pk}").json()

    assert data["attendance_note"] == "24 States, not listed in the sources"
    assert data["attendance_counts"] == {"states": 1, "organizations": 8}


def test_an_unknown_meeting_gives_404(client):
    assert client.get(f"{URL}/999999").status_code == 404


@pytest.mark.parametrize("more_meetings", [0, 5])
def test_the_list_runs_7_queries_however_many_meetings(
    client, django_assert_num_queries, more_meetings
):
    # count, meetings, co-chairs, their participants, attendance with its participants.
    japan = Participant.objects.get(code="JPN")
    for n in range(more_meetings):
        meeting = Meeting.objects.create(number=10 + n, title="Later", date=dt.date(2009, 1, 1 + n))
        CoChair.objects.create(meeting=meeting, participant=japan, name="A. Nonymous", title="-")

    with django_assert_num_queries(7):
        data = client.get(URL).json()

    assert data["count"] == 3 + more_meetings
