"""Requests for information, their recipients and personal links, and the replies."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from humsec.meetings.models import Meeting
from humsec.roster.models import Participant

LETTER_LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]


class Request(models.Model):
    """A call for information: the co-chairs' joint letter, its recipients and deadline."""

    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    letter_date = models.DateField(_("letter date"))
    deadline = models.DateField(_("deadline"))
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=14,
        help_text=_("Personal links keep working this many days after the deadline."),
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("decided at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    letter_en = models.TextField(_("letter (English)"))
    letter_fr = models.TextField(_("letter (French)"), blank=True)
    letter_es = models.TextField(_("letter (Spanish)"), blank=True)
    reminder_limit = models.PositiveSmallIntegerField(
        _("reminders at most"), default=2, help_text=_("Per recipient.")
    )
    reminder_interval_days = models.PositiveSmallIntegerField(
        _("days between reminders"), default=14
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-letter_date", "-pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")

    def __str__(self) -> str:
        return self.title

    @property
    def links_expire_on(self) -> dt.date:
        """The last day a personal link works."""
        return self.deadline + dt.timedelta(days=self.grace_days)

    def letter_text(self, language: str) -> str:
        return getattr(self, f"letter_{language}", "") or self.letter_en


class Signatory(models.Model):
    """Who signs the letter, with the title held at the time."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="signatories")
    participant = models.ForeignKey(
        Participant, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["request", "participant__short_name"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"


class RecipientStatus(models.TextChoices):
    NOT_SENT = "not_sent", _("not sent")
    SENT = "sent", _("sent")
    OPENED = "opened", _("opened")
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    NIL_RETURN = "nil_return", _("nil return")
    DECLINED = "declined", _("declined")


# A recipient in one of these has answered: no reminders, counted as done.
ANSWERED = {RecipientStatus.SUBMITTED, RecipientStatus.NIL_RETURN, RecipientStatus.DECLINED}
OUTSTANDING = {RecipientStatus.SENT, RecipientStatus.OPENED, RecipientStatus.DRAFT}


class Recipient(models.Model):
    """One participant's place in one request: its status and its personal link."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="recipients")
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="requests_received",
    )
    language = models.CharField(
        _("language of the letter"), max_length=2, choices=LETTER_LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RecipientStatus.choices,
        default=RecipientStatus.NOT_SENT,
        db_index=True,
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    class Meta:
        ordering = ["request", "participant__short_name"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["request", "participant"], name="recipient_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant} ({self.request})"

    @property
    def answered(self) -> bool:
        return self.status in ANSWERED

    @property
    def is_outstanding(self) -> bool:
        return self.status in OUTSTANDING


class PersonalLink(models.Model):
    """A link that lets a recipient's focal points reply without an account.

    Each email carries its own link (the letter, each reminder, a re-issued link); only a
    hash of its token is kept. All of a recipient's links work until the request's
    deadline plus its grace period, unless revoked.
    """

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["recipient", "issued_at"]
        verbose_name = _("personal link")
        verbose_name_plural = _("personal links")

    def __str__(self) -> str:
        return f"link {self.pk} of {self.recipient}"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        return self.revoked_at is None and (
            timezone.localdate(now or timezone.now()) <= self.recipient.request.links_expire_on
        )


class StatusChange(models.Model):
    """Every change of a recipient's status, with when and by whom."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="history")
    old = models.CharField(max_length=12, choices=RecipientStatus.choices)
    new = models.CharField(max_length=12, choices=RecipientStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["recipient", "at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.recipient}: {self.old} -> {self.new}"


class Reminder(models.Model):
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recipient", "sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"reminder to {self.recipient} on {self.sent_at:%Y-%m-%d}"


class Channel(models.TextChoices):
    LINK = "link", _("personal link")
    EMAIL = "email", _("email")
    FAX = "fax", _("fax")
    PAPER = "paper", _("paper")


class Contribution(models.Model):
    """A participant's reply to a request: dated, in its original language, as received."""

    recipient = models.OneToOneField(
        Recipient, on_delete=models.CASCADE, related_name="contribution"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    reply_date = models.DateField(_("date of the reply"), null=True, blank=True)
    language = models.CharField(_("original language"), max_length=8, default="en")
    channel = models.CharField(
        _("received by"), max_length=8, choices=Channel.choices, default=Channel.LINK
    )
    narrative_markdown = models.TextField(_("reply"), blank=True)
    narrative_html = models.TextField(blank=True)
    narrative_file = models.ForeignKey(
        "Upload", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    receipt_email = models.EmailField(_("send the receipt to"), blank=True)
    review_status = models.CharField(
        _("review"),
        max_length=10,
        choices=[
            ("pending", _("to review")),
            ("accepted", _("accepted")),
            ("returned", _("returned")),
        ],
        default="pending",
    )
    review_comment = models.TextField(_("comment to the focal point"), blank=True)
    # Raised by every save: a save based on an older revision is refused, not merged.
    revision = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "revision"])

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return self.title or str(self.recipient.participant)


class ContributionVersion(models.Model):
    """A frozen copy of a contribution, made at each submission and reopening."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=20)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["contribution", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contribution", "number"], name="version_once")
        ]

    def __str__(self) -> str:
        return f"{self.contribution}, version {self.number}"


def upload_path(upload: Upload, filename: str) -> str:
    return f"uploads/{upload.recipient.request_id}/{upload.recipient_id}/{filename}"


class Upload(models.Model):
    """A file as the participant sent it, kept whatever became of its content."""

    class Purpose(models.TextChoices):
        NARRATIVE = "narrative", _("reply (Word)")
        INITIATIVES = "initiatives", _("initiatives (spreadsheet)")
        ATTACHMENT = "attachment", _("attachment")

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="uploads")
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    file = models.FileField(upload_to=upload_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    detected_kind = models.CharField(_("kind"), max_length=20, blank=True)
    size = models.PositiveIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    report = models.JSONField(default=dict, blank=True)
    removed = models.BooleanField(default=False)

    class Meta:
        ordering = ["recipient", "uploaded_at"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self) -> str:
        return self.original_name


class SentEmail(models.Model):
    """One row per email, by a key naming its purpose, so that no email goes twice: a task
    that runs again after a crash skips every key already here. The row is written before
    the email leaves; if sending fails it is removed so that a retry can send."""

    key = models.CharField(max_length=200, unique=True)
    to = models.TextField()
    subject = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.key
