"""The plain document the renderers are fed: checked, completed and put in order.

A document is one dict of strings, numbers and lists (see ``humsec.documents.render``);
``normalize`` checks every field (an error names the field), fills in the defaults and
orders the replies and the signatures as the United Nations prints them. The small helpers
here (session in words, the introduction sentence, the word count) are used by the
renderers and by the code that builds documents.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from humsec.outreach.letters import sort_signatories
from humsec.roster.names import join_names

__all__ = [
    "ADDRESSEES",
    "LENGTH_LIMIT",
    "DocumentError",
    "introduction_sentence",
    "is_too_long",
    "normalize",
    "session_in_words",
]


class DocumentError(ValueError):
    """A document that cannot be rendered as given; the message names the field."""


# Documents not from the Secretariat are limited to 10,700 words (DESIGN.md).
LENGTH_LIMIT = 10700

ADDRESSEES = (
    "Secretary-General",
    "President of the General Assembly",
    "President of the Security Council",
    "President of the Economic and Social Council",
)
DISTRIBUTIONS = ("General", "Limited", "Restricted")
ORDERS = ("states-then-organizations", "as-given")
KINDS = ("state", "organization")
TIMEFRAMES = ("past", "ongoing", "planned")
# A document, or a member of its family: /Add.N prints "Addendum" under the title,
# /Corr.N "Corrigendum" (and may have neither signatures nor annex); /Rev.N replaces it.
DOCUMENT_KINDS = ("original", "addendum", "revision", "corrigendum")

# Languages a contribution may be written in: Typst language and region, Word language tag,
# direction. The six official languages first.
LOCALES: dict[str, tuple[str, str | None, str, str]] = {
    "ar": ("ar", None, "ar-SA", "rtl"),
    "zh": ("zh", "cn", "zh-CN", "ltr"),
    "en": ("en", "gb", "en-GB", "ltr"),
    "fr": ("fr", "fr", "fr-FR", "ltr"),
    "ru": ("ru", "ru", "ru-RU", "ltr"),
    "es": ("es", "es", "es-ES", "ltr"),
    "pt": ("pt", "pt", "pt-PT", "ltr"),
    "de": ("de", "de", "de-DE", "ltr"),
    "it": ("it", "it", "it-IT", "ltr"),
    "ja": ("ja", "jp", "ja-JP", "ltr"),
}
# The names of those languages in each language a document can be issued in.
LANGUAGE_NAMES = {
    "en": {
        "ar": "Arabic",
        "zh": "Chinese",
        "en": "English",
        "fr": "French",
        "ru": "Russian",
        "es": "Spanish",
        "pt": "Portuguese",
        "de": "German",
        "it": "Italian",
        "ja": "Japanese",
    },
    "fr": {
        "ar": "arabe",
        "zh": "chinois",
        "en": "anglais",
        "fr": "français",
        "ru": "russe",
        "es": "espagnol",
        "pt": "portugais",
        "de": "allemand",
        "it": "italien",
        "ja": "japonais",
    },
    "es": {
        "ar": "árabe",
        "zh": "chino",
        "en": "inglés",
        "fr": "francés",
        "ru": "ruso",
        "es": "español",
        "pt": "portugués",
        "de": "alemán",
        "it": "italiano",
        "ja": "japonés",
    },
}
# The letter that follows the job number: 08-24140 (E).
JOB_LETTERS = {"ar": "A", "zh": "C", "en": "E", "fr": "F", "ru": "R", "es": "S"}

_SYMBOL = re.compile(r"[A-Z]+(?:/[A-Za-z0-9.\-]+)+")
_JOB = re.compile(r"\d{2}-\d{5}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


# -- Words -----------------------------------------------------------------------------------

_EN_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_EN_TEENS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_TENTHS = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
]

_FR_UNITS = [
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
]
_FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}

_ES_UNITS = [
    "primer",
    "segundo",
    "tercer",
    "cuarto",
    "quinto",
    "sexto",
    "séptimo",
    "octavo",
    "noveno",
]
_ES_TEENS = [
    "décimo",
    "undécimo",
    "duodécimo",
    "decimotercer",
    "decimocuarto",
    "decimoquinto",
    "decimosexto",
    "decimoséptimo",
    "decimoctavo",
    "decimonoveno",
]
_ES_TENS = {
    2: "vigésimo",
    3: "trigésimo",
    4: "cuadragésimo",
    5: "quincuagésimo",
    6: "sexagésimo",
    7: "septuagésimo",
    8: "octogésimo",
    9: "nonagésimo",
}


def _english_ordinal(n: int) -> str:
    if n < 10:
        return _EN_UNITS[n - 1]
    if n < 20:
        return _EN_TEENS[n - 10]
    tens, unit = divmod(n, 10)
    if unit == 0:
        return _EN_TENTHS[tens - 2]
    return f"{_EN_TENS[tens - 2]}-{_EN_UNITS[unit - 1]}"


def _french_cardinal(n: int) -> str:
    if n <= 16:
        return _FR_UNITS[n - 1]
    if n < 20:
        return f"dix-{_FR_UNITS[n - 11]}"
    if n < 70:
        tens, unit = divmod(n, 10)
        word = _FR_TENS[tens]
        if unit == 0:
            return word
        return f"{word} et un" if unit == 1 else f"{word}-{_FR_UNITS[unit - 1]}"
    if n < 80:
        return "soixante et onze" if n == 71 else f"soixante-{_french_cardinal(n - 60)}"
    if n == 80:
        return "quatre-vingts"
    return f"quatre-vingt-{_french_cardinal(n - 80)}"


def _french_ordinal(n: int) -> str:
    if n == 1:
        return "première"  # la session
    cardinal = _french_cardinal(n)
    head, sep, last = max(
        (cardinal.rpartition(s) for s in ("-", " ")), key=lambda parts: len(parts[0])
    )
    if last == "un":
        last = "unième"
    elif last == "cinq":
        last = "cinquième"
    elif last == "neuf":
        last = "neuvième"
    elif last == "vingts":
        last = "vingtième"
    elif last.endswith("e"):
        last = last[:-1] + "ième"
    else:
        last += "ième"
    return f"{head}{sep}{last}"


def _spanish_ordinal(n: int) -> str:
    """Apocopated before a masculine noun: "primer período", "sexagésimo tercer"."""
    if n < 10:
        return _ES_UNITS[n - 1]
    if n < 20:
        return _ES_TEENS[n - 10]
    tens, unit = divmod(n, 10)
    return _ES_TENS[tens] if unit == 0 else f"{_ES_TENS[tens]} {_ES_UNITS[unit - 1]}"


def session_in_words(number: int, language: str = "en") -> str:
    """62 -> "Sixty-second session"; French "Soixante-deuxième session", Spanish
    "Sexagésimo segundo período de sesiones" (1 to 99)."""
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 99:
        raise DocumentError(f"session: a session is a number from 1 to 99, not {number!r}.")
    if language == "en":
        words = f"{_english_ordinal(number)} session"
    elif language == "fr":
        words = f"{_french_ordinal(number)} session"
    elif language == "es":
        words = f"{_spanish_ordinal(number)} período de sesiones"
    else:
        raise DocumentError(f"language: sessions are written in en, fr or es, not {language!r}.")
    return words[0].upper() + words[1:]


INTRODUCTIONS = {
    "en": "Reports are included from {}.",
    "fr": "On trouvera ci-après les rapports reçus des participants suivants\u00a0: {}.",
    "es": "Se incluyen los informes de los participantes siguientes: {}.",
}
CONJUNCTIONS = {"en": "and", "fr": "et", "es": "y"}


def introduction_sentence(names: list[str], language: str = "en") -> str:
    """ "Reports are included from Chile, Japan, Mexico, Slovenia, Switzerland and
    Thailand." No serial comma; the names as given (running-text forms, valid on the
    document's date)."""
    if language not in INTRODUCTIONS:
        raise DocumentError(f"language: no introduction sentence in {language!r}.")
    return INTRODUCTIONS[language].format(join_names(list(names), CONJUNCTIONS[language]))


