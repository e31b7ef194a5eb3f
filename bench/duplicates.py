"""Duplicates: precision and recall on a labelled synthetic set, and time as the set grows.

Run with `make bench`, or `python bench/duplicates.py [seed]`. The engine is pure Python, so
no Django setup is needed. The set is made by `labelled_set(n, seed)`: initiatives in
English, French and Spanish, some reported again by another participant with realistic
changes (translated, abbreviated, misspelt, dates written with another precision, city
spelt another way), and hard non-duplicates (the same series with another ordinal, the
same title in another year or city, events sharing most of their words).
"""

from __future__ import annotations

import random
import string
import sys
import time
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from humsec.initiatives.duplicates import THRESHOLD, Record, Stats, find_candidates


def table(text: str) -> list[tuple[str, ...]]:
    """Rows of a table below: fields split on " | ", indented lines continue a row."""
    rows: list[list[str]] = []
    for line in text.strip("\n").splitlines():
        fields = [f.strip() for f in line.strip().removeprefix("| ").split(" | ")]
        fields = ["" if f == "-" else f for f in fields]
        if line.startswith(" "):
            rows[-1].extend(fields)
        else:
            rows.append(fields)
    return [tuple(row) for row in rows]


def codes(text: str) -> list[str]:
    return text.split()


