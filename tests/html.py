"""Reading a page's HTML in tests: every element with its attributes, its text and its
ancestors (html.parser, so what a browser would build from well-formed markup)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass(eq=False)  # elements are told apart by identity: two equal <p> are two
class Element:
    tag: str
    attrs: dict[str, str]
    parents: list[Element]
    text: list[str] = field(default_factory=list)

    @property
    def content(self) -> str:
        """Its text, with runs of white space made one space."""
        return " ".join("".join(self.text).split())

    @property
    def tables(self) -> int:
        """How many <table> elements it is inside."""
        return sum(parent.tag == "table" for parent in self.parents)

    def inside(self, tag: str) -> Element | None:
        """The nearest ancestor with that tag."""
        return next((p for p in reversed(self.parents) if p.tag == tag), None)


class Page(HTMLParser):
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, list(self.open))
        self.elements.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        for element in self.open:
            element.text.append(data)

    def all(self, tag: str, **attrs) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]

    def by_id(self, id_: str) -> Element | None:
        found = [e for e in self.elements if e.attrs.get("id") == id_]
        assert len(found) <= 1, f"{len(found)} elements with id {id_}"
        return found[0] if found else None

    @property
    def ids(self) -> set[str]:
        return {e.attrs["id"] for e in self.elements if "id" in e.attrs}

    def within(self, ancestor: Element, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and ancestor in e.parents]


def page_of(response, status: int = 200) -> Page:
    assert response.status_code == status, response.status_code
    return Page(response.content.decode())


UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}
SCOPES = {"col", "row", "colgroup", "rowgroup"}


def accessibility_problems(page: Page) -> list[str]:
    """What breaks the rules every page keeps: one h1, a label for every control, headers
    with a scope, unique ids, aria references that point at an element, no inline script,
    style or event handler. An empty list for a page that keeps them."""
    problems = []
    if len(page.all("h1")) != 1:
        problems.append(f"{len(page.all('h1'))} h1 elements")
    labels = {label.attrs.get("for") for label in page.all("label")}
    for e in page.elements:
        control = e.tag in ("select", "textarea") or (
            e.tag == "input" and e.attrs.get("type", "text") not in UNLABELLED_INPUTS
        )
        if control and e.attrs.get("id") not in labels:
            problems.append(f"<{e.tag} name={e.attrs.get('name')!r}> without a label")
        if e.tag == "th" and e.attrs.get("scope") not in SCOPES:
            problems.append(f"<th> {e.content!r} without a scope")
        if e.tag == "script" and "src" not in e.attrs:
            problems.append("an inline <script>")
        if "style" in e.attrs or any(name.startswith("on") for name in e.attrs):
            problems.append(f"<{e.tag}> with an inline style or event handler")
        for name in ("aria-describedby", "aria-labelledby"):
            problems += [
                f"{name}={ref!r} points at nothing"
                for ref in e.attrs.get(name, "").split()
                if ref not in page.ids
            ]
    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
    problems += [f"id {i!r} used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    return problems
