"""A reply's HTML as a small tree of blocks that the three renderers lay out alike.

Replies arrive as the sanitised HTML of ``humsec.outreach.imports.narrative``: p, h1-h6,
ul/ol/li, tables, blockquote, strong/em/sup/sub, links, br, and footnotes written the way
mammoth and markdown-it write them: a reference ``<sup><a href="#fn1" id="fnref1">[1]</a>
</sup>`` and, further down, a list item ``<li id="fn1">...<a href="#fnref1">↑</a></li>``.
Those list items become real footnotes (their back-links dropped), numbered in the order
of their first reference across the whole document, as Word and Typst number them.

Blocks are tuples, cheap to build by the ten thousand:

- ``("p", inlines, keep)``: a paragraph (never numbered); keep = keep with the next block;
- ``("h", level, inlines)``: a heading, level 1 being the reply's top level;
- ``("list", ordered, start, items)``: items are lists of blocks;
- ``("table", ncols, nrows, header_rows, cells)``: cells are dicts r, c, cs, rs, head,
  blocks, placed on the grid the way HTML places them;
- ``("quote", blocks)``.

Inlines: ``("t", text, marks, href)`` (marks: BOLD | ITALIC | SUP | SUB), ``("br",)`` and
``("n", number)`` for a footnote reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

BOLD, ITALIC, SUP, SUB = 1, 2, 4, 8
_MARKS = {"strong": BOLD, "b": BOLD, "em": ITALIC, "i": ITALIC, "sup": SUP, "sub": SUB}
_VOID = {"br", "hr", "img", "wbr", "col", "input", "meta", "link"}
_BLOCKS = {
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
    "tfoot",
    "tr",
    "td",
    "th",
    "blockquote",
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "hr",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "pre",
    "caption",
}
_SPACE = re.compile(r"[ \t\n\r\f]+")


@dataclass
class Notes:
    """Footnotes of the whole document: numbers given in order of first reference."""

    next_number: int = 1
    texts: dict[int, list] = field(default_factory=dict)


class _Node:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []


class _Tree(HTMLParser):
    """A forgiving tree builder: closes an open p before a block, an li before an li."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS and self.stack[-1].tag == "p":
            self.stack.pop()
        if tag in {"li", "tr", "td", "th", "dt", "dd"}:
            closes = {"li": {"li"}, "tr": {"tr", "td", "th"}, "td": {"td", "th"}}.get(
                tag, {"td", "th"} if tag == "th" else {"dt", "dd"}
            )
            for depth in range(len(self.stack) - 1, 0, -1):
                node = self.stack[depth]
                if node.tag in closes:
                    del self.stack[depth:]
                    break
                if node.tag in {"ul", "ol", "table", "tbody", "thead", "tfoot", "dl"}:
                    break
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _walk(node: _Node):
    yield node
    for child in node.children:
        if isinstance(child, _Node):
            yield from _walk(child)


def _text_of(node: _Node) -> str:
    return "".join(c if isinstance(c, str) else _text_of(c) for c in node.children)


