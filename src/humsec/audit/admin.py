from django.contrib import admin

from humsec.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, read-only: entries are never changed or deleted."""

    list_display = ["at", "code", "actor", "object_repr", "reason", "ip"]
    list_filter = ["code"]
    search_fields = ["code", "object_repr", "reason", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