# The tables: one entry a line, fields separated by " | ", long entries continued on
# indented lines; "-" stands for nothing.
# kind | English | French | Spanish | gender of the French noun
KINDS = table("""
workshop | Workshop | Atelier | Taller | m
seminar | Seminar | Séminaire | Seminario | m
conference | Conference | Conférence | Conferencia | f
meeting | Meeting | Réunion | Reunión | f
roundtable | Round Table | Table ronde | Mesa redonda | f
meeting | Expert Group Meeting | Réunion du groupe d'experts | Reunión de expertos | f
workshop | Training Workshop | Atelier de formation | Taller de capacitación | m
conference | Forum | Forum | Foro | m
meeting | Consultation | Consultation | Consulta | f
seminar | Symposium | Symposium | Simposio | m
""")
# English | French masculine | French feminine | Spanish
QUALIFIERS = table("""
Regional | régional | régionale | regional
International | international | internationale | internacional
Subregional | sous-régional | sous-régionale | subregional
High-level | de haut niveau | de haut niveau | de alto nivel
National | national | nationale | nacional
Annual | annuel | annuelle | anual
- | - | - | -
""")
# English | French | Spanish
TOPICS = table("""
Human Security | la sécurité humaine | la seguridad humana
Human Trafficking | la traite des personnes | la trata de personas
Children and Armed Conflict | les enfants et les conflits armés | los niños y los conflictos armados
Violence against Children | la violence contre les enfants | la violencia contra los niños
Violence against Women | la violence à l'égard des femmes | la violencia contra la mujer
Refugees and Internally Displaced Persons | les réfugiés et les personnes déplacées internes
    | los refugiados y los desplazados internos
HIV/AIDS | le VIH/sida | el VIH/SIDA
Climate Change and Human Security | les changements climatiques et la sécurité humaine
    | el cambio climático y la seguridad humana
Disaster Risk Reduction | la réduction des risques de catastrophe
    | la reducción del riesgo de desastres
Peacebuilding | la consolidation de la paix | la consolidación de la paz
Mine Action | l'action contre les mines | la acción contra las minas
Small Arms and Light Weapons | les armes légères et de petit calibre | las armas pequeñas y ligeras
Food Security | la sécurité alimentaire | la seguridad alimentaria
Health Security | la sécurité sanitaire | la seguridad sanitaria
Armed Violence and Development | la violence armée et le développement
    | la violencia armada y el desarrollo
Post-Conflict Reconstruction | la reconstruction post-conflit | la reconstrucción posconflicto
Community Empowerment | l'autonomisation des communautés | el empoderamiento de las comunidades
Migration and Development | les migrations et le développement | la migración y el desarrollo
the Millennium Development Goals | les objectifs du Millénaire pour le développement
    | los Objetivos de Desarrollo del Milenio
Water and Sanitation | l'eau et l'assainissement | el agua y el saneamiento
Gender Equality | l'égalité des sexes | la igualdad de género
Human Rights Education | l'éducation aux droits de l'homme | la educación en derechos humanos
Conflict Prevention | la prévention des conflits | la prevención de conflictos
the Protection of Civilians | la protection des civils | la protección de los civiles
Poverty Reduction | la réduction de la pauvreté | la reducción de la pobreza
Drug Trafficking and Organized Crime | le trafic de drogues et la criminalité organisée
    | el tráfico de drogas y la delincuencia organizada
Indigenous Peoples | les peuples autochtones | los pueblos indígenas
Early Warning | l'alerte précoce | la alerta temprana
Child Soldiers | les enfants soldats | los niños soldados
Maternal Health | la santé maternelle | la salud materna
Pandemic Preparedness | la préparation aux pandémies | la preparación para pandemias
Education in Emergencies | l'éducation en situation d'urgence
    | la educación en situaciones de emergencia
Sexual Violence in Conflict | la violence sexuelle dans les conflits
    | la violencia sexual en los conflictos
Juvenile Justice | la justice pour mineurs | la justicia juvenil
Desertification and Drought | la désertification et la sécheresse | la desertificación y la sequía
Landmine Survivors | les survivants des mines terrestres | los sobrevivientes de minas terrestres
Humanitarian Response | l'action humanitaire | la respuesta humanitaria
Youth Employment | l'emploi des jeunes | el empleo juvenil
Civil Society and Human Security | la société civile et la sécurité humaine
    | la sociedad civil y la seguridad humana
Freedom from Fear | le droit de vivre à l'abri de la peur | la libertad para vivir sin temor
""")
REGIONS = table("""
in Southeast Asia | en Asie du Sud-Est | en Asia Sudoriental
in West Africa | en Afrique de l'Ouest | en África Occidental
in Central America | en Amérique centrale | en Centroamérica
in the Great Lakes Region | dans la région des Grands Lacs | en la región de los Grandes Lagos
in the Pacific | dans le Pacifique | en el Pacífico
in Central Asia | en Asie centrale | en Asia Central
in the Sahel | au Sahel | en el Sahel
in the Balkans | dans les Balkans | en los Balcanes
in the Mekong Subregion | dans la sous-région du Mékong | en la subregión del Mekong
in the Andean Region | dans la région andine | en la región andina
in the Horn of Africa | dans la Corne de l'Afrique | en el Cuerno de África
in the Caribbean | dans les Caraïbes | en el Caribe
in the Middle East | au Moyen-Orient | en el Oriente Medio
in Latin America | en Amérique latine | en América Latina
in South Asia | en Asie du Sud | en Asia Meridional
in Southern Africa | en Afrique australe | en África Austral
- | - | -
- | - | -
""")
# acronym | name | French with the acronym | French with the name | the same in Spanish
ORGS = table("""
OSCE | Organization for Security and Co-operation in Europe | de l'OSCE
    | de l'Organisation pour la sécurité et la coopération en Europe | de la OSCE
    | de la Organización para la Seguridad y la Cooperación en Europa
UNDP | United Nations Development Programme | du PNUD
    | du Programme des Nations Unies pour le développement | del PNUD
    | del Programa de las Naciones Unidas para el Desarrollo
UNICEF | United Nations Children's Fund | de l'UNICEF | du Fonds des Nations Unies pour l'enfance
    | del UNICEF | del Fondo de las Naciones Unidas para la Infancia
UNHCR | United Nations High Commissioner for Refugees | du HCR
    | du Haut-Commissariat des Nations Unies pour les réfugiés | del ACNUR
    | del Alto Comisionado de las Naciones Unidas para los Refugiados
EU | European Union | de l'UE | de l'Union européenne | de la UE | de la Unión Europea
ASEAN | Association of Southeast Asian Nations | de l'ASEAN
    | de l'Association des nations de l'Asie du Sud-Est | de la ASEAN
    | de la Asociación de Naciones del Sudeste Asiático
HSN | Human Security Network | du Réseau de la sécurité humaine | du Réseau de la sécurité humaine
    | de la Red de Seguridad Humana | de la Red de Seguridad Humana
UN | United Nations | de l'ONU | des Nations Unies | de la ONU | de las Naciones Unidas
IOM | International Organization for Migration | de l'OIM
    | de l'Organisation internationale pour les migrations | de la OIM
    | de la Organización Internacional para las Migraciones
WHO | World Health Organization | de l'OMS | de l'Organisation mondiale de la santé | de la OMS
    | de la Organización Mundial de la Salud
ILO | International Labour Organization | de l'OIT | de l'Organisation internationale du Travail
    | de la OIT | de la Organización Internacional del Trabajo
AU | African Union | de l'UA | de l'Union africaine | de la UA | de la Unión Africana
""")
# Numbered meetings; {o} is the ordinal: English | French | Spanish | lead
SERIES = table("""
{o} Human Security Network Ministerial Meeting
    | {o} réunion ministérielle du Réseau de la sécurité humaine
    | {o} Reunión Ministerial de la Red de Seguridad Humana | HSN
{o} Meeting of the Friends of Human Security | {o} réunion des Amis de la sécurité humaine
    | {o} reunión de los Amigos de la Seguridad Humana | -
{o} International Conference on Mine Action
    | {o} Conférence internationale sur l'action contre les mines
    | {o} Conferencia Internacional sobre la acción contra las minas | -
{o} Regional Forum on Migration and Development
    | {o} Forum régional sur les migrations et le développement
    | {o} Foro Regional sobre la migración y el desarrollo | IOM
{o} Annual Conference on Children and Armed Conflict
    | {o} Conférence annuelle sur les enfants et les conflits armés
    | {o} Conferencia Anual sobre los niños y los conflictos armados | UNICEF
{o} Session of the Human Rights Council | {o} session du Conseil des droits de l'homme
    | {o} período de sesiones del Consejo de Derechos Humanos | -
""")

