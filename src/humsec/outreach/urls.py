from django.urls import path

from humsec.outreach import reply_views as reply
from humsec.outreach import views

urlpatterns = [
    path("requests/", views.request_list, name="request-list"),
    path("requests/new/", views.request_create, name="request-create"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/send/", views.request_send, name="request-send"),
    path("requests/<int:pk>/remind/", views.request_remind, name="request-remind"),
    path(
        "requests/<int:pk>/recipients/<int:recipient_id>/<slug:action>/",
        views.recipient_action,
        name="recipient-action",
    ),
    path("r/<str:token>/", reply.reply_link, name="reply-link"),
    path("reply/<int:recipient_id>/", reply.reply, name="reply"),
    path("reply/<int:recipient_id>/save/", reply.reply_save, name="reply-save"),
    path("reply/<int:recipient_id>/narrative/", reply.reply_narrative, name="reply-narrative"),
    path(
        "reply/<int:recipient_id>/initiatives/upload/",
        reply.reply_initiatives_upload,
        name="reply-initiatives-upload",
    ),
    path(
        "reply/<int:recipient_id>/initiatives/template.<str:fmt>",
        reply.reply_template,
        name="reply-template",
    ),
    path(
        "reply/<int:recipient_id>/initiatives/new/",
        reply.reply_initiative,
        name="reply-initiative-new",
    ),
    path(
        "reply/<int:recipient_id>/initiatives/<int:initiative_id>/",
        reply.reply_initiative,
        name="reply-initiative",
    ),
    path(
        "reply/<int:recipient_id>/initiatives/<int:initiative_id>/remove/",
        reply.reply_initiative_remove,
        name="reply-initiative-remove",
    ),
    path("reply/<int:recipient_id>/attachments/", reply.reply_attachment, name="reply-attachment"),
    path(
        "reply/<int:recipient_id>/attachments/<int:upload_id>/remove/",
        reply.reply_attachment_remove,
        name="reply-attachment-remove",
    ),
    path(
        "reply/<int:recipient_id>/files/<int:upload_id>/",
        reply.reply_upload_file,
        name="reply-file",
    ),
    path("reply/<int:recipient_id>/<slug:action>/", reply.reply_status, name="reply-status"),
]
