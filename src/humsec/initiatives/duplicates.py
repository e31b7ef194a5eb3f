"""Find initiatives that several participants reported: candidate pairs, scored, with reasons.

The engine works on plain records and never touches the database; `records_from` builds
them from a queryset. Titles are compared after folding case and accents, translating the
domain's French and Spanish words into English, dropping stop words and writing known
acronyms one way ("Human Security Network", "HSN" and "Réseau de la sécurité humaine" all
become `hsn`), and correcting words a typo away from a known or frequent one. Then:

1. Blocking: only records sharing a block are compared. Blocks are a title's rare tokens,
   else its rare pairs or triples of tokens, and (country, year) and (city, year); a block
   holds at most `block_cap` records, so the work per record is bounded and time grows
   about linearly with the number of records.
2. Scoring: evidence for and against, added on a log-odds scale (WEIGHTS) and squashed to
   [0, 1]: title similarity (IDF-weighted, typo-tolerant), dates (overlap respecting
   precision; missing is neutral; disjoint counts strongly against), place, shared
   participants, kinds, different ordinals or numbers in the titles, the same reporter.

bench/duplicates.py measures precision, recall and time on a labelled synthetic set.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import combinations

from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import ratio
from rapidfuzz.process import extractOne

THRESHOLD = 0.5  # tuned on bench/duplicates.py


@dataclass(frozen=True)
class Record:
    """One initiative, as plain data."""

    id: int
    title: str
    reported_by: str  # participant code
    start: date | None  # first day of the start period
    end: date | None  # last day of the end period (None = open-ended or unknown)
    start_precision: str  # day | month | year
    city: str
    country: str  # ISO3 or ""
    participants: frozenset[str]  # lead + partners + reporter codes
    kind: str


@dataclass(frozen=True)
class Candidate:
    a: int  # the smaller id
    b: int
    score: float
    reasons: list[str]


@dataclass
class Stats:
    """What a run did: pairs compared, blocks used, keys too common to block on, the cap."""

    compared: int = 0
    blocks: int = 0
    skipped_blocks: int = 0
    block_cap: int = 0


# --- Words -------------------------------------------------------------------------------


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOP_WORDS = _set(
    "a an the of and or on in for to at by with from as its their this that into against "
    "between among about within towards toward upon under over via "
    "le la les l de du des d et ou en sur pour au aux un une dans par avec contre entre "
    "sous vers chez son sa ses leur leurs ce cette "
    "el los las lo del y e o u sobre para por con una unos unas al contra hacia bajo "
    "su sus"
)
_ENGLISH = _set("the of and on for in with to at")
_FRENCH = _set("le les du des et sur pour aux au dans avec une l d")
_SPANISH = _set("el los las del y sobre para por con una al")
# Words that mean something else in English, translated only in a Spanish title.
_SPANISH_ONLY = {"red": "network", "sur": "south", "este": "east"}

# English word: French and Spanish words (accents folded, singular) that mean it, and
# English spellings to bring to it. Plurals are found by stripping s, es, x or aux.
_GLOSSARY = """
workshop: atelier taller | meeting: reunion rencontre encuentro
ministerial: ministeriel ministerielle | minister: ministre ministro
ministry: ministere ministerio | seminar: seminaire seminario | conference: conferencia
forum: foro | summit: sommet cumbre | symposium: simposio | colloquium: colloque coloquio
dialogue: dialogo dialog | consultation: consulta | session: sesion | course: cours curso
training: formation capacitacion entrenamiento | programme: program programa
project: projet proyecto | fund: fonds fondo | initiative: iniciativa
policy: politique politica | strategy: strategie estrategia | declaration: declaracion
resolution: resolucion | report: rapport informe | publication: publicacion | guide: guia
manual: manuel handbook | study: etude estudio | network: reseau | security: securite seguridad
human: humain humaine humano humana | child: children enfant nino nina infancia enfance
woman: women femme mujer | girl: fille
youth: jeunesse juventud jeune joven juvenile juvenil mineur menor
person: persons people personne persona peuple pueblo | refugee: refugie refugiee refugiado
displaced: deplace deplacee desplazado desplazada | internal: interne interno interna internally
migrant: migrante | migration: migracion | trafficking: traite trata trafic trafico
violence: violencia | armed: arme armee armado armada | conflict: conflit conflicto
weapon: armes arma | small: petit pequeno pequena | light: leger legere ligero ligera
mine: mina landmine | action: accion | peace: paix paz | development: developpement desarrollo
sustainable: durable sostenible | health: sante salud sanitaire sanitaria sanitario
education: enseignement educacion | food: alimentaire alimentacion alimento alimentaria
water: eau agua | poverty: pauvrete pobreza | climate: climat climatique clima climatico
change: changement cambio | disaster: catastrophe desastre | risk: risque riesgo
reduction: reduccion | prevention: prevencion | protection: proteccion
promotion: promocion | empowerment: autonomisation empoderamiento
community: communaute comunidad communautaire comunitario comunitaria
right: droit derecho | international: internationale internacional
national: nationale nacional | regional: regionale | subregional: sousregional
region: region | world: global mondial mondiale mundial monde mundo
annual: annuel annuelle anual | high: haut haute alto alta | level: niveau nivel
official: officiel officielle oficial funcionario | expert: experto
group: groupe grupo | friend: ami amigo amie amiga | cooperation: cooperacion
organization: organisation organizacion | europe: european europeen europeenne europeo europea
united: uni unie unido unida | nation: nacion | country: pays pais | state: etat estado
government: gouvernement gobierno | africa: afrique african africain africaine africano
asia: asie asian asiatique asiatico asiatica | southeast: sudest sudeste sudoriental
america: amerique | latin: latine latino latina | caribbean: caraibe caribe
europe: europa | association: asociacion | south: sud meridional | north: nord norte
west: ouest oeste occidental
east: est oriental | central: centrale | pacific: pacifique pacifico | middle: moyen medio
great: grand grande | lake: lac lago | horn: corne cuerno | andean: andin andine andino andina
balkan: balkans balcanes | emergency: urgence emergencia
humanitarian: humanitaire humanitario humanitaria | assistance: asistencia
aid: aide ayuda | response: reponse respuesta | recovery: relevement recuperacion
reconstruction: reconstruccion | reintegration: reinsertion reinsercion reintegracion
disarmament: desarmement desarme | demobilization: demobilisation desmovilizacion
justice: justicia | law: loi ley | governance: gouvernance gobernanza
democracy: democratie democracia | gender: genre genero sexe | equality: egalite igualdad
disease: maladie enfermedad | pandemic: pandemie pandemia | malaria: paludisme
tuberculosis: tuberculose | combat: lutte lucha fight combating combattre combatir
employment: emploi empleo | labour: labor travail trabajo | agriculture: agricultura
urban: urbain urbaine urbano urbana | city: ville ciudad | border: frontiere frontera
crime: crimen criminalite delincuencia | organized: organise organisee organizado organizada
drug: drogue droga | terrorism: terrorisme terrorismo | dignity: dignite dignidad
freedom: liberte libertad | fear: peur miedo temor | want: besoin miseria
concept: concepto | approach: approche enfoque | mainstreaming: integration integracion
stocktaking: bilan | new: nouveau nouvelle nuevo nueva | role: rol papel
society: societe sociedad | civil: civile | civilian: civils civiles
indigenous: autochtone indigena | school: ecole escuela | committee: comite
commission: comision | council: conseil consejo | assembly: assemblee asamblea
secretary: secretaire secretario | unit: unite unidad | office: bureau oficina
agency: agence agencia | trust: fiduciaire fiduciario | partnership: partenariat alianza
support: soutien appui apoyo | capacity: capacite capacidad | good: bon bonne buen buena
practice: pratique practica | soldier: soldat soldado | early: precoce temprana temprano
warning: alerte alerta | maternal: maternel maternelle materno materna
preparedness: preparation preparacion | situation: situacion | sexual: sexuel sexuelle
sanitation: assainissement saneamiento | survivor: survivant sobreviviente
postconflict: postconflit posconflicto postconflicto | nuclear: nucleaire nuclear
drought: secheresse sequia | desertification: desertificacion | centre: center centro
defence: defense defensa | subregion: sousregion
commissioner: commissariat commissaire comisionado | goal: objectif objetivo meta
millennium: millenaire milenio | southern: austral australe
"""

# Phrases, matched on folded words before stop words go: "consolidation de la paix".
_PHRASES = """
peacebuilding: consolidation de la paix / consolidacion de la paz / consolidacion de paz
peacebuilding: peace building / construction de la paix / construccion de la paz
roundtable: table ronde / mesa redonda / round table
trafficking: traite des personnes / traite des etres humains / trata de personas
trafficking: trata de seres humanos / trafficking in persons / trafficking in human beings
trafficking: human trafficking / trafic de personnes / trafico de personas
human right: droits de l homme / droits humains / derechos humanos / droits de la personne
small arm light weapon: armes legeres et de petit calibre / armas pequenas y armas ligeras
small arm light weapon: armas pequenas y ligeras / small arms and light weapons
armed conflict: conflits armes / conflit arme / conflictos armados / conflicto armado
armed group: groupes armes / groupe arme
mine action: action contre les mines / accion contra las minas / action antimines
internal displaced person: desplazados internos / personnes deplacees internes
capacity building: renforcement des capacites / fortalecimiento de la capacidad
capacity building: fortalecimiento de capacidades / creacion de capacidad
stocktaking: stock taking / faire le bilan
central america: centroamerica / amerique centrale / america central
middle east: moyen orient / oriente medio
freedom fear: droit de vivre a l abri de la peur / libertad para vivir sin temor
freedom fear: libertad para vivir sin miedo / vivre a l abri de la peur
freedom want: droit de vivre a l abri du besoin / libertad para vivir sin miseria
freedom want: vivre a l abri du besoin
southeast: south east
"""

# Acronyms: every spelling (English, French, Spanish), then the English expansion.
_ACRONYMS = """
HSN: Human Security Network | FHS: Friends of Human Security | HSU: Human Security Unit
UNTFHS: United Nations Trust Fund for Human Security | UN ONU: United Nations
EU UE: European Union | OSCE: Organization for Security and Co-operation in Europe
UNDP PNUD: United Nations Development Programme | UNICEF: United Nations Children's Fund
UNHCR HCR ACNUR: United Nations High Commissioner for Refugees
UNESCO: United Nations Educational, Scientific and Cultural Organization
UNFPA FNUAP: United Nations Population Fund
OCHA: Office for the Coordination of Humanitarian Affairs
UNODC ONUDC: United Nations Office on Drugs and Crime | WHO OMS: World Health Organization
ILO OIT: International Labour Organization | IOM OIM: International Organization for Migration
ASEAN ANASE: Association of Southeast Asian Nations | AU UA: African Union
OAS OEA: Organization of American States | NGO ONG: non-governmental organization
IDP PDI: internally displaced persons | MDG OMD ODM: Millennium Development Goals
SDG ODD ODS: Sustainable Development Goals | SG: Secretary-General
ICRC CICR: International Committee of the Red Cross
IFRC: International Federation of Red Cross and Red Crescent Societies
DESA: Department of Economic and Social Affairs | NATO OTAN: North Atlantic Treaty Organization
ECOWAS CEDEAO: Economic Community of West African States
SALW: small arms and light weapons | DRR: disaster risk reduction
DDR: disarmament, demobilization and reintegration | HIV VIH: | AIDS SIDA:
"""

_ORDINALS = """
1: first premier premiere primer primero primera 1er 1re 1ere
2: second deuxieme seconde segundo segunda | 3: third troisieme tercer tercero tercera
4: fourth quatrieme cuarto cuarta | 5: fifth cinquieme quinto quinta
6: sixth sixieme sexto sexta | 7: seventh septieme septimo septima
8: eighth huitieme octavo octava | 9: ninth neuvieme noveno novena
10: tenth dixieme decimo decima | 11: eleventh onzieme undecimo undecima
12: twelfth douzieme duodecimo duodecima | 13: thirteenth treizieme decimotercero decimotercera
14: fourteenth quatorzieme decimocuarto decimocuarta | 15: fifteenth quinzieme decimoquinto
16: sixteenth seizieme decimosexto | 17: seventeenth dixseptieme decimoseptimo
18: eighteenth dixhuitieme decimoctavo | 19: nineteenth dixneuvieme decimonoveno
20: twentieth vingtieme vigesimo vigesima
"""
_ROMAN = {"II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_NUMERIC_ORDINAL = re.compile(r"(\d{1,3})(st|nd|rd|th|e|eme|er|re|ere|o|a|do|da|ro|ra|to|ta|vo|no)")
_PREFIXED = re.compile(
    r"\b(co|post|pre|non|anti|sous|sub|self|multi|inter|socio|peace|sud|stock|dix)[-‑](?=\w)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_RUN_WORD = re.compile(r"[\w'’]+(?:-[\w'’]+)*")


def fold(text: str) -> str:
    """Case, accents and apostrophes do not matter (as humsec.roster.lookup.normalize)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(char for char in text if not unicodedata.combining(char)).casefold()


