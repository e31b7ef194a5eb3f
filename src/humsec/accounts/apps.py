from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "humsec.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from humsec.accounts.roles import grant_role_permissions

        post_migrate.connect(grant_role_permissions, sender=self)