ORDINALS = {
    "en": "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Eleventh Twelfth "
    "Thirteenth Fourteenth Fifteenth Sixteenth Seventeenth Eighteenth Nineteenth Twentieth",
    "fr": "Première Deuxième Troisième Quatrième Cinquième Sixième Septième Huitième Neuvième "
    "Dixième Onzième Douzième Treizième Quatorzième Quinzième Seizième Dix-septième "
    "Dix-huitième Dix-neuvième Vingtième",
    "es": "Primera Segunda Tercera Cuarta Quinta Sexta Séptima Octava Novena Décima Undécima "
    "Duodécima Decimotercera Decimocuarta Decimoquinta Decimosexta Decimoséptima "
    "Decimoctava Decimonovena Vigésima",
}
SUFFIX = {"en": ["st", "nd", "rd"] + ["th"] * 17, "fr": ["re"] + ["e"] * 19, "es": ["a"] * 20}
# English | French | Spanish | ISO3; the host writes the city in its own language.
CITIES = table("""
Geneva | Genève | Ginebra | CHE
Vienna | Vienne | Viena | AUT
Brussels | Bruxelles | Bruselas | BEL
New York | New York | Nueva York | USA
Bangkok | Bangkok | Bangkok | THA
Tokyo | Tokyo | Tokio | JPN
Mexico City | Mexico | Ciudad de México | MEX
Ljubljana | Ljubljana | Liubliana | SVN
Santiago | Santiago du Chili | Santiago de Chile | CHL
Jakarta | Djakarta | Yakarta | IDN
Nairobi | Nairobi | Nairobi | KEN
Addis Ababa | Addis-Abeba | Addis Abeba | ETH
Dakar | Dakar | Dakar | SEN
Cairo | Le Caire | El Cairo | EGY
Amman | Amman | Ammán | JOR
Beirut | Beyrouth | Beirut | LBN
Ottawa | Ottawa | Ottawa | CAN
Oslo | Oslo | Oslo | NOR
Stockholm | Stockholm | Estocolmo | SWE
Athens | Athènes | Atenas | GRC
Rome | Rome | Roma | ITA
London | Londres | Londres | GBR
The Hague | La Haye | La Haya | NLD
Lisbon | Lisbonne | Lisboa | PRT
Warsaw | Varsovie | Varsovia | POL
Prague | Prague | Praga | CZE
Moscow | Moscou | Moscú | RUS
Beijing | Pékin | Pekín | CHN
Seoul | Séoul | Seúl | KOR
Manila | Manille | Manila | PHL
Hanoi | Hanoï | Hanói | VNM
Phnom Penh | Phnom Penh | Phnom Penh | KHM
Kathmandu | Katmandou | Katmandú | NPL
New Delhi | New Delhi | Nueva Delhi | IND
Kabul | Kaboul | Kabul | AFG
Bogotá | Bogota | Bogotá | COL
Lima | Lima | Lima | PER
Buenos Aires | Buenos Aires | Buenos Aires | ARG
San José | San José | San José | CRI
Kampala | Kampala | Kampala | UGA
Kigali | Kigali | Kigali | RWA
Johannesburg | Johannesburg | Johannesburgo | ZAF
Accra | Accra | Accra | GHA
Bamako | Bamako | Bamako | MLI
Suva | Suva | Suva | FJI
Chiang Mai | Chiang Mai | Chiang Mai | THA
Hiroshima | Hiroshima | Hiroshima | JPN
Istanbul | Istanbul | Estambul | TUR
""")
COUNTRY_NAMES = table("""
Cambodia | au Cambodge | en Camboya | KHM
Afghanistan | en Afghanistan | en el Afganistán | AFG
Haiti | en Haïti | en Haití | HTI
the Sudan | au Soudan | en el Sudán | SDN
Colombia | en Colombie | en Colombia | COL
Peru | au Pérou | en el Perú | PER
Nepal | au Népal | en Nepal | NPL
Timor-Leste | au Timor-Leste | en Timor-Leste | TLS
Sierra Leone | en Sierra Leone | en Sierra Leona | SLE
Liberia | au Libéria | en Liberia | LBR
Uganda | en Ouganda | en Uganda | UGA
Myanmar | au Myanmar | en Myanmar | MMR
Bangladesh | au Bangladesh | en Bangladesh | BGD
Guatemala | au Guatemala | en Guatemala | GTM
Kenya | au Kenya | en Kenya | KEN
Mozambique | au Mozambique | en Mozambique | MOZ
Bolivia | en Bolivie | en Bolivia | BOL
Tajikistan | au Tadjikistan | en Tayikistán | TJK
""")

