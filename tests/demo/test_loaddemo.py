"""`humsec loaddemo`: the group's history, loaded the same way every time, or not at all."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from humsec.demo.loader import DEMO_FILE
from humsec.initiatives.models import Initiative
from humsec.meetings.models import Meeting

pytestmark = pytest.mark.django_db

APPS = ["roster", "meetings", "initiatives"]


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", *APPS, format="json", indent=1, stdout=out)
    return out.getvalue()


def test_loading_the_demo_twice_gives_the_same_database():
    before = dump()
    call_command("loaddemo", stdout=io.StringIO())
    call_command("loadreference", stdout=io.StringIO())
    assert dump() == before


def test_it_restores_what_was_changed_by_hand():
    meeting = Meeting.objects.get(number=2)
    meeting.attendance.filter(participant__code="CHL").delete()
    meeting.title = "changed"
    meeting.save()
    call_command("loaddemo", stdout=io.StringIO())
    meeting.refresh_from_db()
    assert meeting.title == "Second meeting of the Friends of Human Security"
    assert meeting.attendance.filter(participant__code="CHL").exists()


def test_the_second_meeting_has_35_states_and_13_organizations():
    meeting = Meeting.objects.get(date="2007-04-20")
    assert len(meeting.attending_states()) == 35
    assert len(meeting.attending_organizations()) == 13
    co_chairs = meeting.attendance.filter(capacity="co-chair")
    assert sorted(co_chairs.values_list("participant__code", flat=True)) == ["JPN", "MEX"]


def test_events_reported_twice_are_loaded_as_two_reports():
    vienna = Initiative.objects.filter(title__icontains="OSCE Workshop on Human Security")
    assert sorted(vienna.values_list("reported_by__code", flat=True)) == ["ESP", "JPN"]
    ljubljana = Initiative.objects.filter(title__icontains="Ministerial Meeting")
    assert sorted(ljubljana.values_list("reported_by__code", flat=True)) == ["JPN", "SVN"]


def bad_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = DEMO_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "demo.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_impossible_date_is_named_and_nothing_is_written(tmp_path):
    Initiative.objects.all().delete()
    Meeting.objects.all().delete()
    path = bad_copy(tmp_path, 'start = "2007-02"', 'start = "31 February 2007"')
    with pytest.raises(CommandError) as error:
        call_command("loaddemo", str(path))
    assert "'31 February 2007'" in str(error.value)
    assert "does not exist" in str(error.value)
    assert "initiatives[4] (seminar-stock-taking-and-moving-ahead-new-york-2007--jpn) start" in str(
        error.value
    )
    assert not Meeting.objects.exists()
    assert not Initiative.objects.exists()


def test_an_unknown_participant_is_named_with_its_place(tmp_path):
    path = bad_copy(tmp_path, 'participant = "AFG"', 'participant = "Atlantis"')
    with pytest.raises(
        CommandError, match=r"meetings\[2\] .* attendance\[\d+\]: unknown participant 'Atlantis'"
    ):
        call_command("loaddemo", str(path))


def test_every_problem_is_listed_not_only_the_first(tmp_path):
    path = bad_copy(tmp_path, 'reported_by = "THA"', 'reported_by = "XXX"')
    text = path.read_text().replace('kind = "workshop"', 'kind = "picnic"', 1)
    path.write_text(text)
    with pytest.raises(CommandError) as error:
        call_command("loaddemo", str(path))
    assert "unknown participant 'XXX'" in str(error.value)
    assert "kind 'picnic'" in str(error.value)


def test_a_file_that_is_not_toml_is_named(tmp_path):
    path = tmp_path / "demo.toml"
    path.write_text("[[meetings]\nnumber = ")
    with pytest.raises(CommandError, match=r"(?s)demo.toml: nothing was loaded.*is not valid TOML"):
        call_command("loaddemo", str(path))


def test_the_command_exits_non_zero_on_bad_input(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "HUMSEC_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "humsec.settings",
    }
    command = [sys.executable, "-m", "humsec.cli"]
    for step in (["migrate", "-v0"], ["loadreference"]):
        subprocess.run(command + step, env=env, check=True, capture_output=True, timeout=300)
    path = bad_copy(tmp_path, 'date = "2007-04-20"', 'date = "2007-02-31"')
    result = subprocess.run(
        [*command, "loaddemo", str(path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "'2007-02-31'" in result.stderr
