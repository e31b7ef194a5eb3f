import re

from django import template
from django.utils.safestring import mark_safe
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


_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


@register.filter(is_safe=True)
def demote_headings(html, levels=2):
    """Headings of a reply shown inside a page sit under the page's own: h1 becomes h3.

    The reply's HTML was sanitised when it came in, so only its tags are touched here."""
    levels = int(levels)
    return mark_safe(
        _HEADING.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + levels)}", str(html or ""))
    )


@register.filter
def goal_name(goal):
    """A development goal's name in the language of the page."""
    return goal.name((get_language() or "en")[:2])
