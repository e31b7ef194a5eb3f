"""Two-factor sign-in, people and invitations, and humsec's password reset. Included
under accounts/ before django.contrib.auth.urls, so that its password_reset wins."""

from django.urls import path

from humsec.accounts import views

urlpatterns = [
    path("two-factor/", views.two_factor_home, name="two-factor"),
    path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/backup-codes/", views.two_factor_backup_codes, name="two-factor-backup-codes"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/two-factor/reset/", views.two_factor_reset, name="two-factor-reset"),
    path("invitations/new/", views.invitation_create, name="invitation-create"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation-resend"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
]
