"""Theme suggestions from keywords in English, French and Spanish, and the goals crosswalk."""

from __future__ import annotations

import csv
import importlib.util
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from humsec.initiatives.themes_suggest import (
    REFERENCE_DIR,
    crosswalk_rows,
    goals,
    goals_for,
    keyword_table,
    suggest_themes,
)

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "src" / "humsec" / "demo" / "data" / "friends-of-human-security.toml"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_themes", ROOT / "bench" / "themes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = load_bench()


def theme_codes() -> dict[str, str]:
    with open(REFERENCE_DIR / "themes.csv", encoding="utf-8", newline="") as file:
        return {row["code"]: row["parent"] for row in csv.DictReader(file)}


def demo_initiative(key: str) -> dict:
    with open(DEMO, "rb") as file:
        data = tomllib.load(file)
    found = [
        item
        for value in data.values()
        if isinstance(value, list)
        for item in value
        if isinstance(item, dict) and item.get("key") == key
    ]
    assert found, f"the demo has no initiative {key!r}"
    return found[0]


def themes_of(*args, **kwargs) -> list[str]:
    return [s.theme for s in suggest_themes(*args, **kwargs)]


def test_every_theme_has_keywords_in_english_french_and_spanish():
    counts = Counter((theme, language) for theme, language, _ in keyword_table())
    for code in theme_codes():
        for language in ("en", "fr", "es"):
            assert 5 <= counts[code, language] <= 15, (code, language, counts[code, language])


def test_every_keyword_row_names_a_real_theme_and_one_of_the_three_languages():
    codes = theme_codes()
    for theme, language, phrase in keyword_table():
        assert theme in codes
        assert language in {"en", "fr", "es"}
        assert phrase.strip() == phrase and phrase


def test_every_crosswalk_row_names_a_real_theme_and_a_real_goal():
    codes, goal_codes = theme_codes(), set(goals())
    rows = crosswalk_rows()
    assert rows
    for theme, goal in rows:
        assert theme in codes, theme
        assert goal in goal_codes, goal
    assert len(rows) == len(set(rows)), "a crosswalk row is repeated"


def test_there_are_eight_millennium_goals_and_seventeen_sustainable_development_goals():
    listed = goals()
    assert [c for c in listed if c.startswith("MDG")] == [f"MDG{n}" for n in range(1, 9)]
    assert [c for c in listed if c.startswith("SDG")] == [f"SDG{n}" for n in range(1, 18)]
    assert listed["SDG16"].name("fr") == "Paix, justice et institutions efficaces"
    assert listed["MDG6"].name("es") == "Combatir el VIH/SIDA, el paludismo y otras enfermedades"


def test_goals_for_health_and_hiv_aids_include_mdg6_and_sdg3():
    assert "health-and-hiv-aids" in theme_codes()
    found = goals_for(["health-and-hiv-aids"])
    assert "MDG6" in found
    assert "SDG3" in found


def test_goals_come_millennium_goals_first_in_number_order_without_repeats():
    found = goals_for(["trafficking-in-persons", "climate-change", "health-and-hiv-aids"])
    assert found == ["MDG4", "MDG5", "MDG6", "MDG7", "SDG3", "SDG5", "SDG8", "SDG13", "SDG16"]
    assert goals_for(["armed-violence", "rule-of-law"]) == ["SDG16"]
    assert goals_for([]) == []


def test_suggestions_come_with_a_readable_reason():
    [first, *_] = suggest_themes(
        "Mine action in Cambodia", "Support to the national demining programme.", "en"
    )
    assert first.theme == "mine-action"
    assert first.reason.startswith('the title says "Mine action"')
    assert first.score > 0


def test_a_reason_quotes_the_words_as_the_initiative_writes_them():
    [first, *_] = suggest_themes(
        "Apoyo a Colombia", "Prevención de la Trata de Personas en la frontera."
    )
    assert first.theme == "trafficking-in-persons"
    assert first.reason == 'the description says "Trata de Personas"'


def test_a_french_title_is_understood():
    title = "Atelier régional sur la traite des personnes en Afrique de l'Ouest"
    assert themes_of(title, language="fr")[0] == "trafficking-in-persons"
    assert themes_of("Programme d'action antimines au Tchad")[0] == "mine-action"


def test_a_spanish_title_and_description_are_understood():
    assert themes_of("Taller sobre desplazados internos", language="es")[0] == (
        "refugees-and-internally-displaced-persons"
    )
    found = themes_of("Programa nacional", "Adaptación al cambio climático en los Andes.", "es")
    assert found[0] == "climate-change"


def test_case_accents_and_plurals_do_not_matter():
    plain = themes_of("REFUGEE CAMP SCHOOLS")
    assert "refugees-and-internally-displaced-persons" in plain
    assert themes_of("Reduccion del riesgo de desastre")[0] == "disaster-risk-reduction"
    assert themes_of("Lutte contre le VIH/SIDA")[0] == "health-and-hiv-aids"


def test_the_demos_chiang_mai_workshop_is_about_trafficking_in_persons_first():
    workshop = demo_initiative("workshop-on-human-trafficking-chiang-mai-2007--tha")
    assert workshop["title"] == "Workshop on Human Trafficking"
    found = themes_of(workshop["title"], workshop["description"], workshop["language"])
    assert found[0] == "trafficking-in-persons"


def test_the_geneva_declaration_on_armed_violence_and_development_is_about_armed_violence():
    declaration = demo_initiative("geneva-declaration-armed-violence-and-development-2006--che")
    found = themes_of(declaration["title"], declaration["description"], declaration["language"])
    assert "armed-violence" in found[:3]


def test_a_narrower_theme_ranks_above_its_broader_theme_when_both_match():
    parents = theme_codes()
    found = suggest_themes(
        "Child protection and child soldiers",
        "Protection of children affected by armed conflict in the Great Lakes.",
        limit=5,
    )
    ranks = {s.theme: n for n, s in enumerate(found)}
    assert parents["children-and-armed-conflict"] == "protection-of-children"
    assert ranks["children-and-armed-conflict"] < ranks["protection-of-children"]


def test_a_phrase_in_the_title_outranks_the_same_kind_of_phrase_in_the_description():
    found = suggest_themes("Seminar on climate change", "Speakers on peacebuilding in Africa.")
    assert [s.theme for s in found[:2]] == ["climate-change", "peacebuilding"]
    assert found[0].score > found[1].score


def test_a_text_without_any_signal_gets_no_suggestion():
    assert suggest_themes("Annual meeting", "Held in New York.") == []
    assert suggest_themes("") == []


def test_at_most_limit_suggestions_are_given():
    text = "Refugees, landmines, HIV/AIDS, climate change, human trafficking and education"
    assert len(suggest_themes(text)) == 3
    assert len(suggest_themes(text, limit=5)) == 5


def test_the_labelled_set_has_at_least_150_initiatives_a_third_in_each_language():
    rows = [r for r in bench.labelled_set() if r["kind"] == "plain"]
    assert len(rows) >= 150
    counts = Counter(r["language"] for r in rows)
    assert all(counts[language] >= len(rows) // 3 - 2 for language in ("en", "fr", "es"))
    codes = theme_codes()
    assert all(theme in codes for r in rows for theme in r["themes"])


@pytest.mark.parametrize("language", ["en", "fr", "es", None])
def test_top_3_accuracy_on_the_labelled_set_is_at_least_0_85(language):
    rows = [
        r
        for r in bench.labelled_set()
        if r["kind"] == "plain" and language in (None, r["language"])
    ]
    assert bench.accuracy(rows, 3) >= 0.85
