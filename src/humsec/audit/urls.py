from django.urls import path

from humsec.audit import history_views as history
from humsec.audit import views

urlpatterns = [
    path("audit/", views.audit_log, name="audit-log"),
    path("audit/export/", views.audit_export, name="audit-export"),
    path(
        "history/participants/<str:code>/",
        history.participant_history,
        name="participant-history",
    ),
    path(
        "history/participants/<str:code>/restore/<int:history_id>/",
        history.participant_restore,
        name="participant-restore",
    ),
    path("history/initiatives/<int:pk>/", history.initiative_history, name="initiative-history"),
    path("history/replies/<int:pk>/", history.contribution_history, name="contribution-history"),
    path(
        "history/replies/<int:pk>/restore/<int:history_id>/",
        history.contribution_restore,
        name="contribution-restore",
    ),
]
