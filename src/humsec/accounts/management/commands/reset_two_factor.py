"""For an operator on the server, when no one of the secretariat can sign in to reset a
lost phone from the People page: remove a user's authenticator app and backup codes. The
user sets up a new app at the next sign-in. Audited like the reset from the page."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from humsec.accounts import actions


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (authenticator app and backup codes)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", default="reset on the server")

    def handle(self, username, reason, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        removed = actions.reset_two_factor(user, actor=None, reason=reason)
        self.stdout.write(f"{username}: {removed} two-factor device(s) removed.")
