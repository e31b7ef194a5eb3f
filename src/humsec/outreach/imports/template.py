"""The initiatives template focal points fill in: .xlsx (with a help sheet) or .csv,
in English, French or Spanish, optionally prefilled with their earlier initiatives.

The output is deterministic: the same rows give the same bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

from humsec.dates import PartialDate
from humsec.initiatives.models import Theme
from humsec.outreach.imports import vocabulary as vocab
from humsec.outreach.imports.vocabulary import COLUMNS
from humsec.roster.models import Participant
from humsec.spreadsheets import safe_cell

WIDTHS = {
    "id": 8,
    "status": 10,
    "title": 40,
    "description": 60,
    "kind": 14,
    "start": 13,
    "end": 13,
    "city": 16,
    "country": 20,
    "lead": 20,
    "partners": 26,
    "themes": 36,
    "url": 32,
    "language": 10,
}
FIXED_TIME = dt.datetime(2000, 1, 1)

HELP = {
    "en": {
        "intro": "One row per initiative. Keep the first row (the column names) as it is.",
        "dates": "Dates: 15 May 2007, May 2007 or 2007 (also 2007-05-15 or 2007-05). Give "
        "only what you know: a month or a year is enough. Seasons (spring 2007) are not "
        "accepted.",
        "lists": "Several partners or themes: separate them with a semicolon (JPN; MEX).",
        "status": "Rows with an id are initiatives reported earlier: write keep (unchanged), "
        "update (take the values of the row) or retire (remove it). Do not change the id.",
        "formulas": "Type values: cells holding formulas are refused.",
        "heads": ("column", "what to write", "kinds", "word", "themes", "code", "name"),
        "columns": {
            "id": "Number of an earlier initiative: do not change it",
            "status": "keep, update or retire",
            "title": "Name of the initiative (required)",
            "description": "What it is and does, in a few sentences",
            "kind": "One of the kinds below (required)",
            "start": "When it starts or took place",
            "end": "When it ends or ended; empty if it goes on",
            "city": "City where it takes place",
            "country": "State where it takes place: name or code (Viet Nam, VNM)",
            "lead": "Participant leading it: name or code (JPN)",
            "partners": "Partner participants, separated by ;",
            "themes": "Theme codes or names, separated by ;",
            "url": "Web address, starting with http:// or https://",
            "language": "Language of the row: en, fr, es, ar, zh or ru",
        },
    },
    "fr": {
        "intro": "Une ligne par initiative. Ne modifiez pas la première ligne (les noms des "
        "colonnes).",
        "dates": "Dates : 15 mai 2007, mai 2007 ou 2007 (ou 2007-05-15, 2007-05). N'indiquez "
        "que ce que vous savez : un mois ou une année suffit. Les saisons (printemps 2007) "
        "ne sont pas acceptées.",
        "lists": "Plusieurs partenaires ou thèmes : séparez-les par un point-virgule (JPN; MEX).",
        "status": "Les lignes avec un id sont des initiatives déjà communiquées : écrivez "
        "keep (inchangée), update (prendre les valeurs de la ligne) ou retire (la retirer). "
        "Ne modifiez pas l'id.",
        "formulas": "Saisissez des valeurs : les cellules contenant des formules sont refusées.",
        "heads": ("colonne", "que saisir", "types", "mot", "thèmes", "code", "nom"),
        "columns": {
            "id": "Numéro d'une initiative déjà communiquée : ne le modifiez pas",
            "status": "keep, update ou retire",
            "title": "Nom de l'initiative (obligatoire)",
            "description": "Ce qu'elle est et ce qu'elle fait, en quelques phrases",
            "kind": "L'un des types ci-dessous (obligatoire)",
            "start": "Date de début ou date de l'événement",
            "end": "Date de fin ; vide si elle se poursuit",
            "city": "Ville où elle a lieu",
            "country": "État où elle a lieu : nom ou code (Viet Nam, VNM)",
            "lead": "Participant chef de file : nom ou code (JPN)",
            "partners": "Participants partenaires, séparés par ;",
            "themes": "Codes ou noms des thèmes, séparés par ;",
            "url": "Adresse web commençant par http:// ou https://",
            "language": "Langue de la ligne : en, fr, es, ar, zh ou ru",
        },
    },
    "es": {
        "intro": "Una fila por iniciativa. No modifique la primera fila (los nombres de las "
        "columnas).",
        "dates": "Fechas: 15 de mayo de 2007, mayo de 2007 o 2007 (o 2007-05-15, 2007-05). "
        "Indique solo lo que sepa: un mes o un año basta. No se aceptan estaciones "
        "(primavera de 2007).",
        "lists": "Varios asociados o temas: sepárelos con punto y coma (JPN; MEX).",
        "status": "Las filas con id son iniciativas ya comunicadas: escriba keep (sin "
        "cambios), update (tomar los valores de la fila) o retire (retirarla). No modifique "
        "el id.",
        "formulas": "Escriba valores: no se aceptan celdas con fórmulas.",
        "heads": ("columna", "qué escribir", "tipos", "palabra", "temas", "código", "nombre"),
        "columns": {
            "id": "Número de una iniciativa ya comunicada: no lo modifique",
            "status": "keep, update o retire",
            "title": "Nombre de la iniciativa (obligatorio)",
            "description": "Qué es y qué hace, en pocas frases",
            "kind": "Uno de los tipos indicados abajo (obligatorio)",
            "start": "Cuándo empieza o tuvo lugar",
            "end": "Cuándo termina o terminó; vacío si continúa",
            "city": "Ciudad donde tiene lugar",
            "country": "Estado donde tiene lugar: nombre o código (Viet Nam, VNM)",
            "lead": "Participante responsable: nombre o código (JPN)",
            "partners": "Participantes asociados, separados por ;",
            "themes": "Códigos o nombres de los temas, separados por ;",
            "url": "Dirección web que empiece por http:// o https://",
            "language": "Idioma de la fila: en, fr, es, ar, zh o ru",
        },
    },
}


def initiatives_template(rows: list[dict], fmt: str, language: str = "en") -> bytes:
    """The template, with one row per earlier initiative (then with id and status first)."""
    language = language if language in vocab.LANGS else "en"
    lang = vocab.LANGS.index(language)
    columns = (["id", "status"] if rows else []) + COLUMNS
    header = [vocab.HEADERS[column][lang] for column in columns]
    body = [[_text(row, column, lang) for column in columns] for row in rows]
    if fmt == "csv":
        return _csv(header, body)
    if fmt == "xlsx":
        return _xlsx(columns, header, body, language)
    raise ValueError(f"Unknown template format {fmt!r}: use 'xlsx' or 'csv'.")


def plain(value) -> str:
    """A value of InitiativeRow.values as the template writes it."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, Participant):
        return value.code
    if isinstance(value, Theme):
        return value.code
    if isinstance(value, list | tuple | set):
        return "; ".join(plain(item) for item in value)
    return str(value).strip()


