"""The roles people play in humsec, held as Django groups of the same name."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    SECRETARIAT = "secretariat"  # administers everything
    CO_CHAIR = "co-chair"  # reads everything, approves documents
    REVIEWER = "reviewer"  # reviews replies and initiatives
    FOCAL_POINT = "focal-point"  # answers for the participants it is focal point of
    PUBLIC = "public"  # anyone, signed in or not

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.SECRETARIAT: _("secretariat"),
    Role.CO_CHAIR: _("co-chair"),
    Role.REVIEWER: _("reviewer"),
    Role.FOCAL_POINT: _("focal point"),
    Role.PUBLIC: _("public reader"),
}

# Roles that see everything, drafts included.
READS_EVERYTHING = {Role.SECRETARIAT, Role.CO_CHAIR, Role.REVIEWER}


def roles_of(user) -> set[Role]:
    """Every user is a public reader; groups add the other roles. Cached per request user."""
    if user is None or not user.is_authenticated or not user.is_active:
        return {Role.PUBLIC}
    cached = getattr(user, "_humsec_roles", None)
    if cached is not None:
        return cached
    roles = {Role.PUBLIC}
    names = set(user.groups.values_list("name", flat=True))
    roles |= {role for role in Role if role.value in names}
    if user.is_superuser:
        roles.add(Role.SECRETARIAT)
    if user.focal_points.filter(active=True).exists():
        roles.add(Role.FOCAL_POINT)
    user._humsec_roles = roles
    return roles


# What each role may do in the admin, by app; "view" alone means read-only.
ADMIN_APPS = ("roster", "meetings", "initiatives", "outreach", "audit")
ADMIN_ACTIONS = {
    Role.SECRETARIAT: ("add", "change", "delete", "view"),
    Role.CO_CHAIR: ("view",),
    Role.REVIEWER: ("view",),
}


def grant_role_permissions(apps=None, using="default", **kwargs):
    """Give each role's group its admin permissions, after every migrate.

    Permissions are created here first, because Django creates them in its own
    post_migrate handler, which may run after this one.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for label in ADMIN_APPS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using)
    for role, actions in ADMIN_ACTIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        codenames = [f"{action}_" for action in actions]
        permissions = [
            permission
            for permission in Permission.objects.using(using).filter(
                content_type__app_label__in=ADMIN_APPS
            )
            if permission.codename.startswith(tuple(codenames))
        ]
        group.permissions.add(*permissions)
