from django.shortcuts import render

from humsec.accounts import access


def home(request):
    meetings = access.meetings(request.user)
    return render(
        request,
        "home.html",
        {
            "latest_meeting": meetings.order_by("-date").first(),
            "meeting_count": meetings.count(),
            "initiative_count": access.initiatives(request.user).count(),
            "participant_count": access.participants(request.user).count(),
        },
    )
