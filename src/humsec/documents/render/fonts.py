"""The PDF's fonts, and the check that every character has a glyph in one of them.

- Latin, Greek and Cyrillic: Noto Serif (PyPI ``fontpkg-noto-serif``).
- Arabic: Amiri (PyPI ``fontpkg-amiri``), else Noto Sans Arabic (``fontpkg-noto-sans-arabic``).
  Amiri comes first because text set in the current Noto Sans Arabic does not extract back
  from the PDF: that font draws the dots of the letters as separate glyphs, which pdftotext
  reads as doubled letters, and it shifts each glyph's baseline, which breaks lines apart.
- Chinese (and Japanese kana): Noto Serif CJK SC from Debian's ``fonts-noto-cjk``
  (/usr/share/fonts/opentype/noto, or the folder in HUMSEC_CJK_FONT_DIR).

Typst prints an empty box for a character no font has; ``choose_fonts`` refuses such a
document first, naming the characters, and passes Typst only the fonts the text needs.
"""

from __future__ import annotations

import importlib
import os
import struct
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from humsec.documents.render.model import DocumentError
from humsec.outreach.letters import _cmap

CJK_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/opentype/noto-cjk")
# Characters Typst itself may print: list markers, page and note numbers.
FURNITURE = frozenset("0123456789/.•–() ")
_IGNORED = frozenset("\n\t\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")


@dataclass(frozen=True)
class Face:
    family: str
    folder: str  # handed to Typst, which reads every font in it
    path: str
    index: int

    @property
    def covered(self) -> frozenset[str]:
        return _coverage(self.path, self.index)


@cache
def _coverage(path: str, index: int) -> frozenset[str]:
    data = Path(path).read_bytes()
    if data[:4] == b"ttcf":  # a collection: put the face's table directory at the front
        (offset,) = struct.unpack_from(">I", data, 12 + 4 * index)
        (tables,) = struct.unpack_from(">H", data, offset + 4)
        directory = data[offset : offset + 12 + 16 * tables]
        data = directory + data[len(directory) :]
    return frozenset(chr(code) for code in _cmap(data))


def _package_face(module: str, family: str) -> Face | None:
    try:
        package = importlib.import_module(module)
    except ImportError:
        return None
    folder = Path(package.ROOT) / "files"
    files = sorted(
        p for p in folder.glob("*.tt[fc]") if "Italic" not in p.name and "Bold" not in p.name
    )
    if not files:
        return None
    return Face(family, str(folder), str(files[0]), 0)


def _system_face(family: str, file_name: str, index: int) -> Face | None:
    folders = [os.environ["HUMSEC_CJK_FONT_DIR"]] if os.environ.get("HUMSEC_CJK_FONT_DIR") else []
    for folder in [*folders, *CJK_DIRS]:
        path = Path(folder) / file_name
        if path.is_file():
            return Face(family, folder, str(path), index)
    return None


@cache
def faces() -> tuple[Face, ...]:
    """The fonts found on this machine, in the order Typst is to try them."""
    serif = _package_face("fontpkg_noto_serif", "Noto Serif")
    if serif is None:
        raise DocumentError("The PDF needs the fontpkg-noto-serif package (Noto Serif).")
    found = [serif]
    arabic = _package_face("fontpkg_amiri", "Amiri") or _package_face(
        "fontpkg_noto_sans_arabic", "Noto Sans Arabic"
    )
    if arabic:
        found.append(arabic)
    # Face 2 of Debian's NotoSerifCJK-Regular.ttc is Noto Serif CJK SC (JP, KR, SC, TC, HK).
    cjk = _system_face("Noto Serif CJK SC", "NotoSerifCJK-Regular.ttc", 2)
    if cjk:
        found.append(cjk)
    return tuple(found)


def cjk_available() -> bool:
    return any("CJK" in face.family for face in faces())


def _describe(ch: str) -> str:
    return f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})"


def choose_fonts(characters: set[str]) -> tuple[Face, ...]:
    """The fonts that print these characters (Noto Serif always first); DocumentError
    naming every character none of the fonts has."""
    wanted = (set(characters) | FURNITURE) - _IGNORED
    available = faces()
    chosen = [available[0]]
    left = wanted - available[0].covered
    for face in available[1:]:
        if not left:
            break
        if left & face.covered:
            chosen.append(face)
            left -= face.covered
    if left:
        names = ", ".join(_describe(ch) for ch in sorted(left)[:20])
        more = f" and {len(left) - 20} more" if len(left) > 20 else ""
        hint = ""
        if any(0x3000 <= ord(ch) <= 0x9FFF for ch in left) and not cjk_available():
            hint = " Chinese needs Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk)."
        families = ", ".join(face.family for face in available)
        raise DocumentError(f"No font ({families}) can print {names}{more}.{hint}")
    return tuple(chosen)
