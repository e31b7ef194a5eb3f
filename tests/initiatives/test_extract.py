"""Initiatives suggested from the paragraphs of a narrative reply, in English, French and
Spanish, with the words that support each value."""

from __future__ import annotations

import pytest

from humsec.dates import PartialDate
from humsec.initiatives.extract import DraftInitiative, paragraphs, suggest_initiatives
from humsec.outreach.imports.narrative import markdown_to_html

pytestmark = pytest.mark.django_db

CHAIRS_SUMMARY = (
    "Ambassador Takasu next recapitulated some of the major human security-related events that "
    "had taken place since the first FHS meeting: the ASEAN-UNESCO Concept Workshop on Human "
    "Security in Southeast Asia (Jakarta, October 2006); the European Union Roundtable on Human "
    "Security in Post-Conflict and Peacebuilding Situations (Brussels, November 2006); the "
    "meeting of the FHS representatives and the SG-elect (New York, December 2006); the seminar "
    '"Human security: Stock-taking and Moving Ahead" hosted by the Permanent Mission of Canada '
    "(New York, February 2007); and the Senior Official-Level Meeting on Human Security (Tokyo, "
    "March 2007). He also mentioned two upcoming meetings, the OSCE Workshop on Human Security "
    "(Vienna, May 2007) and the Ninth Human Security Network Ministerial Meeting (Ljubljana, May "
    "2007)."
)
CHILE_EN = (
    "In October 2006, Chile hosted in Santiago the regional seminar on human security and the "
    "prevention of armed violence, organized jointly with UNDP and the OAS."
)
CHILE_ES = (
    "En octubre de 2006, Chile organizó en Santiago un seminario regional sobre seguridad humana "
    "y prevención de la violencia armada, con el PNUD y la OEA."
)
PROJECT_PERIOD = (
    "From June 2006 to December 2008, Chile and UNDP implemented a project on community "
    "security in the commune of La Pintana, in Santiago."
)
PROJECT_PERIOD_ES = (
    "De junio de 2006 a diciembre de 2008, México ejecutó con el UNICEF un proyecto de "
    "protección de los niños migrantes no acompañados en Tapachula."
)
WORKSHOP_FR = (
    "Du 15 au 17 mai 2007, la Suisse a accueilli à Genève un atelier sur la sécurité humaine "
    "et la traite des personnes, avec le HCR et l'OIM."
)
GENEVA_DECLARATION = (
    "The representative of Switzerland referred to the Geneva Declaration on Armed Violence and "
    "Development, which was adopted in June 2006 at a summit hosted by the Government of "
    "Switzerland and UNDP."
)
THAI_MINISTRY = (
    "The representative of Thailand stated that her Government places a high priority on the "
    "human-centered approach in its national development strategy, and has created a Ministry "
    "of Social Development and Human Security."
)
GENERAL_STATEMENTS = [
    "Chile considers human security a central element of its foreign policy and of its "
    "commitment to multilateralism.",
    "Thailand believes that human security should be mainstreamed in the work of the United "
    "Nations and that the Friends of Human Security should remain an informal and open forum.",
    "Since 1999, human security has been a pillar of Japan's foreign policy, and Japan will "
    "continue to promote the concept in cooperation with other Member States.",
    "A number of participants called for the integration of the human security perspective "
    "in the work of the Peacebuilding Commission and the Special Adviser on Genocide.",
    "La Suisse considère que la sécurité humaine est un élément essentiel de sa politique "
    "étrangère et de son engagement en faveur du multilatéralisme.",
    "México reitera su compromiso con el concepto de seguridad humana, que constituye uno de "
    "los ejes de su política exterior desde 2000.",
    "The Government intends to continue promoting human security through its bilateral "
    "cooperation and in the relevant forums of the United Nations system.",
    "Mexico chairs the Group of Friends for the period 2007-2008 and will report to its "
    "members at the next meeting.",
    "The Human Security Unit of OCHA manages the United Nations Trust Fund for Human Security.",
]


def suggest(text: str, reporter: str | None = None, language: str = "en") -> list:
    drafts = suggest_initiatives(f"<p>{text}</p>", reporter=reporter, language=language)
    for draft in drafts:
        assert_evidence_is_verbatim(draft)
    return drafts


