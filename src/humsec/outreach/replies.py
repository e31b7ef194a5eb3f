"""Changes to a reply (contribution): drafts, uploads, initiatives, submission.

Nothing typed is lost: every save raises the contribution's revision, and a save based
on an older revision (a second tab, a colleague) is refused with Conflict, so the caller
keeps the user's text and asks them to reload. Every file received is kept, even when
its content is refused, so the secretariat can see what came in.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from humsec.accounts.access import can_manage_requests
from humsec.dates import un_date
from humsec.initiatives.models import Initiative, Status
from humsec.outreach.actions import ActionError, set_status, signed_in
from humsec.outreach.imports.initiatives import read_initiatives
from humsec.outreach.imports.narrative import docx_to_html, html_to_text, markdown_to_html
from humsec.outreach.imports.uploads import UploadRejected, check_upload
from humsec.outreach.models import (
    Contribution,
    ContributionVersion,
    Recipient,
    RecipientStatus,
    Upload,
)

S = RecipientStatus
ATTACHMENT_KINDS = {"pdf", "docx", "xlsx", "odt", "png", "jpeg", "csv", "md"}
EDITABLE = {S.SENT, S.OPENED, S.DRAFT, S.NIL_RETURN, S.DECLINED}


class Conflict(ActionError):
    """The reply changed since the user's page was loaded."""


def max_bytes() -> int:
    return settings.HUMSEC_MAX_UPLOAD_MB * 1024 * 1024


def contribution_of(recipient: Recipient, lock: bool = False) -> Contribution:
    if lock:
        # The recipient's row is the lock on its reply: without it, two first saves at
        # the same moment (two tabs) would both find no contribution and both create one.
        Recipient.objects.select_for_update().filter(pk=recipient.pk).first()
    queryset = Contribution.objects.select_for_update() if lock else Contribution.objects
    contribution = queryset.filter(recipient=recipient).first()
    if contribution is None:
        contribution = Contribution.objects.create(recipient=recipient, language=recipient.language)
    return contribution


def shown_contribution(recipient: Recipient) -> Contribution:
    """The reply to show: the saved one, or an empty one that is not saved (a GET never
    writes)."""
    return Contribution.objects.filter(recipient=recipient).first() or Contribution(
        recipient=recipient, language=recipient.language
    )


def _editable(recipient: Recipient, actor=None) -> None:
    """Refuse changes to a reply that is not open. The secretariat may enter the reply of
    a recipient whose letter went outside humsec (by hand, by fax): it counts as sent."""
    if recipient.status == S.NOT_SENT and can_manage_requests(actor):
        set_status(recipient, S.SENT, actor, note="letter delivered outside humsec")
    if recipient.status not in EDITABLE:
        raise ActionError(
            _("This reply was submitted. Ask the secretariat to reopen it to make changes.")
            if recipient.status == S.SUBMITTED
            else _("The letter has not been sent yet.")
        )


def _touched(recipient: Recipient, contribution: Contribution, actor, fields: list[str]):
    """Record a change to the draft: a new revision, and the recipient moves to draft."""
    contribution.revision += 1
    contribution.save(update_fields=[*fields, "revision", "updated_at"])
    set_status(recipient, S.DRAFT, actor)


@transaction.atomic
def save_draft(recipient: Recipient, data: dict, revision: int | None, actor=None) -> Contribution:
    """Save what the focal point typed: title, date, language, the reply in Markdown,
    the address for the receipt and, for the secretariat, the channel."""
    _editable(recipient, actor)
    contribution = contribution_of(recipient, lock=True)
    if revision is not None and revision != contribution.revision:
        raise Conflict(
            _(
                "This reply was changed elsewhere (another tab or a colleague) since you "
                "opened it. Your text is kept on this page: copy it, reload, and save again."
            )
        )
    fields = []
    for name in ("title", "reply_date", "language", "receipt_email", "channel"):
        if name in data and getattr(contribution, name) != data[name]:
            setattr(contribution, name, data[name])
            fields.append(name)
    markdown = data.get("narrative_markdown")
    if markdown is not None and markdown != contribution.narrative_markdown:
        contribution.narrative_markdown = markdown
        contribution.narrative_html = markdown_to_html(markdown).html if markdown.strip() else ""
        contribution.narrative_file = None
        fields += ["narrative_markdown", "narrative_html", "narrative_file"]
    _touched(recipient, contribution, actor, fields)
    return contribution


