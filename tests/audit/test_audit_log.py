"""The audit log page at /audit/ and its CSV export: what the roles that read everything
see, the filters and their messages, the links to records, and the export's columns,
escaping and own entry."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from humsec.audit.log import log
from humsec.audit.models import AuditEntry
from humsec.initiatives.models import Initiative
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db

LOG = reverse("audit-log")
EXPORT = reverse("audit-export")


def text(fragment: str) -> str:
    fragment = fragment.replace("</li>", "</li> ").replace("</td>", "</td> ")
    return " ".join(html.unescape(strip_tags(fragment)).split())


def rows(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    body = re.search(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S)[1]
    return [text(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def codes(response) -> list[str]:
    return [row.split()[2] for row in rows(response) if not row.startswith("No entry")]


def errors(response) -> list[str]:
    found = re.findall(
        r'<div id="[^"]+_error" class="error" role="alert">(.*?)</div>',
        response.content.decode(),
        re.S,
    )
    return [text(e) for e in found]


def entry(code, obj=None, actor=None, at=None, changes=None, reason="", ip=None):
    """An entry as log() writes it; a test may give its time and address."""
    made = log(code, obj, actor, changes or {}, reason)
    if at is None and ip is None:
        return made
    # Entries are never changed: one with another time is written as a new entry.
    AuditEntry.objects.filter(pk=made.pk)._raw_delete(AuditEntry.objects.db)
    return AuditEntry.objects.create(
        code=code,
        actor=made.actor,
        at=at or made.at,
        content_type=made.content_type,
        object_id=made.object_id,
        object_repr=made.object_repr,
        changes=made.changes,
        reason=reason,
        ip=ip,
    )


@pytest.fixture
def chile():
    return Participant.objects.get(code="CHL")


@pytest.fixture
def vienna():
    return Initiative.objects.get(key="osce-workshop-vienna-2007--jpn")


def test_the_secretariat_sees_each_entry_with_time_code_actor_record_changes_and_address(
    personas, vienna
):
    entry(
        "initiative.accept",
        vienna,
        personas.reviewer,
        changes={"status": ["submitted", "accepted"]},
        reason="Checked with the mission",
        ip="192.0.2.7",
    )

    row = rows(personas.client("secretariat").get(LOG))[0]

    assert "initiative.accept" in row
    assert "reviewer" in row
    assert "Initiative: OSCE Workshop on Human Security" in row
    assert "status: submitted → accepted" in row
    assert "Checked with the mission" in row
    assert "192.0.2.7" in row


def test_entries_come_newest_first_and_by_pages(personas, settings):
    settings.HUMSEC_PAGE_SIZE = 2
    now = timezone.now()
    for days, code in ((3, "test.oldest"), (2, "test.middle"), (1, "test.newest")):
        entry(code, at=now - dt.timedelta(days=days))
    client = personas.client("secretariat")

    assert codes(client.get(LOG, {"code": "test"})) == ["test.newest", "test.middle"]
    assert codes(client.get(LOG, {"code": "test", "page": 2})) == ["test.oldest"]
    assert 'href="?code=test&amp;page=2"' in client.get(LOG, {"code": "test"}).content.decode()


def test_the_record_links_to_its_page_while_it_is_still_there(personas, vienna, chile):
    entry("initiative.note", vienna, personas.reviewer)
    entry("participant.restore", chile, personas.secretariat)
    gone = Initiative.objects.create(
        title="A record since deleted", kind="seminar", reported_by=chile
    )
    entry("initiative.unmerge", gone, personas.reviewer)
    gone_url = reverse("review-initiative", args=[gone.pk])
    gone.delete()

    page = personas.client("secretariat").get(LOG).content.decode()

    assert f'<a href="{reverse("review-initiative", args=[vienna.pk])}">' in page
    assert f'<a href="{reverse("participant-detail", args=["CHL"])}">Chile</a>' in page
    assert "A record since deleted" in page
    assert gone_url not in page


def test_filters_by_action_prefix_actor_kind_of_record_and_days(personas, vienna, chile):
    now = timezone.now()
    entry("initiative.accept", vienna, personas.reviewer, at=now - dt.timedelta(days=10))
    entry("initiative.merge", vienna, personas.secretariat)
    entry("initiatives_other.thing", vienna, personas.secretariat)
    entry("participant.restore", chile, personas.secretariat)
    entry("reply.opened", None, None)
    client = personas.client("secretariat")
    today = timezone.localdate()

    assert codes(client.get(LOG, {"code": "initiative"})) == [
        "initiative.merge",
        "initiative.accept",
    ]
    assert codes(client.get(LOG, {"code": "initiative.merge"})) == ["initiative.merge"]
    assert set(codes(client.get(LOG, {"actor": "reviewer"}))) == {"initiative.accept"}
    assert "reply.opened" in codes(client.get(LOG, {"actor": "-"}))
    assert "initiative.merge" not in codes(client.get(LOG, {"actor": "-"}))
    assert codes(client.get(LOG, {"object_type": "roster.participant"})) == ["participant.restore"]
    ten_days_ago = (today - dt.timedelta(days=10)).isoformat()
    assert codes(
        client.get(LOG, {"code": "initiative", "since": ten_days_ago, "until": ten_days_ago})
    ) == ["initiative.accept"]
    assert "initiative.accept" not in codes(
        client.get(LOG, {"code": "initiative", "since": today.isoformat()})
    )


def test_the_filters_offer_the_people_and_kinds_of_record_the_log_names(personas, chile):
    entry("participant.restore", chile, personas.co_chair)

    page = personas.client("secretariat").get(LOG).content.decode()

    assert '<option value="cochair">cochair</option>' in page
    assert '<option value="roster.participant">Participant</option>' in page
    assert '<option value="thailand">' not in page


def test_a_bad_filter_is_named_beside_its_field_and_filters_nothing(personas):
    entry("initiative.merge")
    client = personas.client("secretariat")

    response = client.get(
        LOG, {"code": "Initiative Merge!", "since": "2008-02-13", "until": "2007-04-20"}
    )

    assert errors(response) == [
        "Write an action code in small letters, its parts separated by dots, such as "
        "initiative.merge.",
        "The last day is before the first day.",
    ]
    # The dates themselves are valid: with the code left out, the range still applies.
    response = client.get(LOG, {"since": "2007-13-45"})
    assert errors(response) == ["Enter a date such as 2007-04-20."]
    assert "initiative.merge" in codes(response)
    response = client.get(LOG, {"actor": "nobody-of-that-name"})
    assert errors(response) == [
        "Select a valid choice. nobody-of-that-name is not one of the available choices."
    ]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 200), ("co_chair", 200), ("reviewer", 200), ("chile", 404), ("thailand", 404)],
)
def test_the_roles_that_read_everything_read_the_log_and_focal_points_get_404(
    personas, persona, status
):
    assert personas.client(persona).get(LOG).status_code == status


def test_a_visitor_is_sent_to_sign_in(personas):
    response = personas.client("anonymous").get(LOG)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("secretariat", True),
        ("co_chair", True),
        ("reviewer", True),
        ("chile", False),
        ("anonymous", False),
    ],
)
def test_the_navigation_links_to_the_log_for_those_who_may_read_it(personas, persona, shown):
    page = personas.client(persona).get(reverse("home")).content.decode()

    assert (f'<a href="{LOG}"' in page) is shown


def test_the_page_reads_the_same_few_queries_however_many_entries_it_shows(personas, vienna, chile):
    client = personas.client("secretariat")
    client.get(LOG)  # the session and permissions, read once

    def queries() -> int:
        with CaptureQueriesContext(connection) as done:
            assert client.get(LOG).status_code == 200
        return len(done)

    for number in range(3):
        entry(f"test.entry{number}", vienna if number % 2 else chile, personas.reviewer)
    few = queries()
    for number in range(40):
        entry(f"test.entry{number % 3}", vienna if number % 2 else chile, personas.co_chair)

    assert queries() == few <= 14


# The CSV export ------------------------------------------------------------------------------


def exported(response) -> list[dict]:
    assert response.status_code == 200, response.status_code
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_the_export_holds_every_filtered_entry_in_its_columns(personas, vienna, settings):
    settings.HUMSEC_PAGE_SIZE = 1  # the export is not limited to one page
    entry(
        "initiative.accept",
        vienna,
        personas.reviewer,
        changes={"status": ["submitted", "accepted"]},
        reason="Checked",
        ip="192.0.2.7",
    )
    entry("initiative.note", vienna, personas.reviewer, reason="A note")
    entry("participant.restore", None, personas.secretariat)

    found = exported(personas.client("secretariat").post(f"{EXPORT}?code=initiative"))

    assert list(found[0]) == [
        "time",
        "action",
        "actor",
        "object type",
        "object id",
        "object",
        "changes",
        "reason",
        "IP address",
    ]
    assert [row["action"] for row in found] == ["initiative.note", "initiative.accept"]
    accepted = found[1]
    assert accepted["actor"] == "reviewer"
    assert accepted["object type"] == "initiatives.initiative"
    assert accepted["object id"] == str(vienna.pk)
    assert accepted["object"] == "OSCE Workshop on Human Security"
    assert accepted["changes"] == '{"status": ["submitted", "accepted"]}'
    assert accepted["reason"] == "Checked"
    assert accepted["IP address"] == "192.0.2.7"
    assert dt.datetime.fromisoformat(accepted["time"]).tzinfo is not None


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_with_a_quote(personas, start):
    entry("initiative.note", None, personas.reviewer, reason=f'{start}HYPERLINK("http://x")')
    entry("initiative.merge", None, personas.reviewer, reason="1+1 is harmless inside")

    found = exported(personas.client("secretariat").post(f"{EXPORT}?code=initiative"))

    reasons = {row["action"]: row["reason"] for row in found}
    assert reasons["initiative.note"] == f'\'{start}HYPERLINK("http://x")'
    assert reasons["initiative.merge"] == "1+1 is harmless inside"


def test_the_export_is_itself_written_to_the_log_with_its_filters(personas):
    entry("initiative.merge")
    client = personas.client("co_chair")

    found = exported(client.post(f"{EXPORT}?code=initiative.merge"))

    done = AuditEntry.objects.get(code="audit.export")
    assert done.actor == personas.co_chair
    assert done.changes == {
        "filters": [None, {"code": "initiative.merge"}],
        "rows": [None, len(found)],
    }
    assert done.ip == "127.0.0.1"
    assert "audit.export" not in [row["action"] for row in found]
    # The next export lists the first one.
    assert "audit.export" in [row["action"] for row in exported(client.post(EXPORT))]


def test_the_export_is_a_post_because_it_writes_to_the_log(personas):
    assert personas.client("secretariat").get(EXPORT).status_code == 405
    assert not AuditEntry.objects.filter(code="audit.export").exists()


def test_an_export_with_a_bad_filter_exports_nothing_and_says_what_to_correct(personas):
    response = personas.client("secretariat").post(f"{EXPORT}?since=2008-02-30")

    assert response.status_code == 400
    assert "Correct the filters before exporting: nothing was exported." in text(
        response.content.decode()
    )
    assert errors(response) == ["Enter a date such as 2007-04-20."]
    assert not AuditEntry.objects.filter(code="audit.export").exists()


@pytest.mark.parametrize("persona", ["chile", "thailand"])
def test_focal_points_cannot_export_the_log(personas, persona):
    assert personas.client(persona).post(EXPORT).status_code == 404
    assert not AuditEntry.objects.filter(code="audit.export").exists()


def test_the_page_s_export_button_posts_its_filters(personas):
    page = personas.client("secretariat").get(LOG, {"code": "initiative"}).content.decode()

    assert f'method="post" action="{EXPORT}?code=initiative"' in page


def test_an_actor_deleted_since_leaves_an_entry_without_a_name(personas):
    user = get_user_model().objects.create_user("gone")
    entry("initiative.note", None, user)
    user.delete()

    row = rows(personas.client("secretariat").get(LOG, {"code": "initiative.note"}))[0]
    assert "initiative.note —" in row


# The export through the API ----------------------------------------------------------------

API_EXPORT = "/api/v1/audit/export"


def test_the_api_exports_the_same_csv_for_the_roles_that_read_everything(personas, vienna):
    entry("initiative.accept", vienna, personas.reviewer, reason="=cmd|' /C calc'!A0")

    found = exported(personas.client("reviewer").post(f"{API_EXPORT}?code=initiative.accept"))

    assert [row["action"] for row in found] == ["initiative.accept"]
    assert found[0]["reason"] == "'=cmd|' /C calc'!A0"
    assert AuditEntry.objects.get(code="audit.export").actor == personas.reviewer


def test_the_api_names_a_bad_filter_and_exports_nothing(personas):
    response = personas.client("secretariat").post(f"{API_EXPORT}?code=Not a code")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "code: Write an action code in small letters, its parts separated by dots, "
        "such as initiative.merge."
    }
    assert not AuditEntry.objects.filter(code="audit.export").exists()


@pytest.mark.parametrize(("persona", "status"), [("chile", 404), ("anonymous", 401)])
def test_the_api_export_is_refused_to_focal_points_and_visitors(personas, persona, status):
    assert personas.client(persona).post(API_EXPORT).status_code == status
    assert not AuditEntry.objects.filter(code="audit.export").exists()
