from django.contrib import admin

from humsec.outreach.models import (
    Contribution,
    ContributionVersion,
    Recipient,
    Request,
    SentEmail,
    Signatory,
    StatusChange,
    Upload,
)


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    autocomplete_fields = ["participant"]


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin):
    list_display = ["title", "letter_date", "deadline", "meeting"]
    search_fields = ["title", "reference"]
    date_hierarchy = "letter_date"
    inlines = [SignatoryInline]
    readonly_fields = ["created_at", "created_by"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["old", "new", "at", "actor", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    """Statuses change through the request page's actions, which keep their history."""

    list_display = ["participant", "request", "status", "language", "sent_at", "last_activity_at"]
    list_filter = ["status", "language", "request"]
    list_select_related = ["participant", "request"]
    search_fields = ["participant__short_name", "participant__code"]
    readonly_fields = ["request", "participant", "status", "sent_at", "last_activity_at"]
    inlines = [StatusChangeInline]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "recipient", "channel", "language", "reply_date", "submitted_at"]
    list_filter = ["channel", "language"]
    list_select_related = ["recipient__participant", "recipient__request"]
    search_fields = ["title", "recipient__participant__short_name"]
    readonly_fields = ["recipient", "revision", "submitted_at", "narrative_html"]


@admin.register(ContributionVersion)
class ContributionVersionAdmin(admin.ModelAdmin):
    list_display = ["contribution", "number", "reason", "created_at", "actor"]
    list_select_related = ["contribution__recipient__participant"]
    readonly_fields = ["contribution", "number", "reason", "created_at", "actor", "snapshot"]

    def has_change_permission(self, request, obj=None):
        return False  # versions are a record: they never change


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["original_name", "recipient", "purpose", "detected_kind", "size", "uploaded_at"]
    list_filter = ["purpose", "detected_kind"]
    list_select_related = ["recipient__participant"]
    search_fields = ["original_name", "recipient__participant__short_name"]
    readonly_fields = [
        "recipient",
        "purpose",
        "file",
        "original_name",
        "detected_kind",
        "size",
        "uploaded_at",
        "report",
    ]


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    list_display = ["key", "to", "subject", "created_at", "sent_at"]
    search_fields = ["key", "to", "subject"]
    readonly_fields = ["key", "to", "subject", "created_at", "sent_at"]
