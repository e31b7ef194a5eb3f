"""The standard wording of a letter transmitting a compilation, in English, French and
Spanish: the honour formula that opens it and the circulation formula that closes it.
The secretariat edits the result freely; these are only the starting text."""

from __future__ import annotations

from humsec.roster.names import join_names

ORGANS = {
    "en": {
        "General Assembly": "the General Assembly",
        "Security Council": "the Security Council",
        "Economic and Social Council": "the Economic and Social Council",
    },
    "fr": {
        "General Assembly": "l'Assemblée générale",
        "Security Council": "du Conseil de sécurité",
        "Economic and Social Council": "du Conseil économique et social",
    },
    "es": {
        "General Assembly": "la Asamblea General",
        "Security Council": "el Consejo de Seguridad",
        "Economic and Social Council": "el Consejo Económico y Social",
    },
}

# The organ a letter goes to, by its addressee (a letter to the Secretary-General may be
# circulated in any organ; the General Assembly is the usual one).
ORGAN_OF_ADDRESSEE = {
    "Secretary-General": "General Assembly",
    "President of the General Assembly": "General Assembly",
    "President of the Security Council": "Security Council",
    "President of the Economic and Social Council": "Economic and Social Council",
}

WHAT = {
    "en": "the compilation of information on initiatives and activities in the area of human "
    "security by Member States and international organizations, submitted by the {group}",
    "fr": "la compilation d'informations sur les initiatives et activités des États Membres "
    "et des organisations internationales dans le domaine de la sécurité humaine, présentée "
    "par le groupe {group}",
    "es": "la recopilación de información sobre las iniciativas y actividades de los Estados "
    "Miembros y las organizaciones internacionales en materia de seguridad humana, "
    "presentada por el grupo {group}",
}
MORE = {
    "en": "further information on initiatives and activities in the area of human security, "
    "received after the issuance of document {symbol}",
    "fr": "des informations complémentaires sur les initiatives et activités dans le domaine "
    "de la sécurité humaine, reçues après la publication du document {symbol}",
    "es": "información adicional sobre las iniciativas y actividades en materia de seguridad "
    "humana, recibida tras la publicación del documento {symbol}",
}


def _honour(language: str, plural: bool, what: str) -> str:
    if language == "fr":
        subject = "Nous avons l'honneur" if plural else "J'ai l'honneur"
        return f"{subject} de vous faire tenir ci-joint {what} (voir annexe)."
    if language == "es":
        subject = "Tenemos el honor" if plural else "Tengo el honor"
        return f"{subject} de transmitirle adjunta {what} (véase el anexo)."
    subject = "We have the honour" if plural else "I have the honour"
    return f"{subject} to transmit herewith {what} (see annex)."


def _circulation(language: str, plural: bool, organ: str, agenda_numbers: list[str]) -> str:
    organ_text = ORGANS[language].get(organ, organ)
    if language == "fr":
        items = ""
        if agenda_numbers:
            word = "du point" if len(agenda_numbers) == 1 else "des points"
            items = f", au titre {word} {join_names(agenda_numbers, 'et')} de l'ordre du jour"
        subject = "Nous vous serions reconnaissants" if plural else "Je vous serais reconnaissant"
        of = organ_text if organ_text.startswith("du ") else f"de {organ_text}"
        return (
            f"{subject} de bien vouloir faire distribuer le texte de la présente lettre et de "
            f"son annexe comme document {of}{items}."
        )
    if language == "es":
        items = ""
        if agenda_numbers:
            word = "con el tema" if len(agenda_numbers) == 1 else "con los temas"
            items = f", en relación {word} {join_names(agenda_numbers, 'y')} del programa"
        subject = "Le agradeceríamos" if plural else "Le agradecería"
        of = "del " + organ_text[3:] if organ_text.startswith("el ") else f"de {organ_text}"
        return (
            f"{subject} que tuviera a bien hacer distribuir la presente carta y su anexo como "
            f"documento {of}{items}."
        )
    items = ""
    if agenda_numbers:
        word = "item" if len(agenda_numbers) == 1 else "items"
        items = f", under agenda {word} {join_names(agenda_numbers)}"
    subject = "We should be grateful" if plural else "I should be grateful"
    return (
        f"{subject} if you would have the present letter and its annex circulated as a "
        f"document of {organ_text}{items}."
    )


def letter_body(
    language: str,
    *,
    signatories: int,
    organ: str,
    agenda_numbers: list[str],
    group: str,
    addendum_to: str = "",
) -> str:
    """The letter's two paragraphs, separated by a blank line."""
    language = language if language in WHAT else "en"
    plural = signatories != 1
    what = (
        MORE[language].format(symbol=addendum_to)
        if addendum_to
        else WHAT[language].format(group=group)
    )
    return (
        _honour(language, plural, what)
        + "\n\n"
        + _circulation(language, plural, organ, agenda_numbers)
    )


ANNEX_TITLES = {
    "en": "Compilation of information on initiatives and activities in the area of human "
    "security by Member States and international organizations",
    "fr": "Compilation d'informations sur les initiatives et activités des États Membres et "
    "des organisations internationales dans le domaine de la sécurité humaine",
    "es": "Recopilación de información sobre las iniciativas y actividades de los Estados "
    "Miembros y las organizaciones internacionales en materia de seguridad humana",
}


def annex_title(language: str) -> str:
    return ANNEX_TITLES.get(language, ANNEX_TITLES["en"])
