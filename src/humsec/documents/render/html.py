"""The HTML renderer: the web preview, a complete and accessible page.

One page with the language of the document on <html> and the language (and direction) of
each reply on its content; headings in order (h1 for the letter and the annex heading,
h2 for each reply, the replies' own headings below); masthead in a <header>; footnotes as
a numbered list after each reply, linked both ways; no script, no outside resource (the
emblem, when given, is inlined as a data: URL). Built from the same view as Word and PDF,
so it shows what they print; the replies' HTML is rebuilt from its blocks, never copied.
"""

from __future__ import annotations

import base64
from html import escape

from humsec.documents.render.content import BOLD, ITALIC, SUB, SUP
from humsec.documents.render.model import LOCALES
from humsec.documents.render.view import LABELS, build_view

STYLE = """
body { font-family: "Noto Serif", "Times New Roman", serif; font-size: 1rem; line-height: 1.45;
  max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #111; background: #fff; }
header.masthead { display: grid; grid-template-columns: 1fr auto; column-gap: 1rem;
  border-bottom: 3px solid #111; padding-bottom: .5rem; margin-bottom: 1rem; }
.masthead .un { font-size: 1.2rem; border-bottom: 1px solid #111; align-self: end; }
.masthead .un img { height: 2.5rem; vertical-align: middle; margin-right: .5rem; }
.masthead .symbol { font-size: 1.5rem; font-weight: bold; text-align: right;
  border-bottom: 1px solid #111; }
.masthead .organ { font-size: 1.5rem; font-weight: bold; }
.masthead .distribution p { margin: 0; }
.masthead .distribution .original { margin-top: .5rem; }
h1 { font-size: 1.15rem; } h2 { font-size: 1.05rem; } h3, h4, h5, h6 { font-size: 1rem; }
main p { text-align: justify; margin: 0 0 .6rem; }
p.session { text-align: left; }
.signature { text-align: right; }
.annex-title { text-align: center; font-weight: bold; }
.original { text-align: right; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #555; padding: .2rem .4rem; text-align: left; vertical-align: top; }
.notes { font-size: .9rem; border-top: 1px solid #999; margin-top: 1rem; }
.notes h3, .notes h4, .notes h5, .notes h6 { font-size: .9rem; }
footer.job { font-size: .85rem; margin-top: 2rem; border-top: 1px solid #999;
  display: flex; justify-content: space-between; }
""".strip()


def e(value: str) -> str:
    return escape(value, quote=True)


