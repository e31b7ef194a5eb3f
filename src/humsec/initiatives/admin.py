from django.contrib import admin
from django.db import models

from humsec.initiatives.models import Initiative, InitiativeLink, InitiativePartner, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_en", "code", "parent", "name_fr", "name_es"]
    list_select_related = ["parent"]
    search_fields = ["code", "name_en", "name_fr", "name_es"]
    autocomplete_fields = ["parent"]


class PartnerInline(admin.TabularInline):
    model = InitiativePartner
    extra = 0
    autocomplete_fields = ["participant"]


class LinkInline(admin.TabularInline):
    model = InitiativeLink
    extra = 0
    # An address typed without a scheme is taken as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start_date", "reported_by", "lead", "status", "cancelled"]
    list_filter = ["status", "kind", "cancelled", "language", "themes"]
    list_select_related = ["reported_by", "lead"]
    search_fields = ["title", "description", "city", "key"]
    autocomplete_fields = ["country", "lead", "reported_by", "meeting"]
    filter_horizontal = ["themes"]
    inlines = [PartnerInline, LinkInline]
    readonly_fields = ["created_at", "updated_at"]
