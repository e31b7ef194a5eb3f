"""Initiatives drawn from a narrative reply, as drafts the secretariat accepts, edits or rejects.

A reply such as Chile's in the annex of A/62/695 tells its initiatives in running text: "In
October 2006, Chile hosted in Santiago the regional seminar on human security and the
prevention of armed violence, organized jointly with UNDP and the OAS." suggest_initiatives
reads the paragraphs of the reply's sanitised HTML and proposes a DraftInitiative for each
initiative it finds there: title, kind, dates with their precision, city and country,
partner participants and themes, each value with the words of the paragraph that support it.

Rules, not learning: deterministic and offline, in English, French and Spanish. A paragraph
yields a draft when it names an event, project, programme, institution... (a kind noun)
together with a date, a place or a proper name; a general statement yields nothing. A
paragraph that lists several events ("the X (Jakarta, October 2006); the Y (Brussels,
November 2006)") yields one draft for each.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from humsec.dates import MONTHS, DateError, PartialDate
from humsec.initiatives.models import Kind
from humsec.initiatives.themes_suggest import suggest_themes
from humsec.roster.lookup import ParticipantIndex, normalize
from humsec.roster.models import STATE_KINDS, ParticipantAlias

MAX_TITLE = 120


@dataclass(frozen=True)
class Evidence:
    field: str  # title, kind, start, end, city, country, partners, themes
    text: str  # the words of the paragraph, exactly as written, that support the value


@dataclass
class DraftInitiative:
    paragraph: int  # index in paragraphs(html): p, li and table rows in document order
    paragraph_text: str
    title: str
    kind: str
    start: PartialDate | None
    end: PartialDate | None
    city: str
    country: str  # ISO3 code or ""
    partners: list[str]  # participant codes, the reporter left out
    themes: list[str]
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.0


# -- Paragraphs ---------------------------------------------------------------------------


class _Blocks(HTMLParser):
    """Text of p, li, tr and headings in document order; a p inside a list item or a table
    cell belongs to it, and a nested list item is a block of its own."""

    BLOCKS = {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[list] = []  # [tag, parts, has_td]
        self.open: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        inside = self.open[-1][0] if self.open else ""
        if tag == "p" and inside in {"li", "tr"}:
            self.handle_data(" ")
        elif tag in self.BLOCKS:
            self.blocks.append([tag, [], False])
            self.open.append((tag, len(self.blocks) - 1))
        elif tag in {"td", "th"} and inside == "tr":
            block = self.blocks[self.open[-1][1]]
            block[1].append(" | " if "".join(block[1]).strip() else "")
            block[2] = block[2] or tag == "td"
        elif tag == "br":
            self.handle_data(" ")

    def handle_endtag(self, tag):
        if any(name == tag for name, _ in self.open):
            while self.open and self.open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if self.open:
            self.blocks[self.open[-1][1]][1].append(data)


def _blocks(html: str) -> list[tuple[bool, str]]:
    parser = _Blocks()
    parser.feed(html or "")
    parser.close()
    found = []
    for tag, parts, has_td in parser.blocks:
        text = " ".join("".join(parts).split()).strip(" |")
        if text:
            heading = tag.startswith("h") or (tag == "tr" and not has_td)
            found.append((heading, text))
    return found


def paragraphs(html: str) -> list[str]:
    """The paragraphs of a reply that initiatives can come from, numbered as in
    DraftInitiative.paragraph: p and li elements and table rows (cells joined by " | "),
    in document order, empty ones left out. Headings and header rows are not counted."""
    return [text for heading, text in _blocks(html) if not heading]


# -- Words --------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Accents off, one character for one, so that offsets stay those of the text."""
    out = []
    for char in text:
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        out.append(base if len(base) == 1 else char)
    return "".join(out)


def _words_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


TOKEN = re.compile(r"\w+(?:['’/-]\w+)*")
# Words that stop a name or a title, in the three languages.
DETERMINERS = _words_set(
    "the a an this that these those its their his her our le la les l un une des du ce cet "
    "cette ces son sa ses leur leurs el los las una unos unas lo su sus este esta estos estas "
    "dicho dicha said ledit ladite"
)
PREPOSITIONS = _words_set(
    "in on at of for to by from with and or as into during since until en dans au aux a à de "
    "del pour par avec et ou sur para por con y o sobre desde hasta entre between"
)
CONNECTORS = _words_set(
    "of on for and in the to against de del la las los el sur pour et y en des du à para "
    "sobre contra d"
)
# Words after which a title summary stops ("the seminar ..., organized jointly with UNDP").
TITLE_STOPS = _words_set(
    "held organized organised hosted convened sponsored funded supported which that who where "
    "with jointly together attended led co-organized while organisé organisée organisés "
    "organisées tenu tenue accueilli qui que dont avec organizado organizada organizados "
    "organizadas celebrado celebrada realizado realizada auspiciado con junto cuyo cuya when "
    "was were is are will would has have had took takes se est sont ont etait était sera "
    "fue fueron tuvo tuvieron será ha han había"
)
TITLE_STOP_PHRASE = re.compile(
    r"\b(?:in (?:cooperation|collaboration|partnership|coordination|conjunction) with|"
    r"en (?:colaboracion|cooperacion|coordinacion|asociacion) con|"
    r"en (?:collaboration|cooperation|partenariat|coordination) avec|conjointement|"
    r"conjuntamente|with the (?:support|participation) of|avec l['’]appui|con el apoyo)\b",
    re.IGNORECASE,
)
LEFT_CONNECTORS = _words_set("of for on de del des du pour para sobre sur")
QUOTED = re.compile(r'"[^"]{1,120}"|“[^”]{1,120}”|«[^»]{1,120}»')
# "the next meeting", "its members": an event named relative to another needs a place.
RELATIVE = _words_set(
    "next previous last following upcoming its their his her our prochaine prochain dernier "
    "derniere son sa ses leur leurs proxima proximo ultima ultimo su sus"
)
ANAPHORA = _words_set("the this that said ce cet cette ledit ladite este esta dicho dicha")

