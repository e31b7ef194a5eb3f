"""A narrative reply as safe HTML: from a Word .docx file (mammoth) or from Markdown
(markdown-it-py), always passed through one nh3 policy that keeps the structure of a
United Nations reply (headings, paragraphs, lists, tables, footnotes, bold and italic)
and nothing that can run or load anything."""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

import mammoth
import nh3
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from markdown_it import MarkdownIt

from humsec.outreach.imports.uploads import DAMAGED_PART, UploadRejected, check_zip_headers

TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "strong",
    "em",
    "sup",
    "sub",
    "a",
    "br",
    "blockquote",
}
# li keeps its id: footnotes and endnotes are list items that the references link to.
ATTRIBUTES = {
    "a": {"href", "id"},
    "li": {"id"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Word's built-in and common styles; mammoth's defaults already map Heading 1-6.
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => h2:fresh
p[style-name='Titre'] => h1:fresh
p[style-name='Título'] => h1:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
"""

# Word's own files nest some twenty elements deep; mammoth reads recursively and fails
# somewhere past 150, less inside a web request.
MAX_XML_DEPTH = 64

FOOTNOTES_IN_MARKDOWN = importlib.util.find_spec("mdit_py_plugins") is not None


@dataclass
class Narrative:
    html: str
    text: str
    warnings: list[str] = field(default_factory=list)


def sanitize(html: str) -> str:
    """The one HTML policy of replies: structure only, no scripts, styles or images."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style", "template", "iframe", "object", "noscript"},
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    ).strip()


def docx_to_html(data: bytes, id_prefix: str = "") -> Narrative:
    """A Word reply as HTML. Give id_prefix (e.g. "reply-12-") when several replies share
    a page, so that their footnote links do not collide."""
    _check_docx_xml(data)
    images: list[str] = []

    def drop_image(image) -> list:
        images.append(image.alt_text or "")
        return []

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            convert_image=drop_image,
            id_prefix=id_prefix or None,
        )
    except (KeyError, RecursionError, *DAMAGED_PART) as error:
        raise UploadRejected(
            _(
                "This Word file could not be read: it may be damaged. Save it again as .docx "
                "and upload the new copy."
            )
        ) from error
    warnings = _readable_messages(result.messages)
    if images:
        described = [alt for alt in images if alt]
        warning = _images_left_out(len(images))
        if described:
            descriptions = "; ".join(repr(alt) for alt in described)
            warning += " " + _("Descriptions: %(descriptions)s.") % {"descriptions": descriptions}
        warnings.append(warning)
    # Word's footnote reference style is superscript too: one <sup> is enough.
    html = re.sub(r"<sup><sup>(.*?)</sup></sup>", r"<sup>\1</sup>", sanitize(result.value))
    return Narrative(html=html, text=html_to_text(html), warnings=warnings)


