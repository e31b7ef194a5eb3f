from django.shortcuts import render

from humsec.accounts import access
from humsec.pages import paginate, query_without_page
from humsec.roster.filters import filter_participants
from humsec.roster.forms import ParticipantFilterForm


def participant_list(request):
    form = ParticipantFilterForm(request.GET)
    participants = filter_participants(
        access.participants(request.user).with_names(), **form.filters()
    )
    return render(
        request,
        "roster/participant_list.html",
        {
            "form": form,
            "page": paginate(request, participants),
            "query": query_without_page(request),
        },
    )


def participant_detail(request, code):
    participant = access.get_or_404(
        access.participants(request.user).with_names().select_related("parent"), code=code
    )
    initiatives = access.initiatives(request.user).current().involving(participant).for_lists()
    attended = participant.attendance.select_related("meeting").order_by("meeting__date")
    return render(
        request,
        "roster/participant_detail.html",
        {"participant": participant, "initiatives": initiatives, "attended": attended},
    )