# Kind nouns: (kind, weak, words). A weak kind (fund, institution, policy, publication, other)
# is also a common word in general statements, so it needs more than a date to count.
NOUNS = [
    (Kind.WORKSHOP, False, "workshop atelier taller training-course curso"),
    (Kind.SEMINAR, False, "seminar seminaire seminario symposium colloque simposio"),
    (Kind.CONFERENCE, False, "conference conferencia summit sommet cumbre congress congres"),
    (Kind.ROUNDTABLE, False, "roundtable round-table table-ronde mesa-redonda"),
    (Kind.MEETING, False, "meeting reunion forum foro rencontre encuentro"),
    (Kind.PROJECT, False, "project projet proyecto"),
    (Kind.PROGRAMME, False, "programme program programa campaign campagne campana"),
    (Kind.RESOLUTION, False, "resolution resolucion"),
    (Kind.DECLARATION, False, "declaration declaracion"),
    (Kind.FUND, True, "fund fonds fondo"),
    (
        Kind.PUBLICATION,
        True,
        "publication publicacion book livre libro handbook manual manuel study etude estudio "
        "guidelines rapport informe",
    ),
    (
        Kind.POLICY,
        True,
        "policy politique politica strategy strategie estrategia plan law loi ley Act decree "
        "decret decreto",
    ),
    (
        Kind.INSTITUTION,
        True,
        "ministry ministere ministerio Office bureau oficina centre center centro institute "
        "institut instituto commission comision committee comite council conseil consejo "
        "agency agence agencia Unit unite unidad observatory observatoire observatorio network "
        "reseau secretariat secretaria",
    ),
    (Kind.OTHER, True, "initiative iniciativa"),
]
# Words that count only when capitalised ("the Act", not "to act").
CAPITALISED_ONLY = {"act", "office", "unit"}
# English nouns come last in a name: in "World Summit Outcome Document", Summit is not the
# head. (In French and Spanish the noun comes first: "Conferencia Regional sobre Migración".)
ENGLISH_NOUNS = _words_set(
    "workshop seminar symposium conference summit congress roundtable meeting forum project "
    "programme program campaign resolution declaration fund publication book handbook manual "
    "study guidelines policy strategy plan law act decree ministry office centre center "
    "secretariat institute commission committee council agency unit observatory network "
    "initiative"
)
LANGUAGE_WORDS = {
    "en": _words_set("the and of with which was were has have this by"),
    "fr": _words_set("le les et des du avec qui dans une au sur est"),
    "es": _words_set("el los las y del con que una por fue sobre"),
}


def _language(text: str, default: str) -> str:
    """The paragraph's language when its small words say so clearly, else the reply's."""
    words = re.findall(r"\w+", text.lower())
    counts = sorted(((sum(w in s for w in words), lang) for lang, s in LANGUAGE_WORDS.items()))
    (second, _), (best, language) = counts[-2], counts[-1]
    return language if best >= 3 and best >= 2 * second else default


def _noun_pattern(word: str) -> str:
    parts = []
    for part in word.lower().split("-"):
        parts.append(rf"{part[:-1]}(?:y|ies)" if part.endswith("y") else rf"{part}(?:s|es)?")
    return r"[\s-]?".join(parts)


NOUN = re.compile(
    r"\b(?:"
    + "|".join(
        f"(?P<n{n}>{'|'.join(_noun_pattern(w) for w in words.split())})"
        for n, (_, _, words) in enumerate(NOUNS)
    )
    + r")\b",
    re.IGNORECASE,
)

CREATION = re.compile(
    r"\b(?:created|creates|established|establishes|set up|launched|launches|adopted|adopts|"
    r"approved|enacted|founded|opened|inaugurated|published|issued|promulgated|"
    r"creee?s?|etablie?s?|mise?s? en place|lancee?s?|adoptee?s?|approuvee?s?|inauguree?s?|"
    r"publiee?s?|promulguee?s?|fondee?s?|instituee?s?|"
    r"creo|cread[oa]s?|establecio|establecid[oa]s?|lanzo|lanzad[oa]s?|adopto|adoptad[oa]s?|"
    r"aprobo|aprobad[oa]s?|inauguro|inaugurad[oa]s?|publico|publicad[oa]s?|promulgo|"
    r"promulgad[oa]s?|fundo|fundad[oa]s?|instituyo|puso en marcha|puest[oa] en marcha)\b",
    re.IGNORECASE,
)

# -- Places -------------------------------------------------------------------------------

