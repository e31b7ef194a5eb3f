"""Duplicates on the 2007 demo: `humsec duplicates --json`, merging with provenance (by
the action and through /review/merge/), unmerging, "not a duplicate", refused merges,
two reviewers at once, and the audit log every decision writes."""

from __future__ import annotations

import contextlib
import html
import io
import json
import re

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from humsec.audit.models import AppendOnly, AuditEntry
from humsec.initiatives import actions
from humsec.initiatives.models import DuplicateDecision, Initiative, Kind, Status, Theme
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db

VIENNA_JPN = "osce-workshop-vienna-2007--jpn"
VIENNA_ESP = "osce-workshop-vienna-2007--esp"
LJUBLJANA_JPN = "ninth-hsn-ministerial-meeting-ljubljana-2007--jpn"
LJUBLJANA_SVN = "ninth-hsn-ministerial-meeting-ljubljana-2007--svn"
VIENNA_TITLE = "OSCE Workshop on Human Security"


# Helpers ---------------------------------------------------------------------------------


def initiative(key: str) -> Initiative:
    return Initiative.objects.get(key=key)


def duplicates_json() -> list[dict]:
    out = io.StringIO()
    call_command("duplicates", "--json", stdout=out)
    return json.loads(out.getvalue())


def proposed_pairs() -> set[frozenset[int]]:
    return {frozenset((row["a"]["id"], row["b"]["id"])) for row in duplicates_json()}


def pair_of(*keys: str) -> frozenset[int]:
    return frozenset(initiative(key).pk for key in keys)


def text(fragment: str) -> str:
    fragment = fragment.replace("</li>", "</li> ").replace("<br>", " ")
    return " ".join(html.unescape(strip_tags(fragment)).split())


def messages_of(response) -> list[str]:
    found = re.findall(r'<li class="message[^"]*">(.*?)</li>', response.content.decode(), re.S)
    return [text(m) for m in found]


def facts(response) -> dict[str, str]:
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", response.content.decode(), re.S)
    return {text(term): text(value) for term, value in pairs}


