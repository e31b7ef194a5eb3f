"""Names in UNTERM form: "Republic of Korea (the)" is "Republic of Korea" with "the"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNTERM = re.compile(r"^(?P<name>.*?)\s*\((?P<article>the|le|la|les|l'|el|los|las)\)$")


@dataclass(frozen=True)
class Name:
    short: str
    article: str = ""
    formal: str = ""

    @classmethod
    def from_unterm(cls, text: str, formal: str = "") -> Name:
        match = _UNTERM.match(text.strip())
        if match:
            return cls(match["name"], match["article"], formal)
        return cls(text.strip(), "", formal)

    @property
    def running(self) -> str:
        """The name inside a sentence: "the Republic of Korea", "l'Afghanistan"."""
        if not self.article:
            return self.short
        if self.article.endswith("'"):
            return f"{self.article}{self.short}"
        return f"{self.article} {self.short}"

    @property
    def unterm(self) -> str:
        return f"{self.short} ({self.article})" if self.article else self.short

    def __str__(self) -> str:
        return self.short


def join_names(names: list[str], conjunction: str = "and") -> str:
    """A list in running text, without the serial comma: "Slovenia, Switzerland and Thailand"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"