# (kind, English, French, Spanish) for lasting initiatives in a country.
LASTING = [
    ("project", "Project on {t} in {c}", "Projet sur {t} {c}", "Proyecto sobre {t} {c}"),
    ("programme", "Programme for {t} in {c}", "Programme pour {t} {c}", "Programa para {t} {c}"),
    ("project", "Support to {t} in {c}", "Appui à {t} {c}", "Apoyo a {t} {c}"),
]
STATES = sorted({c[3] for c in CITIES} | {c[3] for c in COUNTRY_NAMES}) + codes(
    "ESP FRA DEU CHL SVN CHE IRL AUS NZL BRA ZMB MAR DZA"
)
ORG_CODES = [o[0] for o in ORGS] + codes("UNFPA OCHA IFRC UNODC UNESCO")
# The group's members: they report, and they are the usual partners.
MEMBERS = codes(
    "JPN MEX CHL SVN CHE THA ESP CAN NOR AUT GRC IRL JOR MLI ZAF CRI PAN COL PER KOR PHL IDN "
    "SEN KEN GBR SWE"
)
LANGS = ["en"] * 7 + ["fr"] * 2 + ["es"]


@dataclass(frozen=True)
class Event:
    """One real initiative; each report of it becomes a Record."""

    form: str  # event | org | series | lasting
    kind: str
    parts: tuple  # indices into the tables, per form
    start: date
    end: date | None
    precision: str
    city: int | None
    country: str
    lead: str
    partners: tuple[str, ...]
    language: str
    day: date | None = None  # the first day, whatever precision the host gave