def _entries(table: str) -> Iterable[tuple[str, list[str]]]:
    """Entries "head: word word" separated by "|" or a new line."""
    for entry in re.split(r"\s*\|\s*|\n", table.strip()):
        head, _, rest = entry.partition(":")
        yield head.strip(), rest.split()


def _phrases(table: str) -> dict[tuple[str, ...], list[str]]:
    """Lines "english words: phrase / phrase"."""
    found = {}
    for line in table.strip().splitlines():
        head, _, rest = line.partition(":")
        for phrase in rest.split("/"):
            found[tuple(phrase.split())] = head.split()
    return found


WORDS: dict[str, str] = {}
for _english, _others in _entries(_GLOSSARY):
    for _word in [_english, *_others]:
        WORDS.setdefault(_word, _english)
PHRASES = _phrases(_PHRASES)
_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = defaultdict(list)
for _phrase in sorted(PHRASES, key=len, reverse=True):
    _PHRASES_BY_FIRST[_phrase[0]].append(_phrase)
ORDINALS = {w: f"#{n}" for n, words in _entries(_ORDINALS) for w in words}
# Words a typo is corrected to: the glossary's, the phrases', the ordinals, the stop words.
KNOWN = sorted(
    {w for w in [*WORDS, *ORDINALS, *STOP_WORDS, *(w for p in PHRASES for w in p)] if len(w) >= 4}
    | {w + "s" for w in WORDS if len(w) >= 4}
)
_KNOWN = frozenset(KNOWN)