def _keep(recipient: Recipient, purpose: str, uploaded, description: str = "") -> tuple:
    """Store the file as received and return it with its bytes. A file over the size
    limit is recorded (name and size) but neither read nor stored."""
    upload = Upload(
        recipient=recipient,
        purpose=purpose,
        original_name=uploaded.name[:255],
        size=uploaded.size,
        description=description,
    )
    data = b""
    if uploaded.size <= max_bytes():
        data = uploaded.read()
        name = f"{timezone.now():%Y%m%d%H%M%S}-{uploaded.name[-80:]}"
        upload.file.save(name, ContentFile(data), save=False)
    else:
        upload.report = {
            "refused": _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": f"{uploaded.size / 1048576:.1f}", "limit": settings.HUMSEC_MAX_UPLOAD_MB}
        }
    upload.save()
    return upload, data


def _refuse(upload: Upload, message: str) -> None:
    upload.report = {"refused": message}
    upload.save(update_fields=["report"])


@transaction.atomic
def upload_narrative(recipient: Recipient, uploaded, actor=None) -> Upload:
    """A reply in Word becomes the narrative (headings, lists, tables, footnotes kept)."""
    _editable(recipient, actor)
    upload, data = _keep(recipient, Upload.Purpose.NARRATIVE, uploaded)
    if "refused" in upload.report:
        return upload
    try:
        upload.detected_kind = check_upload(data, uploaded.name, {"docx"}, max_bytes())
        narrative = docx_to_html(data)
    except UploadRejected as error:
        _refuse(upload, str(error))
        return upload
    upload.report = {"warnings": narrative.warnings}
    upload.save(update_fields=["detected_kind", "report"])
    contribution = contribution_of(recipient, lock=True)
    contribution.narrative_html = narrative.html
    contribution.narrative_markdown = ""
    contribution.narrative_file = upload
    _touched(
        recipient, contribution, actor, ["narrative_html", "narrative_markdown", "narrative_file"]
    )
    return upload


@transaction.atomic
def add_attachment(recipient: Recipient, uploaded, description: str = "", actor=None) -> Upload:
    _editable(recipient, actor)
    upload, data = _keep(recipient, Upload.Purpose.ATTACHMENT, uploaded, description)
    if "refused" in upload.report:
        return upload
    try:
        upload.detected_kind = check_upload(data, uploaded.name, ATTACHMENT_KINDS, max_bytes())
    except UploadRejected as error:
        _refuse(upload, str(error))
        return upload
    upload.save(update_fields=["detected_kind"])
    contribution = contribution_of(recipient, lock=True)
    _touched(recipient, contribution, actor, [])
    return upload


@transaction.atomic
def remove_attachment(recipient: Recipient, upload: Upload, actor=None) -> None:
    _editable(recipient, actor)
    upload.removed = True
    upload.save(update_fields=["removed"])
    _touched(recipient, contribution_of(recipient, lock=True), actor, [])


def earlier_initiatives(recipient: Recipient):
    """What the participant reported before this request: the template is prefilled
    with them, so a second round confirms, updates or retires each."""
    return (
        Initiative.objects.filter(reported_by=recipient.participant, retired_at__isnull=True)
        .exclude(contribution__recipient=recipient)
        .exclude(status=Status.DRAFT)
        .select_related("country", "lead")
        .prefetch_related("partners__participant", "themes")
    )


def draft_initiatives(recipient: Recipient):
    return (
        Initiative.objects.filter(contribution__recipient=recipient)
        .select_related("country", "lead")
        .prefetch_related("partners__participant", "themes")
    )


def _apply(initiative: Initiative, values: dict) -> None:
    for name in ("title", "description", "kind", "city", "language"):
        if name in values:
            setattr(initiative, name, values[name] or "")
    for name in ("country", "lead"):
        if name in values:
            setattr(initiative, name, values[name] or None)
    initiative.set_dates(values.get("start"), values.get("end"))


