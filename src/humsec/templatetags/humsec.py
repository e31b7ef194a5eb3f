from django import template
from django.utils.translation import get_language

from humsec.dates import un_date as format_un_date

register = template.Library()


@register.filter
def un_date(value):
    """20 April 2007 in the language of the page."""
    if not value:
        return ""
    return format_un_date(value, (get_language() or "en")[:2])


@register.filter
def name_on(participant, day):
    """The participant's name as it was on that day, in the language of the page."""
    return participant.name_on(day, (get_language() or "en")[:2]).short


@register.filter
def status_label(value):
    """A recipient's status as words: "nil_return" -> "nil return"."""
    from humsec.outreach.models import RecipientStatus

    try:
        return RecipientStatus(value).label
    except ValueError:
        return value