@lru_cache(maxsize=100_000)
def _correct(word: str) -> str:
    """A word the glossary does not know, a typo away from one it knows, becomes that one."""
    if len(word) < 4 or word in _KNOWN or word in CITIES or not word.isalpha():
        return word
    if any(form in WORDS for form in _singulars(word)):
        return word
    return _nearest(word, KNOWN) or word


def _nearest(word: str, choices: list[str]) -> str | None:
    """The choice one typo away (two for a long word): a letter missing, added, changed,
    or two letters swapped."""
    found = extractOne(word, choices, scorer=OSA.distance, score_cutoff=1 if len(word) < 8 else 2)
    return found[0] if found else None


def _singulars(word: str) -> Iterable[str]:
    yield word
    if word.endswith("aux"):
        yield word[:-3] + "al"
    if word.endswith(("s", "x")):
        yield word[:-1]
    if word.endswith("es"):
        yield word[:-2]


def _english_singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _translate(word: str) -> str:
    for form in _singulars(word):
        if form in WORDS:
            return WORDS[form]
    return _english_singular(word)


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and any(c.isalpha() for c in word)


def analyse(title: str, all_caps_ok: bool = False) -> tuple[list[str], set[str]]:
    """Canonical English tokens of a title (before acronym contraction), and the acronyms
    it uses. Tokens are words, `#9` for ordinals and digits for numbers."""
    text = _PREFIXED.sub(r"\1", title.replace("’", "'"))
    raw = _WORD.findall(text)
    shouting = not all_caps_ok and len(raw) >= 3 and sum(map(_is_acronym, raw)) > 0.6 * len(raw)
    words: list[tuple[str, bool]] = []  # (folded word, is an acronym)
    for word in raw:
        if not shouting and _is_acronym(word):
            words.append((_roman(word) or fold(word), True))
        else:
            words.append((_correct(fold(word)), False))
    spanish = not any(w in _ENGLISH for w, _ in words) and sum(
        w in _SPANISH for w, _ in words
    ) >= sum(w in _FRENCH for w, _ in words)
    tokens: list[str] = []
    acronyms: set[str] = set()
    i = 0
    while i < len(words):
        for phrase in _PHRASES_BY_FIRST.get(words[i][0], ()):
            if tuple(w for w, _ in words[i : i + len(phrase)]) == phrase:
                tokens.extend(PHRASES[phrase])
                i += len(phrase)
                break
        else:
            word, acronym = words[i]
            i += 1
            if acronym:
                tokens.append(word)
                if not word.startswith("#"):
                    acronyms.add(word)
            elif spanish and word in _SPANISH_ONLY:
                tokens.append(_SPANISH_ONLY[word])
            elif word in ORDINALS:
                tokens.append(ORDINALS[word])
            elif (match := _NUMERIC_ORDINAL.fullmatch(word)) and not word.isdigit():
                tokens.append(f"#{int(match[1])}")
            elif word.isdigit():
                tokens.append(word.lstrip("0") or "0")
            elif word not in STOP_WORDS and len(word) > 1:
                tokens.append(_translate(word))
    return tokens, acronyms


