from django.shortcuts import render

from humsec.accounts import access
from humsec.initiatives.filters import filter_initiatives
from humsec.initiatives.forms import InitiativeFilterForm
from humsec.pages import paginate, query_without_page


def initiative_list(request):
    visible = access.initiatives(request.user).current()
    form = InitiativeFilterForm(request.GET, visible_initiatives=visible)
    on = form.reference_date()
    filters = {**form.filters(), "on": on}
    initiatives = filter_initiatives(visible.for_lists(), **filters)
    page = paginate(request, initiatives)
    for initiative in page:
        initiative.timeframe_on = initiative.timeframe(on)
    return render(
        request,
        "initiatives/initiative_list.html",
        {"form": form, "page": page, "on": on, "query": query_without_page(request)},
    )


def initiative_detail(request, pk):
    initiative = access.get_or_404(
        access.initiatives(request.user)
        .select_related("lead", "reported_by", "country", "meeting")
        .prefetch_related("themes", "partners__participant", "links", "sources__reported_by"),
        pk=pk,
    )
    return render(request, "initiatives/initiative_detail.html", {"initiative": initiative})
