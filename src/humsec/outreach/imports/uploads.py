"""Check an uploaded file before anything reads it: its size, what it really is (from its
content, never its name), and the traps a reply may carry by accident or on purpose:
legacy or password-protected Office files, macros, zip bombs, text in an unknown encoding.

Nothing is extracted here: zip archives are judged from their central directory only.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# A reply is a few pages; a spreadsheet a few thousand rows. Far above that is an attack.
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 2000
# Small parts (a styles.xml full of repeated tags) compress very well and are harmless.
RATIO_FLOOR = 1024 * 1024

# Zip parts: the "encrypted" flag, and the compression methods Python can unpack (Office
# writes only the first two). Anything else fails only when a part is read.
ENCRYPTED = 0x1
READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}

# What reading a part of a damaged zip raises: a bad checksum, a cut or corrupt deflate
# stream, a local header that disagrees with the directory.
DAMAGED_PART = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError)

TEXT_KINDS = {"csv", "md"}
UNICODE_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# What a file is and what to ask for: marked here, translated where a message is made.
DESCRIPTIONS = {
    "docx": gettext_noop("a Word document (.docx)"),
    "docm": gettext_noop("a macro-enabled Word document (.docm)"),
    "xlsx": gettext_noop("an Excel workbook (.xlsx)"),
    "xlsm": gettext_noop("a macro-enabled Excel workbook (.xlsm)"),
    "pptx": gettext_noop("a PowerPoint presentation (.pptx)"),
    "csv": gettext_noop("a CSV file"),
    "md": gettext_noop("a Markdown text"),
    "pdf": gettext_noop("a PDF document"),
    "odt": gettext_noop("an OpenDocument text (.odt)"),
    "ods": gettext_noop("an OpenDocument spreadsheet (.ods)"),
    "png": gettext_noop("a PNG image"),
    "jpeg": gettext_noop("a JPEG image"),
    "gif": gettext_noop("a GIF image"),
    "zip": gettext_noop("a zip archive"),
    "doc": gettext_noop("an old-format Word document (.doc)"),
    "xls": gettext_noop("an old-format Excel workbook (.xls)"),
    "ole": gettext_noop("an old-format Office file"),
    "rtf": gettext_noop("a rich-text document (.rtf)"),
    "html": gettext_noop("a web page (HTML)"),
    "binary": gettext_noop("a file of an unknown kind"),
}

# What to ask for, in the words a focal point knows.
WANTED = {
    "docx": gettext_noop("a Word .docx file"),
    "xlsx": gettext_noop("an Excel .xlsx file"),
    "csv": gettext_noop("a .csv file"),
    "md": gettext_noop("a Markdown .md file"),
    "pdf": gettext_noop("a PDF file"),
    "odt": gettext_noop("an OpenDocument .odt file"),
    "png": gettext_noop("a PNG image"),
    "jpeg": gettext_noop("a JPEG image"),
}

_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "docx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "docm",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "xlsm",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": "xlsm",
    "application/vnd.ms-excel.sheet.binary.macroEnabled.main": "xlsm",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
_ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class UploadRejected(ValueError):
    """The upload cannot be used; the message says why and what to do, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Upload:
    """What an upload turned out to be: its kind, its text for text kinds, and warnings."""

    kind: str
    text: str | None = None
    warnings: list[str] = field(default_factory=list)


def check_upload(data: bytes, filename: str, allowed: set[str], max_bytes: int) -> str:
    """The kind of the upload, detected from its content, or UploadRejected."""
    return inspect_upload(data, filename, allowed, max_bytes).kind


def inspect_upload(data: bytes, filename: str, allowed: set[str], max_bytes: int) -> Upload:
    """As check_upload, keeping the decoded text of csv and md uploads and the warnings."""
    if not data:
        raise UploadRejected(_("This file is empty."))
    if len(data) > max_bytes:
        raise UploadRejected(
            _(
                "This file is %(size)s; the limit is %(limit)s. "
                "Make it smaller (remove images, or split it) and upload again."
            )
            % {"size": _mb(len(data)), "limit": _mb(max_bytes)}
        )
    kind = _detect(data, filename, allowed)
    if kind in {"docm", "xlsm"}:
        raise UploadRejected(
            _(
                # Translators: %(kind)s describes the file, as in "a Word document (.docx)".
                "This file is %(kind)s: files with macros are refused. "
                "Save it without macros (as .docx or .xlsx) and upload again."
            )
            % {"kind": _described(kind)}
        )
    if kind not in allowed:
        raise UploadRejected(_wrong_kind(kind, allowed))
    upload = Upload(kind)
    if kind in TEXT_KINDS:
        upload.text, warning = decode_text(data, kind)
        if warning:
            upload.warnings.append(warning)
    suffix = PurePosixPath(filename or "").suffix.lower().lstrip(".")
    if suffix and suffix != kind and not (kind == "md" and suffix in {"markdown", "txt"}):
        upload.warnings.append(
            # Translators: %(kind)s describes the file, as in "a Word document (.docx)".
            _("The file is named %(name)s but is %(kind)s; it was read as what it is.")
            % {"name": repr(filename), "kind": _described(kind)}
        )
    return upload