# Cities where United Nations-related events commonly take place, by country (ISO3): the
# English name first, then French, Spanish and local forms; "@fr": in French only (in
# French, Mexico is the city and le Mexique the country).
CITIES_TABLE = """
AFG Kabul|Kaboul
AGO Luanda
ALB Tirana
ARE Abu Dhabi|Abou Dhabi; Dubai|Dubaï|Dubái
ARG Buenos Aires
ARM Yerevan|Erevan|Ereván
AUS Canberra; Sydney|Sídney; Melbourne
AUT Vienna|Vienne|Viena|Wien; Salzburg|Salzbourg|Salzburgo
AZE Baku|Bakou|Bakú
BDI Bujumbura
BEL Brussels|Bruxelles|Bruselas; Antwerp|Anvers|Amberes
BEN Cotonou|Cotonú
BFA Ouagadougou|Uagadugú
BGD Dhaka|Dacca
BGR Sofia|Sofía
BHR Manama
BIH Sarajevo
BLR Minsk
BOL La Paz
BRA Brasília|Brasilia; Rio de Janeiro|Río de Janeiro; São Paulo|Sao Paulo
BRB Bridgetown
BRN Bandar Seri Begawan
BTN Thimphu
BWA Gaborone
CAF Bangui
CAN Ottawa; Montreal|Montréal; Toronto; Vancouver
CHE Geneva|Genève|Ginebra|Genf; Bern|Berne|Berna; Zurich|Zürich; Lausanne|Lausana; Davos
CHL Santiago|Santiago de Chile; Valparaíso|Valparaiso
CHN Beijing|Pékin|Pekín; Shanghai|Shanghái; Hong Kong
CIV Abidjan|Abiyán
CMR Yaoundé|Yaounde; Douala
COD Kinshasa
COG Brazzaville
COL Bogotá|Bogota; Cartagena|Cartagena de Indias|Carthagène; Medellín|Medellin
CPV Praia
CRI San José|San Jose
CUB Havana|La Havane|La Habana
CYP Nicosia|Nicosie
CZE Prague|Praga|Praha
DEU Berlin|Berlín; Bonn; Hamburg|Hambourg|Hamburgo; Munich|Múnich|München; Frankfurt|Francfort
DNK Copenhagen|Copenhague
DOM Santo Domingo|Saint-Domingue
DZA Algiers|Alger|Argel
ECU Quito
EGY Cairo|Le Caire|El Cairo; Sharm el-Sheikh|Charm el-Cheikh
ERI Asmara
ESP Madrid; Barcelona|Barcelone; Seville|Séville|Sevilla; Bilbao
EST Tallinn
ETH Addis Ababa|Addis-Abeba|Addis Abeba
FIN Helsinki
FJI Suva
FRA Paris|París; Strasbourg|Estrasburgo; Lyon; Marseille|Marsella
GAB Libreville
GBR London|Londres; Edinburgh|Édimbourg|Edimburgo
GEO Tbilisi|Tbilissi
GHA Accra
GIN Conakry
GMB Banjul
GNQ Malabo
GRC Athens|Athènes|Atenas
GTM Guatemala City|Ciudad de Guatemala
HND Tegucigalpa
HRV Zagreb
HTI Port-au-Prince|Puerto Príncipe
HUN Budapest
IDN Jakarta|Djakarta|Yakarta; Bali; Bandung
IND New Delhi|Nueva Delhi|Delhi; Mumbai|Bombay
IRL Dublin|Dublín
IRN Tehran|Téhéran|Teherán
IRQ Baghdad|Bagdad
ISL Reykjavik|Reykjavík
ISR Tel Aviv
ITA Rome|Roma; Turin|Turín|Torino; Florence|Florencia|Firenze; Milan|Milán|Milano
JAM Kingston
JOR Amman|Ammán
JPN Tokyo|Tokio; Osaka; Kyoto|Kioto; Hiroshima; Yokohama; Okinawa; Nagoya
KAZ Astana; Almaty
KEN Nairobi
KGZ Bishkek|Bichkek
KHM Phnom Penh
KOR Seoul|Séoul|Seúl; Busan
KWT Kuwait City|Ciudad de Kuwait
LAO Vientiane|Vientián
LBN Beirut|Beyrouth
LBR Monrovia
LBY Tripoli|Trípoli
LKA Colombo
LTU Vilnius
LVA Riga
MAR Rabat; Marrakesh|Marrakech
MDA Chisinau|Chișinău|Chisináu
MDG Antananarivo
MEX Mexico City|Ciudad de México|México D.F.|Mexico D.F.|Mexico@fr
MEX Monterrey; Guadalajara; Cancún|Cancun
MKD Skopje
MLI Bamako
MLT Valletta|La Valette|La Valeta
MMR Yangon|Rangoon|Rangún; Nay Pyi Taw|Naypyidaw
MNE Podgorica
MNG Ulaanbaatar|Ulan Bator|Oulan-Bator|Ulán Bator
MOZ Maputo
MRT Nouakchott
MUS Port Louis
MWI Lilongwe
MYS Kuala Lumpur
NAM Windhoek
NER Niamey
NGA Abuja; Lagos
NIC Managua
NLD The Hague|La Haye|La Haya; Amsterdam|Ámsterdam; Rotterdam|Róterdam
NOR Oslo
NPL Kathmandu|Katmandou|Katmandú
NZL Wellington; Auckland
OMN Muscat|Mascate
PAK Islamabad; Karachi
PAN Panama City|Ciudad de Panamá
PER Lima
PHL Manila|Manille
PNG Port Moresby
POL Warsaw|Varsovie|Varsovia; Krakow|Kraków|Cracovie|Cracovia
PRT Lisbon|Lisbonne|Lisboa; Porto|Oporto
PRY Asunción|Asuncion
QAT Doha
ROU Bucharest|Bucarest
RUS Moscow|Moscou|Moscú; Saint Petersburg|St. Petersburg|Saint-Pétersbourg|San Petersburgo
RWA Kigali
SAU Riyadh|Riyad|Riad; Jeddah|Djeddah
SDN Khartoum|Jartum
SEN Dakar
SGP Singapore|Singapour|Singapur
SLB Honiara
SLE Freetown
SLV San Salvador
SOM Mogadishu|Mogadiscio
SRB Belgrade|Belgrado
SSD Juba
SVK Bratislava
SVN Ljubljana|Liubliana; Bled; Maribor
SWE Stockholm|Estocolmo
SYR Damascus|Damas|Damasco
TCD N'Djamena|Ndjamena|Yamena
TGO Lomé|Lome
THA Bangkok; Chiang Mai; Phuket
TJK Dushanbe|Douchanbé
TKM Ashgabat|Achgabat
TLS Dili
TTO Port of Spain|Port-d'Espagne|Puerto España
TUN Tunis
TUR Ankara; Istanbul|Estambul
TZA Dar es Salaam|Dar-es-Salaam; Arusha; Dodoma
UGA Kampala
UKR Kyiv|Kiev
URY Montevideo
USA New York|Nueva York; Washington, D.C.|Washington D.C.|Washington; San Francisco; Chicago
UZB Tashkent|Tachkent|Taskent
VEN Caracas
VNM Hanoi|Hanoï; Ho Chi Minh City|Hô Chi Minh-Ville|Ciudad Ho Chi Minh
VUT Port Vila|Port-Vila
WSM Apia
YEM Sana'a|Sanaa|Saná
ZAF Pretoria; Johannesburg|Johannesburgo; Cape Town|Le Cap|Ciudad del Cabo; Durban
ZMB Lusaka
ZWE Harare
"""


def _city_table() -> dict[str, tuple[str, str, str]]:
    """Each written form (accents off) -> (English name, ISO3, language or "")."""
    forms: dict[str, tuple[str, str, str]] = {}
    for line in CITIES_TABLE.strip().splitlines():
        code, cities = line.split(" ", 1)
        for city in cities.split(";"):
            names = [name.strip().partition("@") for name in city.split("|")]
            for name, _, language in names:
                forms.setdefault(_fold(name), (names[0][0], code, language))
    return forms


