"""The Word renderer: a .docx an editor at the United Nations can take over as it is.

A template is made once per process with python-docx (page, sections, running headers
and footers, settings, a footnotes part) and kept as its zip entries. Each document is then
written as text: its body, footnotes and list numbering are built as WordprocessingML
strings and put into the template's entries, which are zipped again in a fixed order with
fixed times. Appending elements one by one with python-docx grows quadratically on long
documents; strings keep 10,000 initiatives at a few seconds.

What Word shows: real heading styles (Heading 1 to 6, so the navigation pane and a table
of contents work), the United Nations masthead as a two-column table, paragraphs in the
"SingleTxt" style (never numbered), lists with Word numbering, tables, real footnotes,
the job number and barcode text in the first page's footer, the symbol in the header of
later pages (right on odd pages, left on even ones) and "page/total" (PAGE and NUMPAGES
fields) in their footer. Times New Roman, which every Word installation has.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import cache

from humsec.documents.render.content import BOLD, ITALIC, SUB, SUP
from humsec.documents.render.model import LOCALES
from humsec.documents.render.view import build_view

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT = "Times New Roman"
TEXT_WIDTH = 9412  # twips: A4 (11906) less 2 x 2.2 cm
BODY_PLACEHOLDER = "@BODY@"
RT_FOOTNOTES = R + "/footnotes"
RT_HYPERLINK = R + "/hyperlink"
RT_IMAGE = R + "/image"
CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def esc(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    return esc(value).replace('"', "&quot;")


# -- Styles ------------------------------------------------------------------------------------


def _heading_style(level: int) -> str:
    size = {1: 24, 2: 22}.get(level, 20)
    italic = "<w:i/><w:iCs/>" if level >= 5 else ""
    bold = "<w:b/><w:bCs/>" if level <= 5 else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="Heading{level}">'
        f'<w:name w:val="heading {level}"/><w:basedOn w:val="Normal"/>'
        '<w:next w:val="SingleTxt"/><w:uiPriority w:val="9"/><w:qFormat/>'
        "<w:pPr><w:keepNext/><w:keepLines/>"
        f'<w:spacing w:before="{240 if level <= 2 else 200}" w:after="120"/>'
        f'<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f'<w:rPr>{bold}{italic}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
        "</w:style>"
    )


STYLES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    f'<w:styles xmlns:w="{W}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    f'<w:rFonts w:ascii="{FONT}" w:eastAsia="SimSun" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
    '<w:sz w:val="20"/><w:szCs w:val="20"/>'
    '<w:lang w:val="@LANG@" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr></w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>"
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" '
    'w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    "</w:style>"
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    + "".join(_heading_style(level) for level in range(1, 7))
    + '<w:style w:type="paragraph" w:customStyle="1" w:styleId="SingleTxt">'
    '<w:name w:val="SingleTxt"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>'
    '<w:spacing w:after="120" w:line="240" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr>'
    "</w:style>"
    '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="right" w:pos="9412"/></w:tabs>'
    '</w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="right" w:pos="9412"/></w:tabs>'
    '</w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:pPr><w:spacing w:after="40"/>'
    '<w:ind w:left="284" w:hanging="284"/></w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/>'
    "</w:rPr></w:style>"
    '<w:style w:type="character" w:styleId="FootnoteReference">'
    '<w:name w:val="footnote reference"/><w:uiPriority w:val="99"/><w:rPr>'
    '<w:vertAlign w:val="superscript"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
    '<w:uiPriority w:val="99"/><w:rPr><w:color w:val="0B4F9E"/><w:u w:val="single"/></w:rPr>'
    "</w:style>"
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
    '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:tblPr><w:tblBorders>'
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders></w:tblPr></w:style>"
    "</w:styles>"
)

# -- Numbering: bullets (numId 1) and one numId per ordered list, restarting ----------------


def _levels(ordered: bool) -> str:
    out = []
    for level in range(9):
        indent = 360 + 360 * level
        if ordered:
            kind, text = "decimal", f"%{level + 1}."
        else:
            kind, text = "bullet", "•" if level % 2 == 0 else "–"
        out.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr>'
            f'<w:ind w:left="{indent}" w:hanging="360"/></w:pPr>'
            f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr></w:lvl>'
        )
    return "".join(out)


ABSTRACT_NUMS = (
    '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
    + _levels(False)
    + '</w:abstractNum><w:abstractNum w:abstractNumId="1">'
    '<w:multiLevelType w:val="hybridMultilevel"/>' + _levels(True) + "</w:abstractNum>"
)


# -- The template ------------------------------------------------------------------------------

_DROPPED = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
)


@cache
def template() -> dict[str, bytes]:
    """The zip entries of an empty United Nations document, with placeholders."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    for rels in (doc.part.package.rels, doc.part.rels):
        for rel_id in [key for key, rel in rels.items() if rel.reltype in _DROPPED]:
            rels.pop(rel_id)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    doc.add_paragraph(BODY_PLACEHOLDER)

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.2)
    section.header_distance = Cm(1.2)
    section.footer_distance = Cm(1.0)
    section.different_first_page_header_footer = True
    doc.settings.odd_and_even_pages_header_footer = True

    def running(part, align, kind):
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        paragraph.alignment = align
        if kind == "header":
            paragraph.add_run("@SYMBOL@")
            ppr = paragraph._p.get_or_add_pPr()
            ppr.append(
                parse_xml(
                    f'<w:pBdr xmlns:w="{W}"><w:bottom w:val="single" w:sz="4" w:space="4" '
                    'w:color="auto"/></w:pBdr>'
                )
            )
        else:
            for instruction, after in (("PAGE", "/"), ("NUMPAGES", "")):
                paragraph._p.append(
                    parse_xml(
                        f'<w:fldSimple xmlns:w="{W}" w:instr=" {instruction} ">'
                        "<w:r><w:t>2</w:t></w:r></w:fldSimple>"
                    )
                )
                if after:
                    paragraph.add_run(after)

    running(section.header, WD_ALIGN_PARAGRAPH.RIGHT, "header")
    running(section.even_page_header, WD_ALIGN_PARAGRAPH.LEFT, "header")
    running(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "footer")
    running(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "footer")
    section.first_page_header.is_linked_to_previous = False
    first = section.first_page_footer
    first.is_linked_to_previous = False
    first.paragraphs[0].add_run("@JOB@")
    first.paragraphs[0].add_run("\t@BARCODE@")
    for paragraph in (first.paragraphs[0],):
        paragraph.paragraph_format.space_after = Pt(0)

    settings = doc.settings.element
    for tag in ("w:savePreviewPicture", "w:rsids", "w:proofState"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    notes = parse_xml(
        f'<w:footnotePr xmlns:w="{W}"><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    settings.find(qn("w:compat")).addprevious(notes)

    footnotes = Part(PackURI("/word/footnotes.xml"), CT_FOOTNOTES, b"@FOOTNOTES@", doc.part.package)
    doc.part.relate_to(footnotes, RT_FOOTNOTES)
    doc.part.numbering_part  # noqa: B018 (created if missing: its entry is replaced)

    saved = io.BytesIO()
    doc.save(saved)
    with zipfile.ZipFile(saved) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries["word/styles.xml"] = STYLES.encode()
    entries.pop("docProps/thumbnail.jpeg", None)
    document = entries["word/document.xml"].decode()
    start = document.index("<w:p>")
    end = document.index("</w:p>", start) + len("</w:p>")
    if BODY_PLACEHOLDER not in document[start:end]:
        raise RuntimeError("The body placeholder is not where it was put.")
    entries["word/document.xml"] = (document[:start] + BODY_PLACEHOLDER + document[end:]).encode()
    return entries


# -- The body ----------------------------------------------------------------------------------


class _Writer:
    def __init__(self, view: dict):
        self.view = view
        self.lang = view["language"]
        self.notes_source = view["notes"]
        self.nums: list[str] = []  # ordered lists' w:num elements
        self.links: dict[str, str] = {}  # url -> relationship id
        self.footnotes: list[str] = []
        self.in_note = False

    # runs and paragraphs

    def run_props(self, marks: int, lang: str, style: str = "", size: int = 0) -> str:
        props = [f'<w:rStyle w:val="{style}"/>'] if style else []
        if marks & BOLD:
            props.append("<w:b/><w:bCs/>")
        if marks & ITALIC:
            props.append("<w:i/><w:iCs/>")
        if size:
            props.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
        if marks & SUP:
            props.append('<w:vertAlign w:val="superscript"/>')
        elif marks & SUB:
            props.append('<w:vertAlign w:val="subscript"/>')
        if lang != self.lang:
            tag = LOCALES[lang][2]
            if LOCALES[lang][3] == "rtl":
                props.append(f'<w:rtl/><w:lang w:bidi="{tag}"/>')
            elif lang in ("zh", "ja"):
                props.append(f'<w:lang w:eastAsia="{tag}"/>')
            else:
                props.append(f'<w:lang w:val="{tag}"/>')
        return f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""

    def runs(self, inlines: list, lang: str, extra_marks: int = 0) -> str:
        out = []
        for item in inlines:
            kind = item[0]
            if kind == "t":
                _, text, marks, href = item
                link = href and not self.in_note  # a note's links would need their own rels
                props = self.run_props(marks | extra_marks, lang, "Hyperlink" if link else "")
                run = f'<w:r>{props}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'
                if link:
                    run = f'<w:hyperlink r:id="{self.link(href)}" w:history="1">{run}</w:hyperlink>'
                out.append(run)
            elif kind == "br":
                out.append("<w:r><w:br/></w:r>")
            else:
                out.append(self.footnote(item[1], lang))
        return "".join(out)

    def text_run(self, text: str, marks: int = 0, lang: str | None = None, size: int = 0) -> str:
        props = self.run_props(marks, lang or self.lang, size=size)
        return f'<w:r>{props}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'

    def para(
        self,
        runs: str,
        style: str = "SingleTxt",
        *,
        keep: bool = False,
        keep_lines: bool = False,
        page_break: bool = False,
        num: tuple[int, int] | None = None,
        lang: str | None = None,
        spacing: str = "",
        indent: int = 0,
        jc: str = "",
    ) -> str:
        """A paragraph; its properties in the order the schema requires."""
        props = [f'<w:pStyle w:val="{style}"/>'] if style else []
        if keep:
            props.append("<w:keepNext/>")
        if keep_lines:
            props.append("<w:keepLines/>")
        if page_break:
            props.append("<w:pageBreakBefore/>")
        if num:
            props.append(
                f'<w:numPr><w:ilvl w:val="{num[0]}"/><w:numId w:val="{num[1]}"/></w:numPr>'
            )
        if lang and LOCALES[lang][3] == "rtl":
            props.append("<w:bidi/>")
        if spacing:
            props.append(f"<w:spacing {spacing}/>")
        if indent:
            props.append(f'<w:ind w:left="{indent}"/>')
        if jc:
            props.append(f'<w:jc w:val="{jc}"/>')
        return f"<w:p><w:pPr>{''.join(props)}</w:pPr>{runs}</w:p>"

    def link(self, url: str) -> str:
        if url not in self.links:
            self.links[url] = f"rIdLink{len(self.links) + 1}"
        return self.links[url]

    def footnote(self, number: int, lang: str) -> str:
        self.in_note = True
        try:
            blocks = self.blocks(
                self.notes_source[number], 0, lang, inner=True, style="FootnoteText"
            )
        finally:
            self.in_note = False
        mark = (
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            '<w:r><w:t xml:space="preserve"> </w:t></w:r>'
        )
        first = blocks[0]
        at = first.index("</w:pPr>") + len("</w:pPr>")
        blocks[0] = first[:at] + mark + first[at:]
        self.footnotes.append(f'<w:footnote w:id="{number}">{"".join(blocks)}</w:footnote>')
        return (
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            f'<w:footnoteReference w:id="{number}"/></w:r>'
        )

    # blocks

    def blocks(
        self,
        blocks: list,
        base: int,
        lang: str,
        *,
        inner: bool = False,
        style: str = "SingleTxt",
        depth: int = 0,
        indent: int = 0,
        marks: int = 0,
    ) -> list[str]:
        out = []
        for block in blocks:
            kind = block[0]
            if kind == "p":
                runs = self.runs(block[1], lang, marks)
                out.append(self.para(runs, style, keep=block[2], lang=lang, indent=indent))
            elif kind == "h":
                if inner:
                    out.append(
                        self.para(self.runs(block[2], lang, BOLD), style, keep=True, lang=lang)
                    )
                else:
                    level = min(base + block[1], 6)
                    out.append(self.para(self.runs(block[2], lang), f"Heading{level}", lang=lang))
            elif kind == "list":
                out.extend(self.list_block(block, lang, style, depth))
            elif kind == "table":
                out.append(self.table(block, lang))
                out.append(self.para("", style))  # Word needs a paragraph after a table
            elif kind == "quote":
                out.extend(
                    self.blocks(block[1], base, lang, inner=True, style=style, indent=indent + 567)
                )
        return out

    def list_block(self, block: tuple, lang: str, style: str, depth: int) -> list[str]:
        _, ordered, start, items = block
        if ordered:
            num_id = len(self.nums) + 2
            self.nums.append(
                f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="1"/>'
                f'<w:lvlOverride w:ilvl="{min(depth, 8)}"><w:startOverride w:val="{start}"/>'
                "</w:lvlOverride></w:num>"
            )
        else:
            num_id = 1
        level = min(depth, 8)
        indent = 360 + 360 * level
        out = []
        for item in items:
            first = True
            for sub in item:
                if sub[0] == "list":
                    out.extend(self.list_block(sub, lang, style, depth + 1))
                    continue
                if first and sub[0] in ("p", "h"):
                    inlines = sub[1] if sub[0] == "p" else sub[2]
                    out.append(
                        self.para(self.runs(inlines, lang), style, lang=lang, num=(level, num_id))
                    )
                    first = False
                else:
                    out.extend(self.blocks([sub], 0, lang, inner=True, style=style, indent=indent))
        return out

    def table(self, block: tuple, lang: str) -> str:
        _, ncols, nrows, header, cells = block
        width = TEXT_WIDTH // ncols
        starts = {(cell["r"], cell["c"]): cell for cell in cells}
        covered: dict[tuple[int, int], dict] = {}
        for cell in cells:
            for dr in range(1, cell["rs"]):
                covered[(cell["r"] + dr, cell["c"])] = cell
        rows = []
        for r in range(nrows):
            tcs = []
            c = 0
            while c < ncols:
                cell = starts.get((r, c))
                if cell is not None:
                    span = cell["cs"]
                    merge = '<w:vMerge w:val="restart"/>' if cell["rs"] > 1 else ""
                    blocks = self.blocks(
                        cell["blocks"],
                        0,
                        lang,
                        inner=True,
                        style="Normal",
                        marks=BOLD if cell["head"] else 0,
                    )
                    content = "".join(blocks) or "<w:p/>"
                elif (r, c) in covered:
                    span = covered[(r, c)]["cs"]
                    merge, content = "<w:vMerge/>", "<w:p/>"
                else:
                    span, merge, content = 1, "", "<w:p/>"
                grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
                tcs.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width * span}" w:type="dxa"/>{grid}{merge}'
                    f"</w:tcPr>{content}</w:tc>"
                )
                c += span
            head = "<w:trPr><w:tblHeader/></w:trPr>" if header and r == 0 else ""
            rows.append(f"<w:tr>{head}{''.join(tcs)}</w:tr>")
        grid_cols = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(ncols))
        return (
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{width * ncols}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid_cols}</w:tblGrid>{''.join(rows)}</w:tbl>"
        )

    # the document

    def front(self, emblem_xml: str) -> list[str]:
        v = self.view
        m = v["masthead"]
        left = self.para(
            emblem_xml + self.text_run(m["un"], size=26), "Normal", spacing='w:after="60"'
        ) + self.para(self.text_run(m["organ"], BOLD, size=34), "Normal")
        right = (
            self.para(
                self.text_run(m["symbol"], BOLD, size=34),
                "Normal",
                spacing='w:after="60"',
                jc="right",
            )
            + self.para(self.text_run(m["distr"]), "Normal")
            + self.para(self.text_run(m["date"]), "Normal", spacing='w:after="120"')
            + self.para(self.text_run(m["original"]), "Normal", spacing='w:after="60"')
        )
        left_width, right_width = 6412, 3000
        masthead = (
            f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblBorders>'
            '<w:bottom w:val="single" w:sz="18" w:space="0" w:color="auto"/>'
            '<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
            "</w:tblCellMar>"
            '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{left_width}"/>'
            f'<w:gridCol w:w="{right_width}"/></w:tblGrid>'
            f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{left_width}" w:type="dxa"/>'
            f'<w:vAlign w:val="bottom"/></w:tcPr>{left}</w:tc>'
            f'<w:tc><w:tcPr><w:tcW w:w="{right_width}" w:type="dxa"/></w:tcPr>'
            f"{right}</w:tc></w:tr></w:tbl>"
        )
        out = [masthead, self.para("", "Normal")]
        lines = [self.text_run(x) for x in (v["session"], v["agenda_label"]) if x]
        lines += [self.text_run(t, BOLD) for t in v["agenda_titles"]]
        for number, line in enumerate(lines):
            last = number == len(lines) - 1
            out.append(self.para(line, "Normal", spacing=f'w:after="{240 if last else 0}"'))
        out.append(self.para(self.text_run(v["title"]), "Heading1"))
        if v["subtitle"]:
            out.append(self.para(self.text_run(v["subtitle"], BOLD), "Normal", keep=True))
        out.extend(self.para(self.text_run(p)) for p in v["body"])
        for number, s in enumerate(v["signatures"]):
            space = 360 if number == 0 else 240
            out.append(
                self.para(
                    self.text_run(s["signed"]),
                    "Normal",
                    keep=True,
                    keep_lines=True,
                    spacing=f'w:before="{space}"',
                    jc="right",
                )
            )
            for k, line in enumerate(s["title"]):
                keep = k < len(s["title"]) - 1
                out.append(self.para(self.text_run(line), "Normal", keep=keep, jc="right"))
        annex = v["annex"]
        if annex:
            out.append(self.para(self.text_run(annex["heading"]), "Heading1", page_break=True))
            if annex["title"]:
                out.append(
                    self.para(
                        self.text_run(annex["title"], BOLD, size=22),
                        "Normal",
                        keep=True,
                        spacing='w:after="240"',
                        jc="center",
                    )
                )
            if annex["introduction"]:
                out.append(self.para(self.text_run(annex["introduction"])))
        return out

    def unit(self, unit: dict) -> list[str]:
        lang = unit["lang"]
        out = [self.para(self.text_run(unit["heading"]), f"Heading{unit['level']}")]
        if unit["original"]:
            out.append(
                self.para(
                    self.text_run(unit["original"]),
                    "Normal",
                    keep=True,
                    spacing='w:after="120"',
                    jc="right",
                )
            )
        if unit["title"]:
            out.append(self.para(self.text_run(unit["title"], BOLD, lang), keep=True, lang=lang))
        if unit["date"]:
            out.append(self.para(self.text_run(unit["date"])))
        out.extend(self.blocks(unit["blocks"], unit["level"], lang))
        return out


