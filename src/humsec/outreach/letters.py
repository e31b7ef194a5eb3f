"""The co-chairs' joint letter to one recipient, in Word (.docx) and PDF.

Both renderers are fed by one plain dict (never by model objects)::

    {
        "language": "en",                 # en | fr | es
        "letter_date": "2007-05-21",      # ISO date (or datetime.date)
        "reference": "FHS/2007/1",        # may be ""
        "sender": "Permanent Missions of Japan and Mexico to the United Nations",
        "recipient": {"name": "Thailand", "mission": "Permanent Mission of Thailand to the
                      United Nations", "address": "351 East 52nd Street, ..."},  # address may be ""
        "salutation": "Excellency,",
        "subject": "Compilation of information on human security initiatives",
        "paragraphs": ["We have the honour to ...", ...],   # plain text; URLs become links
        "deadline": "2007-07-31",         # ISO date; "" or None leaves the line out
        "link": "https://.../r/abc/",     # the recipient's personal link; "" leaves the box out
        "closing": "Please accept, Excellency, ...",
        "signatories": [{"name": ..., "title": ..., "country": ...}, ...],  # any order
    }

A line break ("\\n") in the sender, the address or a title starts a new line. The dict is
first turned into a small "view" of finished strings (dates written the United Nations way,
labels translated, signatories sorted), which both renderers lay out the same way: sender
and date top right, reference, recipient, subject in bold, salutation, justified body,
deadline in bold, a framed box with the personal link, closing and the signatures
one under another, right-aligned. Output is deterministic: the same dict gives the same
bytes.

The PDF is set in Noto Serif (fontpkg-noto-serif). Its files are variable fonts; Typst (0.15)
instances them correctly for bold, so no fallback is needed. Typst silently prints an empty
box for a character no font has, so the PDF renderer checks every character against the
font's cmap first and raises LetterError naming the missing ones. The Word letter is set in
Times New Roman, which every Word installation has; Word substitutes fonts itself.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import struct
import threading
import unicodedata
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from humsec.dates import un_date

__all__ = ["LetterError", "render_docx", "render_pdf", "sort_signatories"]


class LetterError(Exception):
    """A letter that cannot be rendered as asked; the message says why."""


LABELS = {
    "en": {
        "reference": "Ref.: {}",
        "deadline": "Replies are requested by {}.",
        "reply": "Reply online:",
        "signed": "(Signed) {}",
    },
    "fr": {
        "reference": "Réf.\u00a0: {}",
        "deadline": "Les réponses sont attendues d'ici au {}.",
        "reply": "Répondre en ligne\u00a0:",
        "signed": "(Signé) {}",
    },
    "es": {
        "reference": "Ref.: {}",
        "deadline": "Se ruega enviar las respuestas a más tardar el {}.",
        "reply": "Responder en línea:",
        "signed": "(Firmado) {}",
    },
}
# Typst language and region, and the Word language tag (United Nations English is British).
LOCALES = {"en": ("en", "gb", "en-GB"), "fr": ("fr", "fr", "fr-FR"), "es": ("es", "es", "es-ES")}

_URL = re.compile(r"https?://[^\s<>\"]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# -- Signatories ---------------------------------------------------------------------------


def _country_key(country: str) -> str:
    """ "the Netherlands" -> "netherlands", "Côte d'Ivoire" -> "cote d'ivoire"."""
    text = unicodedata.normalize("NFKD", country.strip())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"^the\s+", "", text)


def sort_signatories(signatories: list[dict[str, str]]) -> list[dict[str, str]]:
    """The signatories in English alphabetical order of their countries, as United Nations
    joint letters sign: a leading "the", accents and case are ignored; ties keep their order."""
    return sorted(signatories, key=lambda s: _country_key(s.get("country", "")))


# -- The view both renderers lay out -------------------------------------------------------


def _text(value: Any, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise LetterError(f"{field} must be text, not {type(value).__name__}.")
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    bad = _CONTROL.search(value)
    if bad:
        raise LetterError(f"{field} holds the control character U+{ord(bad[0]):04X}.")
    return value


def _date(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise LetterError(
            f"{field} must be an ISO date such as 2007-05-21, not {value!r}."
        ) from None


def _lines(value: Any, field: str) -> list[str]:
    return [line.strip() for line in _text(value, field).split("\n") if line.strip()]


def _segments(paragraph: str) -> list[dict[str, str | None]]:
    """Split a paragraph into text and URLs; a URL's closing punctuation stays text."""
    segments: list[dict[str, str | None]] = []
    position = 0
    for match in _URL.finditer(paragraph):
        url = match[0].rstrip(".,;:!?)]'’»")
        if match.start() > position:
            segments.append({"text": paragraph[position : match.start()], "url": None})
        segments.append({"text": url, "url": url})
        position = match.start() + len(url)
    if position < len(paragraph):
        segments.append({"text": paragraph[position:], "url": None})
    return segments