CITIES = _city_table()
CITY = re.compile(
    r"(?<![\w'’-])(?:"
    + "|".join(re.escape(form) for form in sorted(CITIES, key=len, reverse=True))
    + r")(?![\w'’-])"
)
# "in Haiti", "en el Perú", "au Guatemala", "(Mexico, May 2007)": a State named as a place.
REGIONAL = _words_set("northern southern eastern western central rural")
PLACE_BEFORE = re.compile(
    r"(?:(?:\b(?:in|at|en|au|aux|dans)\s+|(?<!\w)à\s+)"
    r"(?:(?:the|le|la|les|el|los|las)\s+|l['’])?"
    rf"(?:(?:{'|'.join(sorted(REGIONAL))})\s+)?|\(\s*)$",
    re.IGNORECASE,
)

# -- Dates --------------------------------------------------------------------------------

_MONTH_NUMBER = {
    _fold(name).lower(): n for names in MONTHS.values() for n, name in enumerate(names, 1)
}
_MONTH_NUMBER.update({"setiembre": 9, "sept": 9})
_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "aug": 8, "sep": 9, "oct": 10}
_ABBREVIATIONS.update({"nov": 11, "dec": 12})
MONTH = (
    "(?:(?:"
    + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))
    + r")\b|(?:"
    + "|".join(_ABBREVIATIONS)
    + r")\.)"
)
DAY = r"(?:[0-3]?\d)(?:er|st|nd|rd|th|º|°)?"
YEAR = r"(?:19|20)\d{2}"
DE = r"(?:\s+(?:de|del)\s+|,?\s+)"
FULL = rf"(?:{DAY}{DE}{MONTH}{DE}{YEAR}|{MONTH}\s+{DAY},?\s+{YEAR}|{MONTH}{DE}{YEAR}|{YEAR})"
SIDE = rf"(?:{FULL}|{DAY}{DE}{MONTH}|{MONTH}\s+{DAY}|{MONTH}|{DAY})"
_B = r"(?<![\w/.-])"
_E = r"(?![\w/]|-\d)"
RANGE = re.compile(
    rf"{_B}(?:(?P<pre>from|between|du|des|de|del|desde|entre)\s+)?(?P<a>{SIDE})\s*"
    rf"(?P<conn>to|until|till|through|and|au|al|a|hasta|jusqu['’]au|jusqu['’]a|jusqu['’]en|"
    rf"y|et|[-–—])\s*(?P<b>{FULL}){_E}",
    re.IGNORECASE,
)
SINCE = re.compile(
    rf"{_B}(?P<kw>since|depuis|desde|from|as of|a partir de|starting in|starting)\s+"
    rf"(?:(?:le|el|l['’])\s*)?(?P<a>{FULL}){_E}",
    re.IGNORECASE,
)
UNTIL = re.compile(
    rf"{_B}(?:until|till|jusqu['’]en|jusqu['’]au|hasta)\s+(?:(?:el|le)\s+)?(?P<b>{FULL}){_E}",
    re.IGNORECASE,
)
ISO_DAY = re.compile(rf"{_B}(?P<a>{YEAR}-[01]\d-[0-3]\d){_E}")
SINGLE = re.compile(rf"{_B}(?P<a>{FULL}){_E}", re.IGNORECASE)
# A year on its own counts after these words or inside brackets ("in 2007", "(2005)"), not
# in "2000 participants".
YEAR_CONTEXT = re.compile(
    r"(?:\b(?:in|en|of|de|del|for|pour|para|during|durant|pendant|durante|by|year|annee|ano|"
    r"the|early|late|mid|fin|debut|finales|principios|since|depuis|desde|from|until)|[(,])\s*$",
    re.IGNORECASE,
)


def _read(text: str, fallback: PartialDate | None = None) -> PartialDate:
    """A date side: "15 de mayo de 2007", "May 15, 2007", "junio", "17"; what it lacks is
    taken from the other side of a range."""
    year = month = day = None
    for part in re.findall(r"\d+|[^\W\d]+\.?", text):
        word = part.lower().rstrip(".")
        if part.isdigit():
            if len(part) == 4:
                year = int(part)
            else:
                day = int(part)
        elif word in _MONTH_NUMBER or (part.endswith(".") and word in _ABBREVIATIONS):
            month = _MONTH_NUMBER.get(word) or _ABBREVIATIONS[word]
    if fallback is not None and year is None:
        year = fallback.year
        if month is None:
            if fallback.month is None:
                raise DateError(text)
            month = fallback.month
    if year is None or (day is not None and month is None):
        raise DateError(text)
    return PartialDate(year, month, day)


@dataclass(frozen=True)
class _Date:
    start: int
    end: int
    first: PartialDate | None
    last: PartialDate | None
    first_text: str
    last_text: str


def _dates(text: str, folded: str) -> list[_Date]:
    found: list[_Date] = []

    def add(match, first, last, first_text="", last_text=""):
        found.append(_Date(match.start(), match.end(), first, last, first_text, last_text))

    for match in RANGE.finditer(folded):
        pre, conn = (match["pre"] or "").lower(), match["conn"].lower()
        # "between May and June 2007", and "17 and 18 May 2007" for two days.
        if (
            conn in {"and", "y", "et"}
            and pre not in {"between", "entre"}
            and not match["a"].isdigit()
        ):
            continue
        if conn == "a" and pre not in {"de", "del", "desde", "du", "des"}:
            continue
        try:
            last = _read(match["b"])
            first = _read(match["a"], last)
        except DateError:
            continue
        if first.first_day <= last.last_day and first != last:
            a, b = match.span("a"), match.span("b")
            # "15 au 17 mai 2007": the start needs the whole range to be read.
            whole = not re.search(YEAR, match["a"])
            add(match, first, last, text[a[0] : b[1] if whole else a[1]], text[b[0] : b[1]])
    for pattern, side in ((SINCE, "a"), (UNTIL, "b"), (ISO_DAY, "a"), (SINGLE, "a")):
        for match in pattern.finditer(folded):
            value = match[side]
            if (
                pattern is SINGLE
                and value.isdigit()
                and not YEAR_CONTEXT.search(folded[max(0, match.start() - 12) : match.start()])
                and folded[match.end() : match.end() + 1] not in {")", ","}
            ):
                continue
            try:
                date = PartialDate.parse(value) if pattern is ISO_DAY else _read(value)
            except DateError:
                continue
            span = text[match.start(side) : match.end(side)]
            if side == "b":
                add(match, None, date, "", span)
            else:
                add(match, date, None, span, "")
    chosen: list[_Date] = []
    for date in sorted(found, key=lambda d: (d.start, -(d.end - d.start))):
        if not chosen or date.start >= chosen[-1].end:
            chosen.append(date)
    return chosen


