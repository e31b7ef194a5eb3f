"""What an issued document prints is locked: a later change goes into an addendum or a
corrigendum, never silently into the issued text, and no merge crosses an issued
document."""

from __future__ import annotations

import pytest

from humsec.documents import actions
from humsec.initiatives import actions as decisions
from humsec.initiatives.models import Initiative, Status, Theme
from humsec.outreach import review
from humsec.outreach.actions import ActionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed(compile_a62):
    """A/62/695 issued with its initiatives section: Japan's accepted initiatives are in it."""
    draft = compile_a62(include_initiatives=True, include_thematic_index=True)
    return actions.issue(draft.pk, None, draft.revision)


def japans_printed_initiative(document) -> Initiative:
    return (
        document.included_initiatives.filter(initiative__reported_by__code="JPN").first().initiative
    )


def test_issuing_records_the_initiatives_it_prints(printed):
    titles = set(printed.included_initiatives.values_list("initiative__title", flat=True))

    assert titles
    for title in titles:
        assert title in bytes(printed.files.get(format="html").content).decode()


def test_a_printed_initiative_cannot_be_returned_or_restored(printed):
    initiative = japans_printed_initiative(printed)

    with pytest.raises(
        decisions.DecisionError, match=r"printed in A/62/695.*addendum or a corrigendum"
    ):
        decisions.return_initiative(initiative.pk, None, "Please correct the date.")
    earliest = initiative.history.earliest("history_date").history_id
    with pytest.raises(decisions.DecisionError, match="is locked"):
        decisions.restore_version(initiative.pk, earliest, None)
    with pytest.raises(decisions.DecisionError, match="is locked"):
        decisions.confirm_theme(initiative.pk, Theme.objects.get(code="peacebuilding"), None)

    assert Initiative.objects.get(pk=initiative.pk).status == Status.ACCEPTED


def test_merging_across_an_issued_document_is_refused(printed):
    initiative = japans_printed_initiative(printed)
    other = (
        Initiative.objects.current()
        .exclude(pk=initiative.pk)
        .exclude(inclusions__isnull=False)
        .first()
    )

    with pytest.raises(decisions.DecisionError, match="cannot be merged across an issued document"):
        decisions.merge_initiatives([initiative.pk, other.pk], {}, None)

    assert Initiative.objects.get(pk=initiative.pk).merged_into is None
    assert Initiative.objects.get(pk=other.pk).merged_into is None


def test_a_printed_reply_cannot_be_returned_but_can_be_reopened_for_an_addendum(printed):
    chile = printed.inclusions.get(contribution__recipient__participant__code="CHL").contribution

    with pytest.raises(ActionError, match=r"printed in A/62/695.*reopen it"):
        review.return_contribution(chile.pk, None, "Please shorten it.")

    chile.refresh_from_db()
    assert chile.review_status == "accepted"


def test_what_a_draft_prints_is_not_locked(compile_a62):
    compile_a62(include_initiatives=True)
    initiative = Initiative.objects.filter(reported_by__code="JPN", status=Status.ACCEPTED).first()

    decisions.return_initiative(initiative.pk, None, "Please correct the date.")

    assert Initiative.objects.get(pk=initiative.pk).status == Status.RETURNED


def test_a_printed_reply_is_not_restored_to_an_earlier_version(printed):
    from humsec.outreach.actions import restore_contribution_version

    chile = printed.inclusions.get(contribution__recipient__participant__code="CHL").contribution
    earliest = chile.history.earliest("history_date").history_id

    with pytest.raises(ActionError, match="printed in A/62/695"):
        restore_contribution_version(chile.pk, earliest, None)
