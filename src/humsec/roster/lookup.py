"""Find a participant from what people write: a code, a name, a former name or an alias."""

from __future__ import annotations

import unicodedata

from humsec.roster.models import Participant, ParticipantAlias, ParticipantName


def normalize(text: str) -> str:
    """Case, accents, apostrophes and extra spaces do not matter when matching names."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())


class ParticipantIndex:
    """All participants keyed by every way of writing them, built once per load."""

    def __init__(self):
        self.by_key: dict[str, Participant] = {}
        participants = {p.pk: p for p in Participant.objects.all()}
        for participant in participants.values():
            for key in (
                participant.code,
                participant.short_name,
                participant.acronym,
                participant.formal_name,
            ):
                self._add(key, participant)
        for row in ParticipantName.objects.all():
            self._add(row.short_name, participants[row.participant_id])
        for row in ParticipantAlias.objects.all():
            self._add(row.alias, participants[row.participant_id])

    def _add(self, key: str, participant: Participant) -> None:
        if key:
            self.by_key.setdefault(normalize(key), participant)
            if normalize(key).startswith("the "):
                self.by_key.setdefault(normalize(key)[4:], participant)

    def search(self, text: str) -> set[int]:
        """Ids of participants any of whose names or aliases contains the text, ignoring
        case and accents ("cote d'ivoire" finds Côte d'Ivoire)."""
        text = normalize(text or "")
        return {p.pk for key, p in self.by_key.items() if text and text in key}

    def get(self, text: str) -> Participant | None:
        text = normalize(text or "")
        return self.by_key.get(text) or self.by_key.get(text.removeprefix("the "))


def parse_signatory(text: str, index: ParticipantIndex) -> tuple:
    """ "Japan|Yukio Takasu|Permanent Representative" -> (Japan, name, title), for the
    command lines; ValueError names what is wrong."""
    parts = [part.strip() for part in text.split("|")]
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"--signatory {text!r}: write it as Country|Name|Title.")
    country = index.get(parts[0])
    if country is None or not country.is_state:
        raise ValueError(f"--signatory {text!r}: {parts[0]!r} is not a State we know.")
    return country, parts[1], parts[2]
