"""One PDF from the parts Typst compiled, with the running header and page numbers.

Typst (through krilla) writes plain PDF 1.7: a classic cross-reference table, no object
streams, direct stream lengths. That makes its files easy to read back exactly, and this
module does only that, for Typst's output: it renumbers the objects of each part, joins
the page trees, the structure trees (tags) and the outlines (bookmarks, rebuilt from the
heading levels the source recorded), keeps part 0's catalog, metadata and output intent
(PDF/A-2b), and stamps on every page but the first, as pagination artifacts, the document
symbol in the header (left on even pages, right on odd ones, over a thin rule) and
"2/37" in the footer. The stamped text uses a font subset taken from a one-line Typst
document (the "stamp") holding exactly the characters needed.

Everything here is deterministic: the same parts give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from dataclasses import dataclass, field

from humsec.documents.render.model import DocumentError

_REF_OR_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)|(?<![\w.])(\d+) 0 R\b", re.S)
_INT = re.compile(rb"/(\w+) (\d+)\b")


class MergeError(DocumentError):
    """The parts are not what this module expects from Typst."""


@dataclass
class Obj:
    head: bytes  # the dictionary or other value, without "N 0 obj"
    stream: bytes | None = None


@dataclass
class Part:
    objects: dict[int, Obj]
    root: int
    info: int | None
    trailer_id: bytes
    catalog: bytes = b""
    pages: list[int] = field(default_factory=list)


def parse(pdf: bytes) -> Part:
    """The objects of a Typst PDF, by number."""
    start = pdf.rfind(b"startxref")
    xref_at = int(pdf[start + 9 :].split()[0])
    lines = pdf[xref_at:].split(b"\n")
    if lines[0].strip() != b"xref":
        raise MergeError("The PDF has no classic cross-reference table.")
    first, count = (int(x) for x in lines[1].split())
    offsets = []
    for i, line in enumerate(lines[2 : 2 + count]):
        if line[17:18] == b"n":
            offsets.append((int(line[:10]), first + i))
    offsets.sort()
    trailer = pdf[pdf.index(b"trailer", xref_at) : start]
    objects: dict[int, Obj] = {}
    for i, (offset, number) in enumerate(offsets):
        end = offsets[i + 1][0] if i + 1 < len(offsets) else xref_at
        chunk = pdf[offset:end].rstrip()
        header_end = chunk.index(b"obj") + 3
        if int(chunk[: chunk.index(b" ")]) != number or not chunk.endswith(b"endobj"):
            raise MergeError(f"Object {number} is not where the table says.")
        body = chunk[header_end:-6].strip()
        if body.endswith(b"endstream"):
            length = int(re.search(rb"/Length (\d+)", body).group(1))
            for eol in (b"\n", b"\r\n"):
                data_end = len(body) - len(eol + b"endstream")
                data_start = data_end - length
                if body[data_start - 7 : data_start] == b"stream\n":
                    break
            else:
                raise MergeError(f"Object {number}: stream length does not match.")
            objects[number] = Obj(body[: data_start - 7].rstrip(), body[data_start:data_end])
        else:
            objects[number] = Obj(body)
    root = int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))
    info = re.search(rb"/Info (\d+) 0 R", trailer)
    ident = re.search(rb"/ID\s*\[\s*(\([^)]*\)|<[^>]*>)", trailer)
    part = Part(
        objects, root, int(info.group(1)) if info else None, ident.group(1) if ident else b""
    )
    part.catalog = objects[root].head
    part.pages = _pages(objects, _ref(part.catalog, b"Pages"))
    return part


def _ref(head: bytes, key: bytes) -> int | None:
    match = re.search(rb"/" + key + rb"\s*(\d+) 0 R", head)
    return int(match.group(1)) if match else None


def _refs_in(value: bytes) -> list[int]:
    return [int(m.group(1)) for m in _REF_OR_STRING.finditer(value) if m.group(1)]


def _array(head: bytes, key: bytes) -> bytes:
    """The raw text of an array value /Key[...] (no nested arrays in the ones we read)."""
    match = re.search(rb"/" + key + rb"\s*\[([^\]]*)\]", head)
    return match.group(1) if match else b""


def _pages(objects: dict[int, Obj], node: int | None) -> list[int]:
    if node is None:
        raise MergeError("The PDF has no page tree.")
    head = objects[node].head
    if b"/Type/Pages" not in head:
        return [node]
    return [page for kid in _refs_in(_array(head, b"Kids")) for page in _pages(objects, kid)]


def _title(head: bytes) -> bytes:
    """The raw /Title string of a bookmark: hex, or literal with nested parentheses."""
    at = head.find(b"/Title")
    if at < 0:
        return b"()"
    at += len(b"/Title")
    while head[at : at + 1] in (b" ", b"\n", b"\r"):
        at += 1
    if head[at : at + 1] == b"<":
        return head[at : head.index(b">", at) + 1]
    depth, i = 0, at
    while i < len(head):
        ch = head[i : i + 1]
        if ch == b"\\":
            i += 2
            continue
        if ch == b"(":
            depth += 1
        elif ch == b")":
            depth -= 1
            if depth == 0:
                return head[at : i + 1]
        i += 1
    raise MergeError("A bookmark title that does not end.")


def _outline_items(objects: dict[int, Obj], root: int | None) -> list[tuple[bytes, bytes]]:
    """(title, destination) of each bookmark, depth first (document order)."""
    items: list[tuple[bytes, bytes]] = []

    def walk(number: int | None):
        while number is not None:
            head = objects[number].head
            title = _title(head)
            dest = re.search(rb"/Dest\s*(\d+ 0 R|\[[^\]]*\])", head)
            if dest is None:
                raise MergeError("A bookmark without a direct destination.")
            items.append((title, dest.group(1)))
            walk(_ref(head, b"First"))
            number = _ref(head, b"Next")

    if root is not None:
        walk(_ref(objects[root].head, b"First"))
    return items


# -- The stamp: a font subset for the running header and page numbers ------------------------


@dataclass
class Stamp:
    fonts: dict[str, int]  # resource name -> object number in the stamp PDF
    glyphs: dict[str, tuple[str, int, float]]  # character -> (resource name, code, width/1000)
    objects: dict[int, Obj]


def read_stamp(pdf: bytes) -> Stamp:
    part = parse(pdf)
    fonts: dict[str, int] = {}
    glyphs: dict[str, tuple[str, int, float]] = {}
    for number, obj in sorted(part.objects.items()):
        if b"/Subtype/Type0" not in obj.head:
            continue
        name = f"HsF{len(fonts)}"
        fonts[name] = number
        descendant = part.objects[_refs_in(_array(obj.head, b"DescendantFonts"))[0]]
        widths = _widths(descendant.head)
        cmap = part.objects[_ref(obj.head, b"ToUnicode")]
        data = cmap.stream
        if b"/FlateDecode" in cmap.head:
            data = zlib.decompress(data)
        for code, text in _tounicode(data):
            if len(text) == 1 and text not in glyphs:
                glyphs[text] = (name, code, widths.get(code, 0.0))
    return Stamp(fonts, glyphs, part.objects)


def _widths(head: bytes) -> dict[int, float]:
    match = re.search(rb"/W\s*\[(.*)\]", head, re.S)
    widths: dict[int, float] = {}
    if not match:
        return widths
    tokens = re.findall(rb"\[|\]|[\d.]+", match.group(1))
    i = 0
    while i < len(tokens):
        first = int(tokens[i])
        if tokens[i + 1] == b"[":
            j = i + 2
            code = first
            while tokens[j] != b"]":
                widths[code] = float(tokens[j])
                code += 1
                j += 1
            i = j + 1
        else:
            last, width = int(tokens[i + 1]), float(tokens[i + 2])
            for code in range(first, last + 1):
                widths[code] = width
            i += 3
    return widths


def _tounicode(data: bytes):
    def text(hexa: bytes) -> str:
        return bytes.fromhex(hexa.decode()).decode("utf-16-be")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            yield int(code, 16), text(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            base = text(target)
            for k, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                yield code, base[:-1] + chr(ord(base[-1]) + k)


# -- Merging -------------------------------------------------------------------------------


class _Writer:
    """The merged file's objects, numbered densely as they are added."""

    def __init__(self):
        self.objects: dict[int, Obj] = {}
        self.next = 1

    def reserve(self) -> int:
        number = self.next
        self.next += 1
        return number

    def copy(self, objects: dict[int, Obj], overrides: dict[int, int]) -> dict[int, int]:
        """Copy objects under new numbers; references to the overridden ones go to the
        given numbers. Returns old -> new for every number of the part."""
        olds = sorted(number for number in objects if number not in overrides)
        mapping = {old: self.next + i for i, old in enumerate(olds)}
        self.next += len(olds)
        mapping.update(overrides)

        def renumber(match: re.Match) -> bytes:
            old = match.group(1)
            if old is None:
                return match.group(0)
            try:
                return b"%d 0 R" % mapping[int(old)]
            except KeyError:
                raise MergeError(f"A reference to object {int(old)}, left out.") from None

        for old in olds:
            obj = objects[old]
            head = obj.head
            if b" 0 R" in head:
                head = _REF_OR_STRING.sub(renumber, head)
            self.objects[mapping[old]] = Obj(head, obj.stream)
        return mapping

    def bytes(self, root: int, info: int | None, ident: bytes) -> bytes:
        out = [b"%PDF-1.7\n%\x80\x80\x80\x80\n"]
        offsets = []
        position = len(out[0])
        for number in range(1, self.next):
            obj = self.objects.get(number) or Obj(b"null")
            chunk = b"%d 0 obj\n" % number + obj.head
            if obj.stream is not None:
                chunk += b"\nstream\n" + obj.stream + b"\nendstream"
            chunk += b"\nendobj\n"
            offsets.append(position)
            position += len(chunk)
            out.append(chunk)
        out.append(b"xref\n0 %d\n0000000000 65535 f\r\n" % self.next)
        out.append(b"".join(b"%010d 00000 n\r\n" % offset for offset in offsets))
        info_ref = b"/Info %d 0 R" % info if info else b""
        out.append(
            b"trailer\n<</Size %d/Root %d 0 R%s/ID[%s%s]>>\nstartxref\n%d\n%%%%EOF\n"
            % (self.next, root, info_ref, ident, ident, position)
        )
        return b"".join(out)


