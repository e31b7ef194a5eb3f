from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_tables(using="default", **kwargs) -> None:
    """`humsec migrate` also creates the database cache's table (the one the rate limits
    count in), so that no deployment step can be forgotten. Does nothing for other caches
    and when the table is there already."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class SecurityConfig(AppConfig):
    name = "humsec.security"
    label = "security"
    verbose_name = "Security"

    def ready(self) -> None:
        post_migrate.connect(create_cache_tables, sender=self)