def _view(letter: dict[str, Any]) -> dict[str, Any]:
    """Everything the letter prints, as finished strings."""
    if not isinstance(letter, dict):
        raise LetterError("A letter is a dict.")
    language = letter.get("language", "en")
    if language not in LABELS:
        raise LetterError(f"The language must be en, fr or es, not {language!r}.")
    labels = LABELS[language]
    date = _date(letter.get("letter_date"), "letter_date")
    recipient = letter.get("recipient") or {}
    link = _text(letter.get("link"), "link")
    if link and not _URL.fullmatch(link):
        raise LetterError(f"The link must be an http(s) address, not {link!r}.")
    reference = _text(letter.get("reference"), "reference")
    deadline = letter.get("deadline")
    signatures = []
    for number, signatory in enumerate(sort_signatories(list(letter.get("signatories") or []))):
        name = _text(signatory.get("name"), f"signatories[{number}].name")
        signatures.append(
            {
                "signed": labels["signed"].format(name),
                "title": _lines(signatory.get("title"), f"signatories[{number}].title"),
            }
        )
    mission = _text(recipient.get("mission"), "recipient.mission")
    name = _text(recipient.get("name"), "recipient.name")
    subject = _text(letter.get("subject"), "subject")
    sender = _text(letter.get("sender"), "sender")
    return {
        "language": language,
        "locale": LOCALES[language],
        "date": [date.year, date.month, date.day],
        "title": subject,
        "author": sender.replace("\n", " "),
        "keywords": [name] if name else [],
        "sender": _lines(sender, "sender"),
        "date_text": un_date(date, language),
        "reference": labels["reference"].format(reference) if reference else "",
        "recipient": ([mission or name] if mission or name else [])
        + _lines(recipient.get("address"), "recipient.address"),
        "subject": subject,
        "salutation": _text(letter.get("salutation"), "salutation"),
        "paragraphs": [
            _segments(text)
            for number, paragraph in enumerate(letter.get("paragraphs") or [])
            if (text := _text(paragraph, f"paragraphs[{number}]"))
        ],
        "deadline": labels["deadline"].format(un_date(_date(deadline, "deadline"), language))
        if deadline
        else "",
        "reply": labels["reply"] if link else "",
        "link": link,
        "closing": _text(letter.get("closing"), "closing"),
        "signatures": signatures,
    }


