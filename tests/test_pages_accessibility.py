"""Every public page meets the same accessibility rules (parsed with html.parser)."""

import pytest
from tests.html import Page

from humsec.initiatives.models import Initiative

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/participants/",
    "/participants/?kind=member_state&member_on=2007-13-45",  # a field in error
    "/participants/JPN/",
    "/participants/TUR/",
    "/initiatives/",
    "/initiatives/?theme=freedom-from-fear&on=2007-04-20",
    "initiative:osce-workshop-vienna-2007--esp",
    "initiative:geneva-declaration-armed-violence-and-development-2006--che",
    "/meetings/",
    "/meetings/1/",
    "/meetings/2/",
    "/meetings/3/",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
]
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}
SCOPES = {"col", "row", "colgroup", "rowgroup"}


def url_of(page: str) -> str:
    if page.startswith("initiative:"):
        return f"/initiatives/{Initiative.objects.get(key=page.split(':', 1)[1]).pk}/"
    return page


@pytest.fixture(params=PAGES)
def page(request, client) -> Page:
    response = client.get(url_of(request.param))
    assert response.status_code == 200
    return Page(response.content.decode())


def test_the_page_says_its_language(page):
    (html,) = page.all("html")

    assert html.attrs.get("lang") == "en"


def test_the_page_has_exactly_one_h1_with_text(page):
    headings = page.all("h1")

    assert len(headings) == 1
    assert "".join(headings[0].text).strip()


def test_every_form_control_has_a_label_for_its_id(page):
    labels = {label.attrs.get("for") for label in page.all("label")}
    controls = [
        e
        for e in page.elements
        if e.tag in ("select", "textarea")
        or (e.tag == "input" and e.attrs.get("type", "text") not in UNLABELLED_INPUTS)
    ]

    assert controls, "every page has at least the language selector"
    for control in controls:
        assert control.attrs.get("id"), f"{control.tag} {control.attrs.get('name')} has no id"
        assert control.attrs["id"] in labels, f"no <label for={control.attrs['id']!r}>"


def test_a_skip_link_leads_to_main(page):
    skip_links = [a for a in page.all("a") if a.attrs.get("href") == "#main"]

    assert skip_links
    assert page.elements.index(skip_links[0]) < page.elements.index(page.all("main")[0])
    assert [e.tag for e in page.elements if e.attrs.get("id") == "main"] == ["main"]


def test_there_is_no_inline_script_or_style(page):
    inline_scripts = [s for s in page.all("script") if "src" not in s.attrs]
    styled = [e.tag for e in page.elements if "style" in e.attrs]
    handlers = [(e.tag, a) for e in page.elements for a in e.attrs if a.startswith("on")]

    assert inline_scripts == []
    assert styled == []
    assert handlers == []


def test_every_table_has_headers_with_a_scope(page):
    for table in page.all("table"):
        start = page.elements.index(table)
        inside = []
        for element in page.elements[start + 1 :]:
            if element.tables <= table.tables:
                break
            inside.append(element)
        headers = [e for e in inside if e.tag == "th"]
        assert headers, "a table without headers"
        assert all(th.attrs.get("scope") in SCOPES for th in headers)


def test_every_aria_reference_points_at_an_element_of_the_page(page):
    # aria-describedby and aria-labelledby name ids; a missing id silently drops the
    # help text or the error message for screen-reader users.
    missing = [
        (e.tag, e.attrs.get("id"), attribute, reference)
        for e in page.elements
        for attribute in ("aria-describedby", "aria-labelledby")
        for reference in e.attrs.get(attribute, "").split()
        if reference not in page.ids
    ]

    assert missing == []


def test_ids_are_unique(page):
    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]

    assert len(ids) == len(set(ids))


def test_a_french_page_says_it_is_in_french(client):
    page = Page(client.get("/participants/", HTTP_ACCEPT_LANGUAGE="fr").content.decode())

    assert page.all("html")[0].attrs.get("lang") == "fr"
