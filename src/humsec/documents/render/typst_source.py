"""The Typst source of a document, cut into parts that compile independently.

Every string reaches Typst as a string literal in code ("..." with \\ and \" escaped),
never as markup, so nothing a reply says can be read as Typst syntax. Part 0 holds the
masthead, the letter and the start of the annex; each further part starts on a new page
with the footnote counter where the previous part left it. Page numbers and the running
header are not set here: they are stamped on the finished pages (``pdf_merge``), so that
no part needs to know how many pages the others have.
"""

from __future__ import annotations

import re

from humsec.documents.render.content import BOLD, ITALIC, SUB, SUP
from humsec.documents.render.model import LOCALES

# Page geometry, shared with the stamping of running headers and page numbers.
PAGE_WIDTH_PT = 595.2756
PAGE_HEIGHT_PT = 841.8898
MARGIN_X_CM = 2.2
MARGIN_Y_CM = 2.5
BODY_SIZE_PT = 10

_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_RUN = re.compile(f"[{_ARABIC}](?:[{_ARABIC}\\s\\d.,،؛؟()\\-]*[{_ARABIC}])?")


def q(value: str) -> str:
    """A Typst string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _lang_args(lang: str) -> str:
    typst_lang, region, _, _ = LOCALES[lang]
    return f"lang: {q(typst_lang)}, region: {q(region) if region else 'none'}"


PRELUDE = """#set document(title: {title}, author: ({author},), keywords: ({keywords},),
  date: {date})
#set page(paper: "a4", margin: (top: {my}cm, bottom: {my}cm, x: {mx}cm), header: none,
  footer: {footer})
