"""In production, letters and reminders wait in the database queue until
`humsec db_worker` runs them."""

import pytest
from django.core.management import call_command
from django_tasks import task_backends

from humsec.outreach import actions
from humsec.outreach.models import RecipientStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("demo_restored")]

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    # django-tasks resets its backends when the setting changes.
    settings.TASKS = DATABASE_QUEUE
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"


def test_letters_wait_in_the_queue_until_the_worker_runs(
    database_queue, add_focal_point, new_request, mailoutbox
):
    from django_tasks_db.models import DBTaskResult

    add_focal_point("THA")
    request = new_request(recipients="Thailand;Chile")
    actions.send_request(request)

    assert DBTaskResult.objects.count() == 1
    assert mailoutbox == []
    assert request.recipients.get(participant__code="THA").status == RecipientStatus.NOT_SENT

    call_command("db_worker", batch=True, verbosity=0)

    assert [m.to for m in mailoutbox] == [["focal.tha@example.org"]]
    assert request.recipients.get(participant__code="THA").status == RecipientStatus.SENT