def _closure(objects: dict[int, Obj], roots: list[int]) -> dict[int, Obj]:
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        number = stack.pop()
        if number not in seen:
            seen.add(number)
            stack.extend(_refs_in(objects[number].head))
    return {number: objects[number] for number in seen}


def merge(
    pdfs: list[bytes],
    levels: list[list[int]],
    stamp_pdf: bytes,
    symbol: str,
    geometry: dict,
) -> bytes:
    """One tagged PDF/A-2b from the parts, with running headers and page numbers."""
    parts = [parse(pdf) for pdf in pdfs]
    stamp = read_stamp(stamp_pdf)
    writer = _Writer()
    catalog, pages_root, struct_root, document_elem, outline_root = (
        writer.reserve() for _ in range(5)
    )
    push = writer.reserve()  # "q": saves the graphics state before each page's content

    # The stamp's fonts.
    stamp_numbers = writer.copy(_closure(stamp.objects, list(stamp.fonts.values())), {})
    font_refs = b"".join(
        b"/%s %d 0 R" % (name.encode(), stamp_numbers[number])
        for name, number in stamp.fonts.items()
    )

    total = sum(len(part.pages) for part in parts)
    all_pages: list[int] = []
    doc_kids: list[bytes] = []
    nums: list[bytes] = []
    ids: list[tuple[bytes, bytes]] = []
    role_map: dict[bytes, bytes] = {}
    bookmarks: list[tuple[int, bytes, bytes]] = []
    key_offset = 0
    done_resources: set[int] = set()
    info_number = None
    first_catalog = b""
    page_number = 0

    for k, part in enumerate(parts):
        objects = dict(part.objects)
        cat = part.catalog
        tree = _ref(cat, b"StructTreeRoot")
        outlines = _ref(cat, b"Outlines")
        overrides = {part.root: catalog, _ref(cat, b"Pages"): pages_root}
        if tree is not None:
            tree_head = objects[tree].head
            if re.search(rb"/ClassMap|/Kids", tree_head):
                raise MergeError("A structure tree with a class map or a split parent tree.")
            (doc,) = _refs_in(_array(tree_head, b"K"))
            overrides[tree] = struct_root
            overrides[doc] = document_elem
            kids = objects[doc].head
            kids_raw = _array(kids, b"K")
            if re.sub(rb"\d+ 0 R", b"", kids_raw).strip():
                raise MergeError("Content directly under the Document structure element.")
            for a, b in re.findall(rb"/(\w+)/(\w+)", _between(tree_head, b"/RoleMap<<", b">>")):
                role_map.setdefault(a, b)
        if outlines is not None:
            overrides[outlines] = outline_root
        items = _outline_items(objects, outlines)
        if len(items) != len(levels[k]):
            raise MergeError(f"Part {k}: {len(items)} bookmarks for {len(levels[k])} headings.")
        # Objects to leave behind: the outline items (rebuilt below), part k's info,
        # catalog and trees (replaced), later parts' metadata.
        drop = set()
        if outlines is not None:
            drop |= _outline_numbers(objects, outlines)
        if k > 0:
            metadata = _ref(cat, b"Metadata")
            if metadata is not None:
                drop.add(metadata)
            if part.info is not None:
                drop.add(part.info)
        for number in drop | set(overrides):
            objects.pop(number, None)
        if k > 0 and key_offset:
            for number in part.pages + [
                n for n, o in objects.items() if b"/StructParent " in o.head
            ]:
                head = objects[number].head
                head = re.sub(
                    rb"/(StructParents?) (\d+)",
                    lambda m, shift=key_offset: b"/%s %d" % (m.group(1), int(m.group(2)) + shift),
                    head,
                )
                objects[number] = Obj(head, objects[number].stream)
        if k > 0:
            for number, obj in objects.items():
                if b"/ID(" in obj.head:
                    objects[number] = Obj(obj.head.replace(b"/ID(", b"/ID(p%d-" % k), obj.stream)
        mapping = writer.copy(objects, overrides)

        def new_refs(raw: bytes, mapping=mapping) -> bytes:
            return _REF_OR_STRING.sub(
                lambda m: (
                    m.group(0) if m.group(1) is None else b"%d 0 R" % mapping[int(m.group(1))]
                ),
                raw,
            )

        if tree is not None:
            doc_kids.append(new_refs(kids_raw).strip())
            nums_raw = _between(tree_head, b"/Nums[", b"]")
            pairs = re.findall(rb"(\d+)\s+(\d+ 0 R)", nums_raw)
            for key, ref in pairs:
                nums.append(b"%d %s" % (int(key) + key_offset, new_refs(ref)))
            next_key = re.search(rb"/ParentTreeNextKey (\d+)", tree_head)
            key_offset += int(next_key.group(1)) if next_key else len(pairs)
            id_raw = _between(tree_head, b"/IDTree<</Names[", b"]>>")
            for name, ref in re.findall(rb"(\((?:[^()\\]|\\.)*\))\s*(\d+ 0 R)", id_raw, re.S):
                if k > 0:
                    name = b"(p%d-" % k + name[1:]
                ids.append((name, new_refs(ref)))
        for (title, dest), level in zip(items, levels[k], strict=True):
            bookmarks.append((level, title, new_refs(dest)))
        if k == 0:
            first_catalog = new_refs(cat)
            info_number = mapping.get(part.info) if part.info else None
            metadata_number = mapping.get(_ref(cat, b"Metadata"))
        for old in part.pages:
            page_number += 1
            new = mapping[old]
            all_pages.append(new)
            if page_number > 1:
                _stamp_page(
                    writer,
                    new,
                    page_number,
                    total,
                    push,
                    font_refs,
                    stamp,
                    symbol,
                    geometry,
                    done_resources,
                )

    # The document-wide objects.
    writer.objects[push] = Obj(b"<</Length 1>>", b"q")
    writer.objects[pages_root] = Obj(
        b"<</Type/Pages/Count %d/Kids[%s]>>" % (total, b" ".join(b"%d 0 R" % p for p in all_pages))
    )
    if doc_kids:
        ids.sort(key=lambda pair: pair[0])
        id_tree = b"/IDTree<</Names[%s]>>" % b"".join(n + r for n, r in ids) if ids else b""
        roles = b"".join(b"/%s/%s" % pair for pair in sorted(role_map.items()))
        writer.objects[struct_root] = Obj(
            b"<</Type/StructTreeRoot/RoleMap<<%s>>/K[%d 0 R]/ParentTree<</Nums[%s]>>%s"
            b"/ParentTreeNextKey %d>>"
            % (roles, document_elem, b" ".join(nums), id_tree, key_offset)
        )
        writer.objects[document_elem] = Obj(
            b"<</Type/StructElem/S/Document/P %d 0 R/K[%s]>>" % (struct_root, b" ".join(doc_kids))
        )
    if bookmarks:
        _outline(writer, outline_root, bookmarks)
    elif b"/Outlines" in first_catalog:
        first_catalog = re.sub(rb"/Outlines \d+ 0 R", b"", first_catalog)
    writer.objects[catalog] = Obj(first_catalog)

    ident = (
        b"("
        + base64.b64encode(
            hashlib.md5(b"".join(p.trailer_id for p in parts) + b"%d" % total).digest()
        )
        + b")"
    )
    if metadata_number is not None:
        _fix_metadata(writer.objects[metadata_number], parts[0].trailer_id, ident, total)
    return writer.bytes(catalog, info_number, ident)