def decode_text(data: bytes, kind: str = "csv") -> tuple[str, str | None]:
    """The text and, if it was not UTF-8, a warning. UTF-8 with or without a byte-order
    mark; UTF-16 and UTF-32 with their mark (Excel's "Unicode Text"); CSV files saved by
    Excel on Windows come in cp1252, which is accepted with a warning. Text holding a NUL
    character is refused: no text has one, and the database could not store it."""
    text, warning = _decode(data, kind)
    if "\x00" in text:
        raise UploadRejected(
            _(
                "This text file holds a NUL character (character %(position)s), which no "
                "text has: it is damaged or not a text file. Save it again and upload the "
                "new copy."
            )
            % {"position": text.index(chr(0)) + 1}
        )
    return text, warning


def _decode(data: bytes, kind: str) -> tuple[str, str | None]:
    for codec in _unicode_codecs(data):
        try:
            return data.decode(codec), None
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        if kind == "csv":
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                pass
            else:
                return text, _(
                    "The file is not in UTF-8; it was read as Windows Western European "
                    "(cp1252), as Excel saves it. Check accented letters, or save it as "
                    '"CSV UTF-8" next time.'
                )
        raise UploadRejected(
            _(
                "This text file is not in UTF-8 (byte %(byte)s cannot be read). "
                'Save it as UTF-8 (in Excel: "CSV UTF-8") and upload again.'
            )
            % {"byte": error.start + 1}
        ) from error


def _unicode_codecs(data: bytes) -> list[str]:
    """The codecs whose byte-order mark the data starts with (UTF-32's little-endian mark
    begins with UTF-16's, so both may apply)."""
    return [codec for bom, codec in UNICODE_BOMS if data.startswith(bom)]


def _detect(data: bytes, filename: str, allowed: set[str]) -> str:
    head = data[:8]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        _reject_ole(data)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _detect_zip(data)
    if b"\x00" in data[:8192] and not _unicode_codecs(data):
        return "binary"
    return _detect_text(data, filename, allowed)


def _reject_ole(data: bytes) -> None:
    """OLE compound files: old Word/Excel formats, and every password-protected Office
    file (the encrypted package sits inside an OLE container)."""
    names = {
        name: (name.encode("utf-16-le") in data or name.encode() in data)
        for name in ("EncryptedPackage", "EncryptionInfo", "WordDocument", "Workbook", "Book")
    }
    if names["EncryptedPackage"] or names["EncryptionInfo"]:
        raise UploadRejected(
            _("This Office file is password-protected: remove the password and upload again.")
        )
    if names["WordDocument"]:
        raise UploadRejected(
            _(
                "This file is an old-format Word document (.doc): open it in Word, save it as "
                "a .docx file and upload again."
            )
        )
    if names["Workbook"] or names["Book"]:
        raise UploadRejected(
            _(
                "This file is an old-format Excel workbook (.xls): open it in Excel, save it as "
                "an .xlsx file and upload again."
            )
        )
    raise UploadRejected(
        _("This file is an old-format Office file: save it as .docx or .xlsx and upload again.")
    )