# -- Participants -------------------------------------------------------------------------

# Acronyms in French and Spanish, and others, for participants the roster knows by their
# English names: PNUD is UNDP, OEA is OAS.
ALIASES = {
    "UN": "ONU",
    "UNDP": "PNUD",
    "OAS": "OEA",
    "UNHCR": "HCR ACNUR",
    "OCHA": "BCAH OCAH",
    "WHO": "OMS",
    "ILO": "OIT BIT",
    "WFP": "PAM PMA",
    "UNFPA": "FNUAP",
    "UNEP": "PNUE PNUMA",
    "UNODC": "ONUDC ONUDD",
    "OHCHR": "HCDH ACNUDH",
    "IOM": "OIM",
    "EU": "UE",
    "AU": "UA",
    "OAU": "OUA",
    "ICRC": "CICR",
    "IFRC": "FICR",
    "IAEA": "AIEA OIEA",
    "ASEAN": "ANASE",
    "DESA": "DAES",
    "UNAIDS": "ONUSIDA",
    "UNIDO": "ONUDI",
    "IFAD": "FIDA",
    "OIC": "OCI",
    "UNHABITAT": "ONU-Habitat",
    "UNWOMEN": "ONU-Femmes",
}


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    code: str
    is_state: bool


class _Participants:
    """Finds participants in running text by their names, former names, aliases and
    acronyms (longest match first); a name must start with a capital, and an acronym must
    be written as one ("WHO", never "who"; "UN", never "Un")."""

    def __init__(self, index: ParticipantIndex):
        self.keys: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        self.acronyms: dict[tuple[str, ...], set[str]] = {}
        extra = []
        for code, forms in ALIASES.items():
            participant = index.get(code)
            if participant is not None:
                extra += [(participant, form) for form in forms.split()]
        for key, participant in [*index.by_key.items(), *((f, p) for p, f in extra)]:
            words = tuple(re.findall(r"\w+", normalize(key)))
            if words:
                self.keys.setdefault(words[0], []).append((words, participant))
        for entries in self.keys.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        forms = [form for _, form in extra]
        for participant in {id(p): p for p in index.by_key.values()}.values():
            forms += [participant.code, participant.acronym]
        aliases = ParticipantAlias.objects.values_list("alias", flat=True)
        forms += [a for a in aliases if " " not in a and sum(c.isupper() for c in a) >= 2]
        for form in filter(None, forms):
            words = tuple(re.findall(r"\w+", normalize(form)))
            self.acronyms.setdefault(words, set()).add(form)

    def find(self, text: str) -> list[_Mention]:
        tokens = list(re.finditer(r"\w+", text))
        words = [normalize(token.group()) for token in tokens]
        found, i = [], 0
        while i < len(tokens):
            match = self._match(text, tokens, words, i)
            if match is None:
                i += 1
                continue
            size, participant = match
            start, end = tokens[i].start(), tokens[i + size - 1].end()
            found.append(_Mention(start, end, participant.code, participant.kind in STATE_KINDS))
            i += size
        return found

    def _match(self, text, tokens, words, i):
        if not tokens[i].group()[0].isupper():
            return None
        for key, participant in self.keys.get(words[i], ()):
            size = len(key)
            if tuple(words[i : i + size]) != key:
                continue
            written = text[tokens[i].start() : tokens[i + size - 1].end()]
            gaps = [text[tokens[j].end() : tokens[j + 1].start()] for j in range(i, i + size - 1)]
            if any(gap not in {" ", "-", "'", "’", "/"} for gap in gaps):
                continue
            forms = self.acronyms.get(key)
            as_written = any(written.replace("-", " ") == f.replace("-", " ") for f in forms or ())
            if forms and not as_written and (size == 1 or written.islower()):
                continue
            if text[tokens[i + size - 1].end() :].startswith("$"):
                continue  # "US$ 1 million" is money, not the United States
            return size, participant
        return None


# -- Paragraph analysis -------------------------------------------------------------------


@dataclass(frozen=True)
class _Noun:
    start: int
    end: int
    kind: str
    weak: bool
    plural: bool


@dataclass(frozen=True)
class _Place:
    start: int
    end: int
    city: str
    country: str


@dataclass
class _Candidate:
    noun: _Noun
    named: bool
    title: str
    title_start: int
    title_end: int
    tier: int = 0


