"""Dates as the United Nations writes them, and dates known only to the month or year.

A reply may say "15 May 2007", "May 2007" or just "2007". A PartialDate keeps what was
said and no more: its precision, and the first and last day of the period it names.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}

# Month names and common abbreviations in the three working languages, for parsing.
_MONTH_NUMBERS: dict[str, int] = {}
for _names in MONTHS.values():
    for _number, _name in enumerate(_names, start=1):
        _MONTH_NUMBERS[_name.lower()] = _number
        _MONTH_NUMBERS[_name[:3].lower()] = _number
_MONTH_NUMBERS.update({"fevrier": 2, "aout": 8, "decembre": 12, "sept": 9, "setiembre": 9})


class DateError(ValueError):
    """A date that cannot be read or does not exist; the message names it."""


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if self.day is not None and self.month is None:
            raise DateError(_("A day needs a month."))
        if not 1 <= self.year <= 9999:
            raise DateError(_("%(year)s is not a year.") % {"year": self.year})
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(_("%(month)s is not a month.") % {"month": self.month})
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateError(
                    _("%(day)s %(month)s %(year)s does not exist.")
                    % {"day": self.day, "month": MONTHS["en"][self.month - 1], "year": self.year}
                )

    @property
    def precision(self) -> str:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @classmethod
    def from_date(cls, value: dt.date, precision: str) -> PartialDate:
        """Rebuild from a stored day and its precision (any day inside the period works)."""
        if precision == Precision.DAY:
            return cls(value.year, value.month, value.day)
        if precision == Precision.MONTH:
            return cls(value.year, value.month)
        if precision == Precision.YEAR:
            return cls(value.year)
        raise DateError(_("Unknown precision %(precision)r.") % {"precision": precision})

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read "2007", "2007-05", "2007-05-15", "May 2007", "15 May 2007", "15 mai 2007",
        "15 de mayo de 2007", "May 15, 2007" or "15/05/2007" (day first, as at the UN)."""
        value = " ".join(str(text).replace(",", " ").split()).lower()
        value = re.sub(r"\bde\b|\bdel\b|(?<=\b1)er\b", " ", value)
        value = " ".join(value.split())
        patterns = [
            (r"(\d{4})", lambda m: cls(int(m[1]))),
            (r"(\d{4})-(\d{1,2})", lambda m: cls(int(m[1]), int(m[2]))),
            (r"(\d{4})-(\d{1,2})-(\d{1,2})", lambda m: cls(int(m[1]), int(m[2]), int(m[3]))),
            (r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", lambda m: cls(int(m[3]), int(m[2]), int(m[1]))),
            (r"(\d{1,2})[/.](\d{4})", lambda m: cls(int(m[2]), int(m[1]))),
            (r"([^\d\s]+)\.? (\d{4})", lambda m: cls(int(m[2]), _month(m[1], text))),
            (
                r"(\d{1,2}) ([^\d\s]+)\.? (\d{4})",
                lambda m: cls(int(m[3]), _month(m[2], text), int(m[1])),
            ),
            (
                r"([^\d\s]+)\.? (\d{1,2}) (\d{4})",
                lambda m: cls(int(m[3]), _month(m[1], text), int(m[2])),
            ),
        ]
        for pattern, build in patterns:
            match = re.fullmatch(pattern, value)
            if match:
                return build(match)
        raise DateError(_("%(text)r is not a date we can read.") % {"text": text})

    def iso(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def format(self, language: str = "en") -> str:
        """The date as the United Nations writes it in that language."""
        if self.month is None:
            return str(self.year)
        month = MONTHS.get(language, MONTHS["en"])[self.month - 1]
        if language == "es":
            return (
                f"{self.day} de {month} de {self.year}" if self.day else f"{month} de {self.year}"
            )
        if self.day is None:
            return f"{month} {self.year}"
        # French writes the first of the month as an ordinal: "1er octobre 2007".
        day = "1er" if language == "fr" and self.day == 1 else self.day
        return f"{day} {month} {self.year}"

    def __str__(self) -> str:
        return self.format("en")


def _month(name: str, text: str) -> int:
    number = _MONTH_NUMBERS.get(name.strip(".").lower())
    if number is None:
        raise DateError(_("%(text)r is not a date we can read.") % {"text": text})
    return number


def un_date(value: dt.date, language: str = "en") -> str:
    """20 April 2007 / 20 avril 2007 / 20 de abril de 2007: no comma, no ordinal."""
    return PartialDate(value.year, value.month, value.day).format(language)