#set text(font: ({fonts},), fallback: false, size: {size}pt, {lang}, hyphenate: false)
#set par(justify: true, leading: 0.55em, spacing: 0.95em)
#set list(marker: ([•], [–]), indent: 0.4em, body-indent: 0.6em)
#set enum(indent: 0.4em, body-indent: 0.6em)
#set table(stroke: 0.5pt, inset: 4pt)
#set footnote.entry(separator: line(length: 25%, stroke: 0.5pt))
#show heading: set text(size: {size}pt, weight: "bold")
#show heading.where(level: 1): set text(size: 11pt)
#show heading: set block(above: 1.4em, below: 0.9em)
#show link: underline
"""

FIRST_FOOTER = (
    "context if here().page() == 1 {{ set text(size: 8pt); set par(justify: false); "
    "grid(columns: (1fr, auto), {job}, {barcode}) }}"
)


class Source:
    """Builds the parts' sources and records, per part, the level of each heading in the
    order Typst bookmarks them (the merge rebuilds one outline from them)."""

    def __init__(self, view: dict, families: list[str]):
        self.view = view
        self.lang = view["language"]
        self.notes = view["notes"]
        self.families = families
        self.levels: list[int] = []

    # -- parts

    def part(self, units: list[dict], first: bool) -> tuple[str, list[int]]:
        """The source of one part and the levels of its headings."""
        self.levels = []
        lines = [self.prelude(first)]
        numbers = [n for unit in units for n in unit["notes"]]
        if numbers and min(numbers) > 1:
            lines.append(f"#counter(footnote).update({min(numbers) - 1})")
        if first:
            lines.extend(self.front())
        for unit in units:
            lines.extend(self.unit(unit))
        return "\n".join(lines) + "\n", self.levels

    def prelude(self, first: bool) -> str:
        view = self.view
        year, month, day = (int(x) for x in view["date"].split("-"))
        meta = view["metadata"]
        footer = "none"
        if first and view["job"]:
            footer = FIRST_FOOTER.format(job=q(view["job"]), barcode=q(view["barcode"]))
        return PRELUDE.format(
            title=q(meta["title"]),
            author=q(meta["author"]),
            keywords=", ".join(q(k) for k in meta["keywords"]),
            date=f"datetime(year: {year}, month: {month}, day: {day})",
            my=MARGIN_Y_CM,
            mx=MARGIN_X_CM,
            footer=footer,
            fonts=", ".join(q(f) for f in self.families),
            size=BODY_SIZE_PT,
            lang=_lang_args(self.lang),
        )

    def front(self) -> list[str]:
        """Masthead, session and agenda lines, title, letter, signatures, annex opening."""
        v = self.view
        m = v["masthead"]
        emblem = ""
        if v["emblem"]:
            data = ",".join(str(b) for b in v["emblem"])
            emblem = (
                f"box(baseline: 20%, image(bytes(({data},)), height: 1.3cm, "
                f"alt: {q(v['emblem_alt'])})); h(0.5em); "
            )
        lines = [
            "#grid(columns: (1fr, auto), align: (left + bottom, right + bottom), "
            f"{{{emblem}text(size: 13pt, {q(m['un'])})}}, "
            f'text(size: 16pt, weight: "bold", {q(m["symbol"])}))',
            "#v(-0.3em)",
            "#line(length: 100%, stroke: 0.6pt)",
            "#v(-0.2em)",
            "#grid(columns: (1fr, 4.6cm), "
            f'text(size: 16pt, weight: "bold", {q(m["organ"])}), '
            f"{{set par(justify: false); par({{{q(m['distr'])}; linebreak(); {q(m['date'])}}}); "
            f"v(0.3em); par({q(m['original'])})}})",
            "#v(-0.2em)",
            "#line(length: 100%, stroke: 1.6pt)",
            "#v(0.4em)",
        ]
        session = [q(s) for s in (v["session"], v["agenda_label"]) if s]
        session += [f"strong({q(t)})" for t in v["agenda_titles"]]
        if session:
            lines.append(f"#par(justify: false, {{{'; linebreak(); '.join(session)}}})")
            lines.append("#v(0.8em)")
        lines.append(self.heading(1, q(v["title"])))
        if v["subtitle"]:
            lines.append(f"#par(strong({q(v['subtitle'])}))")
        lines.extend(f"#par({q(p)})" for p in v["body"])
        lines.append("#v(0.8em)")
        for s in v["signatures"]:
            parts = "; linebreak(); ".join(q(x) for x in [s["signed"], *s["title"]])
            lines.append(
                f"#align(right, block(breakable: false, par(justify: false, {{{parts}}})))"
            )
        annex = v["annex"]
        if annex:
            lines.append("#pagebreak()")
            lines.append(self.heading(1, q(annex["heading"])))
            if annex["title"]:
                lines.append(
                    "#align(center, block(width: 85%, par(justify: false, "
                    f'text(size: 11pt, weight: "bold", {q(annex["title"])}))))'
                )
            if annex["introduction"]:
                lines.append(f"#par({q(annex['introduction'])})")
        return lines

    def heading(self, level: int, body: str) -> str:
        self.levels.append(level)
        return f"#heading(level: {level}, {body})"

    def unit(self, unit: dict) -> list[str]:
        lang = unit["lang"]
        rtl = LOCALES[lang][3] == "rtl"
        scoped = lang != self.lang
        lines = [self.heading(unit["level"], q(unit["heading"]))]
        if unit["original"]:
            lines.append(f"#align(right, par({q(unit['original'])}))")
        if unit["title"]:
            title = self.string(unit["title"], rtl)
            title = f"#block(sticky: true, par(justify: false, strong({title})))"
            lines.append(self.scope(lang, [title]) if scoped else title)
        if unit["date"]:
            lines.append(f"#par({q(unit['date'])})")
        body = self.blocks(unit["blocks"], unit["level"], rtl)
        if body:
            if scoped:
                lines.append(self.scope(lang, body))
            else:
                lines.extend(body)
        return lines

    def scope(self, lang: str, lines: list[str]) -> str:
        return f"#[#set text({_lang_args(lang)})\n" + "\n".join(lines) + "\n]"

    # -- blocks and inlines

    def blocks(self, blocks: list, base: int, rtl: bool, inner: bool = False) -> list[str]:
        out = []
        for block in blocks:
            kind = block[0]
            if kind == "p":
                body = self.inline(block[1], rtl)
                out.append(f"#block(sticky: true, par({body}))" if block[2] else f"#par({body})")
            elif kind == "h":
                body = self.inline(block[2], rtl)
                if inner:  # no headings in notes, lists or tables: the outline stays true
                    out.append(f"#par(strong({body}))")
                else:
                    out.append(self.heading(min(base + block[1], 6), body))
            elif kind == "list":
                _, ordered, start, items = block
                args = [self.item(item, rtl) for item in items]
                if ordered:
                    head = f"#enum(start: {start}, " if start != 1 else "#enum("
                else:
                    head = "#list("
                out.append(head + ", ".join(args) + ")")
            elif kind == "table":
                out.append(self.table(block, rtl))
            elif kind == "quote":
                inner_lines = "\n".join(self.blocks(block[1], base, rtl, inner=True))
                out.append(f"#quote(block: true, [{inner_lines}])")
        return out

    def item(self, blocks: list, rtl: bool, bold: bool = False) -> str:
        if len(blocks) == 1 and blocks[0][0] == "p":
            body = self.inline(blocks[0][1], rtl)
            return f"strong({body})" if bold else body
        if not blocks:
            return "[]"
        inner = "\n".join(self.blocks(blocks, 0, rtl, inner=True))
        if bold:
            inner = '#set text(weight: "bold")\n' + inner
        return f"[{inner}]"

    def table(self, block: tuple, rtl: bool) -> str:
        _, ncols, _, header, cells = block
        head, body = [], []
        for cell in cells:
            content = self.item(cell["blocks"], rtl, bold=cell["head"])
            if header and cell["r"] == 0:
                head.append(f"table.cell(colspan: {cell['cs']}, {content})")
            else:
                body.append(
                    f"table.cell(x: {cell['c']}, y: {cell['r']}, colspan: {cell['cs']}, "
                    f"rowspan: {cell['rs']}, {content})"
                )
        args = [f"columns: {ncols}"]
        if head:
            args.append(f"table.header({', '.join(head)})")
        args.extend(body)
        return "#table(" + ", ".join(args) + ")"

    def inline(self, inlines: list, rtl: bool) -> str:
        pieces = []
        for item in inlines:
            kind = item[0]
            if kind == "t":
                _, text, marks, href = item
                piece = self.string(text, rtl)
                if marks & SUP:
                    piece = f"super({piece})"
                if marks & SUB:
                    piece = f"sub({piece})"
                if marks & ITALIC:
                    piece = f"emph({piece})"
                if marks & BOLD:
                    piece = f"strong({piece})"
                if href:
                    piece = f"link({q(href)}, {piece})"
            elif kind == "br":
                piece = "linebreak()"
            else:
                piece = f"footnote({self.item(self.notes[item[1]], rtl)})"
            pieces.append(piece)
        if len(pieces) == 1:
            return pieces[0]
        return "{" + "; ".join(pieces) + "}" if pieces else '""'

    def string(self, text: str, rtl: bool) -> str:
        """A string literal; in left-to-right text, Arabic runs go in a box of their own so
        that the bidi algorithm cannot reorder the digits and dates around them."""
        if rtl or not _ARABIC_RUN.search(text):
            return q(text)
        pieces, position = [], 0
        for match in _ARABIC_RUN.finditer(text):
            if match.start() > position:
                pieces.append(q(text[position : match.start()]))
            pieces.append(f"box({q(match[0])})")
            position = match.end()
        if position < len(text):
            pieces.append(q(text[position:]))
        return "{" + "; ".join(pieces) + "}"


def stamp_source(characters: str, family: str, date: str) -> str:
    """A one-line document whose only purpose is a font subset with the characters of the
    running header and the page numbers, in the size they are stamped at."""
    year, month, day = (int(x) for x in date.split("-"))
    return (
        f"#set document(date: datetime(year: {year}, month: {month}, day: {day}))\n"
        "#set page(width: 20cm, height: 2cm, margin: 0.5cm)\n"
        f"#set text(font: {q(family)}, fallback: false, size: 9pt, ligatures: false, "
        "kerning: false)\n"
        f"#{q(characters)}\n"
    )