def _roman(word: str) -> str:
    return f"#{_ROMAN[word]}" if word in _ROMAN else ""


def _initials_runs(title: str, wanted: set[str]) -> Iterable[tuple[str, str]]:
    """(initials, words) of the runs of capitalised words whose initials are wanted,
    connectors allowed inside: "Global Forum on Migration and Development" gives GFMD."""
    words = _RUN_WORD.findall(title)
    for start, first in enumerate(words):
        if not first[:1].isupper() or _is_acronym(first):
            continue
        initials = first[0]
        for end, word in enumerate(words[start + 1 :], start=start + 2):
            if not word[:1].isupper():
                if word.lower() in STOP_WORDS:
                    continue
                break
            if _is_acronym(word):
                break
            initials += word[0]
            if initials.lower() in wanted:
                yield initials.lower(), " ".join(words[start:end])


# --- The vocabulary of one corpus --------------------------------------------------------


class _Acronyms:
    def __init__(self):
        self.label: dict[str, str] = {}
        self.expansions: dict[tuple[str, ...], str] = {}
        for names, expansion in _entries(_ACRONYMS):
            tokens = analyse(" ".join(expansion), all_caps_ok=True)[0]
            _add(self, [fold(name) for name in names.split()], tuple(sorted(tokens)))


@lru_cache(maxsize=1)
def _built_in() -> _Acronyms:
    return _Acronyms()


def _add(table, names: list[str], key: tuple[str, ...]) -> None:
    label = table.expansions.get(key) or table.label.get(names[0]) or names[0]
    if key and len(key) > 1:
        table.expansions.setdefault(key, label)
    for name in names:
        table.label.setdefault(name, label)


