"""A United Nations document of the group: a letter with the replies in its annex, and
its family (addenda, revisions, corrigenda).

A document is a draft until it is issued. Issuing freezes it: the plain document the
renderers were fed (``snapshot``), the files rendered from it and their SHA-256 hashes.
An issued document never changes; ``save`` refuses to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from humsec.documents.render.model import ADDRESSEES, DISTRIBUTIONS, ORDERS


class Kind(models.TextChoices):
    ORIGINAL = "original", _("document")
    ADDENDUM = "addendum", _("addendum")
    REVISION = "revision", _("revision")
    CORRIGENDUM = "corrigendum", _("corrigendum")


# The symbol suffix of each member of a family: A/62/695/Add.1, /Rev.1, /Corr.1.
SUFFIXES = {Kind.ADDENDUM: "Add", Kind.REVISION: "Rev", Kind.CORRIGENDUM: "Corr"}


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued")


LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
ORIGINAL_LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]


class IssuedDocumentError(Exception):
    """An attempt to change an issued document."""


class Document(models.Model):
    request = models.ForeignKey(
        "outreach.Request",
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ORIGINAL)
    # The document an addendum, revision or corrigendum belongs to (always the original).
    parent = models.ForeignKey(
        "self",
        verbose_name=_("document it belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="family",
    )
    number = models.PositiveSmallIntegerField(_("number"), default=0)  # N of Add.N
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DRAFT)

    organ = models.CharField(_("organ"), max_length=100, default="General Assembly")
    symbol = models.CharField(_("symbol"), max_length=60, unique=True)
    distribution = models.CharField(
        _("distribution"),
        max_length=12,
        choices=[(d, _(d)) for d in DISTRIBUTIONS],
        default="General",
    )
    date = models.DateField(_("date"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="en")
    original_language = models.CharField(
        _("original language"), max_length=2, choices=ORIGINAL_LANGUAGES, default="en"
    )
    session = models.PositiveSmallIntegerField(_("session"), null=True, blank=True)
    addressee = models.CharField(
        _("addressee"),
        max_length=60,
        choices=[(a, _(a)) for a in ADDRESSEES],
        default="Secretary-General",
    )
    letter_date = models.DateField(_("letter date"))
    # Paragraphs separated by a blank line: the honour formula first, circulation last.
    body = models.TextField(_("letter"))
    annex_title = models.CharField(_("annex title"), max_length=500, blank=True)
    annex_introduction = models.TextField(
        _("annex introduction"),
        blank=True,
        help_text=_("Leave empty for the generated sentence naming the participants."),
    )
    order = models.CharField(
        _("order of the replies"),
        max_length=30,
        choices=[
            (ORDERS[0], _("States, then organizations, alphabetically")),
            (ORDERS[1], _("as listed")),
        ],
        default=ORDERS[0],
    )
    include_initiatives = models.BooleanField(
        _("a section of accepted initiatives per participant"), default=False
    )
    include_thematic_index = models.BooleanField(_("a thematic index"), default=False)
    job_number = models.CharField(_("job number"), max_length=8, blank=True)
    job_date = models.DateField(_("job date"), null=True, blank=True)
    reference_date = models.DateField(
        _("reference date"),
        null=True,
        blank=True,
        help_text=_("Past, ongoing and planned are counted from this day (the date if empty)."),
    )
    emblem = models.BinaryField(_("emblem"), null=True, blank=True, editable=False)
    use_emblem = models.BooleanField(_("print the emblem"), default=False)
    title = models.CharField(
        _("title"),
        max_length=600,
        blank=True,
        help_text=_("Left empty, it is written from the letter's date, senders and addressee."),
    )
    annex_heading = models.CharField(_("annex heading"), max_length=600, blank=True)
    corrections = models.TextField(
        _("corrections"),
        blank=True,
        help_text=_("A corrigendum: one correction a paragraph."),
    )

    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The plain document as the renderers were fed it when it was issued.
    snapshot = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["symbol"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.symbol

    def save(self, *args, **kwargs):
        # An issued document never changes: only the save that issues it is let through.
        if self.pk and not getattr(self, "_issuing", False):
            stored = Document.objects.filter(pk=self.pk).values_list("state", flat=True).first()
            if stored == State.ISSUED:
                raise IssuedDocumentError(f"{self.symbol} is issued and cannot change.")
        super().save(*args, **kwargs)

    @property
    def is_issued(self) -> bool:
        return self.state == State.ISSUED

    @property
    def root(self) -> Document:
        return self.parent or self


class AgendaItem(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(_("number"), max_length=12)
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class DocumentSignatory(models.Model):
    """Who signs this document, with the title held for it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="signatories")
    participant = models.ForeignKey(
        "roster.Participant", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["document", "participant__short_name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"


class Inclusion(models.Model):
    """A contribution in a document's annex, and the revision of it that was included
    (an addendum takes what was received or changed after)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="inclusions")
    contribution = models.ForeignKey(
        "outreach.Contribution", on_delete=models.PROTECT, related_name="inclusions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    revision = models.PositiveIntegerField(null=True, blank=True)  # set when issued

    class Meta:
        ordering = ["document", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "contribution"], name="included_once")
        ]

    def __str__(self) -> str:
        return f"{self.contribution} in {self.document}"


class IssuedFile(models.Model):
    """One file of an issued document, kept in the database with the document's state so
    that issuing is one transaction: either all of it or none."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(max_length=4)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["document", "format"]
        constraints = [
            models.UniqueConstraint(fields=["document", "format"], name="one_file_per_format")
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} ({self.format})"


class IncludedInitiative(models.Model):
    """An accepted initiative printed in an issued document's initiatives section or
    thematic index: it is locked from then on."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="included_initiatives"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.PROTECT, related_name="inclusions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "initiative"], name="initiative_once")
        ]

    def __str__(self) -> str:
        return f"{self.initiative} in {self.document}"


class Approval(models.Model):
    """A co-chair's approval of a draft as it stood (its revision): a later change to the
    draft leaves the approval standing for the earlier text only."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revision = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "at"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "approver", "revision"], name="approved_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} approved by {self.approver}"