def _detect_zip(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise UploadRejected(
            _(
                "This file is damaged (it is not a complete Office file or zip archive). "
                "Save it again and upload the new copy."
            )
        ) from error
    with archive:
        check_zip_headers(infos)
        names = {info.filename for info in infos}
        if any(PurePosixPath(name).name.lower() == "vbaproject.bin" for name in names):
            raise UploadRejected(
                _(
                    "This file contains macros (a VBA project): files with macros are refused. "
                    "Save it without macros (as .docx or .xlsx) and upload again."
                )
            )
        try:
            if "[Content_Types].xml" in names:
                return _ooxml_kind(archive.read("[Content_Types].xml"))
            if "mimetype" in names:
                return _ODF.get(archive.read("mimetype").strip(), "zip")
        except DAMAGED_PART as error:
            raise UploadRejected(
                _(
                    "This file is damaged (its parts cannot be unpacked). "
                    "Save it again and upload the new copy."
                )
            ) from error
        return "zip"


def check_zip_headers(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse zip bombs from what the central directory declares, before extracting."""
    if len(infos) > MAX_ENTRIES:
        raise UploadRejected(
            _(
                "This file holds %(parts)s parts, more than the %(limit)s allowed; "
                "it cannot be a normal reply."
            )
            % {"parts": len(infos), "limit": MAX_ENTRIES}
        )
    total = 0
    for info in infos:
        if info.flag_bits & ENCRYPTED:
            raise UploadRejected(
                _(
                    "This file is protected by a password (its parts are encrypted): remove "
                    "the password and upload again."
                )
            )
        if info.compress_type not in READABLE_METHODS:
            raise UploadRejected(
                _(
                    "This file is compressed in a way Office files never are, so it cannot be "
                    "read. Save it again from Word or Excel and upload the new copy."
                )
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNCOMPRESSED or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise UploadRejected(
                _(
                    "This file would unpack to more than %(size)s or is compressed far "
                    "more than any document is; it was refused unopened."
                )
                % {"size": _mb(MAX_UNCOMPRESSED)}
            )


def _ooxml_kind(content_types: bytes) -> str:
    try:
        root = SafeET.fromstring(content_types, forbid_dtd=True)
    except (DefusedXmlException, SafeET.ParseError) as error:
        raise UploadRejected(
            _(
                "This Office file is damaged (its list of parts cannot be read). "
                "Save it again and upload the new copy."
            )
        ) from error
    found = "zip"
    for element in root.iter(f"{_CT_NS}Override"):
        kind = _MAIN_PARTS.get(element.get("ContentType", "").strip())
        if kind in {"docm", "xlsm"}:
            return kind
        if kind and found == "zip":
            found = kind
    return found


def _detect_text(data: bytes, filename: str, allowed: set[str]) -> str:
    """Text: HTML is named for what it is; otherwise csv or md. Both are plain text, so
    the allowed kinds decide, then the name's extension, then the shape of the lines."""
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    text_allowed = allowed & TEXT_KINDS
    if len(text_allowed) == 1:
        return next(iter(text_allowed))
    suffix = PurePosixPath(filename or "").suffix.lower()
    if suffix in {".csv", ".tsv"}:
        return "csv"
    if suffix in {".md", ".markdown", ".txt"}:
        return "md"
    codec = next(iter(_unicode_codecs(data)), "utf-8")
    sample = data[:4096].decode(codec, errors="replace")
    try:
        csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return "md"
    return "csv"


def _described(kind: str) -> str:
    """What a file of this kind is, in the active language."""
    return _(DESCRIPTIONS[kind]) if kind in DESCRIPTIONS else kind


def _wrong_kind(kind: str, allowed: set[str]) -> str:
    """The refusal of a file of a kind not allowed here, naming the kinds that are."""
    order = list(WANTED)
    names = [_(WANTED[k]) if k in WANTED else k for k in sorted(allowed, key=_order_key(order))]
    described = _described(kind)
    if not names:
        # Translators: %(kind)s describes the file, as in "a Word document (.docx)".
        return _("This file is %(kind)s; upload another file.") % {"kind": described}
    wanted = names[0]
    if len(names) > 1:
        # Translators: joins the last kind of file to a list, as in "a, b or c".
        wanted = _("%(first)s or %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
    # Translators: %(kind)s describes the file, as in "a Word document (.docx)"; %(wanted)s
    # is what to send instead, as in "a Word .docx file or a .csv file".
    return _("This file is %(kind)s; upload %(wanted)s.") % {"kind": described, "wanted": wanted}


def _order_key(order: list[str]):
    return lambda kind: (order.index(kind) if kind in order else len(order), kind)


def _mb(size: int) -> str:
    value = size / (1024 * 1024)
    text = f"{value:.1f}".removesuffix(".0")
    # Translators: a size in megabytes.
    return _("%(size)s MB") % {"size": text}
