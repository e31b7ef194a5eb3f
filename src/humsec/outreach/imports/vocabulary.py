"""The words of the initiatives spreadsheet in English, French and Spanish: column
headers, kinds, statuses, languages and seasons, and the keys they are matched by."""

from __future__ import annotations

import re

from humsec.roster.lookup import normalize

LANGS = ("en", "fr", "es")

# The columns of the initiatives spreadsheet; partners and themes are separated by ";".
COLUMNS = [
    "title",
    "description",
    "kind",
    "start",
    "end",
    "city",
    "country",
    "lead",
    "partners",
    "themes",
    "url",
    "language",
]

# Column -> its header in the template, in English, French and Spanish.
HEADERS = {
    "id": ("id", "id", "id"),
    "status": ("status", "statut", "estado"),
    "title": ("title", "titre", "título"),
    "description": ("description", "description", "descripción"),
    "kind": ("kind", "type", "tipo"),
    "start": ("start", "début", "inicio"),
    "end": ("end", "fin", "fin"),
    "city": ("city", "ville", "ciudad"),
    "country": ("country", "pays", "país"),
    "lead": ("lead", "chef de file", "responsable"),
    "partners": ("partners", "partenaires", "asociados"),
    "themes": ("themes", "thèmes", "temas"),
    "url": ("url", "lien", "enlace"),
    "language": ("language", "langue", "idioma"),
}
_MORE_HEADERS = {
    "status": ["estatus", "statut"],
    "kind": ["type", "kind of initiative"],
    "start": ["start date", "date de début", "fecha de inicio", "from", "desde"],
    "end": ["end date", "date de fin", "fecha de fin", "fecha de término", "to", "hasta"],
    "lead": ["lead participant", "organizer", "organisateur", "organizador"],
    "partners": ["partner", "partenaire", "socios", "asociado"],
    "themes": ["theme", "thème", "tema"],
    "url": ["link", "web", "website", "site web", "sitio web", "liens", "enlaces"],
    "title": ["name", "titulo"],
}


def header_key(text: str) -> str:
    """Case, accents, spaces, punctuation and hints in brackets do not matter."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", normalize(str(text)))
    return re.sub(r"[\W_]+", "", text)


def word_key(text: str) -> str:
    """Case, accents, hyphens and slashes do not matter: "Mine action" = "mine-action"."""
    return " ".join(re.sub(r"[-_/.]+", " ", normalize(str(text))).split())


HEADER_ALIASES: dict[str, str] = {}
for _column, _names in HEADERS.items():
    for _name in (*_names, *_MORE_HEADERS.get(_column, [])):
        HEADER_ALIASES.setdefault(header_key(_name), _column)

# Kind value -> (English, French, Spanish) words, then other accepted spellings.
KIND_LABELS = {
    "meeting": ("meeting", "réunion", "reunión"),
    "workshop": ("workshop", "atelier", "taller"),
    "seminar": ("seminar", "séminaire", "seminario"),
    "conference": ("conference", "conférence", "conferencia"),
    "roundtable": ("round table", "table ronde", "mesa redonda"),
    "project": ("project", "projet", "proyecto"),
    "programme": ("programme", "programme", "programa"),
    "policy": ("policy", "politique", "política"),
    "institution": ("institution", "institution", "institución"),
    "fund": ("fund", "fonds", "fondo"),
    "resolution": ("resolution", "résolution", "resolución"),
    "declaration": ("declaration", "déclaration", "declaración"),
    "publication": ("publication", "publication", "publicación"),
    "other": ("other", "autre", "otro"),
}
_MORE_KINDS = {
    "meeting": ["session", "séance", "sesión", "encuentro"],
    "roundtable": ["roundtable", "panel"],
    "programme": ["program"],
    "fund": ["trust fund", "fonds d'affectation spéciale", "fondo fiduciario"],
    "publication": ["report", "rapport", "informe", "study", "étude", "estudio"],
    "policy": ["strategy", "stratégie", "estrategia"],
    "other": ["autre", "otra"],
}
KIND_WORDS: dict[str, str] = {}
for _kind, _words in KIND_LABELS.items():
    for _word in (_kind, *_words, *_MORE_KINDS.get(_kind, [])):
        KIND_WORDS.setdefault(word_key(_word), _kind)
KIND_HINT = ", ".join(KIND_LABELS)

STATUS_WORDS = {
    word_key(word): status
    for status, words in {
        "keep": [
            "keep",
            "confirm",
            "confirmed",
            "unchanged",
            "garder",
            "conserver",
            "confirmer",
            "mantener",
            "confirmar",
        ],
        "update": [
            "update",
            "updated",
            "change",
            "mettre à jour",
            "modifier",
            "actualizar",
            "modificar",
        ],
        "retire": ["retire", "remove", "delete", "retirer", "supprimer", "retirar", "eliminar"],
    }.items()
    for word in words
}

# Language code -> its names in English, French and Spanish.
LANGUAGE_NAMES = {
    "en": ("English", "anglais", "inglés"),
    "fr": ("French", "français", "francés"),
    "es": ("Spanish", "espagnol", "español"),
    "ar": ("Arabic", "arabe", "árabe"),
    "zh": ("Chinese", "chinois", "chino"),
    "ru": ("Russian", "russe", "ruso"),
}
LANGUAGE_WORDS = {
    word_key(word): code
    for code, names in LANGUAGE_NAMES.items()
    for word in (code, *names, "castellano" if code == "es" else code)
}

SEASONS = {
    normalize(word)
    for word in (
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "printemps",
        "été",
        "automne",
        "hiver",
        "primavera",
        "verano",
        "otoño",
        "invierno",
    )
}

SHEET_TITLES = {"en": "initiatives", "fr": "initiatives", "es": "iniciativas"}
HELP_TITLES = {"en": "help", "fr": "aide", "es": "ayuda"}
SHEET_NAMES = {normalize(name) for name in SHEET_TITLES.values()}
