"""The access helper: what each persona may see. A draft is visible to the secretariat,
the co-chairs, reviewers and the focal points of the participant that reported it."""

import pytest
from django.http import Http404

from humsec.accounts import access
from humsec.accounts.roles import Role, roles_of
from humsec.initiatives.models import Initiative, Status
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def chile_draft():
    return Initiative.objects.create(
        title="Chile's draft on human security education",
        kind="programme",
        status=Status.DRAFT,
        reported_by=Participant.objects.get(code="CHL"),
    )


def test_each_persona_has_its_role(personas):
    assert roles_of(personas.secretariat) >= {Role.SECRETARIAT}
    assert Role.CO_CHAIR in roles_of(personas.co_chair)
    assert Role.REVIEWER in roles_of(personas.reviewer)
    assert Role.FOCAL_POINT in roles_of(personas.chile)
    assert roles_of(personas.anonymous) == {Role.PUBLIC}


@pytest.mark.parametrize(
    ("persona", "sees_it"),
    [
        ("secretariat", True),
        ("co_chair", True),
        ("reviewer", True),
        ("chile", True),
        ("thailand", False),
        ("anonymous", False),
    ],
)
def test_a_draft_is_seen_only_by_those_who_may(personas, chile_draft, persona, sees_it):
    user = getattr(personas, persona)
    assert access.initiatives(user).filter(pk=chile_draft.pk).exists() is sees_it
    if sees_it:
        assert access.get_or_404(access.initiatives(user), pk=chile_draft.pk) == chile_draft
    else:
        with pytest.raises(Http404):
            access.get_or_404(access.initiatives(user), pk=chile_draft.pk)


def test_accepted_initiatives_are_public(personas):
    public = access.initiatives(personas.anonymous)
    assert public.count() == Initiative.objects.filter(status=Status.ACCEPTED).count() > 0


def test_a_focal_point_answers_only_for_its_own_participant(personas):
    assert list(access.participants_of(personas.thailand).values_list("code", flat=True)) == ["THA"]
    assert not access.participants_of(personas.anonymous).exists()


def test_an_inactive_focal_point_loses_its_scope(personas, chile_draft):
    personas.chile.focal_points.update(active=False)
    personas.chile.refresh_from_db()
    assert not access.initiatives(personas.chile).filter(pk=chile_draft.pk).exists()


def test_a_malformed_lookup_is_a_404_not_an_error(personas):
    with pytest.raises(Http404):
        access.get_or_404(access.initiatives(personas.anonymous), pk="not-a-number")