def _save_initiative(initiative: Initiative, values: dict) -> None:
    initiative.save()
    initiative.themes.set(values.get("themes", []))
    initiative.partners.all().delete()
    for participant in values.get("partners", []):
        initiative.partners.create(participant=participant)
    url = values.get("url")
    initiative.links.all().delete()
    if url:
        initiative.links.create(url=url)


@transaction.atomic
def save_initiative(
    recipient: Recipient, values: dict, initiative: Initiative | None = None, actor=None
) -> Initiative:
    """Add an initiative to the reply, or change one of its own."""
    _editable(recipient, actor)
    contribution = contribution_of(recipient, lock=True)
    if initiative is None:
        initiative = Initiative(
            contribution=contribution,
            reported_by=recipient.participant,
            status=Status.DRAFT,
        )
    elif initiative.contribution_id != contribution.pk:
        raise ActionError(_("This initiative belongs to another reply."))
    _apply(initiative, values)
    _save_initiative(initiative, values)
    _touched(recipient, contribution, actor, [])
    return initiative


@transaction.atomic
def remove_initiative(recipient: Recipient, initiative: Initiative, actor=None) -> None:
    _editable(recipient, actor)
    contribution = contribution_of(recipient, lock=True)
    if initiative.contribution_id != contribution.pk:
        raise ActionError(_("This initiative belongs to another reply."))
    initiative.delete()
    _touched(recipient, contribution, actor, [])


def import_initiatives(
    recipient: Recipient, uploaded, all_or_nothing: bool = False, actor=None
) -> Upload:
    """Initiatives from a spreadsheet (.xlsx or .csv, from the template). Good rows are
    kept and each bad one is reported with its row and field; with all_or_nothing, one
    bad row keeps every row out. The file is kept in any case, with its report."""
    _editable(recipient, actor)
    with transaction.atomic():
        upload, data = _keep(recipient, Upload.Purpose.INITIATIVES, uploaded)
    if "refused" in upload.report:
        return upload
    try:
        kind = check_upload(data, uploaded.name, {"xlsx", "csv"}, max_bytes())
        result = read_initiatives(data, kind, default_language=recipient.language)
    except UploadRejected as error:
        _refuse(upload, str(error))
        return upload
    problems = [p.__dict__ for p in result.problems] + [
        p.__dict__ for row in result.rows for p in row.problems
    ]
    report = {"kind": kind, "problems": problems, "imported": [], "confirmed": [], "retired": []}
    good = [row for row in result.rows if row.ok]
    if result.problems or (all_or_nothing and problems):
        good = []
        report["all_or_nothing"] = all_or_nothing
    earlier = {i.pk: i for i in earlier_initiatives(recipient)}
    with transaction.atomic():
        contribution = contribution_of(recipient, lock=True)
        for row in good:
            _import_row(recipient, contribution, row, earlier, report)
        upload.detected_kind = kind
        upload.report = report
        upload.save(update_fields=["detected_kind", "report"])
        if good:
            _touched(recipient, contribution, actor, [])
    return upload


def _import_row(recipient, contribution, row, earlier, report) -> None:
    """One good row: a new initiative, or keep, update or retire an earlier one."""
    values = row.values
    status, number = values.get("status") or "new", values.get("id")
    earlier_one = earlier.get(number) if number else None
    if number and earlier_one is None:
        report["problems"].append(
            {
                "row": row.row,
                "field": "id",
                "message": _("id: %(number)s is not one of the initiatives reported before.")
                % {"number": number},
            }
        )
        return
    if status == "keep":
        report["confirmed"].append({"row": row.row, "id": earlier_one.pk})
        return
    if status == "retire":
        earlier_one.retired_at = timezone.now()
        earlier_one.save(update_fields=["retired_at"])
        report["retired"].append({"row": row.row, "id": earlier_one.pk})
        return
    # New rows, and updates to earlier ones, become initiatives of this reply; an update
    # names the record it replaces, which is retired when the reply is submitted.
    initiative = Initiative(
        contribution=contribution,
        reported_by=recipient.participant,
        status=Status.DRAFT,
        replaces=earlier_one,
    )
    _apply(initiative, values)
    _save_initiative(initiative, values)
    report["imported"].append({"row": row.row, "id": initiative.pk, "title": initiative.title})


