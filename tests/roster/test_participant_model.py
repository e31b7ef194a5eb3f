"""Participants: membership on a date, names valid over time, names in running text."""

import datetime as dt

import pytest

from humsec.roster.models import Kind, Participant
from humsec.roster.names import Name, join_names

pytestmark = pytest.mark.django_db


def test_there_are_193_member_states_now_and_192_in_2007():
    assert Participant.objects.filter(kind=Kind.MEMBER_STATE).count() == 193
    assert Participant.objects.members_on(dt.date(2007, 4, 20)).count() == 192
    assert not Participant.objects.members_on(dt.date(2007, 4, 20)).filter(code="SSD").exists()


def test_montenegro_is_a_member_from_28_june_2006():
    montenegro = Participant.objects.get(code="MNE")
    assert not montenegro.is_active_on(dt.date(2006, 6, 27))
    assert montenegro.is_active_on(dt.date(2006, 6, 28))


def test_a_document_dated_2007_says_turkey_and_one_dated_2023_turkiye():
    turkiye = Participant.objects.with_names().get(code="TUR")
    assert turkiye.name_on(dt.date(2007, 4, 20)).short == "Turkey"
    assert turkiye.name_on(dt.date(2023, 1, 1)).short == "Türkiye"


def test_names_changed_for_czechia_eswatini_and_north_macedonia():
    on_2007 = dt.date(2007, 4, 20)
    assert Participant.objects.get(code="CZE").name_on(on_2007).short == "Czech Republic"
    assert Participant.objects.get(code="SWZ").name_on(on_2007).short == "Swaziland"
    assert "Macedonia" in Participant.objects.get(code="MKD").name_on(on_2007).short
    assert Participant.objects.get(code="MKD").name_on(dt.date(2020, 1, 1)).short == (
        "North Macedonia"
    )


def test_names_in_french_and_spanish_come_with_their_article():
    netherlands = Participant.objects.get(code="NLD")
    french = netherlands.name_on(dt.date(2007, 4, 20), "fr")
    assert (french.short, french.running) == ("Pays-Bas", "les Pays-Bas")
    assert netherlands.name_on(dt.date(2007, 4, 20), "es").running == "los Países Bajos"


def test_22_member_states_take_the_in_running_text():
    states = Participant.objects.filter(kind=Kind.MEMBER_STATE, article="the")
    assert states.count() == 22
    korea = Participant.objects.get(code="KOR")
    assert korea.name_on().running == "the Republic of Korea"
    assert Participant.objects.get(code="VNM").name_on().running == "Viet Nam"


def test_unterm_names_are_read_with_their_article():
    assert Name.from_unterm("Bahamas (the)") == Name("Bahamas", "the")
    assert Name.from_unterm("Afghanistan (l')").running == "l'Afghanistan"
    assert Name.from_unterm("Viet Nam") == Name("Viet Nam", "")


def test_lists_in_running_text_take_no_serial_comma():
    assert (
        join_names(["Slovenia", "Switzerland", "Thailand"]) == "Slovenia, Switzerland and Thailand"
    )
    assert join_names(["Chile"]) == "Chile"
    assert join_names(["Chile", "Japan"]) == "Chile and Japan"


def test_organizations_carry_their_official_names_and_acronyms():
    unhcr = Participant.objects.get(code="UNHCR")
    assert unhcr.formal_name.endswith("Office of the United Nations High Commissioner for Refugees")
    assert unhcr.kind == Kind.UN_ENTITY
    assert Participant.objects.get(code="UNHABITAT").acronym == "UN-Habitat"
    assert (
        Participant.objects.get(code="OSAA").short_name == "Office of the Special Adviser on Africa"
    )