# -- Checking fields ---------------------------------------------------------------------------


def text(value: Any, field: str, *, required: bool = True) -> str:
    """A clean string: NFC, stripped, no control characters; "" when optional and absent."""
    if value is None or value == "":
        if required:
            raise DocumentError(f"{field}: this field is required.")
        return ""
    if not isinstance(value, str):
        raise DocumentError(f"{field}: expected text, not {type(value).__name__}.")
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    bad = _CONTROL.search(value)
    if bad:
        raise DocumentError(f"{field}: holds the control character U+{ord(bad[0]):04X}.")
    if required and not value:
        raise DocumentError(f"{field}: this field is required.")
    return value


def iso_date(value: Any, field: str, *, required: bool = True) -> str:
    """A date as ISO text (accepts date objects); "" when optional and absent."""
    if value is None or value == "":
        if required:
            raise DocumentError(f"{field}: this field is required (an ISO date, 2008-02-15).")
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise DocumentError(f"{field}: {value!r} is not an ISO date such as 2008-02-15.") from None


def choice(value: Any, field: str, allowed: tuple[str, ...] | dict, default: str | None = None):
    if value is None and default is not None:
        return default
    if value not in allowed:
        listed = ", ".join(repr(a) for a in allowed)
        raise DocumentError(f"{field}: {value!r} is not one of {listed}.")
    return value


