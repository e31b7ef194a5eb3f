"""Participants of the group, their names over time, and their focal points."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from humsec.roster.names import Name


class Kind(models.TextChoices):
    MEMBER_STATE = "member_state", _("Member State")
    OBSERVER_STATE = "observer_state", _("observer State")
    UN_ENTITY = "un_entity", _("United Nations entity")
    IGO = "igo", _("intergovernmental organization")
    OTHER = "other", _("other organization")


STATE_KINDS = (Kind.MEMBER_STATE, Kind.OBSERVER_STATE)


class Region(models.TextChoices):
    """The five regions of the M49 standard."""

    AFRICA = "Africa", _("Africa")
    AMERICAS = "Americas", _("Americas")
    ASIA = "Asia", _("Asia")
    EUROPE = "Europe", _("Europe")
    OCEANIA = "Oceania", _("Oceania")


class ParticipantQuerySet(models.QuerySet):
    def states(self):
        return self.filter(kind__in=STATE_KINDS)

    def organizations(self):
        return self.exclude(kind__in=STATE_KINDS)

    def active_on(self, day: dt.date):
        """Members on that day for Member States, observers for observer States,
        existing on that day for organizations."""
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=day)
        )

    def members_on(self, day: dt.date):
        return self.filter(kind=Kind.MEMBER_STATE).active_on(day)

    def with_names(self):
        return self.prefetch_related("names")


class Participant(models.Model):
    """A Member State, an observer State, a United Nations entity or another organization.

    The name fields hold the current English short name in UNTERM form; names in other
    languages and former names are ParticipantName rows with their period of validity.
    """

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("ISO 3166 alpha-3 for States (JPN), the usual acronym for organizations."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    short_name = models.CharField(_("short name"), max_length=200, db_index=True)
    article = models.CharField(
        _("article"),
        max_length=5,
        blank=True,
        help_text=_('"the" if the name takes it in running text: the Republic of Korea.'),
    )
    formal_name = models.CharField(_("formal name"), max_length=300, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, blank=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, blank=True)
    m49 = models.CharField(_("M49 code"), max_length=3, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    subregion = models.CharField(_("sub-region"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    # Membership for Member States, observer status for observer States, existence for
    # organizations: one pair of dates answers "was it there on that day?" for all kinds.
    active_from = models.DateField(_("from"), null=True, blank=True)
    active_until = models.DateField(_("until"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="participant_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def is_state(self) -> bool:
        return self.kind in STATE_KINDS

    def is_active_on(self, day: dt.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_until is None or day <= self.active_until
        )

    def name_on(self, day: dt.date | None = None, language: str = "en") -> Name:
        """The name valid on that day in that language (English if none is recorded).

        Uses the prefetched names when there are any, so lists can call it per row.
        """
        day = day or dt.date.today()
        language = (language or "en")[:2]
        for candidate in (language, "en"):
            for row in self.names.all():
                if row.language == candidate and row.is_valid_on(day):
                    return row.as_name()
            if candidate == "en":
                break
        return Name(self.short_name, self.article, self.formal_name)

    @property
    def display_name(self) -> str:
        """The current name in the language of the page."""
        return self.name_on(None, get_language() or "en").short


class ParticipantName(models.Model):
    """A name in another language, or a former name, valid over a period."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="names", verbose_name=_("participant")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    short_name = models.CharField(_("short name"), max_length=200)
    article = models.CharField(_("article"), max_length=5, blank=True)
    formal_name = models.CharField(_("formal name"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["participant", "language", "valid_from"]
        verbose_name = _("name")
        verbose_name_plural = _("names")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "language", "short_name"], name="participant_name_once"
            )
        ]

    def __str__(self) -> str:
        return self.short_name

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def as_name(self) -> Name:
        return Name(self.short_name, self.article, self.formal_name)


class ParticipantAlias(models.Model):
    """Another way people write a participant's name: an acronym, a common or wrong form."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("participant")
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    alias = models.CharField(_("alias"), max_length=300)

    class Meta:
        ordering = ["alias"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(fields=["participant", "alias"], name="participant_alias_once")
        ]

    def __str__(self) -> str:
        return self.alias


class FocalPoint(models.Model):
    """A person at a participant who receives requests and answers them."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("participant"),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=300, blank=True)
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="focal_points",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["participant__short_name", "name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            models.UniqueConstraint(fields=["participant", "email"], name="focal_point_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.participant})"
