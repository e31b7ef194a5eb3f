"""The PDF renderer: Typst, tagged PDF/A-2b, compiled in parts when the document is long.

Typst keeps all it memoizes while it compiles, so its memory grows with the document
(measured at 2.1 GB for 10,000 initiatives in one piece), and it lays out on one core.
So a long annex is cut at unit boundaries (a reply, a participant's initiatives, a theme)
into parts of about the same size (``split``); each later part starts on a new page. The
parts compile in ``max_workers()`` worker processes (``pdf_worker``; each forgets a part
before taking the next, see ``_forget``) and ``pdf_merge`` joins them into one file,
stamping the running header and "page/total" on every page but the first, so no part has
to know how many pages the others have. A document of up to ``SINGLE_CHARS`` characters
of annex (about 130 pages) compiles in one piece, in this process.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO

from humsec.documents.render import pdf_merge
from humsec.documents.render.fonts import choose_fonts
from humsec.documents.render.model import DocumentError
from humsec.documents.render.typst_source import (
    MARGIN_X_CM,
    Source,
    stamp_source,
)
from humsec.documents.render.view import build_view, unit_size, view_strings

PART_CHARS = 700_000
SINGLE_CHARS = 600_000
PART_MULTIPLE = 2
CM = 72 / 2.54
GEOMETRY = {
    "margin_x": MARGIN_X_CM * CM,
    "header_from_top": 1.5 * CM,
    "footer_from_bottom": 1.3 * CM,
}
STAMP_CHARACTERS = "0123456789/"

_local = threading.local()


def max_workers() -> int:
    """Worker processes for the parts: HUMSEC_PDF_WORKERS, else the usable cores (up to 4)."""
    configured = os.environ.get("HUMSEC_PDF_WORKERS")
    if configured:
        return max(0, int(configured))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, 4)


def split(units: list[dict], part_chars: int = PART_CHARS, single: int = SINGLE_CHARS):
    """The units in parts: all in one when the annex is short, else cut at unit
    boundaries into parts of about the same size (no more than part_chars characters or
    so). The parts depend on the document alone, never on the machine's cores: an issued
    document must render to the same bytes wherever it is verified. Their number is even,
    so that two workers (the usual server) finish together."""
    sizes = [unit_size(u) for u in units]
    total = sum(sizes)
    if total <= single:
        return [units]
    count = -(-total // part_chars)
    count += count % PART_MULTIPLE
    target = total / count
    parts: list[list[dict]] = [[]]
    filled = 0
    for unit, size in zip(units, sizes, strict=True):
        if parts[-1] and filled + size / 2 > target:
            parts.append([])
            filled = 0
        parts[-1].append(unit)
        filled += size
    return parts


def render_pdf(document: dict, *, part_chars: int | None = None) -> bytes:
    """The document as a tagged PDF/A-2b; the same document gives the same bytes.
    Raises DocumentError when a character has no glyph in the fonts (naming it)."""
    view = build_view(document)
    characters: set[str] = set()
    for value in view_strings(view):
        characters.update(value)
    characters.update(view["job"] + view["barcode"] + view["symbol"])
    faces = choose_fonts(characters)
    families = [face.family for face in faces]
    source = Source(view, families)
    if part_chars is None:
        groups = split(view["units"])
    else:
        groups = split(view["units"], part_chars, single=0)
    sources, levels = [], []
    for number, units in enumerate(groups):
        text, heading_levels = source.part(units, first=number == 0)
        sources.append(text)
        levels.append(heading_levels)
    timestamp = _timestamp(view["date"])
    folders = tuple(face.folder for face in faces)
    if len(sources) == 1 or max_workers() == 0:
        pdfs = [compile_typst(s, folders, timestamp) for s in sources]
    else:
        pdfs = _compile_in_workers(sources, folders, timestamp)
    stamp = compile_typst(
        stamp_source(_unique(STAMP_CHARACTERS + view["symbol"]), faces[0].family, view["date"]),
        (faces[0].folder,),
        timestamp,
    )
    return pdf_merge.merge(pdfs, levels, stamp, view["symbol"], GEOMETRY)


def _unique(characters: str) -> str:
    return "".join(sorted(set(characters)))


def _timestamp(iso: str) -> int:
    day = dt.date.fromisoformat(iso)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _fonts(folders: tuple[str, ...]):
    import typst

    cache = getattr(_local, "fonts", None)
    if cache is None:
        cache = _local.fonts = {}
    if folders not in cache:
        cache[folders] = typst.Fonts(
            include_system_fonts=False, include_embedded_fonts=False, font_paths=list(folders)
        )
    return cache[folders]


def compile_typst(source: str, folders: tuple[str, ...], timestamp: int) -> bytes:
    """One Typst source to PDF/A-2b (tagged); Typst's warnings are errors here."""
    import typst

    compiler = typst.Compiler(font_paths=_fonts(folders))
    try:
        pdf, warnings = compiler.compile_with_warnings(
            input=source.encode(), pdf_standards="a-2b", timestamp=timestamp
        )
    except typst.TypstError as error:
        raise DocumentError(f"Typst could not compile the document: {error}") from error
    finally:
        _forget(folders)
    if warnings:
        raise DocumentError("Typst warned: " + "; ".join(str(w) for w in warnings))
    return pdf


def _forget(folders: tuple[str, ...]) -> None:
    """Let Typst drop what it memoized for the last document.

    The typst package keeps Typst's memoized results until they are ten compilations old:
    a process rendering one long document after another would hold ten documents' worth
    (hundreds of MB each). Ten empty compilations age them out; the memory is then reused
    by the next document."""
    import typst

    for _ in range(FORGET_COMPILATIONS):
        typst.Compiler(font_paths=_fonts(folders)).compile(b"")


FORGET_COMPILATIONS = 11


def read_message(stream: BinaryIO) -> Any:
    """One pickled value after its 8-byte length (None at the end of the stream)."""
    header = stream.read(8)
    if len(header) < 8:
        return None
    (size,) = struct.unpack(">Q", header)
    return pickle.loads(stream.read(size))


def write_message(stream: BinaryIO, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def _compile_in_workers(sources: list[str], folders: tuple[str, ...], timestamp: int):
    """Compile the parts in worker processes, each taking the next part when it is free."""
    jobs = queue.SimpleQueue()
    for number in range(len(sources)):
        jobs.put(number)
    results: list[bytes | None] = [None] * len(sources)
    errors: list[str] = []
    package_root = str(Path(__file__).resolve().parents[3])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))

    def work():
        process = subprocess.Popen(
            [sys.executable, "-m", "humsec.documents.render.pdf_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        try:
            while not errors:
                try:
                    number = jobs.get_nowait()
                except queue.Empty:
                    break
                write_message(process.stdin, (sources[number], folders, timestamp))
                reply = read_message(process.stdout)
                if reply is None:
                    errors.append("A PDF worker process stopped unexpectedly.")
                elif reply[0] == "ok":
                    results[number] = reply[1]
                else:
                    errors.append(reply[1])
        finally:
            process.stdin.close()
            process.wait()

    threads = [threading.Thread(target=work) for _ in range(min(len(sources), max_workers()))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise DocumentError(errors[0])
    return results


class PdfRenderer:
    extension = "pdf"
    media_type = "application/pdf"

    def render(self, document: dict) -> bytes:
        return render_pdf(document)


__all__ = ["PdfRenderer", "compile_typst", "max_workers", "render_pdf", "split"]
