"""Meetings of the group: agenda, co-chairs, attendance, statements and conclusions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from humsec.roster.models import STATE_KINDS, Participant


class Meeting(models.Model):
    number = models.PositiveIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    attendance_note = models.TextField(
        _("attendance note"),
        blank=True,
        help_text=_("What is known of the attendance beyond the list, e.g. '24 States'."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title

    def attending_states(self):
        return self._attending(lambda kind: kind in STATE_KINDS)

    def attending_organizations(self):
        return self._attending(lambda kind: kind not in STATE_KINDS)

    def _attending(self, kind_matches):
        """Attendance in alphabetical order of the names valid on the day of the meeting."""
        rows = [a for a in self.attendance.all() if kind_matches(a.participant.kind)]
        return sorted(rows, key=lambda a: a.participant.name_on(self.date).short)


class CoChair(models.Model):
    """A co-chair, with the title held at that meeting (titles change between meetings)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="co_chairs")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="+", verbose_name=_("participant")
    )
    name = models.CharField(_("name"), max_length=200)
    honorific = models.CharField(_("honorific"), max_length=50, blank=True)
    title = models.CharField(_("title at this meeting"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("co-chair")
        verbose_name_plural = _("co-chairs")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant"], name="co_chair_once")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("title"))

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Attendance(models.Model):
    class Capacity(models.TextChoices):
        DELEGATE = "", _("delegation")
        CO_CHAIR = "co-chair", _("co-chair")
        GUEST = "guest", _("guest")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="attendance",
        verbose_name=_("participant"),
    )
    capacity = models.CharField(
        _("capacity"), max_length=20, choices=Capacity.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["meeting", "participant__short_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant} at {self.meeting}"


class Statement(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="statements")
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("participant"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        help_text=_("Empty for opening statements."),
    )
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    capacity = models.CharField(
        _("speaking as"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Chairman of the OSCE for 2007"),
    )
    summary = models.TextField(_("summary"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="statement_order_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.summary[:60]}"


class Conclusion(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="conclusions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="conclusion_order_once")
        ]

    def __str__(self) -> str:
        return self.text[:80]