def _between(value: bytes, start: bytes, end: bytes) -> bytes:
    at = value.find(start)
    if at < 0:
        return b""
    at += len(start)
    return value[at : value.find(end, at)]


def _outline_numbers(objects: dict[int, Obj], root: int) -> set[int]:
    found: set[int] = set()

    def walk(number: int | None):
        while number is not None and number not in found:
            found.add(number)
            walk(_ref(objects[number].head, b"First"))
            number = _ref(objects[number].head, b"Next")

    walk(_ref(objects[root].head, b"First"))
    return found


def _outline(writer: _Writer, root: int, bookmarks: list[tuple[int, bytes, bytes]]) -> None:
    """Bookmarks nested by heading level (a level-3 heading under the last level-2 one,
    whichever part each came from); all closed but the top level."""
    numbers = [writer.reserve() for _ in bookmarks]
    parent = [root] * len(bookmarks)
    children: dict[int, list[int]] = {root: []}
    stack: list[tuple[int, int]] = []  # (level, index)
    for i, (level, _, _) in enumerate(bookmarks):
        while stack and stack[-1][0] >= level:
            stack.pop()
        owner = numbers[stack[-1][1]] if stack else root
        parent[i] = owner
        children.setdefault(owner, []).append(numbers[i])
        stack.append((level, i))
    siblings: dict[int, tuple[int | None, int | None]] = {}
    for kids in children.values():
        for j, number in enumerate(kids):
            siblings[number] = (
                kids[j - 1] if j else None,
                kids[j + 1] if j + 1 < len(kids) else None,
            )
    for i, (_, title, dest) in enumerate(bookmarks):
        number = numbers[i]
        prev, nxt = siblings[number]
        kids = children.get(number, [])
        head = b"<</Title%s/Parent %d 0 R" % (title, parent[i])
        if prev:
            head += b"/Prev %d 0 R" % prev
        if nxt:
            head += b"/Next %d 0 R" % nxt
        if kids:
            head += b"/First %d 0 R/Last %d 0 R/Count -%d" % (kids[0], kids[-1], len(kids))
        head += b"/Dest %s>>" % dest
        writer.objects[number] = Obj(head)
    top = children[root]
    writer.objects[root] = Obj(
        b"<</Type/Outlines/First %d 0 R/Last %d 0 R/Count %d>>" % (top[0], top[-1], len(top))
    )


