"""Structured initiatives from a spreadsheet (.xlsx) or a .csv file, and the template that
focal points fill in.

Pure functions: read_initiatives() returns plain dataclasses with the values resolved
(kinds, dates with their precision, participants, themes) and every problem found, per row
and per field; nothing is written to the database here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from humsec.dates import DateError, PartialDate
from humsec.initiatives.models import Theme
from humsec.outreach.imports import vocabulary as vocab
from humsec.outreach.imports.template import initiatives_template
from humsec.outreach.imports.uploads import UploadRejected, check_zip_headers, decode_text
from humsec.outreach.imports.vocabulary import COLUMNS
from humsec.roster.lookup import ParticipantIndex, normalize
from humsec.roster.models import Participant
from humsec.spreadsheets import FORMULA_STARTS

__all__ = [
    "COLUMNS",
    "InitiativeImport",
    "InitiativeRow",
    "Problem",
    "initiatives_template",
    "read_initiatives",
]

REQUIRED = ("title", "kind", "start")
OPTIONAL_FIRST = ("id", "status")
MAX_LENGTHS = {"title": 500, "city": 100, "url": 500}
FORMULA = gettext_noop("%(field)s: formulas are not accepted: type the value")
# Each imported row is several writes inside one web request: a file of a few hundred
# thousand rows would hold a worker for an hour. A participant reports dozens.
MAX_ROWS = 1000


def too_many_rows() -> str:
    return _(
        "This file holds more than %(max)s initiatives, more than one upload takes. "
        "Split it into files of at most %(max)s rows, each with the first row of "
        "column names, and upload them one by one."
    ) % {"max": f"{MAX_ROWS:,}"}


@dataclass(frozen=True)
class Problem:
    """Something to fix. row is the spreadsheet row (1 = header) or None for the file;
    field is a column name or None. The message starts with the field's name."""

    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        return _("Row %(row)s: %(problem)s") % {"row": self.row, "problem": self.message}


@dataclass
class InitiativeRow:
    row: int
    values: dict
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class InitiativeImport:
    rows: list[InitiativeRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(row.ok for row in self.rows)

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [problem for row in self.rows for problem in row.problems]


class _Formula:
    """A cell that held a formula: never evaluated, reported."""


FORMULA_CELL = _Formula()
Cell = str | PartialDate | _Formula


def read_initiatives(data: bytes, kind: str, default_language: str = "en") -> InitiativeImport:
    """Read the initiatives of an .xlsx ("xlsx") or .csv ("csv") file."""
    if kind not in {"xlsx", "csv"}:
        raise ValueError(f"Unknown kind {kind!r}: use 'xlsx' or 'csv'.")
    result = InitiativeImport()
    table = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data, result.warnings)
    try:
        _first, header = next(table, (1, []))
        columns = _columns(header, result)
        if result.problems:
            return result
        reader = _RowReader(default_language)
        for number, cells in table:
            values = {
                columns[i]: cell for i, cell in enumerate(cells) if i in columns and cell != ""
            }
            if values and len(result.rows) == MAX_ROWS:
                result.problems.append(Problem(None, None, too_many_rows()))
                result.rows = []
                return result
            if values:
                result.rows.append(reader.read(number, values))
    except UploadRejected as error:
        result.problems.append(Problem(None, None, error.message))
        return result
    finally:
        table.close()  # closes the workbook when reading stopped early
    _check_ids(result)
    return result


# Reading cells ------------------------------------------------------------------------


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Cell]]]:
    from openpyxl import load_workbook  # openpyxl parses with defusedxml when installed

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip_headers(archive.infolist())
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except UploadRejected:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise UploadRejected(
            _(
                "This workbook could not be read: it may be damaged or not an .xlsx file. "
                "Save it again as .xlsx and upload the new copy."
            )
        ) from error
    try:
        sheet = next(
            (ws for ws in workbook.worksheets if normalize(ws.title) in vocab.SHEET_NAMES),
            workbook.worksheets[0],
        )
        number = 0
        for cells in sheet.iter_rows():
            number = next((c.row for c in cells if getattr(c, "row", None)), number + 1)
            yield number, [_xlsx_cell(cell) for cell in cells]
    finally:
        workbook.close()