class _Paragraph:
    def __init__(self, text: str, people: _Participants, language: str):
        self.text = text
        self.folded = _fold(text)
        self.language = language
        self.tokens = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
        self.starts = [start for start, _ in self.tokens]
        self.mentions = people.find(text)
        self.dates = _dates(text, self.folded)
        self.places = self._places()
        place_spans = {(p.start, p.end) for p in self.places}
        self.partners = [
            m
            for m in self.mentions
            if (m.start, m.end) not in place_spans
            and not any(p.city and p.start <= m.start < p.end for p in self.places)
        ]
        self.nouns = self._nouns()

    def _places(self) -> list[_Place]:
        places = []
        for match in CITY.finditer(self.folded):
            city, country, language = CITIES[match.group()]
            if language and language != self.language:
                continue
            places.append(_Place(match.start(), match.end(), city, country))
        for mention in self.mentions:
            before = self.text[max(0, mention.start - 20) : mention.start]
            inside_city = any(p.start <= mention.start < p.end for p in places)
            if mention.is_state and not inside_city and PLACE_BEFORE.search(before):
                places.append(_Place(mention.start, mention.end, "", mention.code))
        return sorted(places, key=lambda p: p.start)

    def _nouns(self) -> list[_Noun]:
        nouns = []
        for match in NOUN.finditer(self.folded):
            number = int(next(name for name, value in match.groupdict().items() if value)[1:])
            kind, weak, _ = NOUNS[number]
            word = match.group()
            if word.lower().rstrip("s") in CAPITALISED_ONLY and not word[0].isupper():
                continue
            if any(m.start <= match.start() < m.end for m in self.mentions):
                continue  # "United Nations Development Programme" is a participant
            plural = word.lower().endswith(("s", "x")) and not word.lower().endswith(
                ("ss", "us", "fonds", "congres", "cours")
            )
            english = re.sub(r"(ies|s)$", lambda m: "y" if m[1] == "ies" else "", word.lower())
            if (
                self.language == "en"
                and english.replace(" ", "").replace("-", "") in ENGLISH_NOUNS
                and word[0].isupper()
                and self._modifier(match.end())
            ):
                continue  # "World Summit Outcome Document": Summit is not the head
            nouns.append(_Noun(match.start(), match.end(), kind.value, weak, plural))
        return nouns

    def _token_at(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def _word(self, i: int) -> str:
        start, end = self.tokens[i]
        return self.text[start:end]

    def _gap(self, i: int) -> str:
        """Text between token i and token i + 1."""
        return self.text[self.tokens[i][1] : self.tokens[i + 1][0]]

    def _modifier(self, end: int) -> bool:
        i = self._token_at(end - 1)
        if i + 1 >= len(self.tokens) or self._gap(i) != " ":
            return False
        following = self._word(i + 1)
        return following[0].isupper() and following.lower() not in CONNECTORS

    def _in_date(self, offset: int) -> bool:
        return any(d.start <= offset < d.end for d in self.dates)

    def _starts_place_or_date(self, offset: int) -> bool:
        return any(p.start == offset for p in self.places) or any(
            d.start <= offset < d.end for d in self.dates
        )

    def candidate(self, noun: _Noun, low: int, high: int) -> _Candidate:
        """The noun with its name if it has one ("Geneva Declaration on Armed Violence and
        Development", 'seminar "Human security: Stock-taking and Moving Ahead"', "Security
        Council resolution 1612"), else a short summary of its phrase."""
        text = self.text
        first, last = self._token_at(noun.start), self._token_at(noun.end - 1)
        quoted = re.match(
            r"\s*(?:(?:entitled|titled|called|named|intitul[ée]e?s?|titulad[oa]s?|"
            r"denominad[oa]s?|on the theme|sur le th[èe]me|sobre el tema)\s*:?\s*)?"
            r"[\"“«]\s*([^\"”»]{3,300}?)\s*[\"”»]",
            text[noun.end : high],
        )
        if quoted:
            start, end = noun.end + quoted.start(1), noun.end + quoted.end(1)
            return _Candidate(noun, True, text[start:end], start, end)
        capitalised = text[noun.start].isupper()
        left = self._name_start(first, low, capitalised)
        right, numbered = last, False
        following = self._word(last + 1) if last + 1 < len(self.tokens) else ""
        # "Workshop on Human Trafficking" and "el proyecto Seguridad Humana ...", but not
        # "the forums of the United Nations": a lowercase noun is named only by what follows
        # it directly.
        if capitalised or (following[:1].isupper() or following[:1].isdigit()):
            right, numbered = self._name_end(last, high)
        capitals = sum(
            self._word(j)[0].isupper() and not self._sentence_initial(j, low)
            for j in range(left, right + 1)
        )
        if capitals >= 2 or numbered:
            start, end = self.tokens[left][0], self.tokens[right][1]
            return _Candidate(noun, True, text[start:end], start, end)
        return self._summary(noun, first, low, high)

    def _name_start(self, first: int, low: int, capitalised: bool) -> int:
        """Capitalised words before the noun ("Geneva Declaration"), and for a capitalised
        noun small words between them ("Grant Assistance for Grassroots ... Projects")."""
        left = i = first
        while i > 0 and self.tokens[i - 1][0] >= low and self._gap(i - 1) == " ":
            word = self._word(i - 1)
            if capitalised and word.lower() in LEFT_CONNECTORS and i - 1 > 0:
                i -= 1
                continue
            if not word[0].isupper() or word.lower() in DETERMINERS | PREPOSITIONS:
                break
            if word.endswith(("'s", "’s")) or self._in_date(self.tokens[i - 1][0]):
                break
            left = i = i - 1
        return left

    def _name_end(self, last: int, high: int) -> tuple[int, bool]:
        """Capitalised words and numbers after the noun, with small words between them
        ("Meeting on Human Security", "resolution 1612"), up to a place or a date."""
        right = i = last
        numbered = False
        while i + 1 < len(self.tokens) and self.tokens[i + 1][1] <= high and self._gap(i) == " ":
            word = self._word(i + 1)
            if word[0].isupper() or word[0].isdigit():
                if self._starts_place_or_date(self.tokens[i + 1][0]) and not word[0].isdigit():
                    break
                numbered = numbered or (i == last and word[0].isdigit())
                right = i = i + 1
            elif word.lower() in CONNECTORS:
                i += 1
            else:
                break
        return right, numbered

    def before(self, noun: _Noun) -> str:
        """The word before the noun, folded and in lower case."""
        i = self._token_at(noun.start)
        return _fold(self._word(i - 1)).lower() if i > 0 else ""

    def _sentence_initial(self, i: int, low: int) -> bool:
        """A capital that only starts the sentence says nothing about a name."""
        word = self._word(i)
        if word.isupper() and len(word) > 1:
            return False
        before = self.text[low : self.tokens[i][0]].rstrip()
        return not before or before[-1] in ".!?:;"

    def _summary(self, noun: _Noun, first: int, low: int, high: int) -> _Candidate:
        left = first
        while first - left < 3 and left > 0 and self.tokens[left - 1][0] >= low:
            word = self._word(left - 1).lower()
            if self._gap(left - 1) != " " or word in DETERMINERS | PREPOSITIONS | TITLE_STOPS:
                break
            if word.endswith(("'s", "’s", "ed")) or word.isdigit():
                break
            if self._starts_place_or_date(self.tokens[left - 1][0]):
                break
            left -= 1
        start = self.tokens[left][0]
        # A quoted name inside the phrase stays whole: 'meeting of the "Friends of ..."'.
        rest = QUOTED.sub(lambda m: "q" * len(m.group()), self.text[noun.end : high])
        stop = re.search(r"[,;:()|.!?\"“”«»—–\[]", rest)
        end = noun.end + stop.start() if stop else high
        phrase = TITLE_STOP_PHRASE.search(self.folded, noun.end, end)
        end = phrase.start() if phrase else end
        for i in range(self._token_at(noun.end - 1) + 1, len(self.tokens)):
            token_start = self.tokens[i][0]
            if token_start >= end:
                break
            word = self._word(i).lower()
            if word in TITLE_STOPS or self._starts_place_or_date(token_start):
                end = token_start
                break
        words = self.text[start:end].split()
        while len(words) > 1 and words[-1].lower() in DETERMINERS | PREPOSITIONS | REGIONAL:
            words.pop()
        title = " ".join(words)
        if len(title) > MAX_TITLE:
            title = title[: title.rfind(" ", 0, MAX_TITLE)]
        return _Candidate(noun, False, title, start, start + len(title))


def _clause_breaks(text: str, low: int, high: int, chars: str) -> list[int]:
    """Offsets of chars between low and high outside brackets and quotes."""
    found, depth, quote = [], 0, False
    for offset in range(low, high):
        char = text[offset]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif char in '"“”«»':
            quote = not quote if char == '"' else char in "“«"
        elif char in chars and not depth and not quote:
            found.append(offset)
    return found


ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sr|Sra|Srta|Dra|St|No|Nos|Nr|Mme|Mlle|Mgr|Prof|Amb|Jr|Inc|Ltd|"
    r"vs|cf|e\.g|i\.e|H\.E|U\.S|U\.N|D\.C|[A-Z]|jan|feb|mar|apr|aug|sep|sept|oct|nov|dec))\.$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»)]?\s+(?=[\"“«(¿¡]?[A-ZÀ-ÖØ-Þ])")
