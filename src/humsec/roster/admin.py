from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from humsec.roster.models import FocalPoint, Participant, ParticipantAlias, ParticipantName


class NameInline(admin.TabularInline):
    model = ParticipantName
    extra = 0


class AliasInline(admin.TabularInline):
    model = ParticipantAlias
    extra = 0


class FocalPointInline(admin.StackedInline):
    model = FocalPoint
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["short_name", "code", "kind", "region", "active_from", "active_until"]
    list_filter = ["kind", "region"]
    search_fields = [
        "short_name",
        "formal_name",
        "code",
        "acronym",
        "aliases__alias",
        "names__short_name",
    ]
    autocomplete_fields = ["parent"]
    inlines = [NameInline, AliasInline, FocalPointInline]
    fieldsets = [
        (None, {"fields": ["code", "kind", "short_name", "article", "formal_name", "acronym"]}),
        (_("Codes and region"), {"fields": ["iso3", "iso2", "m49", "region", "subregion"]}),
        (_("Taking part"), {"fields": ["parent", "active_from", "active_until"]}),
    ]


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["name", "participant", "email", "language", "active"]
    list_filter = ["active", "language"]
    search_fields = ["name", "email", "participant__short_name", "participant__code"]
    autocomplete_fields = ["participant", "user"]
    list_select_related = ["participant"]