def _text(row: dict, column: str, lang: int) -> str:
    value = plain(row.get(column))
    if column == "status":
        return value or "keep"
    if column == "kind" and value in vocab.KIND_LABELS:
        return vocab.KIND_LABELS[value][lang]
    return value


def _csv(header: list[str], body: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for cells in body:
        writer.writerow([safe_cell(cell) for cell in cells])
    return out.getvalue().encode("utf-8-sig")


def _xlsx(columns: list[str], header: list[str], body: list[list[str]], language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.properties.creator = "humsec"
    workbook.properties.created = FIXED_TIME
    sheet = workbook.active
    sheet.title = vocab.SHEET_TITLES[language]
    bold = Font(bold=True)
    for cells in [header, *body]:
        sheet.append(cells)
    for row in sheet.iter_rows():
        for cell in row:
            cell.data_type = "s"  # text, never a formula, whatever it starts with
            cell.number_format = "@"
            cell.alignment = Alignment(vertical="top", wrap_text=cell.row > 1)
            if cell.row == 1:
                cell.font = bold
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS[column]
        sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    lang = vocab.LANGS.index(language)
    choices = {
        "kind": [labels[lang] for labels in vocab.KIND_LABELS.values()],
        "status": ["keep", "update", "retire"],
        "language": list(vocab.LANGUAGE_NAMES),
    }
    for column, values in choices.items():
        if column in columns:
            letter = get_column_letter(columns.index(column) + 1)
            # A drop-down that suggests, without refusing other spellings.
            validation = DataValidation(
                type="list", formula1='"' + ",".join(values) + '"', showErrorMessage=False
            )
            validation.add(f"{letter}2:{letter}5000")
            sheet.add_data_validation(validation)
    _help_sheet(workbook.create_sheet(vocab.HELP_TITLES[language]), columns, language, bold)
    out = io.BytesIO()
    workbook.save(out)
    return _fixed_zip(out.getvalue())


def _help_sheet(sheet, columns: list[str], language: str, bold) -> None:
    texts = HELP[language]
    lang = vocab.LANGS.index(language)
    heads = texts["heads"]
    lines: list[tuple] = [(texts[key],) for key in ("intro", "dates", "lists", "formulas")]
    if "id" in columns:
        lines.append((texts["status"],))
    lines += [(), (heads[0], heads[1], "head")]
    lines += [(vocab.HEADERS[column][lang], texts["columns"][column]) for column in columns]
    lines += [(), (heads[2], "head"), (heads[3], heads[5], "head")]
    lines += [(labels[lang], kind) for kind, labels in vocab.KIND_LABELS.items()]
    lines += [(), (heads[4], "head"), (heads[5], heads[6], "head")]
    for theme in Theme.objects.order_by("order", "code"):
        name = getattr(theme, f"name_{language}", "") or theme.name_en
        lines.append((theme.code, name))
    for line in lines:
        is_head = line[-1:] == ("head",)
        cells = line[:-1] if is_head else line
        sheet.append(list(cells))
        if is_head:
            for cell in sheet[sheet.max_row]:
                cell.font = bold
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 70


def _fixed_zip(data: bytes) -> bytes:
    """The same bytes for the same content: fixed times inside the file and on its parts."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, content)
    return out.getvalue()