CONJUNCTION = re.compile(
    r"(?:,\s*(?:and|as well as|et|ainsi que|y|así como|asi como)\s+|\s+(?:and|et|y)\s+|,\s+)"
)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if ABBREVIATION.search(text[max(0, match.start() - 6) : match.start()]):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


@dataclass
class _Unit:
    start: int
    end: int
    lead: tuple[int, int] | None = None  # "He recapitulated the events of the year: ..."


def _units(par: _Paragraph) -> list[_Unit]:
    text, units = par.text, []
    for low, high in _sentences(text):
        lead = None
        for colon in _clause_breaks(text, low, high, ":"):
            if text[colon + 1 : colon + 2].isdigit():
                continue  # 13:15
            if any(colon < n.start < high for n in par.nouns):
                lead, low = (low, colon), colon + 1
                break
        for part_low, part_high in _split_at(low, high, _clause_breaks(text, low, high, ";")):
            for unit in _split_venues(par, part_low, part_high):
                for small in _split_conjunctions(par, *unit):
                    units.append(_Unit(*small, lead=lead))
    return units


def _split_at(low: int, high: int, cuts: list[int]) -> list[tuple[int, int]]:
    bounds = [low, *cuts, high]
    parts = [(bounds[i] + (i > 0), bounds[i + 1]) for i in range(len(bounds) - 1)]
    return [(a, b) for a, b in parts if b > a]


def _split_venues(par: _Paragraph, low: int, high: int) -> list[tuple[int, int]]:
    """ "the X (Vienna, May 2007) and the Y (Ljubljana, May 2007)": one unit per venue."""
    closes = []
    for match in re.finditer(r"\(([^()]*)\)", par.text[low:high]):
        start, end = low + match.start(), low + match.end()
        if any(start < p.start < end for p in par.places) or any(
            start < d.start < end for d in par.dates
        ):
            closes.append(end)
    if len(closes) < 2:
        return [(low, high)]
    bounds = [low, *closes[:-1], high]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def _split_conjunctions(par: _Paragraph, low: int, high: int) -> list[tuple[int, int]]:
    """ "a seminar in Santiago in May 2006 and a workshop in Lima in June 2007": two units
    when each side has its own noun and its own date or place."""
    nouns = [n for n in par.nouns if low <= n.start < high and not n.weak]
    for one, two in itertools.pairwise(nouns):
        cuts = list(CONJUNCTION.finditer(par.text, one.end, two.start))
        if not cuts:
            continue
        between = [
            par.text[a:b].lower()
            for a, b in par.tokens
            if cuts[-1].end() <= a < two.start and not par._starts_place_or_date(a)
        ]
        between = [word for word in between if word not in PREPOSITIONS]
        if len(between) > 3 or any(w in TITLE_STOPS or w.endswith("ed") for w in between):
            continue  # ", which was adopted at a summit": the same sentence goes on
        cut = cuts[-1].start()
        if par._in_date(cut) or any(p.start <= cut < p.end for p in par.places):
            continue
        if _anchored(par, low, cut) and _anchored(par, cut, high):
            return [(low, cut), *_split_conjunctions(par, cut, high)]
    return [(low, high)]


def _anchored(par: _Paragraph, low: int, high: int) -> bool:
    return any(low <= d.start < high for d in par.dates) or any(
        low <= p.start < high for p in par.places
    )


def _first(items, low: int, high: int):
    return next((item for item in items if low <= item.start < high), None)


def _best(
    par: _Paragraph, unit: _Unit, creation: bool, date, place, partners: bool
) -> _Candidate | None:
    """The noun the unit is about: a named event or project before an unnamed one, and any
    of those before an institution, policy or publication (the Ministry that organised a
    workshop is not the initiative; the workshop is)."""
    candidates = []
    for noun in par.nouns:
        if unit.start <= noun.start < unit.end:
            candidate = par.candidate(noun, unit.start, unit.end)
            candidate.tier = 2 * noun.weak + (not candidate.named)
            candidates.append(candidate)
    candidates.sort(key=lambda c: (c.tier, c.noun.plural, c.noun.start))
    for candidate in candidates:
        noun, named = candidate.noun, candidate.named
        if noun.weak:
            ok = (named and (date or place or creation)) or (
                creation and (date or place) and not noun.plural
            )
        elif not named and par.before(noun) in RELATIVE:
            ok = bool(place)
        elif noun.plural and not named:
            ok = bool(date and (place or partners))  # "talleres ... desde 2002 con la OIM"
        else:
            ok = bool(named or date or place)
        if ok:
            return candidate
    return None