def _printed_characters(view: dict[str, Any]) -> set[str]:
    """Every character the letter prints (its strings, page numbers), line breaks aside."""
    found: set[str] = set("0123456789")

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.update(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    metadata = ("locale", "date", "title", "author", "keywords")  # not set in the font
    walk({key: value for key, value in view.items() if key not in metadata})
    return found - {"\n"}


# -- Word ----------------------------------------------------------------------------------

WORD_FONT = "Times New Roman"


def render_docx(letter: dict[str, Any]) -> bytes:
    """The letter as a Word document (A4, 2.5 cm margins, Times New Roman 12 pt, page numbers
    from page 2); the same dict gives the same bytes."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    view = _view(letter)
    doc = _docx_base(view["locale"][2])
    body_width = Cm(16)

    def paragraph(lines=(), *, bold=False, align=None, indent=None, after=12, keep=False):
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.space_after = Pt(after)
        if align is not None:
            fmt.alignment = align
        if indent is not None:
            fmt.left_indent = indent
        if keep:
            fmt.keep_with_next = True
        for number, line in enumerate(lines):
            run = p.add_run(line)
            run.bold = bold or None
            if number < len(lines) - 1:
                run.add_break()
        return p

    paragraph(view["sender"], indent=body_width // 2, after=6)
    paragraph([view["date_text"]], indent=body_width // 2, after=24)
    if view["reference"]:
        paragraph([view["reference"]])
    if view["recipient"]:
        paragraph(view["recipient"], after=18)
    paragraph([view["subject"]], bold=True, keep=True)
    paragraph([view["salutation"]], keep=True)
    for segments in view["paragraphs"]:
        p = paragraph(align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        for segment in segments:
            if segment["url"]:
                _docx_hyperlink(p, segment["url"], segment["text"])
            else:
                p.add_run(segment["text"])
    if view["deadline"]:
        paragraph([view["deadline"]], bold=True, keep=bool(view["link"]))
    if view["link"]:
        box = paragraph([view["reply"]], after=18)
        box.runs[0].add_break()
        _docx_hyperlink(box, view["link"], view["link"], size=Pt(10))
        _docx_frame(box)
    paragraph([view["closing"]], keep=True, after=24)
    for number, signature in enumerate(view["signatures"]):
        last = number == len(view["signatures"]) - 1
        paragraph([signature["signed"]], align=WD_ALIGN_PARAGRAPH.RIGHT, after=0, keep=True)
        paragraph(
            signature["title"],
            align=WD_ALIGN_PARAGRAPH.RIGHT,
            after=0 if last else 18,
            keep=not last,
        )

    created = dt.datetime(*view["date"])  # midnight UTC of the letter's date
    core = doc.core_properties
    core.title = view["title"]
    core.author = core.last_modified_by = view["author"]
    core.keywords = ", ".join(view["keywords"])
    core.language = view["locale"][2]
    core.comments = ""
    core.revision = 1
    core.created = core.modified = core.last_printed = created
    out = io.BytesIO()
    doc.save(out)
    return _stable_zip(out.getvalue())


def _docx_base(language: str):
    """A new document set up as a United Nations letter, in that language."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(_docx_template()))
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").set(qn("w:val"), language)
    return doc


# Styles the letter uses or Word expects; python-docx's template carries 350 kB of others.
_KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Header", "Footer"}
_DROPPED_PARTS = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering",
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
)


