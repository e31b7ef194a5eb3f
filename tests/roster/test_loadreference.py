"""`humsec loadreference`: idempotent, and all-or-nothing on bad input."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from humsec.initiatives.models import Theme
from humsec.roster.models import Participant
from humsec.roster.reference import REFERENCE_DIR

pytestmark = pytest.mark.django_db


def test_it_loads_states_organizations_and_themes():
    out = io.StringIO()
    call_command("loadreference", stdout=out)
    assert Participant.objects.filter(kind="member_state").count() == 193
    assert Participant.objects.filter(kind="observer_state").count() == 2
    assert Participant.objects.filter(code="OSCE", kind="igo").exists()
    assert Theme.objects.filter(code="trafficking-in-persons").exists()
    assert "Reference data loaded" in out.getvalue()


def test_units_are_linked_to_the_entity_they_belong_to():
    assert Participant.objects.get(code="HSU").parent.code == "OCHA"


@pytest.fixture
def roster_copy(tmp_path):
    folder = tmp_path / "roster"
    shutil.copytree(REFERENCE_DIR, folder)
    return folder


def test_a_bad_admission_date_is_named_and_nothing_changes(roster_copy):
    path = roster_copy / "member_states.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Switzerland", "Helvetia").replace("2002-09-10", "2002-02-31"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command("loadreference", roster_dir=roster_copy)
    message = str(error.value)
    assert "member_states.csv line" in message
    assert "admitted '2002-02-31' is not a date" in message
    assert "nothing was loaded" in message
    assert Participant.objects.get(code="CHE").short_name == "Switzerland"


def test_an_alias_of_an_unknown_participant_is_named(roster_copy):
    with (roster_copy / "aliases.csv").open("a", encoding="utf-8") as handle:
        handle.write("ATL,en,Atlantis\n")
    with pytest.raises(CommandError, match=r"aliases.csv line \d+: unknown participant 'ATL'"):
        call_command("loadreference", roster_dir=roster_copy)