class Vocabulary:
    """Acronyms (built in, and learnt from the titles), contraction of their expansions,
    and how rare each token is."""

    def __init__(self, titles: Iterable[str]):
        built_in = _built_in()
        self.label = dict(built_in.label)  # acronym -> the label it is written as
        self.expansions = dict(built_in.expansions)  # sorted expansion tokens -> label
        titles = list(titles)
        self.analysed = {t: analyse(t) for t in set(titles)}
        seen = set().union(*(acr for _, acr in self.analysed.values())) - set(self.label)
        learnt: dict[str, Counter] = defaultdict(Counter)
        for title in self.analysed if seen else ():
            for initials, words in _initials_runs(title, seen):
                if len(initials) >= 3:
                    learnt[initials][tuple(sorted(analyse(words, all_caps_ok=True)[0]))] += 1
        for acronym, expansions in sorted(learnt.items()):
            _add(self, [acronym], expansions.most_common(1)[0][0])
        self.lengths = sorted({len(k) for k in self.expansions}, reverse=True)
        self._correct_rare_words(titles)
        self.tokens = {t: self.contract(tokens) for t, (tokens, _) in self.analysed.items()}
        self.df = Counter(tok for title in titles for tok in set(self.tokens[title]))
        n = max(len(titles), 1)
        self.idf = {tok: math.log((n + 1) / (count + 0.5)) for tok, count in self.df.items()}

    def _correct_rare_words(self, titles: list[str]) -> None:
        """A word seen once or twice, a typo away from one seen often, is taken for it."""
        df = Counter(t for title in titles for t in set(self.analysed[title][0]))
        words = {t: n for t, n in df.items() if len(t) >= 4 and t.isalpha() and t not in self.label}
        frequent = [t for t, n in words.items() if n >= 3]
        fixes = {}
        for token, count in words.items():
            if count <= 2 and frequent:
                fixes[token] = _nearest(token, frequent) or token
        for title, (tokens, acronyms) in self.analysed.items():
            self.analysed[title] = ([fixes.get(t, t) for t in tokens], acronyms)

    def contract(self, tokens: list[str]) -> list[str]:
        """Write acronyms one way and expansions as their acronym, in any word order."""
        tokens = [self.label.get(tok, tok) for tok in tokens]
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for length in self.lengths:
                window = tokens[i : i + length]
                if len(window) == length and (label := self.expansions.get(tuple(sorted(window)))):
                    out.append(label)
                    i += length
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out


def title_tokens(title: str) -> list[str]:
    """The canonical tokens of one title, with the built-in acronyms only."""
    return Vocabulary([title]).tokens[title]


# --- Places, dates and kinds -------------------------------------------------------------

_CITIES = """
Geneva/Genève/Ginebra/Genf/Genebra | Vienna/Vienne/Viena/Wien | Brussels/Bruxelles/Bruselas/Brussel
New York/Nueva York | Mexico City/Mexico/Ciudad de México | Tokyo/Tokio | Ljubljana/Liubliana
Santiago/Santiago de Chile/Santiago du Chili | Jakarta/Djakarta/Yakarta | Beirut/Beyrouth
Addis Ababa/Addis-Abeba/Addis Abeba | Cairo/Le Caire/El Cairo | Stockholm/Estocolmo
Copenhagen/Copenhague/København | Athens/Athènes/Atenas | Rome/Roma | London/Londres
The Hague/La Haye/La Haya/Den Haag | Lisbon/Lisbonne/Lisboa | Warsaw/Varsovie/Varsovia
Prague/Praga/Praha | Moscow/Moscou/Moscú | Beijing/Pékin/Pekín | Seoul/Séoul/Seúl
Manila/Manille | Kathmandu/Katmandou/Katmandú | New Delhi/Nueva Delhi | Dhaka/Dacca/Daca
Kabul/Kaboul | Guatemala City/Guatemala/Ciudad de Guatemala | Panama City/Panamá/Ciudad de Panamá
Johannesburg/Johannesburgo | Istanbul/Estambul | Tehran/Téhéran/Teherán | Algiers/Alger/Argel
Berlin/Berlín | Bogotá/Bogota | Hanoi/Hanoï/Hanói | Amman/Ammán
"""


def _city(name: str) -> str:
    return " ".join(fold(name).replace("-", " ").split())


CITIES = {
    _city(spelling): _city(entry.split("/")[0])
    for entry in re.split(r"\s*\|\s*|\n", _CITIES.strip())
    for spelling in entry.split("/")
}


def city_key(city: str) -> str:
    name = _city(city)
    return CITIES.get(name, name)


EVENTS = _set("meeting workshop seminar conference roundtable")
TEXTS = _set("resolution declaration publication")
LASTING = _set("project programme policy institution fund")
_MONTHS = "January February March April May June July August September October November December"
MONTHS = _MONTHS.split()