def assert_evidence_is_verbatim(draft: DraftInitiative) -> None:
    assert draft.evidence, draft
    for evidence in draft.evidence:
        assert evidence.text and evidence.text in draft.paragraph_text, evidence


def evidence(draft: DraftInitiative, field: str) -> list[str]:
    return [e.text for e in draft.evidence if e.field == field]


def test_the_chairs_summary_list_gives_one_draft_per_event_with_its_city_and_month():
    drafts = suggest(CHAIRS_SUMMARY, reporter="JPN")

    assert [(d.title, d.kind, d.city, d.country, d.start) for d in drafts] == [
        (
            "ASEAN-UNESCO Concept Workshop on Human Security in Southeast Asia",
            "workshop",
            "Jakarta",
            "IDN",
            PartialDate(2006, 10),
        ),
        (
            "European Union Roundtable on Human Security in Post-Conflict and Peacebuilding "
            "Situations",
            "roundtable",
            "Brussels",
            "BEL",
            PartialDate(2006, 11),
        ),
        (
            "Meeting of the FHS representatives and the SG-elect",
            "meeting",
            "New York",
            "USA",
            PartialDate(2006, 12),
        ),
        (
            "Human security: Stock-taking and Moving Ahead",
            "seminar",
            "New York",
            "USA",
            PartialDate(2007, 2),
        ),
        (
            "Senior Official-Level Meeting on Human Security",
            "meeting",
            "Tokyo",
            "JPN",
            PartialDate(2007, 3),
        ),
        ("OSCE Workshop on Human Security", "workshop", "Vienna", "AUT", PartialDate(2007, 5)),
        (
            "Ninth Human Security Network Ministerial Meeting",
            "meeting",
            "Ljubljana",
            "SVN",
            PartialDate(2007, 5),
        ),
    ]
    assert all(d.paragraph == 0 and d.end is None for d in drafts)
    assert all(d.start.precision == "month" for d in drafts)


def test_each_event_of_the_chairs_summary_keeps_its_own_partners_and_evidence():
    workshop, roundtable, _, seminar, _, osce, network = suggest(CHAIRS_SUMMARY, reporter="JPN")

    assert workshop.partners == ["ASEAN", "UNESCO"]
    assert roundtable.partners == ["EU"]
    assert seminar.partners == ["CAN"]
    assert osce.partners == ["OSCE"]
    assert network.partners == ["HSN"]
    assert evidence(workshop, "city") == ["Jakarta"]
    assert evidence(workshop, "start") == ["October 2006"]
    assert evidence(roundtable, "kind") == ["Roundtable"]
    assert evidence(seminar, "title") == ["Human security: Stock-taking and Moving Ahead"]
    assert workshop.confidence > 0.8


def test_a_chilean_paragraph_gives_the_seminar_its_place_date_and_partners():
    [draft] = suggest(CHILE_EN, reporter="CHL")

    assert draft.title == "Regional seminar on human security and the prevention of armed violence"
    assert draft.kind == "seminar"
    assert draft.start == PartialDate(2006, 10) and draft.end is None
    assert (draft.city, draft.country) == ("Santiago", "CHL")
    assert draft.partners == ["UNDP", "OAS"]
    assert "armed-violence" in draft.themes and len(draft.themes) <= 3
    assert evidence(draft, "partners") == ["UNDP", "OAS"]
    assert evidence(draft, "start") == ["October 2006"]
    assert draft.paragraph_text == CHILE_EN


def test_the_same_paragraph_in_spanish_reads_pnud_as_undp_and_oea_as_oas():
    [draft] = suggest(CHILE_ES, reporter="CHL", language="es")

    assert draft.title.startswith("Seminario regional sobre seguridad humana")
    assert draft.kind == "seminar"
    assert draft.start == PartialDate(2006, 10)
    assert (draft.city, draft.country) == ("Santiago", "CHL")
    assert draft.partners == ["UNDP", "OAS"]
    assert evidence(draft, "partners") == ["PNUD", "OEA"]
    assert evidence(draft, "start") == ["octubre de 2006"]