def _xlsx_cell(cell) -> Cell:
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "f":
        return FORMULA_CELL
    if not isinstance(value, str | int | float | dt.date | dt.time | bool):
        return FORMULA_CELL  # array and data-table formulas come as objects
    if isinstance(value, dt.datetime | dt.date):
        shown = re.sub(r'\[[^\]]*\]|"[^"]*"', "", (cell.number_format or "").lower())
        if "d" not in shown and "m" in shown:
            return PartialDate(value.year, value.month)
        if "d" not in shown and "y" in shown:
            return PartialDate(value.year)
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _csv_rows(data: bytes, warnings: list[str]) -> Iterator[tuple[int, list[Cell]]]:
    text, warning = decode_text(data, "csv")
    if warning:
        warnings.append(warning)
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for number in itertools.count(1):
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise UploadRejected(_csv_problem(number, error)) from error
        yield number, [_csv_cell(cell) for cell in cells]


def _csv_problem(number: int, error: csv.Error) -> str:
    if "field limit" in str(error):
        return _(
            "Row %(row)s holds a cell of more than %(limit)s characters, far more than any "
            "initiative needs; this may not be the template. Shorten it and upload again."
        ) % {"row": number, "limit": f"{csv.field_size_limit():,}"}
    # Translators: %(error)s is Python's own description of the problem, in English.
    return _("Row %(row)s cannot be read as CSV (%(error)s). Save the file again as CSV UTF-8.") % {
        "row": number,
        "error": error,
    }


def _csv_cell(text: str) -> str:
    """Kept as text whatever it starts with; the "'" the template puts before a formula's
    first character (so that spreadsheets do not run it) is taken off again."""
    text = text.strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:].strip()
    return text


def _columns(header: list[Cell], result: InitiativeImport) -> dict[int, str]:
    columns: dict[int, str] = {}
    seen: dict[str, int] = {}
    for index, cell in enumerate(header):
        if not isinstance(cell, str) or not cell:
            continue
        name = vocab.HEADER_ALIASES.get(vocab.header_key(cell))
        if name is None:
            result.warnings.append(
                _("The column %(column)s is not one we read; it was ignored.")
                % {"column": repr(cell)}
            )
        elif name in seen:
            message = _("%(field)s: the column appears twice (%(column)s); keep one.") % {
                "field": name,
                "column": repr(cell),
            }
            result.problems.append(Problem(1, name, message))
        else:
            seen[name] = index
            columns[index] = name
    if not columns:
        result.problems.append(
            Problem(
                1,
                None,
                _(
                    "The first row must name the columns (title, kind, start, ...); "
                    "download the template to see them."
                ),
            )
        )
        return columns
    for name in REQUIRED:
        if name not in seen:
            message = _(
                "%(field)s: the column %(column)s is missing; add it to the first row "
                "(in French %(french)s, in Spanish %(spanish)s)."
            ) % {
                "field": name,
                "column": repr(name),
                "french": repr(vocab.HEADERS[name][1]),
                "spanish": repr(vocab.HEADERS[name][2]),
            }
            result.problems.append(Problem(1, name, message))
    return columns


def _check_ids(result: InitiativeImport) -> None:
    first_row: dict[int, int] = {}
    for row in result.rows:
        number = row.values.get("id")
        if number is None:
            continue
        if number in first_row:
            message = _("id: %(number)s already appears on row %(row)s.") % {
                "number": number,
                "row": first_row[number],
            }
            row.problems.append(Problem(row.row, "id", message))
        else:
            first_row[number] = row.row


# Reading values -----------------------------------------------------------------------


