"""The finished strings and blocks of a document, laid out alike by every renderer.

``build_view`` turns a plain document into a "view": the masthead lines, the title, the
letter, the signatures, and the annex as a flat sequence of units (each reply, the
optional initiatives section and thematic index), each with its heading level, language
and blocks. Footnotes are numbered once here, across the whole document.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from humsec.dates import un_date
from humsec.documents.render.content import (
    BOLD,
    ITALIC,
    Notes,
    inline_text,
    iter_text,
    parse_html,
    plain,
)
from humsec.documents.render.model import (
    CONJUNCTIONS,
    JOB_LETTERS,
    LANGUAGE_NAMES,
    LOCALES,
    count_words,
    normalize,
    session_in_words,
)
from humsec.roster.names import join_names

LABELS: dict[str, dict[str, Any]] = {
    "en": {
        "un": "United Nations",
        "distr": "Distr.: {}",
        "distributions": {"General": "General", "Limited": "Limited", "Restricted": "Restricted"},
        "original": "Original: {}",
        "agenda_item": "Agenda item {}",
        "agenda_items": "Agenda items {}",
        "signed": "(Signed) {}",
        "original_mark": "[Original: {}]",
        "annex": "Annex to the ",
        "initiatives": "Initiatives reported by the participants",
        "index": "Thematic index of initiatives",
        "timeframes": {
            "past": "Past initiatives",
            "ongoing": "Ongoing initiatives",
            "planned": "Planned initiatives",
        },
        "notes": "Notes",
        "emblem": "United Nations emblem",
        "kinds": {"addendum": "Addendum", "corrigendum": "Corrigendum"},
    },
    "fr": {
        "un": "Nations Unies",
        "distr": "Distr.\u00a0: {}",
        "distributions": {"General": "Générale", "Limited": "Limitée", "Restricted": "Restreinte"},
        "original": "Original\u00a0: {}",
        "agenda_item": "Point {} de l'ordre du jour",
        "agenda_items": "Points {} de l'ordre du jour",
        "signed": "(Signé) {}",
        "original_mark": "[Original\u00a0: {}]",
        "annex": "Annexe à la ",
        "initiatives": "Initiatives signalées par les participants",
        "index": "Index thématique des initiatives",
        "timeframes": {
            "past": "Initiatives passées",
            "ongoing": "Initiatives en cours",
            "planned": "Initiatives prévues",
        },
        "notes": "Notes",
        "emblem": "Emblème de l'Organisation des Nations Unies",
        "kinds": {"addendum": "Additif", "corrigendum": "Rectificatif"},
    },
    "es": {
        "un": "Naciones Unidas",
        "distr": "Distr. {}",
        "distributions": {"General": "general", "Limited": "limitada", "Restricted": "reservada"},
        "original": "Original: {}",
        "agenda_item": "Tema {} del programa",
        "agenda_items": "Temas {} del programa",
        "signed": "(Firmado) {}",
        "original_mark": "[Original: {}]",
        "annex": "Anexo de la ",
        "initiatives": "Iniciativas comunicadas por los participantes",
        "index": "Índice temático de las iniciativas",
        "timeframes": {
            "past": "Iniciativas anteriores",
            "ongoing": "Iniciativas en curso",
            "planned": "Iniciativas previstas",
        },
        "notes": "Notas",
        "emblem": "Emblema de las Naciones Unidas",
        "kinds": {"addendum": "Adición", "corrigendum": "Corrección"},
    },
}


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _lower_first(value: str) -> str:
    return value[:1].lower() + value[1:]


def english_title(doc: dict) -> str:
    """Letter dated 13 February 2008 from the Permanent Representatives of Japan and Mexico
    to the United Nations addressed to the President of the General Assembly."""
    representatives = (
        "Permanent Representative" if len(doc["senders"]) == 1 else "Permanent Representatives"
    )
    return (
        f"Letter dated {un_date(_date(doc['letter_date']))} from the {representatives} of "
        f"{join_names(doc['senders'])} to the United Nations addressed to the "
        f"{doc['addressee']}"
    )


# The addressee after "au"/"al": French and Spanish titles.
ADDRESSEES_FR = {
    "Secretary-General": "au Secrétaire général",
    "President of the General Assembly": "au Président de l'Assemblée générale",
    "President of the Security Council": "au Président du Conseil de sécurité",
    "President of the Economic and Social Council": (
        "au Président du Conseil économique et social"
    ),
}
ADDRESSEES_ES = {
    "Secretary-General": "al Secretario General",
    "President of the General Assembly": "al Presidente de la Asamblea General",
    "President of the Security Council": "al Presidente del Consejo de Seguridad",
    "President of the Economic and Social Council": (
        "al Presidente del Consejo Económico y Social"
    ),
}


def _of(name: str, language: str) -> str:
    """ "le Japon" -> "du Japon", "el Japón" -> "del Japón", "México" -> "de México"."""
    if language == "fr":
        for article, contracted in (("le ", "du "), ("les ", "des ")):
            if name.startswith(article):
                return contracted + name[len(article) :]
        return ("d'" if name[:1].lower() in "aeiouyéèêâîôû" else "de ") + name
    if name.startswith("el "):
        return "del " + name[3:]
    return "de " + name


def french_title(doc: dict) -> str:
    """Lettre datée du 13 février 2008, adressée au Président de l'Assemblée générale par
    les Représentants permanents du Japon et du Mexique auprès de l'Organisation des
    Nations Unies. (The senders as running names in French: "le Japon".)"""
    one = len(doc["senders"]) == 1
    by = "le Représentant permanent" if one else "les Représentants permanents"
    senders = join_names([_of(n, "fr") for n in doc["senders"]], "et")
    return (
        f"Lettre datée du {un_date(_date(doc['letter_date']), 'fr')}, adressée "
        f"{ADDRESSEES_FR[doc['addressee']]} par {by} {senders} auprès de l'Organisation des "
        "Nations Unies"
    )


def spanish_title(doc: dict) -> str:
    """Carta de fecha 13 de febrero de 2008 dirigida al Presidente de la Asamblea General
    por los Representantes Permanentes del Japón y de México ante las Naciones Unidas."""
    one = len(doc["senders"]) == 1
    by = "el Representante Permanente" if one else "los Representantes Permanentes"
    senders = join_names([_of(n, "es") for n in doc["senders"]], "y")
    return (
        f"Carta de fecha {un_date(_date(doc['letter_date']), 'es')} dirigida "
        f"{ADDRESSEES_ES[doc['addressee']]} por {by} {senders} ante las Naciones Unidas"
    )


TITLES = {"en": english_title, "fr": french_title, "es": spanish_title}


def job_line(doc: dict) -> tuple[str, str]:
    """("08-24140 (E) 270308", "*0824140*"), or two empty strings without a job number."""
    if not doc["job_number"]:
        return "", ""
    letter = JOB_LETTERS.get(doc["language"], doc["language"][:1].upper())
    when = _date(doc["job_date"]).strftime("%d%m%y")
    return (
        f"{doc['job_number']} ({letter}) {when}",
        "*" + doc["job_number"].replace("-", "") + "*",
    )


def build_view(document: dict) -> dict:
    """Everything the document prints, as finished strings and blocks."""
    doc = normalize(document)
    lang = doc["language"]
    labels = LABELS[lang]
    names = LANGUAGE_NAMES[lang]
    title = doc["title"] or TITLES[lang](doc)
    agenda = doc["agenda_items"]
    numbers = join_names([item["number"] for item in agenda], CONJUNCTIONS[lang])
    job, barcode = job_line(doc)
    view: dict[str, Any] = {
        "language": lang,
        "locale": LOCALES[lang],
        "date": doc["date"],
        "symbol": doc["symbol"],
        "masthead": {
            "un": labels["un"],
            "organ": doc["organ"],
            "symbol": doc["symbol"],
            "distr": labels["distr"].format(labels["distributions"][doc["distribution"]]),
            "date": un_date(_date(doc["date"]), lang),
            "original": labels["original"].format(names[doc["original_language"]]),
        },
        "emblem": doc["emblem"],
        "emblem_alt": labels["emblem"],
        "session": session_in_words(doc["session"], lang) if doc["session"] else "",
        "agenda_label": (
            labels["agenda_item"] if len(agenda) == 1 else labels["agenda_items"]
        ).format(numbers)
        if agenda
        else "",
        "agenda_titles": [item["title"] for item in agenda],
        "title": title,
        "subtitle": labels["kinds"].get(doc["kind"], ""),
        "body": doc["body"],
        "signatures": [
            {"signed": labels["signed"].format(s["name"]), "title": s["title"].split("\n")}
            for s in doc["signatories"]
        ],
        "annex": None,
        "units": [],
        "notes": {},
        "job": job,
        "barcode": barcode,
        "metadata": {
            "title": f"{doc['symbol']}: {title}",
            "author": join_names(doc["senders"], CONJUNCTIONS[lang]),
            "keywords": [doc["symbol"]],
        },
    }
    annex = doc["annex"]
    if annex is None:
        return view
    view["annex"] = {
        "heading": doc["annex_heading"] or labels["annex"] + _lower_first(title),
        "title": annex["title"],
        "introduction": annex["introduction"],
    }
    notes = Notes()
    units = view["units"]
    for c in annex["contributions"]:
        first = notes.next_number
        blocks = _rank_headings(parse_html(c["html"], notes))
        units.append(
            {
                "kind": "contribution",
                "level": 2,
                "heading": c["heading"],
                "title": c["title"],
                "date": un_date(_date(c["date"]), lang) if c["date"] else "",
                "original": labels["original_mark"].format(names[c["language"]])
                if c["language"] != lang
                else "",
                "lang": c["language"],
                "blocks": blocks,
                "notes": list(range(first, notes.next_number)),
            }
        )
    if annex["initiatives_section"]:
        units.append(_section(labels["initiatives"], lang))
        for part in annex["initiatives_section"]:
            units.append(_participant(part, labels, lang))
    if annex["thematic_index"]:
        units.append(_section(labels["index"], lang))
        for theme in annex["thematic_index"]:
            entries = [
                [
                    (
                        "p",
                        [("t", f"{e['participant']}: ", BOLD, None), ("t", e["title"], 0, None)],
                        False,
                    )
                ]
                for e in theme["entries"]
            ]
            units.append(
                _unit(
                    "theme",
                    3,
                    theme["theme"],
                    lang,
                    [("list", False, 1, entries)] if entries else [],
                )
            )
    view["notes"] = notes.texts
    return view


def _rank_headings(blocks: list) -> list:
    """A reply's heading levels made consecutive from 1 (a reply using only h2 and h4 gets
    levels 1 and 2), so that they fall right under the reply's own heading."""
    levels = sorted({b[1] for b in blocks if b[0] == "h"})
    rank = {level: number for number, level in enumerate(levels, start=1)}
    return [("h", rank[b[1]], b[2]) if b[0] == "h" else b for b in blocks]


