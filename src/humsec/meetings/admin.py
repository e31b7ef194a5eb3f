from django.contrib import admin

from humsec.meetings.models import (
    AgendaItem,
    Attendance,
    CoChair,
    Conclusion,
    Meeting,
    Statement,
)


class CoChairInline(admin.TabularInline):
    model = CoChair
    extra = 0
    autocomplete_fields = ["participant"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["participant"]


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    autocomplete_fields = ["participant"]


class ConclusionInline(admin.TabularInline):
    model = Conclusion
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "date", "venue", "city"]
    search_fields = ["title", "venue", "city"]
    date_hierarchy = "date"
    inlines = [CoChairInline, AgendaItemInline, AttendanceInline, StatementInline, ConclusionInline]