class _Participants:
    """ParticipantIndex, plus names given by their start ("Royaume-Uni" for
    "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord") when only one participant fits."""

    def __init__(self):
        self.index = ParticipantIndex()
        self.cache: dict[str, Participant | list[Participant] | None] = {}

    def find(self, text: str) -> Participant | list[Participant] | None:
        key = normalize(text)
        if key not in self.cache:
            found = self.index.get(text)
            if found is None and key:
                starts = (key + " ", key + ",", key + "(")
                matches = {
                    p.pk: p for name, p in self.index.by_key.items() if name.startswith(starts)
                }
                if len(matches) == 1:
                    found = next(iter(matches.values()))
                elif matches:
                    found = sorted(matches.values(), key=lambda p: p.short_name)
            self.cache[key] = found
        return self.cache[key]


class _Themes:
    def __init__(self):
        self.by_key: dict[str, Theme] = {}
        for theme in Theme.objects.all():
            for name in (theme.code, theme.name_en, theme.name_fr, theme.name_es):
                if name:
                    self.by_key.setdefault(vocab.word_key(name), theme)

    def get(self, text: str) -> Theme | None:
        return self.by_key.get(vocab.word_key(text))


class _RowReader:
    def __init__(self, default_language: str):
        self.default_language = default_language
        self.participants = _Participants()
        self.themes = _Themes()

    def read(self, number: int, cells: dict[str, Cell]) -> InitiativeRow:
        row = InitiativeRow(number, {})
        self.row = row
        text = {}
        for name, cell in cells.items():
            if cell is FORMULA_CELL:
                self.problem(name, _(FORMULA) % {"field": name})
            else:
                text[name] = cell
        values = row.values
        values["id"] = self._id(text.get("id"))
        values["status"] = self._status(text.get("status"), values["id"])
        values["title"] = self._required(text, "title", cells)
        values["description"] = _plain(text.get("description"))
        values["kind"] = self._kind(text.get("kind"), cells)
        values["start"] = self._date("start", text.get("start"))
        values["end"] = self._date("end", text.get("end"))
        start, end = values["start"], values["end"]
        if start and end and end.last_day < start.first_day:
            self.problem(
                "end",
                _("end: %(end)s is before the start, %(start)s.") % {"end": end, "start": start},
            )
        values["city"] = _plain(text.get("city"))
        values["country"] = self._participant("country", text.get("country"), state=True)
        values["lead"] = self._participant("lead", text.get("lead"))
        values["partners"] = self._list("partners", text.get("partners"), self._participant)
        values["themes"] = self._list("themes", text.get("themes"), self._theme)
        values["url"] = self._url(text.get("url"))
        values["language"] = self._language(text.get("language"))
        for name, limit in MAX_LENGTHS.items():
            if len(values[name] or "") > limit:
                length = len(values[name])
                message = _("%(field)s: %(length)s characters, more than the %(limit)s allowed.")
                self.problem(name, message % {"field": name, "length": length, "limit": limit})
        if values["status"] == "retire":
            # Retiring needs only the id: the rest of the row is what we sent.
            row.problems = [p for p in row.problems if p.field in {"id", "status"}]
        return row

    def problem(self, name: str, message: str) -> None:
        """Record a problem with a field; the message starts with the field's name."""
        self.row.problems.append(Problem(self.row.row, name, message))

    def _required(self, text: dict, name: str, cells: dict) -> str:
        value = _plain(text.get(name))
        if not value and name not in cells:
            self.problem(name, _("%(field)s: a %(field)s is required.") % {"field": name})
        return value

    def _id(self, value: Cell | None) -> int | None:
        if not value:
            return None
        if isinstance(value, str) and re.fullmatch(r"\d{1,12}", value) and int(value) > 0:
            return int(value)
        self.problem(
            "id",
            _(
                "id: %(value)s is not the number of an initiative; leave the id as it was "
                "sent, or empty for a new initiative."
            )
            % {"value": repr(_plain(value))},
        )
        return None

    def _status(self, value: Cell | None, number: int | None) -> str:
        """new (no id), or keep, update or retire an earlier initiative; an id without a
        status is an update: the caller compares the values with what it sent."""
        if not value:
            return "new" if number is None else "update"
        status = vocab.STATUS_WORDS.get(vocab.word_key(_plain(value)))
        if status is None:
            self.problem(
                "status",
                _("status: %(value)s is not one of keep, update or retire.")
                % {"value": repr(_plain(value))},
            )
            return "new" if number is None else "update"
        if number is None:
            if status != "update":
                self.problem(
                    "status",
                    _("status: %(status)s needs the id of an earlier initiative.")
                    % {"status": repr(status)},
                )
            return "new"
        return status

    def _kind(self, value: Cell | None, cells: dict) -> str | None:
        if not value:
            if "kind" not in cells:
                self.problem(
                    "kind",
                    _("kind: the kind is required (%(kinds)s).") % {"kinds": vocab.KIND_HINT},
                )
            return None
        kind = vocab.KIND_WORDS.get(vocab.word_key(_plain(value)))
        if kind is None:
            self.problem(
                "kind",
                _("kind: %(value)s is not a kind we know: use %(kinds)s.")
                % {"value": repr(_plain(value)), "kinds": vocab.KIND_HINT},
            )
        return kind

    def _date(self, name: str, value: Cell | None) -> PartialDate | None:
        if not value:
            return None
        if isinstance(value, PartialDate):
            return value
        try:
            return PartialDate.parse(value)
        except DateError as error:
            words = set(re.findall(r"\w+", normalize(value)))
            if words & vocab.SEASONS:
                message = _("%(field)s: %(value)s is a season: give a month (May 2007) or a year.")
                self.problem(name, message % {"field": name, "value": repr(value)})
            else:
                message = _("%(field)s: %(error)s Write 15 May 2007, May 2007, 2007 or 2007-05-15.")
                self.problem(name, message % {"field": name, "error": error})
            return None

    def _participant(self, name: str, value: str, state: bool = False) -> Participant | None:
        if not value:
            return None
        found = self.participants.find(value)
        if isinstance(found, list):
            names = ", ".join(p.short_name for p in found[:4])
            self.problem(
                name,
                _(
                    "%(field)s: %(value)s could be several participants (%(names)s); write the "
                    "full name or the code."
                )
                % {"field": name, "value": repr(value), "names": names},
            )
            return None
        if found is None:
            message = _("%(field)s: %(value)s is not a participant we know.")
            self.problem(name, message % {"field": name, "value": repr(value)})
            return None
        if state and not found.is_state:
            message = _("%(field)s: %(value)s is not a State; the country is where it takes place.")
            self.problem(name, message % {"field": name, "value": repr(value)})
            return None
        return found

    def _theme(self, name: str, value: str) -> Theme | None:
        theme = self.themes.get(value)
        if theme is None:
            self.problem(
                name,
                _(
                    "%(field)s: %(value)s is not a theme we know (see the theme codes in the "
                    "help sheet of the template)."
                )
                % {"field": name, "value": repr(value)},
            )
        return theme

    def _list(self, name: str, value: Cell | None, find) -> list:
        found: list = []
        for part in _plain(value).split(";"):
            part = part.strip()
            if part:
                item = find(name, part)
                if item is not None and item not in found:
                    found.append(item)
        return found

    def _url(self, value: Cell | None) -> str:
        url = _plain(value)
        if url:
            parts = urlsplit(url)
            if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
                self.problem(
                    "url",
                    _(
                        "url: %(value)s is not a web address: it must start with http:// "
                        "or https://."
                    )
                    % {"value": repr(url)},
                )
        return url

    def _language(self, value: Cell | None) -> str:
        if not value:
            return self.default_language
        code = vocab.LANGUAGE_WORDS.get(vocab.word_key(_plain(value)))
        if code is None:
            self.problem(
                "language",
                _("language: %(value)s is not a language we know: use en, fr, es, ar, zh or ru.")
                % {"value": repr(_plain(value))},
            )
            return self.default_language
        return code


def _plain(value: Cell | None) -> str:
    if value is None or value is FORMULA_CELL:
        return ""
    if isinstance(value, PartialDate):
        return value.iso()
    return str(value).strip()
