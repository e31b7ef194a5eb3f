"""Initiatives reported by participants, and the theme vocabulary."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from humsec.dates import PartialDate, Precision
from humsec.initiatives.timeframe import Timeframe, timeframe_filter, timeframe_of
from humsec.meetings.models import Meeting
from humsec.roster.models import STATE_KINDS, Participant

LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("ru", _("Russian")),
    ("other", _("other")),
]


class Theme(models.Model):
    """A term of the group's controlled vocabulary, in English, French and Spanish."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader term"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the language of the page, English where no translation exists."""
        language = (get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


class Kind(models.TextChoices):
    MEETING = "meeting", _("meeting")
    WORKSHOP = "workshop", _("workshop")
    SEMINAR = "seminar", _("seminar")
    CONFERENCE = "conference", _("conference")
    ROUNDTABLE = "roundtable", _("round table")
    PROJECT = "project", _("project")
    PROGRAMME = "programme", _("programme")
    POLICY = "policy", _("policy")
    INSTITUTION = "institution", _("institution")
    FUND = "fund", _("fund")
    RESOLUTION = "resolution", _("resolution")
    DECLARATION = "declaration", _("declaration")
    PUBLICATION = "publication", _("publication")
    OTHER = "other", _("other")


# Events end when they are over; programmes, institutions, funds and policies go on until
# someone says they ended. This decides what a missing end date means.
EVENT_KINDS = {
    Kind.MEETING,
    Kind.WORKSHOP,
    Kind.SEMINAR,
    Kind.CONFERENCE,
    Kind.ROUNDTABLE,
    Kind.RESOLUTION,
    Kind.DECLARATION,
    Kind.PUBLICATION,
}


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    ACCEPTED = "accepted", _("accepted")


class InitiativeQuerySet(models.QuerySet):
    def in_timeframe(self, timeframe: str, on: dt.date):
        return self.filter(timeframe_filter(timeframe, on))

    def in_year(self, year: int):
        """Initiatives whose period touches that year."""
        return self.filter(
            Q(start_date__lte=dt.date(year, 12, 31)) | Q(start_date__isnull=True),
            Q(end_date__gte=dt.date(year, 1, 1)) | Q(end_date__isnull=True),
        ).exclude(start_date__isnull=True, end_date__isnull=True)

    def involving(self, participant: Participant):
        """Led, partnered or reported by the participant."""
        return self.filter(
            Q(lead=participant) | Q(partners__participant=participant) | Q(reported_by=participant)
        ).distinct()

    def current(self):
        """What the group lists: not folded into a merged initiative, not retired."""
        return self.filter(merged_into__isnull=True, retired_at__isnull=True)

    def for_lists(self):
        """What a list shows of each row, in a fixed number of queries."""
        return self.select_related("lead", "reported_by", "country").prefetch_related(
            "themes",
            "partners__participant__names",
            "lead__names",
            "reported_by__names",
            "country__names",
            "sources__reported_by__names",
        )


class Initiative(models.Model):
    """One initiative as one participant reported it.

    Dates keep their precision. start_date is the first day of the start period and
    end_date the last day of the end period, so that "May 2007" is stored as 1 May and
    31 May with precision "month"; an empty end_date means open-ended.
    """

    key = models.SlugField(
        _("key"),
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        help_text=_("A stable name for records loaded from files, so loading again updates them."),
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(
        _("start precision"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("end precision"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(
        Participant,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": STATE_KINDS},
    )
    lead = models.ForeignKey(
        Participant,
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_initiatives",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    language = models.CharField(
        _("original language"), max_length=8, choices=LANGUAGES, default="en"
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Where the record comes from: who reported it, at which meeting, in which words.
    reported_by = models.ForeignKey(
        Participant,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="reported_initiatives",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("reported at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    source_excerpt = models.TextField(_("source excerpt"), blank=True)
    contribution = models.ForeignKey(
        "outreach.Contribution",
        verbose_name=_("reported in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        help_text=_("The earlier record this one updates, retired when its reply is submitted."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sources",
        help_text=_("The merged initiative this report is a source of; unmerging clears it."),
    )
    review_comment = models.TextField(
        _("comment to the focal point"),
        blank=True,
        help_text=_("Why it was returned, for the focal point."),
    )
    # Raised by every decision: a decision taken on an older revision is refused.
    revision = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(
        _("retired"),
        null=True,
        blank=True,
        help_text=_("When its reporter said, in a later round, that it is no longer to be listed."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes], excluded_fields=["updated_at"])

    class Meta:
        # Undated records last, on every database.
        ordering = [models.F("start_date").asc(nulls_last=True), "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="initiative_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def start(self) -> PartialDate | None:
        if self.start_date is None:
            return None
        return PartialDate.from_date(self.start_date, self.start_precision)

    @property
    def end(self) -> PartialDate | None:
        if self.end_date is None:
            return None
        return PartialDate.from_date(self.end_date, self.end_precision)

    def set_dates(self, start: PartialDate | None, end: PartialDate | None) -> None:
        """Store the period. Without an end, an event ends with its start period and
        anything else (a programme, an institution) is open-ended."""
        if start is not None and end is not None and end.last_day < start.first_day:
            raise ValueError(f"{end} is before {start}")
        if end is None and start is not None and self.kind in EVENT_KINDS:
            end = start
        self.start_date = start.first_day if start else None
        self.start_precision = start.precision if start else Precision.DAY
        self.end_date = end.last_day if end else None
        self.end_precision = end.precision if end else Precision.DAY

    def timeframe(self, on: dt.date) -> Timeframe:
        return timeframe_of(self.start_date, self.end_date, on)

    def dates_display(self, language: str | None = None) -> str:
        """'May 2007', '15 May 2007', 'June 2006 – December 2008', 'since October 2002'."""
        language = (language or get_language() or "en")[:2]
        start, end = self.start, self.end
        if start is None and end is None:
            return ""
        if start is None:
            return str(_("until %(date)s") % {"date": end.format(language)})
        if end is None:
            return str(_("since %(date)s") % {"date": start.format(language)})
        if start == end:
            return start.format(language)
        return f"{start.format(language)} – {end.format(language)}"

    def goals(self) -> list:
        """The Millennium and Sustainable Development Goals its themes serve."""
        from humsec.initiatives.themes_suggest import goals, goals_for

        table = goals()
        return [table[code] for code in goals_for(t.code for t in self.themes.all())]

    @property
    def reporters(self) -> list[Participant]:
        """Who reported it: for a merged initiative, the reporters of its sources."""
        sources = list(self.sources.all())
        if not sources:
            return [self.reported_by]
        return list(dict.fromkeys(source.reported_by for source in sources))

    @property
    def reporters_display(self) -> str:
        """ "Spain and Japan", in the language of the page."""
        from humsec.roster.names import join_names

        return join_names([p.display_name for p in self.reporters], str(_("and")))

    @property
    def place(self) -> str:
        country = self.country.display_name if self.country else ""
        return ", ".join(part for part in (self.city, country) if part)


class InitiativePartner(models.Model):
    class Role(models.TextChoices):
        CO_ORGANIZER = "co-organizer", _("co-organizer")
        HOST = "host", _("host")
        PARTNER = "partner", _("partner")
        SPONSOR = "sponsor", _("sponsor")
        PARTICIPANT = "participant", _("participant")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partners")
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        ordering = ["initiative", "participant__short_name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "participant"], name="partner_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant} ({self.get_role_display()})"


class InitiativeLink(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        ordering = ["initiative", "id"]
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = [models.UniqueConstraint(fields=["initiative", "url"], name="link_once")]

    def __str__(self) -> str:
        return self.title or self.url


class ReviewNote(models.Model):
    """A note that only reviewers, the secretariat and the co-chairs see."""

    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    contribution = models.ForeignKey(
        "outreach.Contribution",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["at"]
        verbose_name = _("reviewer's note")
        verbose_name_plural = _("reviewers' notes")

    def __str__(self) -> str:
        return self.text[:60]


class DuplicateDecision(models.Model):
    """Two initiatives the secretariat found to be different: the pair is not proposed
    again."""

    first = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("not a duplicate")
        verbose_name_plural = _("not duplicates")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_decision_once"),
            models.CheckConstraint(
                condition=Q(first__lt=models.F("second")), name="duplicate_decision_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ≠ {self.second_id}"


class NarrativeSuggestion(models.Model):
    """An initiative found in a paragraph of a narrative reply, waiting for the
    secretariat to accept (possibly edited) or reject it."""

    class State(models.TextChoices):
        PENDING = "pending", _("to decide")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    contribution = models.ForeignKey(
        "outreach.Contribution", on_delete=models.CASCADE, related_name="suggestions"
    )
    paragraph = models.PositiveIntegerField(_("paragraph"))
    paragraph_text = models.TextField(_("paragraph text"))
    values = models.JSONField(_("suggested values"))
    evidence = models.JSONField(_("evidence"), default=list)
    confidence = models.FloatField(_("confidence"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["contribution", "paragraph", "pk"]
        verbose_name = _("suggested initiative")
        verbose_name_plural = _("suggested initiatives")

    def __str__(self) -> str:
        return self.values.get("title", "")
