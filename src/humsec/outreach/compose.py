"""The plain data a letter or an email is made from, in the letter's language."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext as _

from humsec.dates import un_date
from humsec.outreach.models import Recipient, Request
from humsec.roster.models import Participant
from humsec.roster.names import Name, join_names

# The fields a letter text may use, as {name}.
FIELDS = {"recipient", "mission", "deadline", "link"}
_FIELD = re.compile(r"\{(\w+)\}")

# "of" + a name with its article, which French and Spanish contract.
_OF = {
    "fr": {"le": "du ", "la": "de la ", "les": "des ", "l'": "de l'", "": "de "},
    "es": {"el": "del ", "la": "de la ", "los": "de los ", "las": "de las ", "": "de "},
}
_AND = {"en": "and", "fr": "et", "es": "y"}


def unknown_fields(text: str) -> list[str]:
    """Fields in a letter text that humsec cannot fill, e.g. {recipent}."""
    return sorted({name for name in _FIELD.findall(text) if name not in FIELDS})


def fill(text: str, values: dict[str, str]) -> str:
    return _FIELD.sub(lambda m: values.get(m[1], m[0]), text)


def of_name(name: Name, language: str) -> str:
    """ "of Thailand", "du Mexique", "de los Países Bajos"; English keeps "the"."""
    if language in _OF:
        return _OF[language].get(name.article, "de ") + name.short
    return "of " + name.running


def name_of(participant: Participant, request: Request, language: str) -> Name:
    return participant.name_on(request.letter_date, language)


def mission_of(participant: Participant, request: Request, language: str) -> str:
    if not participant.is_state:
        return name_of(participant, request, language).running
    with translation.override(language):
        return _("Permanent Mission %(of_country)s to the United Nations") % {
            "of_country": of_name(name_of(participant, request, language), language)
        }


def sender(request: Request, language: str) -> str:
    countries = [
        of_name(name_of(s.participant, request, language), language)
        for s in request.signatories.all()
    ]
    if language == "en":
        countries = [c.removeprefix("of ") for c in countries]
        joined = join_names(countries, "and")
        return f"Permanent Missions of {joined} to the United Nations"
    with translation.override(language):
        return _("Permanent Missions %(of_countries)s to the United Nations") % {
            "of_countries": join_names(countries, _AND[language])
        }


def letter_data(recipient: Recipient, link: str) -> dict:
    """Everything the letter renderers need, as plain data."""
    request, language = recipient.request, recipient.language
    values = {
        "recipient": name_of(recipient.participant, request, language).running,
        "mission": mission_of(recipient.participant, request, language),
        "deadline": un_date(request.deadline, language),
        "link": link,
    }
    text = fill(request.letter_text(language), values)
    with translation.override(language):
        salutation = _("Excellency,")
        closing = _("Please accept, Excellency, the assurances of our highest consideration.")
    return {
        "language": language,
        "letter_date": request.letter_date.isoformat(),
        "reference": request.reference,
        "sender": sender(request, language),
        "recipient": {"name": values["recipient"], "mission": values["mission"], "address": ""},
        "salutation": salutation,
        "subject": request.title,
        "paragraphs": [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()],
        "deadline": request.deadline.isoformat(),
        "link": link,
        "closing": closing,
        "signatories": [
            {
                "name": s.name,
                "title": s.title,
                "country": s.participant.name_on(request.letter_date).short,
            }
            for s in request.signatories.all()
        ],
    }


DEFAULT_LETTER = {
    "en": (
        "We have the honour to write to you in our capacity as co-chairs of the Friends of "
        "Human Security. The Friends agreed to compile information on past, present and "
        "future initiatives and activities of Member States and international organizations "
        "in the area of human security, with a view to its circulation as a United Nations "
        "document.\n\n"
        "We should be grateful if {recipient} would provide information on its initiatives "
        "and activities in this regard by {deadline}. A narrative reply, a table of "
        "initiatives and any publications may be sent through this personal link:\n\n{link}"
    ),
    "fr": (
        "Nous avons l'honneur de vous écrire en notre qualité de coprésidents des Amis de la "
        "sécurité humaine. Les Amis sont convenus de rassembler des informations sur les "
        "initiatives et activités passées, présentes et futures des États Membres et des "
        "organisations internationales dans le domaine de la sécurité humaine, en vue de "
        "leur distribution comme document de l'Organisation des Nations Unies.\n\n"
        "Nous vous serions reconnaissants de bien vouloir nous communiquer les informations "
        "relatives aux initiatives et activités de {recipient} à cet égard d'ici au "
        "{deadline}. Une réponse rédigée, un tableau des initiatives et toute publication "
        "peuvent être transmis au moyen du lien personnel suivant :\n\n{link}"
    ),
    "es": (
        "Tenemos el honor de dirigirnos a usted en nuestra calidad de copresidentes de los "
        "Amigos de la Seguridad Humana. Los Amigos acordaron reunir información sobre las "
        "iniciativas y actividades pasadas, presentes y futuras de los Estados Miembros y las "
        "organizaciones internacionales en la esfera de la seguridad humana, con miras a su "
        "distribución como documento de las Naciones Unidas.\n\n"
        "Le agradeceríamos que {recipient} nos hiciera llegar información sobre sus "
        "iniciativas y actividades al respecto a más tardar el {deadline}. Una respuesta "
        "redactada, un cuadro de iniciativas y cualquier publicación pueden enviarse mediante "
        "el siguiente enlace personal:\n\n{link}"
    ),
}