def title_of(event: Event, language: str, rng: random.Random, changes: bool) -> str:
    """The title in that language; a second report may shorten or abbreviate it."""
    li = {"en": 1, "fr": 2, "es": 3}[language]
    drop = rng.random() if changes else 1.0
    if event.form == "series":
        number = event.parts[1]
        template = SERIES[event.parts[0]][li - 1]
        if changes and rng.random() < 0.3:
            ordinal = f"{number}{SUFFIX[language][number - 1]}"
        else:
            ordinal = ORDINALS[language].split()[number - 1]
        title = template.format(o=ordinal)
        if changes and language == "en" and "Human Security Network" in title and drop < 0.5:
            title = title.replace("Human Security Network", "HSN")
        return title[0].upper() + title[1:]
    if event.form == "lasting":
        kind_i, topic_i, country_i = event.parts
        topic = TOPICS[topic_i][li - 1]
        country = COUNTRY_NAMES[country_i][li - 1]
        return LASTING[kind_i][li].format(t=topic, c=country)
    kind_i, qual_i, topic_i, region_i, org_i = event.parts
    kind = KINDS[kind_i]
    qualifier = QUALIFIERS[qual_i] if drop > 0.15 else QUALIFIERS[-1]
    region = REGIONS[region_i] if not 0.15 <= drop < 0.3 else ("", "", "")
    topic = TOPICS[topic_i][li - 1]
    short = not changes or rng.random() < 0.5  # the acronym, or the name in full
    if language == "en":
        org = ""
        if org_i is not None:
            org = ORGS[org_i][0] if short else ORGS[org_i][1]
        words = [org, qualifier[0], kind[1], "on", topic, region[0]]
    else:
        fr = language == "fr"
        adjective = qualifier[1 if kind[4] == "m" else 2] if fr else qualifier[3]
        org = ""
        if org_i is not None:
            org = ORGS[org_i][(2 if short else 3) if fr else (4 if short else 5)]
        words = [kind[2 if fr else 3], adjective, org, "sur" if fr else "sobre", topic]
        words.append(region[1 if fr else 2])
    return " ".join(w for w in words if w)


def typo(text: str, rng: random.Random) -> str:
    words = text.split()
    choices = [i for i, w in enumerate(words) if len(w) >= 5 and not w.isupper()]
    if not choices:
        return text
    i = rng.choice(choices)
    word = words[i]
    k = rng.randrange(1, len(word) - 1)
    how = rng.randrange(4)
    if how == 0:
        word = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    elif how == 1:
        word = word[:k] + word[k + 1 :]
    elif how == 2:
        word = word[:k] + word[k] + word[k:]
    else:
        word = word[:k] + rng.choice(string.ascii_lowercase) + word[k + 1 :]
    words[i] = word
    return " ".join(words)


def period(day: date, precision: str, days: int = 0) -> tuple[date, date]:
    """First and last day, as humsec stores a date of that precision."""
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if precision == "month":
        first = day.replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return day, day + timedelta(days=days)


