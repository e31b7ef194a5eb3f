from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "humsec.backup"
    label = "backup"
    verbose_name = "Backup"