@cache
def _docx_template() -> bytes:
    """python-docx's template made into a letter template once: pruned (its thumbnail shows
    another document; unused styles make every letter slower), A4, 2.5 cm margins, Times New
    Roman 12 pt, page number in the footer from page 2. Stored uncompressed, to load fast."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    for rels in (doc.part.package.rels, doc.part.rels):
        for rel_id in [key for key, rel in rels.items() if rel.reltype in _DROPPED_PARTS]:
            rels.pop(rel_id)
    styles = doc.styles.element
    for element in [*styles.findall(qn("w:latentStyles")), *styles.findall(qn("w:style"))]:
        if element.get(qn("w:styleId")) not in _KEPT_STYLES:
            styles.remove(element)
    for link in list(styles.iter(qn("w:link"))):  # Header/Footer link to character styles now gone
        link.getparent().remove(link)
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    fonts.attrib.clear()
    for kind in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{kind}"), WORD_FONT)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.different_first_page_header_footer = True
    section.first_page_footer.is_linked_to_previous = False
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    footer._p.append(field)

    saved = io.BytesIO()
    doc.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
    return out.getvalue()


def _docx_hyperlink(paragraph, url: str, text: str, size=None) -> None:
    """A working hyperlink: an external relationship and a blue, underlined run."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0B4F9E")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.extend([color, underline])
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = OxmlElement(tag)
            element.set(qn("w:val"), str(int(size.pt * 2)))
            rpr.append(element)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _docx_frame(paragraph) -> None:
    """A thin border and a light grey ground around a paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "6"), ("color", "666666")):
            border.set(qn(f"w:{key}"), value)
        borders.append(border)
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", "F2F2F2")):
        shading.set(qn(f"w:{key}"), value)
    # Schema order in w:pPr: ... keepNext ... pBdr, shd, ... spacing, ind, jc ...
    anchor = ppr.find(qn("w:spacing"))
    if anchor is not None:
        anchor.addprevious(borders)
        anchor.addprevious(shading)
    else:
        ppr.extend([borders, shading])
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(0.25)


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and a fixed order, so it is byte-identical."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(name))
    return out.getvalue()


# -- PDF -----------------------------------------------------------------------------------

PDF_FONT = "Noto Serif"

TEMPLATE = r"""
#let d = json(bytes(sys.inputs.letter))
#let lines(xs) = xs.join(linebreak())
#set document(title: d.title, author: d.author, keywords: d.keywords,
  date: datetime(year: d.date.at(0), month: d.date.at(1), day: d.date.at(2)))
#set page(paper: "a4", margin: 2.5cm, footer: context {
  let n = counter(page).get().first()
  if n > 1 { align(center, text(size: 10pt, str(n))) }
})
#set text(font: d.font, fallback: false, size: 12pt, lang: d.locale.at(0),
  region: d.locale.at(1))