def _anaphoric(par: _Paragraph, candidate: _Candidate, previous: DraftInitiative | None) -> bool:
    """ "The seminar brought together ...": the initiative of the sentence before."""
    if candidate.named or previous is None or previous.kind != candidate.noun.kind:
        return False
    return par.before(candidate.noun) in ANAPHORA


def _analyse(par: _Paragraph, number: int, reporter: str, language: str) -> list[DraftInitiative]:
    text = par.text
    drafts: list[DraftInitiative] = []
    pending: list[_Mention] = []  # partners named before the first draft of the paragraph
    for unit in _units(par):
        spans = [(unit.start, unit.end)] + ([unit.lead] if unit.lead else [])
        date = _first(par.dates, unit.start, unit.end)
        place = _first(par.places, unit.start, unit.end)
        if unit.lead:
            date = date or _first(par.dates, *unit.lead)
            place = place or _first(par.places, *unit.lead)
        creation = bool(CREATION.search(par.folded, unit.start, unit.end))
        mentions = [m for m in par.partners if any(a <= m.start < b for a, b in spans)]
        others = [m for m in mentions if m.code != reporter]
        candidate = _best(par, unit, creation, date, place, bool(others))
        previous = drafts[-1] if drafts else None
        if candidate is None or _anaphoric(par, candidate, previous):
            if previous is None:
                pending += mentions
                continue
            _add_partners(previous, mentions, reporter)
            if candidate is not None:
                _fill_missing(previous, date, place)
            continue
        # The venue of the "Tokyo International Conference ... in Yokohama" is Yokohama; the
        # city of the "Geneva Declaration" is Geneva when the sentence names no other.
        title_span = (candidate.title_start, candidate.title_end)
        date = _outside(par.dates, unit, title_span) or date
        place = _outside(par.places, unit, title_span) or place
        draft = DraftInitiative(
            paragraph=number,
            paragraph_text=text,
            title=candidate.title[:1].upper() + candidate.title[1:],
            kind=candidate.noun.kind,
            start=None,
            end=None,
            city="",
            country="",
            partners=[],
            themes=[],
            evidence=[
                Evidence("title", text[candidate.title_start : candidate.title_end]),
                Evidence("kind", text[candidate.noun.start : candidate.noun.end]),
            ],
        )
        _fill_missing(draft, date, place)
        _add_partners(draft, pending + mentions, reporter)
        pending = []
        description = " ".join(text[a:b] for a, b in sorted(spans))
        for suggestion in suggest_themes(draft.title, description, language=language, limit=3):
            draft.themes.append(suggestion.theme)
            for quote in re.findall(r'"([^"]+)"', suggestion.reason):
                at = text.lower().find(quote.lower())
                if at >= 0 and text[at : at + len(quote)].lower() == quote.lower():
                    draft.evidence.append(Evidence("themes", text[at : at + len(quote)]))
        draft.confidence = _confidence(candidate, draft)
        drafts.append(draft)
    for draft in drafts:
        draft.confidence = _confidence_with_partners(draft)
        draft.evidence = list(dict.fromkeys(draft.evidence))
    return drafts


def _outside(items, unit: _Unit, span: tuple[int, int]):
    """The first date or place of the unit that is not part of the title."""
    return next(
        (i for i in items if unit.start <= i.start < unit.end and not span[0] <= i.start < span[1]),
        None,
    )


def _fill_missing(draft: DraftInitiative, date: _Date | None, place: _Place | None) -> None:
    """Dates and place that the draft lacks; a later "until December 2009" gives its end."""
    text = draft.paragraph_text
    if date is not None and draft.start is None and draft.end is None:
        draft.start, draft.end = date.first, date.last
        if date.first_text:
            draft.evidence.append(Evidence("start", date.first_text))
        if date.last_text:
            draft.evidence.append(Evidence("end", date.last_text))
    elif (
        date is not None
        and draft.start is not None
        and draft.end is None
        and date.first is None
        and date.last.last_day >= draft.start.first_day
    ):
        draft.end = date.last
        draft.evidence.append(Evidence("end", date.last_text))
    if place is not None and not draft.city and not draft.country:
        draft.city, draft.country = place.city, place.country
        words = text[place.start : place.end]
        if place.city:
            draft.evidence.append(Evidence("city", words))
        draft.evidence.append(Evidence("country", words))


def _add_partners(draft: DraftInitiative, mentions: list[_Mention], reporter: str) -> None:
    for mention in mentions:
        if mention.code != reporter and mention.code not in draft.partners:
            draft.partners.append(mention.code)
        if mention.code != reporter:
            words = draft.paragraph_text[mention.start : mention.end]
            draft.evidence.append(Evidence("partners", words))


def _confidence(candidate: _Candidate, draft: DraftInitiative) -> float:
    score = 0.25
    score += 0.3 if candidate.named else 0.0
    score += 0.15 if draft.start or draft.end else 0.0
    score += 0.15 if draft.city or draft.country else 0.0
    score += 0.05 if not candidate.noun.weak else -0.05
    score -= 0.1 if candidate.noun.plural and not candidate.named else 0.0
    return score


def _confidence_with_partners(draft: DraftInitiative) -> float:
    score = draft.confidence + (0.05 if draft.partners else 0.0)
    return round(min(max(score, 0.05), 0.95), 2)


def suggest_initiatives(
    html: str,
    reporter: str | None = None,
    language: str = "en",
    *,
    index: ParticipantIndex | None = None,
) -> list[DraftInitiative]:
    """Draft initiatives found in a narrative reply (sanitised HTML), in document order.

    reporter is the code of the participant that wrote the reply (left out of partners);
    language its original language ("en", "fr", "es"). Give index to reuse one
    ParticipantIndex across many replies.
    """
    index = index or ParticipantIndex()
    if reporter:
        found = index.get(reporter)
        reporter = found.code if found is not None else reporter
    people = _Participants(index)
    language = (language or "en")[:2]
    drafts = []
    for number, text in enumerate(paragraphs(html)):
        paragraph = _Paragraph(text, people, _language(text, language))
        drafts += _analyse(paragraph, number, reporter or "", paragraph.language)
    return drafts