def _group(kind: str) -> str:
    for name, kinds in (("event", EVENTS), ("text", TEXTS), ("lasting", LASTING)):
        if kind in kinds:
            return name
    return ""


def _period(record: Record) -> tuple[int | None, int | None]:
    """First and last day as ordinals; an event without an end ends with its start period."""
    if record.start is None:
        return None, record.end.toordinal() if record.end else None
    start = record.start
    if record.end is not None:
        return start.toordinal(), record.end.toordinal()
    if _group(record.kind) == "lasting":
        return start.toordinal(), None
    if record.start_precision == "year":
        return start.toordinal(), date(start.year, 12, 31).toordinal()
    if record.start_precision == "month":
        last = calendar.monthrange(start.year, start.month)[1]
        return start.toordinal(), date(start.year, start.month, last).toordinal()
    return start.toordinal(), start.toordinal()


def date_text(day: date, precision: str) -> str:
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# --- Comparing two records ---------------------------------------------------------------


@dataclass(slots=True, eq=False)
class _Prepared:
    record: Record
    tokens: frozenset[str]
    weight: float
    ordinals: frozenset[str]
    numbers: frozenset[str]
    fuzzy: tuple[str, ...]  # tokens long enough to carry a typo
    lo: int | None
    hi: int | None
    city: str
    group: str
    keys: list = field(default_factory=list)


# Log-odds of being the same initiative: a logistic regression fitted on all blocked pairs
# of four labelled sets from bench/duplicates.py (seeds 1-4; the bench reports seed 7),
# rounded; where a weight was set by judgment, the comment says so.
WEIGHTS = {
    "bias": -14.8,
    "dice": 8.8,  # title similarity
    "containment": 8.2,  # how much of the better covered title the other one holds
    "same_day": 1.3,
    "overlap": 1.45,
    "same_start": 1.0,  # programmes starting in the same month (or year, if that is all)
    "long_overlap": -6.0,  # programmes that overlap but started apart
    "near": -3.0,  # days a month or less apart (judgment, learnt 0: a reporter may be a day out)
    "apart": -7.3,  # a year or less
    "far": -7.3,
    "same_city": 0.2,  # (judgment; learnt -0.1, from parallel events in one place)
    "same_country": 0.1,
    "other_city": -0.2,
    "other_country": -5.3,
    "shared_one": 0.5,
    "shared_more": 2.2,
    "same_reporter": -2.5,
    "other_group": -0.2,  # an event and a programme, say
    # Judgment (in the labelled set the dates already tell them apart), decisive when a
    # date is missing: "Ninth" and "Tenth", "resolution 1612" and "resolution 1674".
    "other_ordinal": -6.0,
    "other_number": -2.5,
}


def _most_in_favour() -> float:
    """The most that all evidence but the title can add."""
    groups = [
        ("same_day", "overlap", "same_start", "long_overlap"),
        ("same_city", "same_country"),
        ("shared_one", "shared_more"),
    ]
    return sum(max(0.0, *(WEIGHTS[k] for k in group)) for group in groups)


def title_similarity(a: _Prepared, b: _Prepared, idf: dict[str, float]) -> tuple[float, float]:
    """IDF-weighted Dice over canonical tokens, and containment (the share of the better
    covered title found in the other); a token within a typo of another counts in part."""
    if not a.weight or not b.weight:
        return 0.0, 0.0
    common = a.tokens & b.tokens
    shared = sum(idf[t] for t in common)
    matched = [shared, shared]
    rest_a = [t for t in a.fuzzy if t not in common]
    rest_b = [t for t in b.fuzzy if t not in common]
    if rest_a and rest_b:
        for side, mine, theirs in ((0, rest_a, rest_b), (1, rest_b, rest_a)):
            for token in mine:
                best = max(ratio(token, other, score_cutoff=80) for other in theirs)
                matched[side] += idf[token] * best / 100
    dice = (matched[0] + matched[1]) / (a.weight + b.weight)
    return dice, max(matched[0] / a.weight, matched[1] / b.weight)


def _dates(a: _Prepared, b: _Prepared) -> str:
    if a.lo is None or b.lo is None:
        return ""  # a missing date says nothing
    a_hi = a.hi if a.hi is not None else 10**7
    b_hi = b.hi if b.hi is not None else 10**7
    gap = max(a.lo - b_hi, b.lo - a_hi)
    if max(a_hi - a.lo, b_hi - b.lo) > 366:  # programmes: when did they start?
        ra, rb = a.record.start, b.record.start
        by_year = "year" in (a.record.start_precision, b.record.start_precision)
        if ra.year == rb.year and (by_year or ra.month == rb.month):
            return "same_start"
        if gap <= 0:
            return "long_overlap"
    elif gap <= 0:
        return "same_day" if a.lo == a_hi == b.lo == b_hi else "overlap"
    if gap <= 31 and a.record.start_precision == b.record.start_precision == "day":
        return "near"
    return "apart" if gap <= 366 else "far"