def snapshot(contribution: Contribution) -> dict:
    """A plain copy of the reply as it stands, for its versions and the receipt."""
    recipient = contribution.recipient
    return {
        "participant": recipient.participant.code,
        "title": contribution.title,
        "reply_date": contribution.reply_date.isoformat() if contribution.reply_date else None,
        "language": contribution.language,
        "channel": contribution.channel,
        "narrative_html": contribution.narrative_html,
        "initiatives": [
            {
                "id": i.pk,
                "title": i.title,
                "kind": i.kind,
                "dates": i.dates_display("en"),
                "place": ", ".join(
                    p for p in (i.city, i.country.short_name if i.country else "") if p
                ),
                "description": i.description,
            }
            for i in draft_initiatives(recipient)
        ],
        "attachments": [
            {"id": u.pk, "name": u.original_name, "description": u.description}
            for u in recipient.uploads.filter(
                purpose=Upload.Purpose.ATTACHMENT, removed=False
            ).exclude(report__has_key="refused")
        ],
    }


def _version(contribution: Contribution, reason: str, actor) -> ContributionVersion:
    number = contribution.versions.count() + 1
    return ContributionVersion.objects.create(
        contribution=contribution,
        number=number,
        actor=signed_in(actor),
        reason=reason,
        snapshot=snapshot(contribution),
    )


def submit_contribution(recipient: Recipient, actor=None) -> ContributionVersion:
    """Submit the reply: it is frozen as a version, its initiatives go to review, and a
    receipt with a copy goes to the focal points."""
    from humsec.outreach import tasks

    with transaction.atomic():
        recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
        _editable(recipient, actor)
        contribution = contribution_of(recipient, lock=True)
        problems = []
        if not contribution.title.strip():
            problems.append(_("Give the reply a title."))
        if not contribution.narrative_html and not draft_initiatives(recipient).exists():
            problems.append(_("Write or upload a reply, or add at least one initiative."))
        if problems:
            raise ActionError(" ".join(problems))
        if contribution.reply_date is None:
            contribution.reply_date = timezone.localdate()
        contribution.submitted_at = timezone.now()
        contribution.revision += 1
        contribution.review_status = "pending"  # a resubmitted reply is reviewed again
        contribution.save(
            update_fields=["reply_date", "submitted_at", "revision", "review_status", "updated_at"]
        )
        mine = draft_initiatives(recipient)
        Initiative.objects.filter(pk__in=mine.exclude(replaces=None).values("replaces")).update(
            retired_at=contribution.submitted_at
        )
        mine.filter(status__in=[Status.DRAFT, Status.RETURNED]).update(
            status=Status.SUBMITTED, review_comment=""
        )
        set_status(recipient, S.SUBMITTED, actor)
        version = _version(contribution, "submitted", actor)
        transaction.on_commit(lambda: tasks.send_receipt.enqueue(version.pk))
    return version


@transaction.atomic
def reopen_contribution(recipient: Recipient, actor=None) -> None:
    """The secretariat reopens a submitted reply; its submitted versions stay as they were."""
    if recipient.status != S.SUBMITTED:
        raise ActionError(_("Only a submitted reply can be reopened."))
    set_status(recipient, S.DRAFT, actor, note="reopened")
    draft_initiatives(recipient).filter(status=Status.SUBMITTED).update(status=Status.DRAFT)


def reply_summary(version: ContributionVersion) -> dict:
    recipient = version.contribution.recipient
    reply_date = version.snapshot.get("reply_date")
    contribution_date = dt.date.fromisoformat(reply_date) if reply_date else None
    return {
        "version": version,
        "snapshot": version.snapshot,
        "request": recipient.request,
        "name": recipient.participant.name_on(
            recipient.request.letter_date, recipient.language
        ).running,
        "submitted": un_date(timezone.localdate(version.created_at), recipient.language),
        "text": html_to_text(version.snapshot["narrative_html"]),
        "reply_date": un_date(contribution_date, recipient.language) if contribution_date else "",
        "language": recipient.language,
    }