def _emblem(data: bytes, alt: str) -> tuple[str, str, bytes]:
    """(drawing XML, file extension, bytes) for the emblem, 1.3 cm high."""
    from docx.image.image import Image

    image = Image.from_blob(data)
    height = 468000  # EMU: 1.3 cm
    width = int(height * image.px_width / max(image.px_height, 1))
    drawing = (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f'<wp:extent cx="{width}" cy="{height}"/>'
        f'<wp:docPr id="1" name="Emblem" descr="{attr(alt)}"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="emblem.{image.ext}" descr="{attr(alt)}"/>'
        "<pic:cNvPicPr/></pic:nvPicPr>"
        '<pic:blipFill><a:blip r:embed="rIdEmblem"/><a:stretch><a:fillRect/></a:stretch>'
        '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{width}" cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
        '</w:drawing></w:r><w:r><w:t xml:space="preserve">  </w:t></w:r>'
    )
    return drawing, image.ext, data


def _core(view: dict) -> bytes:
    meta = view["metadata"]
    when = dt.date.fromisoformat(view["date"]).isoformat() + "T00:00:00Z"
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://'
        'purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://'
        'www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(meta['title'])}</dc:title><dc:creator>{esc(meta['author'])}</dc:creator>"
        f"<cp:keywords>{esc(', '.join(meta['keywords']))}</cp:keywords>"
        f"<cp:lastModifiedBy>{esc(meta['author'])}</cp:lastModifiedBy>"
        f"<dc:language>{LOCALES[view['language']][2]}</dc:language><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def render_docx(document: dict) -> bytes:
    """The document as a Word file; the same document gives the same bytes."""
    view = build_view(document)
    entries = dict(template())
    writer = _Writer(view)
    emblem_xml = ""
    if view["emblem"]:
        emblem_xml, ext, data = _emblem(view["emblem"], view["emblem_alt"])
        entries[f"word/media/emblem.{ext}"] = data
        types = entries["[Content_Types].xml"].decode()
        if f'Extension="{ext}"' not in types:
            mime = "image/jpeg" if ext in ("jpg", "jpeg") else f"image/{ext}"
            types = types.replace(
                "<Default ", f'<Default Extension="{ext}" ContentType="{mime}"/><Default ', 1
            )
            entries["[Content_Types].xml"] = types.encode()
    body = writer.front(emblem_xml)
    for unit in view["units"]:
        body.extend(writer.unit(unit))

    document_xml = entries["word/document.xml"].decode()
    entries["word/document.xml"] = document_xml.replace(BODY_PLACEHOLDER, "".join(body)).encode()
    entries["word/styles.xml"] = STYLES.replace("@LANG@", LOCALES[view["language"]][2]).encode()
    entries["word/numbering.xml"] = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:numbering xmlns:w="{W}">{ABSTRACT_NUMS}'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        f"{''.join(writer.nums)}</w:numbering>"
    ).encode()
    separators = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
    )
    entries["word/footnotes.xml"] = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:footnotes xmlns:w="{W}" xmlns:r="{R}">{separators}'
        f"{''.join(writer.footnotes)}</w:footnotes>"
    ).encode()
    rels = entries["word/_rels/document.xml.rels"].decode()
    extra = "".join(
        f'<Relationship Id="{rid}" Type="{RT_HYPERLINK}" Target="{attr(url)}" '
        'TargetMode="External"/>'
        for url, rid in writer.links.items()
    )
    if view["emblem"]:
        extra += f'<Relationship Id="rIdEmblem" Type="{RT_IMAGE}" Target="media/emblem.{ext}"/>'
    entries["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", extra + "</Relationships>"
    ).encode()
    for name, value in list(entries.items()):
        if name.startswith("word/header") or name.startswith("word/footer"):
            text = value.decode()
            text = text.replace("@SYMBOL@", esc(view["symbol"]))
            text = text.replace("@JOB@", esc(view["job"])).replace(
                "@BARCODE@", esc(view["barcode"])
            )
            entries[name] = text.encode()
    entries["docProps/core.xml"] = _core(view)
    return _zip(entries)


def _zip(entries: dict[str, bytes]) -> bytes:
    """Entries in a fixed order with fixed times: byte-identical for the same document."""
    names = sorted(entries, key=lambda name: (name != "[Content_Types].xml", name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


class DocxRenderer:
    extension = "docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, document: dict) -> bytes:
        return render_docx(document)


__all__ = ["DocxRenderer", "render_docx", "template"]