def hidden_value(response, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', response.content.decode())
    assert match, f"no field {name} on the page"
    return match[1]


def public_list_links(client) -> list[str]:
    """The initiative links of the public list, in order."""
    response = client.get("/initiatives/")
    assert response.status_code == 200
    return re.findall(r'<th scope="row"><a href="(/initiatives/\d+/)"', response.content.decode())


def public_list_rows(client) -> dict[str, tuple[str, ...]]:
    """Each row of the public list by its link: title, dates, place, timeframe, reporter."""
    body = client.get("/initiatives/").content.decode()
    found = {}
    for row in re.findall(r"<tr>\s*(<th scope=\"row\">.*?)</tr>", body, re.S):
        link = re.search(r'href="(/initiatives/\d+/)"', row)[1]
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        found[link] = tuple(text(cell) for cell in cells)
    return found


def api_ids(client) -> list[int]:
    response = client.get("/api/v1/initiatives", {"page_size": 500})
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def record(pk: int) -> dict:
    """Everything about one initiative but its revision and its last change, which move
    with every decision."""
    item = Initiative.objects.get(pk=pk)
    values = {
        field.attname: getattr(item, field.attname)
        for field in Initiative._meta.concrete_fields
        if field.attname not in {"revision", "updated_at"}
    }
    values["themes"] = sorted(item.themes.values_list("code", flat=True))
    values["partners"] = sorted(item.partners.values_list("participant__code", "role"))
    values["links"] = sorted(item.links.values_list("url", "title"))
    return values


def merge_vienna(actor, **choices) -> Initiative:
    japan, spain = initiative(VIENNA_JPN), initiative(VIENNA_ESP)
    chosen = {field: {"japan": japan.pk, "spain": spain.pk}[who] for field, who in choices.items()}
    return actions.merge_initiatives([japan.pk, spain.pk], chosen, actor, "Same workshop")


def merge_form(sources: list[Initiative], **chosen: int) -> dict:
    """What the merge page posts when the reviewer keeps the first source for each field
    but those given."""
    data = {field: sources[0].pk for field in actions.MERGE_FIELDS}
    data.update(chosen)
    data.update({f"revision-{s.pk}": s.revision for s in sources})
    data["reason"] = "Announced by its host and by the co-chair"
    return data


def a_submitted_initiative() -> Initiative:
    return Initiative.objects.create(
        title="Santiago seminar on human security in schools",
        kind=Kind.SEMINAR,
        reported_by=Participant.objects.get(code="CHL"),
        status=Status.SUBMITTED,
        city="Santiago",
    )


# humsec duplicates --json ----------------------------------------------------------------


def test_the_command_proposes_exactly_the_two_duplicate_pairs_of_the_demo():
    rows = duplicates_json()

    by_reporters = sorted(
        sorted((row["a"]["reported_by"], row["b"]["reported_by"])) for row in rows
    )
    assert by_reporters == [["Japan", "Slovenia"], ["Japan", "Spain"]], rows
    assert proposed_pairs() == {
        pair_of(VIENNA_JPN, VIENNA_ESP),
        pair_of(LJUBLJANA_JPN, LJUBLJANA_SVN),
    }


def test_each_pair_in_the_json_has_both_sides_a_score_and_its_reasons():
    for row in duplicates_json():
        assert set(row) == {"a", "b", "score", "reasons"}
        for side in (row["a"], row["b"]):
            assert set(side) == {"id", "title", "reported_by"}
            assert side["title"] == Initiative.objects.get(pk=side["id"]).title
            assert (
                side["reported_by"] == Initiative.objects.get(pk=side["id"]).reported_by.short_name
            )
        assert isinstance(row["score"], float)
        assert 0 < row["score"] <= 1
        assert row["reasons"] and all(isinstance(r, str) and r for r in row["reasons"])


def test_the_vienna_pair_is_given_with_its_titles_and_reasons():
    (vienna,) = [r for r in duplicates_json() if r["a"]["title"] == VIENNA_TITLE]

    assert {vienna["a"]["reported_by"], vienna["b"]["reported_by"]} == {"Japan", "Spain"}
    assert vienna["b"]["title"] == VIENNA_TITLE
    assert "same city" in vienna["reasons"]
    assert "dates overlap" in vienna["reasons"]


def test_the_plain_listing_shows_each_pair_with_its_reasons():
    out = io.StringIO()
    call_command("duplicates", stdout=out)

    listing = out.getvalue()
    assert listing.count("~") == 2
    assert "(Spain)" in listing and "(Slovenia)" in listing
    assert "same city; dates overlap" in listing


# Merging ---------------------------------------------------------------------------------


def test_a_merged_initiative_shows_both_reporters_and_keeps_each_sources_wording(personas):
    japan, spain = initiative(VIENNA_JPN), initiative(VIENNA_ESP)
    wording = {japan.pk: japan.source_excerpt, spain.pk: spain.source_excerpt}

    merged = merge_vienna(personas.reviewer, dates="spain")

    assert merged.reporters_display == "Japan and Spain"
    assert {s.pk: s.source_excerpt for s in merged.sources.all()} == wording
    assert all(wording.values())
    assert merged.dates_display() == "15 May 2007"
    assert merged.title == VIENNA_TITLE
    assert merged.city == "Vienna"
    assert merged.status == Status.ACCEPTED
    assert set(merged.themes.values_list("code", flat=True)) == {
        "human-security-concept",
        "outreach-and-dissemination",
    }


def test_the_ljubljana_meeting_merged_shows_japan_and_slovenia(personas):
    japan, slovenia = initiative(LJUBLJANA_JPN), initiative(LJUBLJANA_SVN)

    merged = actions.merge_initiatives(
        [japan.pk, slovenia.pk], {"title": japan.pk}, personas.reviewer, "Same meeting"
    )

    assert merged.reporters_display == "Japan and Slovenia"
    assert merged.title == "Ninth Human Security Network Ministerial Meeting"
    assert merged.dates_display() == "May 2007"


def test_the_reviewer_merges_on_the_page_choosing_spains_dates(personas, client):
    reviewer = personas.client("reviewer")
    japan, spain = initiative(VIENNA_JPN), initiative(VIENNA_ESP)
    url = f"/review/merge/?ids={japan.pk},{spain.pk}"

    form = reviewer.get(url)
    assert form.status_code == 200
    page = text(form.content.decode())
    assert "May 2007 (Japan)" in page
    assert "15 May 2007 (Spain)" in page

    response = reviewer.post(url, merge_form([japan, spain], dates=spain.pk))

    (merged,) = Initiative.objects.filter(sources=japan)
    assert response.status_code == 302
    assert response["Location"] == f"/review/initiatives/{merged.pk}/"
    shown = reviewer.get(response["Location"])
    assert "Merged. Each report is kept as a source." in messages_of(shown)
    assert facts(shown)["Reported by"] == "Japan and Spain"
    assert facts(shown)["Dates"] == "15 May 2007"
    assert japan.source_excerpt in html.unescape(shown.content.decode())
    assert spain.source_excerpt in html.unescape(shown.content.decode())
    public = client.get(f"/initiatives/{merged.pk}/")
    assert facts(public)["Reported by"].startswith("Japan and Spain, at the Second meeting")


def test_the_merged_initiative_is_listed_publicly_instead_of_its_two_sources(personas, client):
    japan, spain = initiative(VIENNA_JPN), initiative(VIENNA_ESP)
    before_links, before_api = public_list_links(client), api_ids(client)

    merged = merge_vienna(personas.reviewer)

    links, ids = public_list_links(client), api_ids(client)
    assert len(links) == len(before_links) - 1
    assert f"/initiatives/{merged.pk}/" in links
    assert f"/initiatives/{japan.pk}/" not in links
    assert f"/initiatives/{spain.pk}/" not in links
    assert merged.pk in ids and japan.pk not in ids and spain.pk not in ids
    assert len(ids) == len(before_api) - 1


def test_the_public_list_names_both_reporters_of_a_merged_initiative(personas, client):
    merged = merge_vienna(personas.reviewer)

    row = public_list_rows(client)[f"/initiatives/{merged.pk}/"]

    assert row[0] == VIENNA_TITLE
    assert row[-1] == "Japan and Spain"


def test_a_merged_pair_is_no_longer_proposed(personas):
    merge_vienna(personas.reviewer)

    assert proposed_pairs() == {pair_of(LJUBLJANA_JPN, LJUBLJANA_SVN)}


# Unmerging -------------------------------------------------------------------------------


def test_unmerging_restores_both_originals_exactly_and_the_merged_one_is_gone(personas, client):
    japan, spain = initiative(VIENNA_JPN), initiative(VIENNA_ESP)
    before = {japan.pk: record(japan.pk), spain.pk: record(spain.pk)}
    links, ids = public_list_links(client), api_ids(client)
    merged = merge_vienna(personas.reviewer, dates="spain", description="spain")

    actions.unmerge(merged.pk, personas.reviewer, "Merged by mistake")

    assert {pk: record(pk) for pk in before} == before
    assert not Initiative.objects.filter(pk=merged.pk).exists()
    assert public_list_links(client) == links
    assert api_ids(client) == ids
    assert proposed_pairs() == {
        pair_of(VIENNA_JPN, VIENNA_ESP),
        pair_of(LJUBLJANA_JPN, LJUBLJANA_SVN),
    }


def test_the_reviewer_unmerges_on_the_page(personas):
    reviewer = personas.client("reviewer")
    japan, spain = initiative(VIENNA_JPN), initiative(VIENNA_ESP)
    before = {japan.pk: record(japan.pk), spain.pk: record(spain.pk)}
    merged = merge_vienna(personas.reviewer)

    response = reviewer.post(
        f"/review/initiatives/{merged.pk}/unmerge/", {"reason": "Two workshops after all"}
    )

    assert response.status_code == 302
    shown = reviewer.get(response["Location"])
    assert "Unmerged: the reports are separate again." in messages_of(shown)
    assert {pk: record(pk) for pk in before} == before
    assert not Initiative.objects.filter(pk=merged.pk).exists()


def test_unmerging_an_initiative_that_is_not_merged_is_refused_with_a_clear_message(personas):
    japan = initiative(VIENNA_JPN)

    with pytest.raises(actions.DecisionError, match="is not a merged initiative"):
        actions.unmerge(japan.pk, personas.reviewer)

    assert Initiative.objects.filter(pk=japan.pk, merged_into=None).exists()


def test_restoring_a_state_from_the_merge_after_unmerging_does_not_hide_the_initiative(
    personas, client
):
    """The history of a source holds the state in which it was merged; bringing it back
    after the unmerge must not fold the source into a merged initiative that is gone."""
    japan = initiative(VIENNA_JPN)
    merged = merge_vienna(personas.reviewer)
    while_merged = japan.history.filter(merged_into_id=merged.pk).first()
    assert while_merged is not None
    actions.unmerge(merged.pk, personas.reviewer)

    with contextlib.suppress(actions.DecisionError):
        actions.restore_version(japan.pk, while_merged.history_id, personas.reviewer)

    restored_into = Initiative.objects.get(pk=japan.pk).merged_into_id
    listed = f"/initiatives/{japan.pk}/" in public_list_links(client)
    # Keep the database sound for the end of the test, whatever the restore did.
    Initiative.objects.filter(pk=japan.pk).update(merged_into=None)
    assert restored_into is None, "the source points again at the deleted merged record"
    assert listed


# Not a duplicate -------------------------------------------------------------------------


def test_not_a_duplicate_makes_the_pair_disappear_for_good(personas):
    japan, slovenia = initiative(LJUBLJANA_JPN), initiative(LJUBLJANA_SVN)

    actions.mark_not_duplicate(slovenia.pk, japan.pk, personas.reviewer, "Different meetings")

    assert proposed_pairs() == {pair_of(VIENNA_JPN, VIENNA_ESP)}
    # Later changes to either record, or another merge and unmerge, do not bring it back.
    japan.description = "The ninth ministerial meeting of the Network, in Ljubljana."
    japan.save()
    merged = merge_vienna(personas.reviewer)
    actions.unmerge(merged.pk, personas.reviewer)
    assert proposed_pairs() == {pair_of(VIENNA_JPN, VIENNA_ESP)}
    assert DuplicateDecision.objects.count() == 1


def test_not_a_duplicate_on_the_page_takes_the_pair_off_the_list(personas):
    reviewer = personas.client("reviewer")
    japan, slovenia = initiative(LJUBLJANA_JPN), initiative(LJUBLJANA_SVN)
    listed = reviewer.get("/review/duplicates/").content.decode()
    assert f"/review/duplicates/{japan.pk}/{slovenia.pk}/different/" in listed

    response = reviewer.post(f"/review/duplicates/{japan.pk}/{slovenia.pk}/different/")

    page = reviewer.get(response["Location"])
    assert "Marked as different: the pair will not be proposed again." in messages_of(page)
    assert f"/review/merge/?ids={japan.pk},{slovenia.pk}" not in page.content.decode()
    assert f"?ids={initiative(VIENNA_JPN).pk},{initiative(VIENNA_ESP).pk}" in page.content.decode()
    assert pair_of(LJUBLJANA_JPN, LJUBLJANA_SVN) not in proposed_pairs()


# Refused merges --------------------------------------------------------------------------


def test_merging_items_already_merged_is_refused_with_a_clear_message(personas):
    japan, spain = initiative(VIENNA_JPN), initiative(VIENNA_ESP)
    merged = merge_vienna(personas.reviewer)
    before = {pk: record(pk) for pk in (japan.pk, spain.pk, merged.pk)}
    count, entries = Initiative.objects.count(), AuditEntry.objects.count()

    with pytest.raises(actions.DecisionError) as refused:
        actions.merge_initiatives([japan.pk, spain.pk], {}, personas.reviewer)

    assert str(refused.value) == (
        f"“{VIENNA_TITLE}” is already merged into “{VIENNA_TITLE}”: unmerge it first."
    )
    assert Initiative.objects.count() == count
    assert AuditEntry.objects.count() == entries
    assert {pk: record(pk) for pk in before} == before


def test_merging_a_merged_initiative_with_another_is_refused(personas):
    merged = merge_vienna(personas.reviewer)
    other = initiative(LJUBLJANA_SVN)
    count = Initiative.objects.count()

    with pytest.raises(actions.DecisionError, match="is itself a merged initiative"):
        actions.merge_initiatives([merged.pk, other.pk], {}, personas.reviewer)

    assert Initiative.objects.count() == count
    assert initiative(LJUBLJANA_SVN).merged_into_id is None


def test_merging_again_on_the_page_says_why_and_changes_nothing(personas):
    reviewer = personas.client("reviewer")
    japan, spain = initiative(VIENNA_JPN), initiative(VIENNA_ESP)
    merge_vienna(personas.reviewer)
    japan.refresh_from_db()
    spain.refresh_from_db()
    count = Initiative.objects.count()

    response = reviewer.post(
        f"/review/merge/?ids={japan.pk},{spain.pk}", merge_form([japan, spain])
    )

    assert response.status_code == 200
    (message,) = messages_of(response)
    assert "is already merged into" in message and "unmerge it first" in message
    assert Initiative.objects.count() == count


def test_merging_fewer_than_two_or_choosing_an_outsider_is_refused(personas):
    japan, spain = initiative(VIENNA_JPN), initiative(VIENNA_ESP)
    outsider = initiative(LJUBLJANA_SVN)
    count = Initiative.objects.count()

    with pytest.raises(actions.DecisionError, match="at least two"):
        actions.merge_initiatives([japan.pk, japan.pk], {}, personas.reviewer)
    with pytest.raises(actions.DecisionError, match="not among those merged"):
        actions.merge_initiatives([japan.pk, spain.pk], {"title": outsider.pk}, personas.reviewer)
    with pytest.raises(actions.DecisionError, match="Unknown fields: status"):
        actions.merge_initiatives([japan.pk, spain.pk], {"status": japan.pk}, personas.reviewer)

    assert Initiative.objects.count() == count
    assert initiative(VIENNA_JPN).merged_into_id is None


# Two reviewers at once -------------------------------------------------------------------


def test_a_decision_based_on_an_older_revision_is_refused_and_the_first_stands(personas):
    item = a_submitted_initiative()
    opened = item.revision  # both reviewers open the page at this revision

    actions.accept_initiative(item.pk, personas.reviewer, opened, "Complete")
    with pytest.raises(actions.DecisionError) as refused:
        actions.return_initiative(item.pk, personas.secretariat, "Add the dates", opened)

    assert "was changed by someone else since you opened it" in str(refused.value)
    assert "reload the page" in str(refused.value)
    item.refresh_from_db()
    assert item.status == Status.ACCEPTED
    assert item.review_comment == ""
    assert not AuditEntry.objects.filter(code="initiative.return", object_id=str(item.pk)).exists()


def test_two_reviewers_on_the_same_page_the_second_is_told_and_the_first_stands(personas):
    item = a_submitted_initiative()
    first, second = personas.client("reviewer"), personas.client("secretariat")
    url = f"/review/initiatives/{item.pk}/"
    revision_seen = {
        "first": hidden_value(first.get(url), "revision"),
        "second": hidden_value(second.get(url), "revision"),
    }

    first.post(url + "accept/", {"revision": revision_seen["first"], "reason": "Complete"})
    response = second.post(
        url + "return/", {"revision": revision_seen["second"], "reason": "Add the dates"}
    )

    (message,) = messages_of(second.get(response["Location"]))
    assert message == (
        "“Santiago seminar on human security in schools” was changed by someone else since "
        "you opened it: reload the page to see their decision."
    )
    item.refresh_from_db()
    assert item.status == Status.ACCEPTED
    assert item.review_comment == ""


def test_a_merge_from_a_page_opened_before_someone_else_merged_is_refused(personas):
    japan, spain = initiative(VIENNA_JPN), initiative(VIENNA_ESP)
    url = f"/review/merge/?ids={japan.pk},{spain.pk}"
    late, early = personas.client("reviewer"), personas.client("secretariat")
    late.get(url)
    stale = merge_form([japan, spain])  # the late reviewer keeps Japan's dates

    early.post(url, merge_form([japan, spain], dates=spain.pk))
    response = late.post(url, stale)

    (message,) = messages_of(response)
    assert "was changed by someone else since you opened it" in message
    (merged,) = Initiative.objects.filter(sources__isnull=False).distinct()
    assert merged.dates_display() == "15 May 2007"
    assert AuditEntry.objects.filter(code="initiative.merge").count() == 1


# The audit log ---------------------------------------------------------------------------


def decide(personas, code: str, reason: str) -> Initiative:
    """Take one decision as the reviewer, with a reason; return what it was about."""
    reviewer = personas.reviewer
    japan, spain = initiative(VIENNA_JPN), initiative(VIENNA_ESP)
    if code == "initiative.merge":
        return actions.merge_initiatives([japan.pk, spain.pk], {}, reviewer, reason)
    if code == "initiative.unmerge":
        merged = actions.merge_initiatives([japan.pk, spain.pk], {}, reviewer, "first")
        actions.unmerge(merged.pk, reviewer, reason)
        return merged
    if code == "initiative.not_duplicate":
        actions.mark_not_duplicate(spain.pk, japan.pk, reviewer, reason)
        return japan
    if code == "initiative.accept":
        item = a_submitted_initiative()
        return actions.accept_initiative(item.pk, reviewer, item.revision, reason)
    if code == "initiative.return":
        item = a_submitted_initiative()
        return actions.return_initiative(item.pk, reviewer, reason, item.revision)
    if code == "initiative.theme":
        theme = Theme.objects.get(code="peacebuilding")
        actions.confirm_theme(japan.pk, theme, reviewer, reason)
        return japan
    if code == "initiative.restore":
        earlier = japan.history.first()
        japan.title = "OSCE workshop (renamed)"
        japan.save()
        return actions.restore_version(japan.pk, earlier.history_id, reviewer, reason)
    raise AssertionError(code)


DECISIONS = [
    "initiative.merge",
    "initiative.unmerge",
    "initiative.not_duplicate",
    "initiative.accept",
    "initiative.return",
    "initiative.theme",
    "initiative.restore",
]


@pytest.mark.parametrize("code", DECISIONS)
def test_every_decision_writes_an_audit_entry_with_its_code_actor_and_reason(personas, code):
    reason = f"Reason for {code}"

    about = decide(personas, code, reason)

    (entry,) = AuditEntry.objects.filter(code=code, reason=reason)
    assert entry.actor == personas.reviewer
    assert entry.object_id == str(about.pk)
    assert entry.object_repr == about.title


def test_a_merge_entry_names_its_sources_and_the_chosen_values(personas):
    japan, spain = initiative(VIENNA_JPN), initiative(VIENNA_ESP)

    merged = merge_vienna(personas.reviewer, dates="spain")

    entry = AuditEntry.objects.get(code="initiative.merge")
    assert entry.object_id == str(merged.pk)
    assert entry.changes["sources"] == [None, [japan.pk, spain.pk]]
    assert entry.changes["chosen"][1]["dates"] == spain.pk
    assert entry.changes["chosen"][1]["title"] == japan.pk


def test_the_decisions_are_listed_on_the_review_page(personas):
    reviewer = personas.client("reviewer")
    merged = merge_vienna(personas.reviewer)

    page = text(reviewer.get(f"/review/initiatives/{merged.pk}/").content.decode())

    assert "initiative.merge reviewer: Same workshop" in page


def test_an_audit_entry_cannot_be_changed_or_deleted(personas):
    merge_vienna(personas.reviewer)
    entry = AuditEntry.objects.get(code="initiative.merge")

    entry.reason = "Rewritten afterwards"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()

    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.reason == "Same workshop"


def test_audit_entries_cannot_be_changed_or_deleted_in_bulk_either(personas):
    merge_vienna(personas.reviewer)
    entries = AuditEntry.objects.filter(code="initiative.merge")

    for attempt in (lambda: entries.update(reason="Rewritten"), entries.delete):
        with contextlib.suppress(AppendOnly):
            attempt()

    assert list(AuditEntry.objects.filter(code="initiative.merge").values_list("reason")) == [
        ("Same workshop",)
    ]