class _Converter:
    def __init__(self, root: _Node, notes: Notes):
        self.notes = notes
        items = {n.attrs["id"]: n for n in _walk(root) if n.tag == "li" and n.attrs.get("id")}
        self.refs: dict[int, str] = {}  # id(sup node) -> note id
        self.backlinks: set[str] = set()
        for sup in (n for n in _walk(root) if n.tag == "sup"):
            links = [c for c in sup.children if isinstance(c, _Node)]
            rest = "".join(c for c in sup.children if isinstance(c, str)).strip()
            if len(links) == 1 and links[0].tag == "a" and not rest:
                target = links[0].attrs.get("href", "")[1:]
                if links[0].attrs.get("href", "").startswith("#") and target in items:
                    self.refs[id(sup)] = target
                    if links[0].attrs.get("id"):
                        self.backlinks.add(links[0].attrs["id"])
        self.note_items = {target: items[target] for target in self.refs.values()}
        self.note_ids = {id(node) for node in self.note_items.values()}
        self.numbers: dict[str, int] = {}

    # -- blocks

    def blocks(self, node: _Node) -> list:
        out: list = []
        pending: list = []

        def flush():
            inl = _tidy(pending)
            if inl:
                out.append(("p", inl, False))
            pending.clear()

        for child in node.children:
            if isinstance(child, str):
                pending.append(("t", child, 0, None))
                continue
            tag = child.tag
            if tag not in _BLOCKS:
                pending.extend(self.inlines(child, 0, None))
                continue
            flush()
            if tag == "p" or tag in {"dt", "dd", "figcaption", "caption", "pre"}:
                inl = _tidy(self.inlines(child, 0, None))
                if inl:
                    out.append(("p", inl, False))
            elif tag[0] == "h" and tag[1:].isdigit():
                inl = _tidy(self.inlines(child, 0, None))
                if inl:
                    out.append(("h", int(tag[1]), inl))
            elif tag in {"ul", "ol"}:
                block = self.list_block(child)
                if block:
                    out.append(block)
            elif tag == "table":
                block = self.table(child)
                if block:
                    out.append(block)
            elif tag == "blockquote":
                inner = self.blocks(child)
                if inner:
                    out.append(("quote", inner))
            elif tag == "hr":
                continue
            else:  # div, section, li outside a list, stray cells: their content
                out.extend(self.blocks(child))
        flush()
        return out

    def list_block(self, node: _Node):
        items = []
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    items.append([("p", _tidy([("t", child, 0, None)]), False)])
                continue
            if id(child) in self.note_ids:
                continue  # a footnote: printed as such where it is referenced
            blocks = self.blocks(child) if child.tag == "li" else self.blocks(_wrap(child))
            if blocks:
                items.append(blocks)
        if not items:
            return None
        try:
            start = int(node.attrs.get("start") or 1)
        except ValueError:
            start = 1
        return ("list", node.tag == "ol", start, items)

    def table(self, node: _Node):
        rows: list[list[_Node]] = []

        def collect(n: _Node):
            for child in n.children:
                if isinstance(child, _Node):
                    if child.tag == "tr":
                        rows.append([c for c in child.children if isinstance(c, _Node)])
                    elif child.tag in {"thead", "tbody", "tfoot"}:
                        collect(child)

        collect(node)
        occupied: set[tuple[int, int]] = set()
        cells = []
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                if cell.tag not in {"td", "th"}:
                    continue
                while (r, c) in occupied:
                    c += 1
                cs = _span(cell.attrs.get("colspan"))
                rs = min(_span(cell.attrs.get("rowspan")), len(rows) - r)
                for dr in range(rs):
                    for dc in range(cs):
                        occupied.add((r + dr, c + dc))
                cells.append(
                    {
                        "r": r,
                        "c": c,
                        "cs": cs,
                        "rs": rs,
                        "head": cell.tag == "th",
                        "blocks": self.blocks(cell),
                    }
                )
                c += cs
        if not cells:
            return None
        ncols = max(c for _, c in occupied) + 1
        nrows = len(rows)
        first = [cell for cell in cells if cell["r"] == 0]
        header = int(
            nrows > 1
            and all(cell["head"] and cell["rs"] == 1 for cell in first)
            and sum(cell["cs"] for cell in first) == ncols
        )
        return ("table", ncols, nrows, header, cells)

    # -- inlines

    def inlines(self, node: _Node, marks: int, href: str | None) -> list:
        if id(node) in self.refs:
            return [self.reference(self.refs[id(node)])]
        tag = node.tag
        if tag == "br":
            return [("br",)]
        if tag == "a":
            target = node.attrs.get("href", "")
            if target.startswith("#") and target[1:] in self.backlinks:
                return []  # a footnote's way back to its reference
            if re.match(r"(?i)(https?|mailto):", target):
                href = target
        marks |= _MARKS.get(tag, 0)
        out: list = []
        for child in node.children:
            if isinstance(child, str):
                out.append(("t", child, marks, href))
            elif child.tag in _BLOCKS:  # a block inside an inline: keep its words
                out.append(("t", " ", marks, href))
                out.extend(self.inlines(child, marks, href))
                out.append(("t", " ", marks, href))
            else:
                out.extend(self.inlines(child, marks, href))
        return out

    def reference(self, target: str):
        number = self.numbers.get(target)
        if number is not None:  # referenced again: the same number, no second note
            return ("t", str(number), SUP, None)
        number = self.notes.next_number
        self.notes.next_number += 1
        self.numbers[target] = number
        self.notes.texts[number] = self.blocks(self.note_items[target]) or [
            ("p", [("t", "", 0, None)], False)
        ]
        return ("n", number)


def _wrap(node: _Node) -> _Node:
    wrapper = _Node("li", {})
    wrapper.children = [node]
    return wrapper


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _tidy(inlines: list) -> list:
    """HTML white space: runs collapsed to one space, none at the ends of a block or
    around line breaks; neighbouring runs with the same marks and link merged."""
    out: list = []
    for item in inlines:
        if item[0] != "t":
            if item[0] == "br" and out and out[-1][0] == "t":
                out[-1] = ("t", out[-1][1].rstrip(" "), out[-1][2], out[-1][3])
            out.append(item)
            continue
        value = _SPACE.sub(" ", item[1])
        if not value:
            continue
        if (out and out[-1][0] == "t" and out[-1][1].endswith(" ") and value.startswith(" ")) or (
            (not out or out[-1][0] == "br") and value.startswith(" ")
        ):
            value = value[1:]
        if not value:
            continue
        if out and out[-1][0] == "t" and out[-1][2:] == item[2:]:
            out[-1] = ("t", out[-1][1] + value, item[2], item[3])
        else:
            out.append(("t", value, item[2], item[3]))
    while out and out[-1][0] == "br":
        out.pop()
    if out and out[-1][0] == "t":
        last = out[-1][1].rstrip(" ")
        out[-1] = ("t", last, out[-1][2], out[-1][3])
        if not last:
            out.pop()
    cleaned = [i for i in out if i[0] != "t" or i[1]]
    return cleaned if any(i[0] != "br" for i in cleaned) else []


def parse_html(html: str, notes: Notes) -> list:
    """The blocks of a reply's HTML; its footnotes go into ``notes``."""
    tree = _Tree()
    tree.feed(html or "")
    tree.close()
    return _Converter(tree.root, notes).blocks(tree.root)


def plain(text: str, marks: int = 0) -> list:
    """Inlines of one plain string."""
    return [("t", text, marks, None)] if text else []


def inline_text(inlines: list) -> str:
    """The text of inlines (footnote references as their numbers)."""
    parts = []
    for item in inlines:
        if item[0] == "t":
            parts.append(item[1])
        elif item[0] == "br":
            parts.append("\n")
        elif item[0] == "n":
            parts.append(str(item[1]))
    return "".join(parts)


def iter_text(blocks: list):
    """Every string the blocks print, for glyph checks and word counts."""
    for block in blocks:
        kind = block[0]
        if kind == "p":
            yield inline_text(block[1])
        elif kind == "h":
            yield inline_text(block[2])
        elif kind == "list":
            for item in block[3]:
                yield from iter_text(item)
        elif kind == "table":
            for cell in block[4]:
                yield from iter_text(cell["blocks"])
        elif kind == "quote":
            yield from iter_text(block[1])
