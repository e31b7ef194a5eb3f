"""The Django admin, set up for the secretariat."""

import pytest
from django.contrib import admin
from django.urls import reverse

from humsec.initiatives.models import Initiative
from humsec.meetings.models import Meeting
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db

HUMSEC_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"roster", "meetings", "initiatives"}
]


def test_every_humsec_model_is_in_the_admin():
    labels = {model._meta.label for model in HUMSEC_MODELS}
    assert {
        "roster.Participant",
        "roster.FocalPoint",
        "meetings.Meeting",
        "initiatives.Initiative",
        "initiatives.Theme",
    } <= labels


@pytest.mark.parametrize("model", HUMSEC_MODELS, ids=lambda m: m._meta.label)
def test_the_secretariat_can_list_search_and_add(personas, model):
    client = personas.client("secretariat")
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Japan"}).status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


def test_the_secretariat_opens_the_records_of_the_demo(personas):
    client = personas.client("secretariat")
    for obj in (
        Participant.objects.get(code="JPN"),
        Meeting.objects.get(number=2),
        Initiative.objects.filter(reported_by__code="ESP").first(),
    ):
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert str(obj) in response.content.decode()


def test_the_secretariat_edits_a_meeting_through_its_inlines(personas):
    client = personas.client("secretariat")
    meeting = Meeting.objects.get(number=2)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["date"] = "2007-04-20"
    data["title"] = "Second meeting of the Friends of Human Security (revised)"
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{formset.formset.prefix}-{name}"] = management[name].value()
        for index, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None and value is not False:
                    data[f"{formset.formset.prefix}-{index}-{name}"] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    meeting.refresh_from_db()
    assert meeting.title.endswith("(revised)")
    assert meeting.attendance.count() == 48


def test_others_are_kept_out_of_the_admin(personas):
    for name in ("co_chair", "chile", "anonymous"):
        response = personas.client(name).get(reverse("admin:roster_participant_changelist"))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