def _unit(kind: str, level: int, heading: str, lang: str, blocks: list) -> dict:
    return {
        "kind": kind,
        "level": level,
        "heading": heading,
        "title": "",
        "date": "",
        "original": "",
        "lang": lang,
        "blocks": blocks,
        "notes": [],
    }


def _section(heading: str, lang: str) -> dict:
    return _unit("section", 2, heading, lang, [])


def _participant(part: dict, labels: dict, lang: str) -> dict:
    blocks: list = []
    for group in part["groups"]:
        if not group["items"]:
            continue
        blocks.append(("h", 1, plain(labels["timeframes"][group["timeframe"]])))
        for item in group["items"]:
            line = ", ".join(x for x in (item["dates"], item["place"]) if x)
            blocks.append(("p", plain(item["title"], BOLD), True))
            if line:
                blocks.append(("p", plain(line, ITALIC), bool(item["description"])))
            if item["description"]:
                blocks.append(("p", plain(item["description"]), False))
    return _unit("participant", 3, part["participant"], lang, blocks)


def unit_size(unit: dict) -> int:
    """Characters a unit prints: the measure used to split long documents into parts."""
    return len(unit["heading"]) + sum(len(s) + 20 for s in iter_text(unit["blocks"]))


def view_strings(view: dict):
    """Every string the document prints (masthead to last note), page furniture aside."""
    m = view["masthead"]
    yield from (m["un"], m["organ"], m["symbol"], m["distr"], m["date"], m["original"])
    yield from (view["session"], view["agenda_label"], *view["agenda_titles"], view["title"])
    if view["subtitle"]:
        yield view["subtitle"]
    yield from view["body"]
    for s in view["signatures"]:
        yield s["signed"]
        yield from s["title"]
    if view["annex"]:
        yield from view["annex"].values()
    for unit in view["units"]:
        yield from (unit["heading"], unit["title"], unit["date"], unit["original"])
        yield from iter_text(unit["blocks"])
    for blocks in view["notes"].values():
        yield from iter_text(blocks)


def word_count(document: dict) -> int:
    """Words the document prints (letter and annex, notes included; not the masthead
    furniture of later pages). Compare with LENGTH_LIMIT."""
    strings = view_strings(build_view(document))
    return sum(count_words(s) for s in itertools.islice(strings, 6, None))


__all__ = ["LABELS", "build_view", "inline_text", "unit_size", "view_strings", "word_count"]
