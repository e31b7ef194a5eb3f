from django.urls import path

from humsec.initiatives import review_views as views

urlpatterns = [
    path("review/", views.queue, name="review-queue"),
    path("review/initiatives/<int:pk>/", views.initiative, name="review-initiative"),
    path("review/initiatives/<int:pk>/accept/", views.accept, name="review-accept"),
    path("review/initiatives/<int:pk>/return/", views.return_to_focal_point, name="review-return"),
    path("review/initiatives/<int:pk>/note/", views.note, name="review-note"),
    path(
        "review/initiatives/<int:pk>/themes/<slug:code>/", views.confirm_theme, name="review-theme"
    ),
    path(
        "review/initiatives/<int:pk>/restore/<int:history_id>/",
        views.restore,
        name="review-restore",
    ),
    path("review/initiatives/<int:pk>/unmerge/", views.unmerge, name="review-unmerge"),
    path("review/duplicates/", views.duplicates, name="review-duplicates"),
    path(
        "review/duplicates/<int:a>/<int:b>/different/",
        views.not_duplicate,
        name="review-not-duplicate",
    ),
    path("review/merge/", views.merge, name="review-merge"),
    path("review/follow-up/", views.follow_up, name="review-follow-up"),
    path("review/replies/<int:pk>/", views.reply, name="review-reply"),
    path("review/replies/<int:pk>/suggest/", views.reply_suggest, name="review-reply-suggest"),
    path("review/suggestions/<int:pk>/", views.suggestion, name="review-suggestion"),
    path(
        "review/suggestions/<int:pk>/<slug:decision>/",
        views.suggestion_decision,
        name="review-suggestion-decision",
    ),
    path(
        "review/replies/<int:pk>/<slug:decision>/",
        views.reply_decision,
        name="review-reply-decision",
    ),
]
