from django.urls import path

from humsec.documents import views

urlpatterns = [
    path("documents/", views.document_list, name="document-list"),
    path("documents/new/", views.document_create, name="document-create"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document-edit"),
    path("documents/<int:pk>/file.<str:fmt>", views.document_file, name="document-file"),
    path(
        "documents/<int:pk>/contributions/",
        views.document_contributions,
        name="document-contributions",
    ),
    path("documents/<int:pk>/emblem/", views.document_emblem, name="document-emblem"),
    path("documents/<int:pk>/issue/", views.document_issue, name="document-issue"),
    path("documents/<int:pk>/approve/", views.document_approve, name="document-approve"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document-delete"),
    path("documents/<int:pk>/<slug:kind>/", views.document_family, name="document-family"),
]