def _items(value: Any, field: str, required: bool = True) -> list:
    if value is None:
        value = []
    if not isinstance(value, list | tuple):
        raise DocumentError(f"{field}: expected a list, not {type(value).__name__}.")
    if required and not value:
        raise DocumentError(f"{field}: give at least one.")
    return list(value)


def _mapping(value: Any, field: str) -> dict:
    if not isinstance(value, dict):
        raise DocumentError(f"{field}: expected a dict, not {type(value).__name__}.")
    return value


def sort_key(name: str) -> str:
    """Alphabetical order as the United Nations sorts names: accents, case and a leading
    "the" ignored ("Côte d'Ivoire" with the Cs, "the Netherlands" with the Ns)."""
    folded = unicodedata.normalize("NFKD", name.strip())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return re.sub(r"^the\s+", "", folded)


# -- normalize ---------------------------------------------------------------------------------


def normalize(document: dict) -> dict:
    """The document checked and completed: the same keys, clean strings, ISO dates,
    signatories in English alphabetical order of their countries, contributions ordered
    (States alphabetically, then organizations alphabetically; or as given when
    document["order"] is "as-given"). Raises DocumentError naming the faulty field."""
    d = _mapping(document, "document")
    language = choice(d.get("language"), "language", tuple(LANGUAGE_NAMES), "en")
    original = choice(d.get("original_language"), "original_language", tuple(LOCALES), "en")
    session = d.get("session")
    if session is not None:
        session_in_words(session, language)  # checks the range
    agenda = []
    for i, item in enumerate(_items(d.get("agenda_items"), "agenda_items", required=False)):
        item = _mapping(item, f"agenda_items[{i}]")
        number = item.get("number")
        if isinstance(number, bool) or not isinstance(number, int | str) or number == "":
            raise DocumentError(f"agenda_items[{i}].number: give the item's number.")
        agenda.append(
            {"number": str(number), "title": text(item.get("title"), f"agenda_items[{i}].title")}
        )
    kind = choice(d.get("kind"), "kind", DOCUMENT_KINDS, "original")
    signatories = []
    listed = _items(d.get("signatories"), "signatories", required=kind != "corrigendum")
    for i, s in enumerate(listed):
        s = _mapping(s, f"signatories[{i}]")
        signatories.append(
            {
                "name": text(s.get("name"), f"signatories[{i}].name"),
                "title": text(s.get("title"), f"signatories[{i}].title"),
                "country": text(s.get("country"), f"signatories[{i}].country"),
            }
        )
    signatories = sort_signatories(signatories)
    senders = [
        text(s, f"senders[{i}]")
        for i, s in enumerate(_items(d.get("senders"), "senders", required=False))
    ] or [s["country"] for s in signatories]
    job_number = text(d.get("job_number"), "job_number", required=False)
    if job_number and not _JOB.fullmatch(job_number):
        raise DocumentError(f"job_number: {job_number!r} is not a job number such as 08-24140.")
    emblem = d.get("emblem")
    if emblem is not None and not isinstance(emblem, bytes | bytearray):
        raise DocumentError("emblem: give the image's bytes, or None to leave it out.")
    symbol = text(d.get("symbol"), "symbol")
    if not _SYMBOL.fullmatch(symbol):
        raise DocumentError(f"symbol: {symbol!r} is not a document symbol such as A/62/695.")
    return {
        "kind": kind,
        "organ": text(d.get("organ"), "organ"),
        "symbol": symbol,
        "distribution": choice(d.get("distribution"), "distribution", DISTRIBUTIONS, "General"),
        "date": iso_date(d.get("date"), "date"),
        "original_language": original,
        "language": language,
        "session": session,
        "agenda_items": agenda,
        "addressee": choice(d.get("addressee"), "addressee", ADDRESSEES),
        "letter_date": iso_date(d.get("letter_date"), "letter_date"),
        "signatories": signatories,
        "senders": senders,
        "body": [text(p, f"body[{i}]") for i, p in enumerate(_items(d.get("body"), "body"))],
        "annex": _annex(d.get("annex"), d.get("order"), language),
        "job_number": job_number,
        "job_date": iso_date(d.get("job_date"), "job_date", required=bool(job_number)),
        "emblem": bytes(emblem) if emblem is not None else None,
        "reference_date": iso_date(d.get("reference_date"), "reference_date", required=False),
        "title": text(d.get("title"), "title", required=False),
        "annex_heading": text(d.get("annex_heading"), "annex_heading", required=False),
    }