def test_a_period_from_june_2006_to_december_2008_gives_a_start_and_an_end():
    [draft] = suggest(PROJECT_PERIOD, reporter="CHL")

    assert draft.kind == "project"
    assert draft.title == "Project on community security in the commune of La Pintana"
    assert (draft.start, draft.end) == (PartialDate(2006, 6), PartialDate(2008, 12))
    assert evidence(draft, "start") == ["June 2006"]
    assert evidence(draft, "end") == ["December 2008"]
    assert (draft.city, draft.partners) == ("Santiago", ["UNDP"])


def test_a_spanish_period_de_junio_a_diciembre_is_read_too():
    [draft] = suggest(PROJECT_PERIOD_ES, reporter="MEX", language="es")

    assert draft.kind == "project"
    assert (draft.start, draft.end) == (PartialDate(2006, 6), PartialDate(2008, 12))
    assert draft.partners == ["UNICEF"]
    assert "protection-of-children" in draft.themes


def test_a_french_paragraph_gives_days_a_city_and_french_acronyms():
    [draft] = suggest(WORKSHOP_FR, reporter="CHE", language="fr")

    assert draft.kind == "workshop"
    assert draft.title == "Atelier sur la sécurité humaine et la traite des personnes"
    assert (draft.start, draft.end) == (PartialDate(2007, 5, 15), PartialDate(2007, 5, 17))
    assert draft.start.precision == "day"
    assert (draft.city, draft.country) == ("Geneva", "CHE")
    assert evidence(draft, "city") == ["Genève"]
    assert draft.partners == ["UNHCR", "IOM"]
    assert "trafficking-in-persons" in draft.themes


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Since 2002, Chile has supported a programme for demining in Ecuador.", "2002", None),
        (
            "On 15 May 2007, the OSCE held a workshop on human security in Vienna.",
            "2007-05-15",
            None,
        ),
        ("The workshop on mine action (Bangkok, 2006-2008) trained 40 deminers.", "2006", "2008"),
        (
            "Le 15 mai 2007, l'OSCE a tenu à Vienne un atelier sur la sécurité humaine.",
            "2007-05-15",
            None,
        ),
        ("Desde 2002, México apoya un programa de desminado en Nicaragua.", "2002", None),
    ],
)
def test_dates_keep_the_precision_they_were_written_with(text, start, end):
    [draft] = suggest(text)

    assert draft.start.iso() == start
    assert (draft.end.iso() if draft.end else None) == end


def test_a_country_named_as_the_place_gives_the_country_without_a_city():
    [draft] = suggest("Since 2002, Chile has supported a programme for demining in Ecuador.", "CHL")

    assert (draft.city, draft.country) == ("", "ECU")
    assert evidence(draft, "country") == ["Ecuador"]
    assert draft.partners == []


@pytest.mark.parametrize("text", GENERAL_STATEMENTS)
def test_a_general_statement_names_no_initiative_and_gives_no_draft(text):
    assert suggest(text) == []


def test_a_named_declaration_takes_its_city_from_its_name_and_its_date_from_the_sentence():
    [draft] = suggest(GENEVA_DECLARATION, reporter="CHE")

    assert draft.title == "Geneva Declaration on Armed Violence and Development"
    assert draft.kind == "declaration"
    assert (draft.city, draft.country, draft.start) == ("Geneva", "CHE", PartialDate(2006, 6))
    assert draft.partners == ["UNDP"]


def test_a_ministry_that_a_government_created_is_an_institution():
    [draft] = suggest(THAI_MINISTRY, reporter="THA")

    assert draft.title == "Ministry of Social Development and Human Security"
    assert draft.kind == "institution"
    assert draft.partners == []


def test_two_events_joined_by_and_in_one_sentence_give_two_drafts():
    text = (
        "Chile participated in the International Conference on Cluster Munitions held in Lima "
        "from 23 to 25 May 2007 and in the Wellington Conference in February 2008."
    )
    lima, wellington = suggest(text, reporter="CHL")

    assert (lima.title, lima.country) == ("International Conference on Cluster Munitions", "PER")
    assert (lima.start, lima.end) == (PartialDate(2007, 5, 23), PartialDate(2007, 5, 25))
    assert (wellington.title, wellington.country) == ("Wellington Conference", "NZL")
    assert wellington.start == PartialDate(2008, 2)