def _place(a: _Prepared, b: _Prepared) -> str:
    if a.city and b.city:
        if a.city == b.city or (len(a.city) > 4 and ratio(a.city, b.city) >= 85):
            return "same_city"
        same_country = a.record.country and a.record.country == b.record.country
        return "other_city" if same_country else "other_country"
    if a.record.country and b.record.country:
        return "same_country" if a.record.country == b.record.country else "other_country"
    return ""


def evidence(a: _Prepared, b: _Prepared) -> list[str]:
    """The names of the WEIGHTS that apply to a pair, but the title's."""
    ra, rb = a.record, b.record
    found = [_dates(a, b), _place(a, b)]
    shared = ra.participants & rb.participants
    if ra.reported_by == rb.reported_by:
        found.append("same_reporter")
        shared = shared - {ra.reported_by}
    if shared:
        found.append("shared_one" if len(shared) == 1 else "shared_more")
    if ra.kind != rb.kind and a.group and b.group and a.group != b.group:
        found.append("other_group")
    if a.ordinals and b.ordinals and a.ordinals != b.ordinals:
        found.append("other_ordinal")
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        found.append("other_number")
    return [name for name in found if name]


_PLACE_AND_DATES = (
    *("same_city", "same_country", "other_city", "other_country"),
    *("same_day", "overlap", "same_start", "long_overlap", "near", "apart", "far"),
)


def _reasons(a: _Prepared, b: _Prepared, names: list[str], dice: float, within: bool) -> list:
    """Place and dates, then the title, then the rest: "same city", "dates overlap"..."""
    ra, rb = a.record, b.record
    when = "; ".join(date_text(r.start, r.start_precision) if r.start else "?" for r in (ra, rb))
    shared = ra.participants & rb.participants
    if ra.reported_by == rb.reported_by:
        shared -= {ra.reported_by}
    text = {
        "same_city": "same city",
        "same_country": "same country",
        "other_city": f"different cities ({ra.city}; {rb.city})",
        "other_country": f"different places ({ra.city or ra.country}; {rb.city or rb.country})",
        "same_day": "same day",
        "overlap": "dates overlap",
        "same_start": "same start",
        "long_overlap": "periods overlap",
        "near": f"dates differ ({when})",
        "apart": f"dates differ ({when})",
        "far": f"dates differ ({when})",
        "shared_one": "shared participants: " + ", ".join(sorted(shared)),
        "same_reporter": f"same reporter ({ra.reported_by})",
        "other_group": f"different kinds ({ra.kind}; {rb.kind})",
        "other_ordinal": "different ordinals in the titles",
        "other_number": "different numbers in the titles",
    }
    text["shared_more"] = text["shared_one"]
    before = sorted((n for n in names if n in _PLACE_AND_DATES), key=_PLACE_AND_DATES.index)
    title = [f"titles {dice:.2f} similar"] + (["one title within the other"] if within else [])
    after = [text[n] for n in names if n not in _PLACE_AND_DATES and n in text]
    return [text[n] for n in before] + title + after


# The most a word matched in part ("Afganistán" for "Afghanistan", a misspelt name) is
# taken to add to the log-odds, when deciding whether a pair is worth a closer look.
TYPO_SLACK = 4.0


def _score(a: _Prepared, b: _Prepared, idf, cut: float) -> Candidate | None:
    """The pair as a candidate if its log-odds reach `cut`, else None, as cheaply as can be:
    most pairs are dismissed on the words their titles share."""
    if not a.weight or not b.weight:
        return None
    common = a.tokens & b.tokens
    shared = sum(map(idf.__getitem__, common)) if common else 0.0
    title = shared * (_DICE * 2 / (a.weight + b.weight) + _CONTAINMENT / min(a.weight, b.weight))
    if _BIAS + _MOST_IN_FAVOUR + title + TYPO_SLACK < cut:
        return None
    names = evidence(a, b)
    z = _BIAS + sum(WEIGHTS[n] for n in names)
    if z + title + TYPO_SLACK < cut:
        return None
    dice, containment = title_similarity(a, b, idf)
    z += _DICE * dice + _CONTAINMENT * containment
    if z < cut:
        return None
    score = 1 / (1 + math.exp(-z))
    low, high = sorted((a.record.id, b.record.id))
    within = containment > 0.99 > dice
    return Candidate(low, high, round(score, 4), _reasons(a, b, names, dice, within))


_BIAS, _DICE, _CONTAINMENT = WEIGHTS["bias"], WEIGHTS["dice"], WEIGHTS["containment"]
_MOST_IN_FAVOUR = _most_in_favour()


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


# --- Blocking and the whole run ----------------------------------------------------------

BLOCK_CAP = 50  # the largest block compared
MIN_BLOCK_CAP = 30
BLOCK_SHARE = 0.02  # below the fixed cap, no block holds more than this share of records