def _fix_metadata(obj: Obj, old_id: bytes, new_id: bytes, total: int) -> None:
    data = obj.stream
    compressed = b"/FlateDecode" in obj.head
    if compressed:
        data = zlib.decompress(data)
    data = re.sub(
        rb"<xmpTPg:NPages>\d+</xmpTPg:NPages>", b"<xmpTPg:NPages>%d</xmpTPg:NPages>" % total, data
    )
    if old_id.startswith(b"(") and len(old_id) > 2:
        data = data.replace(old_id[1:-1], new_id[1:-1])
    if compressed:
        data = zlib.compress(data, 6)
    obj.stream = data
    obj.head = re.sub(rb"/Length \d+", b"/Length %d" % len(data), obj.head)


def _text(stamp: Stamp, value: str, size: float) -> tuple[bytes, float]:
    """Content-stream operators drawing value in the stamp's fonts, and its width."""
    out, width, current = [], 0.0, None
    for ch in value:
        glyph = stamp.glyphs.get(ch)
        if glyph is None:
            raise MergeError(f"The stamp font has no glyph for {ch!r}.")
        name, code, advance = glyph
        if name != current:
            if current is not None:
                out.append(b"> Tj ")
            out.append(b"/%s %s Tf <" % (name.encode(), _num(size)))
            current = name
        out.append(b"%04X" % code)
        width += advance * size / 1000
    out.append(b"> Tj")
    return b"".join(out), width