def shifted(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def random_event(rng: random.Random, used: set) -> Event:
    roll = rng.random()
    year = rng.randrange(2000, 2020)
    city = rng.randrange(len(CITIES))
    language = rng.choice(LANGS)
    partners = tuple(rng.sample(MEMBERS + ORG_CODES, rng.randrange(0, 4)))
    series, number = rng.randrange(len(SERIES)), rng.randrange(1, 21)
    if roll < 0.12 and (series, number) not in used:
        used.add((series, number))
        start, end = period(
            date(1990 + number + series, rng.randrange(1, 13), rng.randrange(1, 28)), "day", 1
        )
        lead = SERIES[series][3] or rng.choice(STATES)
        return Event(
            "series",
            "meeting",
            (series, number),
            start,
            end,
            "day",
            city,
            CITIES[city][3],
            lead,
            partners,
            language,
        )
    if roll < 0.27:
        kind_i = rng.randrange(len(LASTING))
        country_i = rng.randrange(len(COUNTRY_NAMES))
        start = date(year, rng.randrange(1, 13), 1)
        end = date(min(year + rng.randrange(1, 6), 2024), 12, 31) if rng.random() < 0.7 else None
        lead = rng.choice([COUNTRY_NAMES[country_i][3], rng.choice(ORG_CODES), rng.choice(STATES)])
        return Event(
            "lasting",
            LASTING[kind_i][0],
            (kind_i, rng.randrange(len(TOPICS)), country_i),
            start,
            end,
            "month",
            None,
            COUNTRY_NAMES[country_i][3],
            lead,
            partners,
            language,
        )
    kind_i = rng.randrange(len(KINDS))
    org_i = rng.randrange(len(ORGS)) if rng.random() < 0.3 else None
    parts = (
        kind_i,
        rng.randrange(len(QUALIFIERS)),
        rng.randrange(len(TOPICS)),
        rng.randrange(len(REGIONS)),
        org_i,
    )
    precision = rng.choice(["day", "day", "month", "month", "year"])
    day = date(year, rng.randrange(1, 13), rng.randrange(1, 28))
    start, end = period(day, precision, rng.randrange(0, 3))
    lead = ORGS[org_i][0] if org_i is not None else rng.choice([CITIES[city][3], *STATES])
    return Event(
        "event",
        KINDS[kind_i][0],
        parts,
        start,
        end,
        precision,
        city,
        CITIES[city][3],
        lead,
        partners,
        language,
        day,
    )


def sibling(event: Event, rng: random.Random, used: set) -> Event | None:
    """A different initiative that looks alike: the next meeting of a series, the same
    title in another year, or the same place and dates on another topic."""
    years = rng.choice([-2, -1, 1, 1, 2, 3])
    if event.form == "series":
        key = (event.parts[0], event.parts[1] + years)
        if key in used or not 1 <= key[1] <= 20:
            return None
        used.add(key)
        start = shifted(event.start, years)
        return replace(event, parts=key, start=start, end=start, city=rng.randrange(len(CITIES)))
    if event.form == "event" and rng.random() < 0.4:
        parts = list(event.parts)
        parts[2] = (parts[2] + rng.randrange(1, len(TOPICS))) % len(TOPICS)
        return replace(event, parts=tuple(parts), partners=())
    if event.form == "lasting":  # another project in the same country at the same time
        parts = (event.parts[0], (event.parts[1] + 1) % len(TOPICS), event.parts[2])
        return replace(event, parts=parts, partners=())
    start = shifted(event.start, years)
    end = event.end and shifted(event.end, years)
    day = event.day and shifted(event.day, years)
    city = event.city if rng.random() < 0.5 else rng.randrange(len(CITIES))
    return replace(event, start=start, end=end, day=day, city=city, country=CITIES[city][3])


def report(
    event: Event, rid: int, rng: random.Random, reporter: str, again: bool, alone: bool
) -> Record:
    """One participant's record of the event; `again` makes the changes of a second report."""
    language = event.language
    if again and rng.random() < 0.55:
        language = rng.choice([x for x in ("en", "fr", "es") if x != language])
    title = title_of(event, language, rng, again)
    start, end, precision, city, country = event.start, event.end, event.precision, "", ""
    if event.city is not None:
        city = CITIES[event.city][{"en": 0, "fr": 1, "es": 2}[event.language]]
    country = event.country
    kind = event.kind
    if again:
        if rng.random() < 0.3:
            title = typo(title, rng)
        if rng.random() < 0.08:
            title = typo(title, rng)
        start, end, precision = other_dates(event, rng, alone)
        roll = rng.random()
        if event.city is not None and roll < 0.4:
            city = CITIES[event.city][{"en": 0, "fr": 1, "es": 2}[language]]
        elif roll < 0.5:
            city = ""
        elif roll < 0.55:
            city, country = "", ""
        if kind in ("meeting", "conference") and rng.random() < 0.08:
            kind = "conference" if kind == "meeting" else "meeting"
    partners, lead = set(event.partners), event.lead
    if again:
        partners = set(rng.sample(event.partners, rng.randrange(0, len(event.partners) + 1)))
        roll = rng.random()
        lead = lead if roll < 0.75 else "" if roll < 0.9 else reporter
    participants = frozenset({reporter, lead, *partners} - {""})
    return Record(rid, title, reporter, start, end, precision, city, country, participants, kind)


def other_dates(
    event: Event, rng: random.Random, alone: bool
) -> tuple[date | None, date | None, str]:
    """The same dates written another way, or with another precision, or not at all (only
    for an event without a look-alike: a record without a date could be either)."""
    start, end, precision = event.start, event.end, event.precision
    roll = rng.random()
    if event.form == "lasting":
        if roll < 0.3:
            return date(start.year, 1, 1), end, "year"
        return start, (end if rng.random() < 0.7 else None), precision
    if roll < 0.06 and event.form == "event" and alone:
        return None, None, "day"  # not said
    if precision == "day":
        if roll < 0.35:
            first, last = period(start, "month")
            return first, max(last, end), "month"
        if roll < 0.45:
            return (*period(start, "year"), "year")
        if roll < 0.6:
            return start, start, "day"  # the first day only
    if precision == "month" and roll < 0.4:
        return (*period(event.day or start, "day"), "day")
    if precision == "month" and roll < 0.55:
        return (*period(start, "year"), "year")
    if precision == "year" and roll < 0.3:
        return (*period(event.day or start, "month"), "month")
    return start, end, precision


def labelled_set(size: int, seed: int = 7) -> tuple[list[Record], set[frozenset[int]]]:
    """`size` records and the pairs that are the same initiative."""
    rng = random.Random(seed)
    records: list[Record] = []
    truth: set[frozenset[int]] = set()
    used: set = set()
    while len(records) < size:
        events = [random_event(rng, used)]
        if rng.random() < 0.25:
            events.append(sibling(events[0], rng, used))
        for event in filter(None, events):
            copies = 1
            roll = rng.random()
            if roll < 0.15:
                copies = 2
            elif roll < 0.165:
                copies = 3
            host = event.lead if event.lead in STATES else event.country
            reporters = [host]
            for _ in range(copies - 1):
                known = [p for p in (event.lead, *event.partners) if p in STATES]
                pool = known if known and rng.random() < 0.5 else MEMBERS
                others = [m for m in pool if m not in reporters] or MEMBERS
                reporters.append(host if rng.random() < 0.03 else rng.choice(others))
            ids = []
            for n, reporter in enumerate(reporters):
                ids.append(len(records) + 1)
                records.append(report(event, ids[-1], rng, reporter, n > 0, len(events) == 1))
            truth.update(frozenset(p) for p in combinations(ids, 2))
    records = records[:size]
    truth = {p for p in truth if max(p) <= size}
    return records, truth


def quality(records, truth, threshold: float = THRESHOLD, stats: Stats | None = None):
    """Precision, recall and the number of pairs found."""
    found = {frozenset((c.a, c.b)) for c in find_candidates(records, threshold, stats=stats)}
    hits = len(found & truth)
    return hits / max(len(found), 1), hits / max(len(truth), 1), len(found)


def main() -> None:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    records, truth = labelled_set(2_000, seed)
    print(f"Labelled set: {len(records)} initiatives, {len(truth)} duplicate pairs (seed {seed})")
    print(f"{'threshold':>10} | {'found':>6} | {'precision':>9} | {'recall':>6}")
    for threshold in (0.3, 0.4, THRESHOLD, 0.6, 0.7):
        precision, recall, found = quality(records, truth, threshold)
        mark = " <- default" if threshold == THRESHOLD else ""
        print(f"{threshold:>10.2f} | {found:>6} | {precision:>9.3f} | {recall:>6.3f}{mark}")
    print()
    print("Candidate generation and scoring, timed (the same generator, default threshold;")
    print("in the larger sets its small vocabulary makes look-alikes no one could tell apart):")
    print(
        f"{'initiatives':>11} | {'seconds':>7} | {'compared':>9} | {'per record':>10} | "
        f"{'precision':>9} | {'recall':>6}"
    )
    for size in (5_000, 10_000, 20_000, 40_000):
        records, truth = labelled_set(size, seed)
        stats = Stats()
        started = time.perf_counter()
        precision, recall, _ = quality(records, truth, stats=stats)
        seconds = time.perf_counter() - started
        print(
            f"{size:>11} | {seconds:>7.2f} | {stats.compared:>9} | "
            f"{stats.compared / size:>10.1f} | {precision:>9.3f} | {recall:>6.3f}"
        )


if __name__ == "__main__":
    main()