def block_cap(n: int) -> int:
    return int(max(MIN_BLOCK_CAP, min(BLOCK_CAP, BLOCK_SHARE * n)))


def _prepare(records: list[Record]) -> tuple[list[_Prepared], dict[str, float]]:
    vocabulary = Vocabulary(r.title for r in records)
    prepared = []
    for record in records:
        tokens = frozenset(vocabulary.tokens[record.title])
        lo, hi = _period(record)
        prepared.append(
            _Prepared(
                record=record,
                tokens=tokens,
                weight=sum(vocabulary.idf[t] for t in tokens),
                ordinals=frozenset(t for t in tokens if t.startswith("#")),
                numbers=frozenset(t for t in tokens if t.isdigit()),
                fuzzy=tuple(t for t in tokens if len(t) >= 5 and t.isalpha()),
                lo=lo,
                hi=hi,
                city=city_key(record.city),
                group=_group(record.kind),
            )
        )
    return prepared, vocabulary.idf


def _blocks(prepared: list[_Prepared], cap: int, stats: Stats) -> dict[object, list[int]]:
    """Blocks of record indices: the title's rare tokens, else its rare pairs of tokens,
    else its rare triples (each in at most `cap` records); and place with year."""
    df = Counter(t for p in prepared for t in p.tokens)
    common = [sorted(t for t in p.tokens if df[t] > cap) for p in prepared]
    df.update(pair for tokens in common for pair in combinations(tokens, 2))
    # Triples of the four rarest common tokens, for titles made of common words only.
    crowded = [list(combinations(sorted(t, key=df.__getitem__)[:4], 3)) for t in common]
    df.update(triple for triples in crowded for triple in triples)
    keys_of: list[list[object]] = []
    for p, tokens, triples in zip(prepared, common, crowded, strict=True):
        keys: list[object] = [t for t in p.tokens if df[t] <= cap]
        keys.extend(pair for pair in combinations(tokens, 2) if df[pair] <= cap)
        keys.extend(tuple(sorted(triple)) for triple in triples if df[triple] <= cap)
        if p.record.start is not None:
            year = p.record.start.year
            if p.record.country:
                keys.append(("country", p.record.country, year))
            if p.city:
                keys.append(("city", p.city, year))
        keys_of.append(keys)
    blocks: dict[object, list[int]] = defaultdict(list)
    for index, keys in enumerate(keys_of):
        for key in keys:
            blocks[key].append(index)
    usable = {}
    stats.skipped_blocks = sum(1 for n in df.values() if n > cap)  # too common to block on
    for key, members in blocks.items():
        if len(members) > cap:
            stats.skipped_blocks += 1
        elif len(members) > 1:
            usable[key] = members
    stats.blocks = len(usable)
    for p, keys in zip(prepared, keys_of, strict=True):
        p.keys = [k for k in keys if k in usable]
    return usable


def find_candidates(
    records: Iterable[Record],
    threshold: float = THRESHOLD,
    exclude: Iterable[frozenset[int]] = (),
    stats: Stats | None = None,
) -> list[Candidate]:
    """Pairs that may be the same initiative, best first. `exclude` holds pairs marked
    "not a duplicate" or already merged; they are neither scored nor returned."""
    records = list(records)
    stats = stats if stats is not None else Stats()
    stats.block_cap = cap = block_cap(len(records))
    prepared, idf = _prepare(records)
    blocks = _blocks(prepared, cap, stats)
    excluded = {frozenset(pair) for pair in exclude}
    cut = _logit(threshold)
    found = []
    for i, p in enumerate(prepared):
        # Blocks list their members in order: those after this record are compared.
        others = set().union(*(blocks[key][bisect_right(blocks[key], i) :] for key in p.keys))
        for j in others:
            q = prepared[j]
            if excluded and frozenset((p.record.id, q.record.id)) in excluded:
                continue
            stats.compared += 1
            candidate = _score(p, q, idf, cut)
            if candidate is not None:
                found.append(candidate)
    found.sort(key=lambda c: (-c.score, c.a, c.b))
    return found


def records_from(queryset) -> list[Record]:
    """Plain records from a queryset of initiatives, in a fixed number of queries."""
    rows = queryset.select_related("reported_by", "lead", "country").prefetch_related(
        "partners__participant"
    )
    records = []
    for row in rows:
        participants = {row.reported_by.code}
        if row.lead is not None:
            participants.add(row.lead.code)
        participants.update(partner.participant.code for partner in row.partners.all())
        records.append(
            Record(
                id=row.pk,
                title=row.title,
                reported_by=row.reported_by.code,
                start=row.start_date,
                end=row.end_date,
                start_precision=row.start_precision,
                city=row.city,
                country=row.country.code if row.country else "",
                participants=frozenset(participants),
                kind=row.kind,
            )
        )
    return records
