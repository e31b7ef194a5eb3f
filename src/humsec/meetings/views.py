from django.db.models import Count, Prefetch, Q
from django.shortcuts import render

from humsec.accounts import access
from humsec.meetings.models import Attendance, Statement
from humsec.roster.models import STATE_KINDS


def meeting_list(request):
    meetings = (
        access.meetings(request.user)
        .annotate(
            states=Count("attendance", filter=Q(attendance__participant__kind__in=STATE_KINDS)),
            organizations=Count(
                "attendance", filter=~Q(attendance__participant__kind__in=STATE_KINDS)
            ),
        )
        .prefetch_related("co_chairs__participant__names")
        # Meta.ordering does not apply to a grouped query: order explicitly.
        .order_by("-date")
    )
    return render(request, "meetings/meeting_list.html", {"meetings": meetings})


def meeting_detail(request, number):
    meeting = access.get_or_404(
        access.meetings(request.user).prefetch_related(
            "co_chairs__participant__names",
            "agenda",
            "conclusions",
            Prefetch(
                "attendance",
                Attendance.objects.select_related("participant").prefetch_related(
                    "participant__names"
                ),
            ),
            Prefetch(
                "statements",
                Statement.objects.select_related("participant", "agenda_item").prefetch_related(
                    "participant__names"
                ),
            ),
        ),
        number=number,
    )
    initiatives = access.initiatives(request.user).current().filter(meeting=meeting).for_lists()
    return render(
        request,
        "meetings/meeting_detail.html",
        {"meeting": meeting, "initiatives": initiatives},
    )
