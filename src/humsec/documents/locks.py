"""Accepted items that an issued document prints are locked: a later change goes into an
addendum or a corrigendum, never silently into the issued text. The review actions ask
here before they change an initiative or a reply."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from humsec.dates import un_date
from humsec.documents.models import Document, State


class LockedError(Exception):
    """A change to something an issued document prints; the message says where."""


def _issued(queryset) -> Document | None:
    return queryset.filter(state=State.ISSUED).order_by("issued_at").first()


def printing_initiative(initiative) -> Document | None:
    """The first issued document whose initiatives section or index prints it."""
    return _issued(Document.objects.filter(included_initiatives__initiative=initiative))


def printing_contribution(contribution) -> Document | None:
    return _issued(Document.objects.filter(inclusions__contribution=contribution))


def issued_on(document: Document) -> str:
    """The day the document was issued, written as the reader's language writes dates."""
    return un_date(timezone.localtime(document.issued_at).date(), (get_language() or "en")[:2])


def _message(title: str, document: Document) -> str:
    return _(
        "“%(title)s” is printed in %(symbol)s, issued on %(date)s, and is locked: record a "
        "change in an addendum or a corrigendum of %(root)s."
    ) % {
        "title": title,
        "symbol": document.symbol,
        "date": issued_on(document),
        "root": document.root.symbol,
    }


def refuse_if_printed(*initiatives) -> None:
    for initiative in initiatives:
        document = printing_initiative(initiative)
        if document is not None:
            raise LockedError(_message(initiative.title, document))


def refuse_merge_across(initiatives) -> None:
    """A merge may not join an initiative an issued document prints with any other."""
    for initiative in initiatives:
        document = printing_initiative(initiative)
        if document is not None:
            raise LockedError(
                _(
                    "“%(title)s” is printed in %(symbol)s, issued on %(date)s: it cannot be "
                    "merged across an issued document. Record the duplicate in a corrigendum "
                    "instead."
                )
                % {
                    "title": initiative.title,
                    "symbol": document.symbol,
                    "date": issued_on(document),
                }
            )


def refuse_if_contribution_printed(contribution) -> None:
    document = printing_contribution(contribution)
    if document is not None:
        name = contribution.title or str(contribution.recipient.participant)
        raise LockedError(
            _("%(locked)s To receive a corrected reply for the addendum, reopen it.")
            % {"locked": _message(name, document)}
        )