def _annex(annex: Any, order: Any, language: str) -> dict | None:
    if annex is None:
        return None
    annex = _mapping(annex, "annex")
    order = choice(order, "order", ORDERS, ORDERS[0])
    contributions = []
    for i, c in enumerate(_items(annex.get("contributions"), "annex.contributions", False)):
        field = f"annex.contributions[{i}]"
        c = _mapping(c, field)
        html = c.get("html")
        if html is not None and not isinstance(html, str):
            raise DocumentError(f"{field}.html: expected text, not {type(html).__name__}.")
        heading = text(c.get("heading"), f"{field}.heading")
        contributions.append(
            {
                "heading": heading,
                "name_in_text": text(c.get("name_in_text"), f"{field}.name_in_text", required=False)
                or heading,
                "title": text(c.get("title"), f"{field}.title", required=False),
                "date": iso_date(c.get("date"), f"{field}.date", required=False),
                "language": choice(c.get("language"), f"{field}.language", tuple(LOCALES)),
                "html": html or "",
                "kind": choice(c.get("kind"), f"{field}.kind", KINDS, "state"),
            }
        )
    if order == "states-then-organizations":
        contributions.sort(
            key=lambda c: (KINDS.index(c["kind"]), sort_key(c["heading"]))
        )  # stable: equal names keep their order
    introduction = text(annex.get("introduction"), "annex.introduction", required=False)
    if not introduction and contributions:
        introduction = introduction_sentence([c["name_in_text"] for c in contributions], language)
    return {
        "title": text(annex.get("title"), "annex.title", required=False),
        "introduction": introduction,
        "contributions": contributions,
        "initiatives_section": _initiatives(annex.get("initiatives_section")),
        "thematic_index": _index(annex.get("thematic_index")),
    }


def _initiatives(section: Any) -> list[dict]:
    out = []
    for i, part in enumerate(_items(section, "annex.initiatives_section", required=False)):
        field = f"annex.initiatives_section[{i}]"
        part = _mapping(part, field)
        groups = []
        for j, group in enumerate(_items(part.get("groups"), f"{field}.groups", False)):
            gfield = f"{field}.groups[{j}]"
            group = _mapping(group, gfield)
            items = []
            for k, item in enumerate(_items(group.get("items"), f"{gfield}.items", False)):
                ifield = f"{gfield}.items[{k}]"
                item = _mapping(item, ifield)
                items.append(
                    {
                        "title": text(item.get("title"), f"{ifield}.title"),
                        "dates": text(item.get("dates"), f"{ifield}.dates", required=False),
                        "place": text(item.get("place"), f"{ifield}.place", required=False),
                        "description": text(
                            item.get("description"), f"{ifield}.description", required=False
                        ),
                    }
                )
            groups.append(
                {
                    "timeframe": choice(group.get("timeframe"), f"{gfield}.timeframe", TIMEFRAMES),
                    "items": items,
                }
            )
        out.append(
            {"participant": text(part.get("participant"), f"{field}.participant"), "groups": groups}
        )
    return out


def _index(index: Any) -> list[dict]:
    out = []
    for i, theme in enumerate(_items(index, "annex.thematic_index", required=False)):
        field = f"annex.thematic_index[{i}]"
        theme = _mapping(theme, field)
        entries = []
        for j, entry in enumerate(_items(theme.get("entries"), f"{field}.entries", False)):
            entry = _mapping(entry, f"{field}.entries[{j}]")
            entries.append(
                {
                    "participant": text(
                        entry.get("participant"), f"{field}.entries[{j}].participant"
                    ),
                    "title": text(entry.get("title"), f"{field}.entries[{j}].title"),
                }
            )
        out.append({"theme": text(theme.get("theme"), f"{field}.theme"), "entries": entries})
    return out


# -- Length ------------------------------------------------------------------------------------

_WORD = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_\u3400-\u9fff\uf900-\ufaff]+(?:['’\-][^\W_]+)*"
)


def count_words(value: str) -> int:
    """Words in running text; each Chinese character counts as one."""
    return len(_WORD.findall(value))


def is_too_long(document: dict) -> bool:
    """Whether the document passes the 10,700 words allowed to documents not from the
    Secretariat (the secretariat is then offered to move replies into an addendum)."""
    from humsec.documents.render.view import word_count

    return word_count(document) > LENGTH_LIMIT