class _Writer:
    def __init__(self, view: dict):
        self.view = view
        self.notes = view["notes"]

    def inline(self, inlines: list) -> str:
        out = []
        for item in inlines:
            kind = item[0]
            if kind == "t":
                _, text, marks, href = item
                piece = e(text)
                if marks & SUP:
                    piece = f"<sup>{piece}</sup>"
                if marks & SUB:
                    piece = f"<sub>{piece}</sub>"
                if marks & ITALIC:
                    piece = f"<em>{piece}</em>"
                if marks & BOLD:
                    piece = f"<strong>{piece}</strong>"
                if href:
                    piece = f'<a href="{e(href)}">{piece}</a>'
                out.append(piece)
            elif kind == "br":
                out.append("<br>")
            else:
                n = item[1]
                out.append(
                    f'<sup><a href="#note-{n}" id="note-ref-{n}" role="doc-noteref">{n}</a></sup>'
                )
        return "".join(out)

    def blocks(self, blocks: list, base: int, inner: bool = False) -> str:
        out = []
        for block in blocks:
            kind = block[0]
            if kind == "p":
                out.append(f"<p>{self.inline(block[1])}</p>")
            elif kind == "h":
                if inner:
                    out.append(f"<p><strong>{self.inline(block[2])}</strong></p>")
                else:
                    level = min(base + block[1], 6)
                    out.append(f"<h{level}>{self.inline(block[2])}</h{level}>")
            elif kind == "list":
                _, ordered, start, items = block
                tag = "ol" if ordered else "ul"
                first = f' start="{start}"' if ordered and start != 1 else ""
                body = "".join(f"<li>{self.item(item)}</li>" for item in items)
                out.append(f"<{tag}{first}>{body}</{tag}>")
            elif kind == "table":
                out.append(self.table(block))
            elif kind == "quote":
                out.append(f"<blockquote>{self.blocks(block[1], base, True)}</blockquote>")
        return "\n".join(out)

    def item(self, blocks: list) -> str:
        if len(blocks) == 1 and blocks[0][0] == "p":
            return self.inline(blocks[0][1])
        return self.blocks(blocks, 0, True)

    def table(self, block: tuple) -> str:
        _, _, nrows, header, cells = block
        rows: list[list[str]] = [[] for _ in range(nrows)]
        for cell in cells:
            tag = "th" if cell["head"] else "td"
            scope = ' scope="col"' if header and cell["r"] == 0 else ""
            spans = (f' colspan="{cell["cs"]}"' if cell["cs"] > 1 else "") + (
                f' rowspan="{cell["rs"]}"' if cell["rs"] > 1 else ""
            )
            rows[cell["r"]].append(f"<{tag}{scope}{spans}>{self.item(cell['blocks'])}</{tag}>")
        html = [f"<tr>{''.join(row)}</tr>" for row in rows]
        if header:
            return f"<table><thead>{html[0]}</thead><tbody>{''.join(html[1:])}</tbody></table>"
        return f"<table><tbody>{''.join(html)}</tbody></table>"

    def front(self) -> list[str]:
        v = self.view
        m = v["masthead"]
        emblem = ""
        if v["emblem"]:
            kind = "png" if v["emblem"][:4] == b"\x89PNG" else "jpeg"
            data = base64.b64encode(v["emblem"]).decode()
            emblem = f'<img src="data:image/{kind};base64,{data}" alt="{e(v["emblem_alt"])}">'
        out = [
            '<header class="masthead">',
            f'<div class="un">{emblem}<span>{e(m["un"])}</span></div>',
            f'<div class="symbol">{e(m["symbol"])}</div>',
            f'<div class="organ">{e(m["organ"])}</div>',
            f'<div class="distribution"><p>{e(m["distr"])}</p><p>{e(m["date"])}</p>'
            f'<p class="original">{e(m["original"])}</p></div>',
            "</header>",
            "<main>",
        ]
        lines = [e(x) for x in (v["session"], v["agenda_label"]) if x]
        lines += [f"<strong>{e(t)}</strong>" for t in v["agenda_titles"]]
        if lines:
            out.append(f'<p class="session">{"<br>".join(lines)}</p>')
        out.append(f"<h1>{e(v['title'])}</h1>")
        if v["subtitle"]:
            out.append(f'<p class="subtitle"><strong>{e(v["subtitle"])}</strong></p>')
        out.extend(f"<p>{e(p)}</p>" for p in v["body"])
        for s in v["signatures"]:
            out.append(
                f'<p class="signature">{"<br>".join(e(x) for x in [s["signed"], *s["title"]])}</p>'
            )
        annex = v["annex"]
        if annex:
            out.append('<section class="annex" aria-labelledby="annex-heading">')
            out.append(f'<h1 id="annex-heading">{e(annex["heading"])}</h1>')
            if annex["title"]:
                out.append(f'<p class="annex-title">{e(annex["title"])}</p>')
            if annex["introduction"]:
                out.append(f"<p>{e(annex['introduction'])}</p>")
        return out

    def unit(self, unit: dict, number: int) -> list[str]:
        level = unit["level"]
        lang = unit["lang"]
        scoped = lang != self.view["language"]
        lang_attrs = f' lang="{e(lang)}" dir="{LOCALES[lang][3]}"' if scoped else ""
        out = [
            f'<section class="{unit["kind"]}" aria-labelledby="unit-{number}">',
            f'<h{level} id="unit-{number}">{e(unit["heading"])}</h{level}>',
        ]
        if unit["original"]:
            out.append(f'<p class="original">{e(unit["original"])}</p>')
        if unit["title"]:
            out.append(
                f'<p class="reply-title"{lang_attrs}><strong>{e(unit["title"])}</strong></p>'
            )
        if unit["date"]:
            out.append(f'<p class="date">{e(unit["date"])}</p>')
        body = self.blocks(unit["blocks"], level)
        if body:
            out.append(f'<div class="content"{lang_attrs}>{body}</div>')
        if unit["notes"]:
            notes_level = min(level + 1, 6)
            items = []
            for n in unit["notes"]:
                back = f' <a href="#note-ref-{n}" aria-label="↑ {n}">↑</a>'
                items.append(f'<li id="note-{n}">{self.item(self.notes[n])}{back}</li>')
            label = LABELS[self.view["language"]]["notes"]
            out.append(
                f'<aside class="notes" aria-labelledby="notes-{number}">'
                f'<h{notes_level} id="notes-{number}">{e(label)}</h{notes_level}>'
                f'<ol start="{unit["notes"][0]}"{lang_attrs}>{"".join(items)}</ol></aside>'
            )
        out.append("</section>")
        return out


def render_html(document: dict) -> bytes:
    """The document as one HTML page (UTF-8); the same document gives the same bytes."""
    view = build_view(document)
    writer = _Writer(view)
    lang = view["language"]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}" dir="{LOCALES[lang][3]}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(view['metadata']['title'])}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        *writer.front(),
    ]
    for number, unit in enumerate(view["units"], start=1):
        parts.extend(writer.unit(unit, number))
    if view["annex"]:
        parts.append("</section>")
    parts.append("</main>")
    if view["job"]:
        parts.append(
            f'<footer class="job"><span>{e(view["job"])}</span>'
            f'<span class="barcode">{e(view["barcode"])}</span></footer>'
        )
    parts.extend(["</body>", "</html>", ""])
    return "\n".join(parts).encode()


class HtmlRenderer:
    extension = "html"
    media_type = "text/html; charset=utf-8"

    def render(self, document: dict) -> bytes:
        return render_html(document)


__all__ = ["HtmlRenderer", "render_html"]