def markdown_to_html(text: str) -> Narrative:
    """A reply typed in Markdown (CommonMark with tables) as HTML."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    warnings: list[str] = []
    if FOOTNOTES_IN_MARKDOWN:
        from mdit_py_plugins.footnote import footnote_plugin

        md.use(footnote_plugin)
    elif re.search(r"\[\^[^\]\s]+\]", text):
        warnings.append(
            _(
                "Footnotes ([^1]) are not supported in Markdown here; they appear as typed. "
                "Upload a Word file to keep footnotes."
            )
        )
    tokens = md.parse(text)
    kinds = {token.type for token in tokens}
    inline = [child for token in tokens for child in (token.children or [])]
    kinds |= {child.type for child in inline}
    images = sum(child.type == "image" for child in inline)
    if images:
        warnings.append(_images_left_out(images))
    if kinds & {"html_block", "html_inline"}:
        warnings.append(
            _(
                "HTML written in the text was reduced to headings, paragraphs, lists, tables, "
                "links, bold and italic; anything else was removed."
            )
        )
    html = sanitize(md.renderer.render(tokens, md.options, {}))
    return Narrative(html=html, text=html_to_text(html), warnings=warnings)


def _depth(root) -> int:
    """How deeply the elements nest, counted without recursion."""
    deepest, todo = 0, [(root, 1)]
    while todo:
        element, depth = todo.pop()
        deepest = max(deepest, depth)
        todo.extend((child, depth + 1) for child in element)
    return deepest


def _check_docx_xml(data: bytes) -> None:
    """Parse every XML part with defusedxml first: no DTDs or entities reach mammoth, nor
    nesting so deep that mammoth, which reads the tree recursively, would run out of
    stack."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UploadRejected(_("This file is not a Word .docx file, or it is damaged.")) from error
    check_zip_headers(infos)
    with archive:
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                root = SafeET.fromstring(archive.read(info), forbid_dtd=True)
            except DefusedXmlException as error:
                raise UploadRejected(
                    _(
                        "This Word file contains a document type declaration in %(part)s, "
                        "which is not allowed. Save it again from Word."
                    )
                    % {"part": info.filename}
                ) from error
            except (SafeET.ParseError, *DAMAGED_PART) as error:
                raise UploadRejected(
                    _(
                        "This Word file is damaged (%(part)s cannot be read). "
                        "Save it again and upload the new copy."
                    )
                    % {"part": info.filename}
                ) from error
            if _depth(root) > MAX_XML_DEPTH:
                raise UploadRejected(
                    _(
                        "This Word file nests more than %(depth)s levels deep in %(part)s, "
                        "which no reply needs. Simplify its tables within tables, or save it "
                        "again from Word, and upload again."
                    )
                    % {"depth": MAX_XML_DEPTH, "part": info.filename}
                )


_STYLE_MESSAGE = re.compile(
    r"Unrecognised (?P<what>paragraph|run|table) style: '(?P<name>[^']*)' \(Style ID: [^)]*\)"
)
# What to say about a style mammoth does not know, by what it is a style of.
_STYLE_WARNINGS = {
    "paragraph": gettext_noop(
        "The Word style %(style)s is not one we know; its paragraphs were kept without that "
        "style. Use Word's Heading 1-6 styles for headings."
    ),
    "run": gettext_noop(
        "The Word style %(style)s is not one we know; its text was kept without that "
        "style. Use Word's Heading 1-6 styles for headings."
    ),
    "table": gettext_noop(
        "The Word style %(style)s is not one we know; its tables were kept without that "
        "style. Use Word's Heading 1-6 styles for headings."
    ),
}


def _readable_messages(messages) -> list[str]:
    """mammoth's messages in words a focal point understands, each once."""
    readable: list[str] = []
    for message in messages:
        match = _STYLE_MESSAGE.search(message.message)
        if match:
            text = _(_STYLE_WARNINGS[match["what"]]) % {"style": repr(match["name"])}
        elif "image" in message.message.lower():
            # Translators: %(message)s is the converter's own message, in English.
            text = _("An image could not be read and was left out (%(message)s).") % {
                "message": message.message
            }
        else:
            text = message.message  # mammoth's own words: there is no translation of them
        if text not in readable:
            readable.append(text)
    return readable


def _images_left_out(number: int) -> str:
    return ngettext(
        "%(count)s image was left out: replies keep text only. Give the content of an image "
        "as text, or send it as an attachment.",
        "%(count)s images were left out: replies keep text only. Give the content of an "
        "image as text, or send it as an attachment.",
        number,
    ) % {"count": number}


class _TextExtractor(HTMLParser):
    """Blocks on their own lines, list items as "- ", table rows as "cell | cell"."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.cells = 0  # cells so far in the current table row
        self.in_cell = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"td", "th"}:
            self.parts.append(" | " if self.cells else "")
            self.cells += 1
            self.in_cell += 1
        elif tag == "tr":
            self.parts.append("\n")
            self.cells = 0
        elif tag in self.BLOCKS and (self.in_cell or self.parts[-1:] == ["\n- "]):
            self.parts.append(" ")  # a paragraph inside a cell or opening a list item
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in {"td", "th"}:
            self.in_cell = max(self.in_cell - 1, 0)
        elif tag in self.BLOCKS and not self.in_cell:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data.replace("\n", " "))


def html_to_text(html: str) -> str:
    """Plain text of sanitised HTML: blocks separated by blank lines, list items as "- "."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
