"""Helpers the list pages share."""

from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset):
    """One page of a list; a page number out of range gives the nearest page."""
    return Paginator(queryset, settings.HUMSEC_PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The current filters as a query string, for links to other pages of the list."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
