from django.contrib import admin
from django.urls import include, path

from humsec import views
from humsec.api.urls import api
from humsec.initiatives import views as initiatives
from humsec.meetings import views as meetings
from humsec.roster import views as roster

urlpatterns = [
    path("", views.home, name="home"),
    path("participants/", roster.participant_list, name="participant-list"),
    path("participants/<str:code>/", roster.participant_detail, name="participant-detail"),
    path("initiatives/", initiatives.initiative_list, name="initiative-list"),
    path("initiatives/<int:pk>/", initiatives.initiative_detail, name="initiative-detail"),
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/<int:number>/", meetings.meeting_detail, name="meeting-detail"),
    path("", include("humsec.outreach.urls")),
    path("", include("humsec.initiatives.review_urls")),
    path("", include("humsec.audit.urls")),
    path("", include("humsec.documents.urls")),
    path("accounts/", include("humsec.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