def test_a_later_sentence_about_the_same_project_adds_its_partners_and_its_end():
    text = (
        "In 2005, Japan launched a project on community security in northern Uganda. This "
        "project, carried out with UNICEF and UNHCR, will continue until December 2009."
    )
    [draft] = suggest(text, reporter="JPN")

    assert draft.title == "Project on community security"
    assert (draft.start, draft.end) == (PartialDate(2005), PartialDate(2009, 12))
    assert (draft.city, draft.country) == ("", "UGA")
    assert draft.partners == ["UNICEF", "UNHCR"]
    assert evidence(draft, "end") == ["December 2009"]


def test_the_venue_is_preferred_to_a_city_inside_the_name():
    text = (
        "Japan will host the Fourth Tokyo International Conference on African Development "
        "(TICAD IV) in Yokohama in May 2008."
    )
    [draft] = suggest(text, reporter="JPN")

    assert draft.title == "Fourth Tokyo International Conference on African Development"
    assert (draft.kind, draft.city, draft.country) == ("conference", "Yokohama", "JPN")
    assert draft.start == PartialDate(2008, 5)


def test_a_participants_own_name_is_a_partner_not_an_initiative():
    text = (
        "Le Mexique a organisé le Séminaire international sur la sécurité humaine à Mexico en "
        "septembre 2007, en collaboration avec le Programme des Nations Unies pour le "
        "développement."
    )
    [draft] = suggest(text, reporter="MEX", language="fr")

    assert draft.kind == "seminar"
    assert draft.title == "Séminaire international sur la sécurité humaine"
    assert (draft.city, draft.country, draft.partners) == ("Mexico City", "MEX", ["UNDP"])


def test_a_capitalised_un_or_who_as_ordinary_words_is_no_partner():
    text = (
        "Un seminario nacional sobre seguridad humana tuvo lugar en Lima el 3 de noviembre de "
        "2006. Who attended it? Representatives of civil society."
    )
    [draft] = suggest(text, reporter="PER", language="es")

    assert draft.title == "Seminario nacional sobre seguridad humana"
    assert draft.start == PartialDate(2006, 11, 3)
    assert draft.partners == []


def test_paragraphs_are_numbered_over_paragraphs_list_items_and_table_rows_not_headings():
    html = (
        "<h2>Chile's initiatives in the area of human security</h2>"
        "<p>Chile considers human security a central element of its foreign policy.</p>"
        f"<ul><li><p>{CHILE_EN}</p></li><li>{PROJECT_PERIOD}</li></ul>"
        "<table><thead><tr><th>Initiative</th><th>Place</th><th>Dates</th></tr></thead>"
        "<tbody><tr><td>Workshop on mine action</td><td>Bangkok</td><td>2006-2008</td></tr>"
        "</tbody></table>"
    )
    drafts = suggest_initiatives(html, reporter="CHL")

    assert paragraphs(html)[1:] == [
        CHILE_EN,
        PROJECT_PERIOD,
        "Workshop on mine action | Bangkok | 2006-2008",
    ]
    assert [d.paragraph for d in drafts] == [1, 2, 3]
    assert all(d.paragraph_text == paragraphs(html)[d.paragraph] for d in drafts)
    assert (drafts[2].city, drafts[2].start, drafts[2].end) == (
        "Bangkok",
        PartialDate(2006),
        PartialDate(2008),
    )


def test_a_reply_typed_in_markdown_gives_drafts_from_its_paragraphs():
    reply = markdown_to_html(
        "# Chile's initiatives in the area of human security\n\n"
        f"{CHILE_EN}\n\n"
        f"{GENERAL_STATEMENTS[0]}\n\n"
        f"- {PROJECT_PERIOD}\n"
        f"- {GENEVA_DECLARATION}\n"
    )
    drafts = suggest_initiatives(reply.html, reporter="CHL")

    assert [(d.paragraph, d.kind) for d in drafts] == [
        (0, "seminar"),
        (2, "project"),
        (3, "declaration"),
    ]
    for draft in drafts:
        assert_evidence_is_verbatim(draft)


def test_the_same_reply_gives_the_same_drafts_every_time():
    html = f"<p>{CHAIRS_SUMMARY}</p><p>{CHILE_ES}</p><p>{WORKSHOP_FR}</p>"

    assert suggest_initiatives(html, "JPN") == suggest_initiatives(html, "JPN")