#set par(spacing: 12pt, leading: 0.6em)
#show link: it => underline(text(fill: rgb("#0b4f9e"), it))
// The personal link on one line: 11 pt, smaller (down to 8 pt) if it is long.
#let fitted(url) = layout(size => {
  let body = text(hyphenate: false, link(url, url))
  let width = measure(text(size: 11pt, body)).width
  let scale = if width > size.width { calc.max(8 / 11, 0.98 * size.width / width) } else { 1 }
  text(size: 11pt * scale, body)
})
#pad(left: 50%)[#lines(d.sender) #v(6pt, weak: true) #d.date_text]
#v(24pt, weak: true)
#if d.reference != "" [#d.reference #parbreak()]
#if d.recipient.len() > 0 [#lines(d.recipient) #v(18pt, weak: true)]
#block(sticky: true, strong(d.subject))
#block(sticky: true, d.salutation)
#for segments in d.paragraphs {
  par(justify: true, segments.map(s => if s.url == none { s.text } else {
    link(s.url, s.text)
  }).join())
}
#if d.deadline != "" { block(sticky: d.link != "", strong(d.deadline)) }
#if d.link != "" {
  block(width: 100%, breakable: false, inset: 8pt, stroke: 0.5pt + luma(40%),
    fill: luma(95%))[#d.reply \ #fitted(d.link)]
  v(6pt)
}
#block(width: 100%, breakable: false)[
  #d.closing
  #v(12pt)
  #for s in d.signatures {
    align(right, block(breakable: false, lines((s.signed,) + s.title)))
    v(6pt)
  }
]
"""

_compilers = threading.local()


@cache
def _font_files() -> tuple[Path, Path]:
    """The regular Noto Serif file and the folder holding it."""
    try:
        import fontpkg_noto_serif
    except ImportError:
        raise LetterError("The PDF needs the fontpkg-noto-serif package.") from None
    folder = Path(fontpkg_noto_serif.ROOT) / "files"
    regular = [path for path in folder.glob("NotoSerif*.ttf") if "Italic" not in path.name]
    if not regular:
        raise LetterError(f"No Noto Serif font in {folder}.")
    return regular[0], folder


def _compiler():
    """One Typst compiler per thread: fonts are loaded once, and Typst caches between runs."""
    compiler = getattr(_compilers, "compiler", None)
    if compiler is None:
        import typst

        compiler = typst.Compiler(font_paths=[str(_font_files()[1])], ignore_system_fonts=True)
        _compilers.compiler = compiler
    return compiler


def render_pdf(letter: dict[str, Any]) -> bytes:
    """The letter as a tagged PDF/A-2b in Noto Serif; the same dict gives the same bytes.
    Raises LetterError if the font has no glyph for a character of the letter."""
    import typst

    view = _view(letter)
    missing = sorted(_printed_characters(view) - covered_characters())
    if missing:
        names = ", ".join(f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, '?')})" for ch in missing)
        raise LetterError(f"The font {PDF_FONT} cannot print {names}.")
    data = json.dumps({**view, "font": PDF_FONT}, ensure_ascii=False, sort_keys=True)
    try:
        pdf, warnings = _compiler().compile_with_warnings(
            input=TEMPLATE.encode(), sys_inputs={"letter": data}, pdf_standards="a-2b"
        )
    except typst.TypstError as error:
        raise LetterError(f"Typst could not compile the letter: {error}") from error
    if warnings:
        raise LetterError("Typst warned: " + "; ".join(str(warning) for warning in warnings))
    return pdf


@cache
def covered_characters() -> frozenset[str]:
    """The characters the PDF font has a glyph for (read from its cmap table)."""
    return frozenset(chr(code) for code in _cmap(_font_files()[0].read_bytes()))


def _cmap(font: bytes) -> set[int]:
    """The code points a TrueType/OpenType font maps to a real glyph (cmap format 4 or 12)."""
    (tables,) = struct.unpack_from(">H", font, 4)
    offset = next(
        (
            struct.unpack_from(">I", font, 12 + 16 * i + 8)[0]
            for i in range(tables)
            if font[12 + 16 * i : 16 + 16 * i] == b"cmap"
        ),
        None,
    )
    if offset is None:
        raise LetterError("The PDF font has no cmap table.")
    (count,) = struct.unpack_from(">H", font, offset + 2)
    subtables = {}
    for i in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", font, offset + 4 + 8 * i)
        subtables[(platform, encoding)] = offset + sub
    codes: set[int] = set()
    start = subtables.get((3, 10)) or subtables.get((0, 4)) or subtables.get((0, 6))
    if start is not None and struct.unpack_from(">H", font, start)[0] == 12:
        (groups,) = struct.unpack_from(">I", font, start + 12)
        for g in range(groups):
            first, last, glyph = struct.unpack_from(">III", font, start + 16 + 12 * g)
            codes.update(range(first + (glyph == 0), last + 1))
        return codes
    start = subtables.get((3, 1)) or subtables.get((0, 3))
    if start is None or struct.unpack_from(">H", font, start)[0] != 4:
        raise LetterError("The PDF font has no Unicode cmap of format 4 or 12.")
    segments = struct.unpack_from(">H", font, start + 6)[0] // 2
    ends = start + 14
    starts = ends + 2 * segments + 2
    deltas = starts + 2 * segments
    range_offsets = deltas + 2 * segments
    for s in range(segments):
        (end,) = struct.unpack_from(">H", font, ends + 2 * s)
        (first,) = struct.unpack_from(">H", font, starts + 2 * s)
        (delta,) = struct.unpack_from(">h", font, deltas + 2 * s)
        (range_offset,) = struct.unpack_from(">H", font, range_offsets + 2 * s)
        for code in range(first, end + 1):
            if code == 0xFFFF:
                continue
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                at = range_offsets + 2 * s + range_offset + 2 * (code - first)
                (glyph,) = struct.unpack_from(">H", font, at)
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                codes.add(code)
    return codes