def _num(value: float) -> bytes:
    return (b"%.3f" % value).rstrip(b"0").rstrip(b".")


def _stamp_page(writer, page, number, total, push, font_refs, stamp, symbol, geometry, done):
    obj = writer.objects[page]
    head = obj.head
    box = [float(x) for x in _array(head, b"MediaBox").split()]
    width, height = box[2] - box[0], box[3] - box[1]
    margin = geometry["margin_x"]
    size = 9.0
    header_y = height - geometry["header_from_top"]
    footer_y = geometry["footer_from_bottom"]
    odd = number % 2 == 1
    symbol_ops, symbol_width = _text(stamp, symbol, size)
    number_ops, number_width = _text(stamp, f"{number}/{total}", size)
    symbol_x = width - margin - symbol_width if odd else margin
    number_x = width - margin - number_width if odd else margin
    rule_y = header_y - 4
    content = (
        b"Q\n/Artifact <</Type/Pagination/Subtype/Header>> BDC\n"
        b"BT 1 0 0 1 %s %s Tm %s ET\n"
        b"q 0.5 w %s %s m %s %s l S Q\nEMC\n"
        b"/Artifact <</Type/Pagination/Subtype/Footer>> BDC\n"
        b"BT 1 0 0 1 %s %s Tm %s ET\nEMC\n"
        % (
            _num(symbol_x), _num(header_y), symbol_ops,
            _num(margin), _num(rule_y), _num(width - margin), _num(rule_y),
            _num(number_x), _num(footer_y), number_ops,
        )
    )  # fmt: skip
    data = zlib.compress(content, 6)
    overlay = writer.reserve()
    writer.objects[overlay] = Obj(b"<</Length %d/Filter/FlateDecode>>" % len(data), data)
    contents = re.search(rb"/Contents\s*(\d+ 0 R|\[[^\]]*\])", head)
    if contents is None:
        raise MergeError("A page without content.")
    existing = contents.group(1).strip(b"[]").strip()
    head = (
        head[: contents.start()]
        + b"/Contents[%d 0 R %s %d 0 R]" % (push, existing, overlay)
        + head[contents.end() :]
    )
    resources = _ref(head, b"Resources")
    if resources is None:
        raise MergeError("A page whose resources are not a separate object.")
    writer.objects[page] = Obj(head, obj.stream)
    if resources not in done:
        done.add(resources)
        res = writer.objects[resources]
        if b"/Font<<" in res.head:
            new = res.head.replace(b"/Font<<", b"/Font<<" + font_refs, 1)
        else:
            new = res.head[:-2] + b"/Font<<" + font_refs + b">>>>"
        writer.objects[resources] = Obj(new, res.stream)
