"""Requests through their actions and tasks: choosing recipients, creating, sending the
letters, tracking status, reminders, the co-chairs' digest, revoking and reissuing links.

Tasks run at once (the immediate backend); actions queue them on commit, so the tests
run the on-commit callbacks. Email goes to the locmem outbox.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from humsec.outreach import actions, links, tasks
from humsec.outreach.models import (
    PersonalLink,
    Recipient,
    RecipientStatus,
    Reminder,
    Request,
    SentEmail,
)

pytestmark = pytest.mark.django_db

S = RecipientStatus
LETTER_DATE = dt.date(2007, 5, 21)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LINK = re.compile(re.escape(settings.HUMSEC_BASE_URL.rstrip("/")) + r"/r/([A-Za-z0-9_-]+)/")


# Helpers ---------------------------------------------------------------------------------


def codes(participants) -> list[str]:
    return [p.code for p in participants]


def recipient(request: Request, code: str) -> Recipient:
    return request.recipients.get(participant__code=code)


def mail_to(outbox, address: str) -> list:
    return [m for m in outbox if address in m.to]


def token_in(message) -> str:
    tokens = LINK.findall(message.body)
    assert tokens, f"no personal link in:\n{message.body}"
    return tokens[0]


def attachment(message, suffix: str):
    found = [a for a in message.attachments if a[0].endswith(suffix)]
    assert len(found) == 1, [a[0] for a in message.attachments]
    return found[0]


def docx_text(data: bytes) -> str:
    body = Document(io.BytesIO(data)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


def link_works(token: str) -> bool:
    return Client().get(f"/r/{token}/").status_code == 200


def reminders_in(outbox) -> list:
    return [m for m in outbox if m.subject.startswith("Reminder:")]


@pytest.fixture
def remind():
    """remind(request, scheduled=False): the reminder task, as the timer or the Remind
    now button runs it."""

    def run(request, scheduled=False) -> dict:
        return tasks.send_reminders.call(request.pk, scheduled)

    return run


@pytest.fixture
def sent(personas, add_focal_point, new_request, send, mailoutbox):
    """A request to the attendees of the second meeting, sent. Chile and Thailand (the
    personas), France (in French) and Slovenia have focal points; Australia's is inactive."""
    add_focal_point("FRA", language="fr")
    add_focal_point("SVN")
    add_focal_point("AUS", active=False)
    request = new_request()
    send(request)
    return request


# Choosing recipients ---------------------------------------------------------------------


def test_the_attendees_of_the_second_meeting_are_its_48_participants():
    participants = actions.recipients_from("meeting:2", LETTER_DATE)
    assert len(participants) == 48
    assert len(set(codes(participants))) == 48
    assert {"CHL", "THA", "JPN", "MEX", "UNDP"} <= set(codes(participants))


def test_the_member_states_on_21_may_2007_are_192():
    participants = actions.recipients_from("members", LETTER_DATE)
    assert len(participants) == 192
    assert all(p.is_state for p in participants)
    assert "MNE" in codes(participants)  # admitted 28 June 2006
    assert "SSD" not in codes(participants)  # admitted 14 July 2011


def test_names_codes_and_aliases_resolve_in_any_case_and_each_participant_comes_once():
    participants = actions.recipients_from(
        "Viet Nam;Vietnam;VNM;Royaume-Uni;Côte d'Ivoire;cote d'ivoire", LETTER_DATE
    )
    assert codes(participants) == ["VNM", "GBR", "CIV"]


def test_an_unknown_name_is_refused_with_the_name_in_the_message():
    with pytest.raises(actions.ActionError, match="Atlantis"):
        actions.recipients_from("Chile;Atlantis;Thailand", LETTER_DATE)


def test_an_unknown_meeting_is_refused_with_its_number_in_the_message():
    with pytest.raises(actions.ActionError, match="99"):
        actions.recipients_from("meeting:99", LETTER_DATE)


# Creating a request ----------------------------------------------------------------------


def test_a_request_keeps_its_title_dates_signatories_and_recipients(new_request):
    request = new_request()
    assert request.letter_date == LETTER_DATE
    assert request.deadline == dt.date(2007, 7, 31)
    assert request.recipients.count() == 48
    assert set(request.recipients.values_list("status", flat=True)) == {S.NOT_SENT}
    assert [(s.participant.code, s.name) for s in request.signatories.all()] == [
        ("JPN", "Yukio Takasu"),
        ("MEX", "Claude Heller"),
    ]


def test_a_deadline_before_the_letter_date_is_refused_and_nothing_is_created(new_request):
    before = Request.objects.count()
    with pytest.raises(actions.ActionError, match="deadline"):
        new_request(deadline=dt.date(2007, 5, 20))
    assert Request.objects.count() == before


def test_a_letter_with_an_unknown_field_is_refused_naming_the_field(new_request):
    before = Request.objects.count()
    letters = {"en": "We should be grateful if {recipent} would reply by {deadline}."}
    with pytest.raises(actions.ActionError, match=r"\{recipent\}"):
        new_request(letters=letters)
    assert Request.objects.count() == before


def test_an_unknown_field_in_the_french_letter_is_refused_naming_the_language(new_request):
    letters = {"en": "Reply by {deadline}: {link}", "fr": "Répondre d'ici au {date_limite}."}
    with pytest.raises(actions.ActionError) as error:
        new_request(letters=letters)
    assert "{date_limite}" in str(error.value)
    assert "(fr)" in str(error.value)


# Sending ---------------------------------------------------------------------------------


def test_sending_emails_every_recipient_that_has_an_active_focal_point(sent, mailoutbox):
    addresses = sorted(address for message in mailoutbox for address in message.to)
    assert addresses == [
        "chile@example.org",
        "focal.fra@example.org",
        "focal.svn@example.org",
        "thailand@example.org",
    ]
    assert all(len(message.to) == 1 for message in mailoutbox)
    statuses = dict(sent.recipients.values_list("participant__code", "status"))
    assert {code for code, status in statuses.items() if status == S.SENT} == {
        "CHL",
        "FRA",
        "SVN",
        "THA",
    }


def test_recipients_without_a_focal_point_stay_not_sent(sent):
    not_sent = sent.recipients.filter(status=S.NOT_SENT)
    assert not_sent.count() == 44
    assert not_sent.filter(participant__code="AUS").exists()  # its focal point is inactive
    assert not PersonalLink.objects.filter(recipient__in=not_sent).exists()


def test_the_task_reports_how_many_letters_went_and_how_many_had_nobody_to_write_to(
    personas, new_request
):
    request = new_request()
    result = tasks.send_letters.call(request.pk)
    assert result == {"sent": 2, "without_focal_point": 46}


def test_a_participant_with_two_focal_points_gets_one_email_to_both(
    personas, add_focal_point, new_request, send, mailoutbox
):
    add_focal_point("CHL", email="deputy.chile@example.org")
    send(new_request(recipients="Chile"))
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == ["chile@example.org", "deputy.chile@example.org"]


def test_each_email_carries_the_letter_in_word_and_pdf(sent, mailoutbox):
    for message in mailoutbox:
        assert len(message.attachments) == 2
        _, data, mimetype = attachment(message, ".docx")
        assert mimetype == DOCX_TYPE
        assert "Information on human security initiatives" in docx_text(data)
        _, data, mimetype = attachment(message, ".pdf")
        assert mimetype == "application/pdf"
        assert data.startswith(b"%PDF-")


def test_each_email_carries_a_personal_link_that_is_also_in_the_letter(sent, mailoutbox):
    message = mail_to(mailoutbox, "thailand@example.org")[0]
    token = token_in(message)
    html = message.alternatives[0][0]
    assert token in html
    assert token in docx_text(attachment(message, ".docx")[1])
    link = links.find(token)
    assert link is not None
    assert link.recipient == recipient(sent, "THA")


def test_every_recipient_gets_its_own_link(sent, mailoutbox):
    tokens = [token_in(message) for message in mailoutbox]
    assert len(set(tokens)) == len(mailoutbox) == 4
    owners = {links.find(token).recipient.participant.code for token in tokens}
    assert owners == {"CHL", "FRA", "SVN", "THA"}


def test_the_email_and_the_letter_use_united_nations_dates_in_english(sent, mailoutbox):
    message = mail_to(mailoutbox, "chile@example.org")[0]
    assert "31 July 2007" in message.body
    text = docx_text(attachment(message, ".docx")[1])
    assert "21 May 2007" in text
    assert "31 July 2007" in text


def test_a_french_focal_point_gets_the_letter_in_french(sent, mailoutbox):
    message = mail_to(mailoutbox, "focal.fra@example.org")[0]
    name, data, _ = attachment(message, ".docx")
    assert name.endswith("-fr.docx")
    text = docx_text(data)
    assert "21 mai 2007" in text
    assert "31 juillet 2007" in text
    assert "Nous avons l'honneur" in text
    assert "21 May 2007" not in text


def test_the_french_pdf_letter_is_dated_in_french(sent, mailoutbox):
    message = mail_to(mailoutbox, "focal.fra@example.org")[0]
    pdf = attachment(message, ".pdf")[1]
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    text = " ".join(result.stdout.decode().split())
    assert "21 mai 2007" in text
    assert "Nous avons l'honneur" in text.replace("’", "'")


def test_the_french_letter_has_no_english_left_in_it(sent, mailoutbox):
    """Salutation, closing and the missions' names come from gettext: a French letter
    must not greet "Excellency," nor address "Permanent Mission de la France to the
    United Nations"."""
    message = mail_to(mailoutbox, "focal.fra@example.org")[0]
    text = docx_text(attachment(message, ".docx")[1])
    # The signatories' titles are printed as given for this letter (here in English).
    for signatory in sent.signatories.all():
        text = text.replace(signatory.title, "")
    assert "Excellency" not in text
    assert "to the United Nations" not in text
    assert "Please accept" not in text
    assert "auprès de l'Organisation des Nations Unies" in text


def test_the_email_to_a_french_focal_point_is_in_french(sent, mailoutbox):
    message = mail_to(mailoutbox, "focal.fra@example.org")[0]
    assert "31 juillet 2007" in message.body
    assert "Please reply by" not in message.body
    assert "have written to" not in message.body


def test_the_subject_and_the_text_of_the_email_read_as_typed_not_as_html(
    personas, add_focal_point, new_request, send, mailoutbox
):
    """Plain text is not HTML: an apostrophe or an ampersand must not arrive as &#x27;
    or &amp;."""
    add_focal_point("CIV")
    title = "Partners' initiatives & activities in the area of human security"
    send(new_request(recipients="Côte d'Ivoire", title=title))
    message = mailoutbox[0]
    assert message.subject == title
    assert "Côte d'Ivoire" in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body


def test_signatories_sign_in_english_alphabetical_order_of_their_countries(sent, mailoutbox):
    """The request was made with Mexico given first: Japan still signs first."""
    message = mail_to(mailoutbox, "chile@example.org")[0]
    text = docx_text(attachment(message, ".docx")[1])
    assert "Permanent Missions of Japan and Mexico to the United Nations" in text
    takasu, heller = text.find("Yukio Takasu"), text.find("Claude Heller")
    assert 0 <= takasu < heller


def test_sending_records_each_change_of_status_with_its_time(personas, new_request, send):
    request = new_request(recipients="Chile;Thailand;Slovenia")
    before = timezone.now()
    send(request)
    after = timezone.now()
    thailand = recipient(request, "THA")
    changes = list(thailand.history.values_list("old", "new"))
    assert changes == [(S.NOT_SENT, S.SENT)]
    change = thailand.history.get()
    assert before <= change.at <= after
    assert before <= thailand.sent_at <= after
    assert thailand.last_activity_at == change.at
    assert not recipient(request, "SVN").history.exists()  # no focal point: not sent


def test_opening_and_answering_are_recorded_in_order(sent):
    thailand = recipient(sent, "THA")
    actions.begin_reply(thailand)
    actions.record_nil_return(thailand)
    changes = list(thailand.history.order_by("at", "pk").values_list("old", "new", "at"))
    assert [(old, new) for old, new, _ in changes] == [
        (S.NOT_SENT, S.SENT),
        (S.SENT, S.OPENED),
        (S.OPENED, S.NIL_RETURN),
    ]
    times = [at for _, _, at in changes]
    assert times == sorted(times)
    assert all(at is not None for at in times)


def test_sending_again_sends_no_email_twice(sent, send, mailoutbox):
    count = len(mailoutbox)
    send(sent)  # 44 recipients are still not sent: the button is still there
    tasks.send_letters.call(sent.pk)
    assert len(mailoutbox) == count == 4
    assert SentEmail.objects.filter(key__startswith="letter:").count() == 4
    assert PersonalLink.objects.filter(recipient__request=sent).count() == 4


def test_sending_a_request_that_went_to_everyone_says_so(personas, new_request, send, mailoutbox):
    request = new_request(recipients="Chile;Thailand")
    send(request)
    with pytest.raises(actions.ActionError, match="already"):
        send(request)
    assert len(mailoutbox) == 2


def test_a_run_after_a_crash_sends_nothing_again_and_still_marks_the_letter_sent(sent, mailoutbox):
    """The email went (its SentEmail row is there) but the run died before the status
    was saved: the next run must not send the letter again."""
    thailand = recipient(sent, "THA")
    token = token_in(mail_to(mailoutbox, "thailand@example.org")[0])
    thailand.history.all().delete()
    Recipient.objects.filter(pk=thailand.pk).update(
        status=S.NOT_SENT, sent_at=None, last_activity_at=None
    )
    count = len(mailoutbox)

    tasks.send_letters.call(sent.pk)

    assert len(mailoutbox) == count
    thailand.refresh_from_db()
    assert thailand.status == S.SENT
    assert thailand.sent_at is not None
    assert list(thailand.history.values_list("old", "new")) == [(S.NOT_SENT, S.SENT)]
    assert thailand.links.count() == 1
    assert link_works(token)  # the link in the email that did go still works


def test_a_focal_point_added_later_gets_the_letter_at_the_next_send(
    sent, add_focal_point, send, mailoutbox
):
    add_focal_point("ARG", language="es")
    count = len(mailoutbox)
    send(sent)
    new = mailoutbox[count:]
    assert [m.to for m in new] == [["focal.arg@example.org"]]
    assert recipient(sent, "ARG").status == S.SENT


# Reminders -------------------------------------------------------------------------------


@pytest.fixture
def answered(sent, add_focal_point, send):
    """Of the recipients with focal points: Chile submitted, Thailand has a draft, France
    opened, Slovenia was only sent the letter, Canada made a nil return, Austria declined."""
    add_focal_point("CAN")
    add_focal_point("AUT")
    send(sent)
    actions.set_status(recipient(sent, "CHL"), S.SUBMITTED)
    actions.set_status(recipient(sent, "THA"), S.DRAFT)
    actions.begin_reply(recipient(sent, "FRA"))
    actions.record_nil_return(recipient(sent, "CAN"))
    actions.decline(recipient(sent, "AUT"))
    return sent


def test_reminders_go_to_outstanding_recipients_only(answered, remind, mailoutbox):
    count = len(mailoutbox)
    result = remind(answered)
    reminded = sorted(m.to[0] for m in mailoutbox[count:] if "cochair@example.org" not in m.to)
    assert reminded == ["focal.fra@example.org", "focal.svn@example.org", "thailand@example.org"]
    assert result == {"reminded": 3}
    assert set(
        Reminder.objects.filter(recipient__request=answered).values_list(
            "recipient__participant__code", flat=True
        )
    ) == {"FRA", "SVN", "THA"}


def test_no_reminder_goes_to_a_recipient_that_submitted_made_a_nil_return_or_declined(
    answered, remind, mailoutbox
):
    count = len(mailoutbox)
    remind(answered)
    remind(answered)
    addresses = {a for m in mailoutbox[count:] for a in m.to}
    assert not addresses & {"chile@example.org", "focal.can@example.org", "focal.aut@example.org"}


def test_a_recipient_gets_at_most_the_request_s_limit_of_reminders(
    personas, new_request, send, remind, mailoutbox
):
    request = new_request(recipients="Chile;Thailand", reminder_limit=2)
    send(request)
    for _ in range(4):
        remind(request)
    to_thailand = [m for m in reminders_in(mailoutbox) if m.to == ["thailand@example.org"]]
    assert len(to_thailand) == 2
    assert recipient(request, "THA").reminders.count() == 2


def test_each_reminder_carries_a_working_link_of_its_recipient(
    personas, new_request, send, remind, mailoutbox
):
    request = new_request(recipients="Thailand")
    send(request)
    remind(request)
    reminder = reminders_in(mailoutbox)[0]
    assert "31 July 2007" in reminder.body
    token = token_in(reminder)
    assert token != token_in(mailoutbox[0])
    assert links.find(token).recipient == recipient(request, "THA")
    assert link_works(token)


def test_a_scheduled_reminder_waits_until_the_interval_has_passed_since_the_last_contact(
    personas, new_request, send, remind, mailoutbox
):
    request = new_request(recipients="Thailand", reminder_limit=2, reminder_interval_days=14)
    send(request)
    thailand = recipient(request, "THA")
    now = timezone.now()

    assert remind(request, scheduled=True) == {"reminded": 0}  # the letter just went

    Recipient.objects.filter(pk=thailand.pk).update(sent_at=now - dt.timedelta(days=13))
    assert remind(request, scheduled=True) == {"reminded": 0}  # 13 days: not yet

    Recipient.objects.filter(pk=thailand.pk).update(sent_at=now - dt.timedelta(days=15))
    assert remind(request, scheduled=True) == {"reminded": 1}
    assert remind(request, scheduled=True) == {"reminded": 0}  # the reminder just went

    thailand.reminders.update(sent_at=now - dt.timedelta(days=15))
    assert remind(request, scheduled=True) == {"reminded": 1}

    thailand.reminders.update(sent_at=now - dt.timedelta(days=60))
    assert remind(request, scheduled=True) == {"reminded": 0}  # the limit of two is reached
    assert len(reminders_in(mailoutbox)) == 2


def test_remind_now_ignores_the_interval_but_not_the_limit(
    personas, new_request, send, remind, mailoutbox
):
    request = new_request(recipients="Thailand", reminder_limit=1, reminder_interval_days=14)
    send(request)
    assert remind(request, scheduled=False) == {"reminded": 1}
    assert remind(request, scheduled=False) == {"reminded": 0}


def test_the_remind_now_action_sends_the_reminders_once_committed(
    personas, new_request, send, mailoutbox, django_capture_on_commit_callbacks
):
    request = new_request(recipients="Chile;Thailand")
    send(request)
    with django_capture_on_commit_callbacks(execute=True):
        actions.remind(request, personas.secretariat)
    assert sorted(m.to[0] for m in reminders_in(mailoutbox)) == [
        "chile@example.org",
        "thailand@example.org",
    ]


def test_reminders_stop_once_the_links_have_expired(
    personas, new_request, send, remind, mailoutbox
):
    request = new_request(recipients="Thailand", grace_days=14)  # expired in August 2007
    tasks.send_letters.call(request.pk)
    assert remind(request) == {"reminded": 0}
    assert reminders_in(mailoutbox) == []


def test_the_digest_tells_the_co_chairs_who_is_outstanding(answered, remind, mailoutbox):
    count = len(mailoutbox)
    remind(answered)
    digests = [m for m in mailoutbox[count:] if "cochair@example.org" in m.to]
    assert len(digests) == 1
    digest = digests[0]
    assert digest.to == ["cochair@example.org"]  # not the secretariat, nor a focal point
    assert "3 replies outstanding" in digest.subject
    for name in ("France", "Slovenia", "Thailand"):
        assert name in digest.body
    for name in ("Chile", "Canada", "Austria"):
        assert name not in digest.body
    assert "3 of 48 recipients have answered" in digest.body


def test_the_digest_goes_at_most_once_a_day(answered, remind, mailoutbox):
    remind(answered)
    remind(answered)
    assert len([m for m in mailoutbox if "cochair@example.org" in m.to]) == 1


# Revoking and reissuing links ------------------------------------------------------------


@pytest.fixture
def thailand_tokens(personas, new_request, send, remind, mailoutbox):
    """A request to Chile and Thailand, sent and reminded once: two links each."""
    request = new_request(recipients="Chile;Thailand")
    send(request)
    remind(request)
    tokens = [token_in(m) for m in mailoutbox if m.to == ["thailand@example.org"]]
    assert len(tokens) == 2
    return request, tokens


def test_revoking_makes_every_link_of_the_recipient_stop_working(thailand_tokens, mailoutbox):
    request, tokens = thailand_tokens
    assert all(link_works(token) for token in tokens)
    actions.revoke_links(recipient(request, "THA"))
    assert not any(link_works(token) for token in tokens)
    assert all(links.find(token) is None for token in tokens)


def test_revoking_one_recipient_s_links_leaves_the_others_working(thailand_tokens, mailoutbox):
    request, _ = thailand_tokens
    chile_tokens = [token_in(m) for m in mailoutbox if m.to == ["chile@example.org"]]
    actions.revoke_links(recipient(request, "THA"))
    assert chile_tokens and all(link_works(token) for token in chile_tokens)


def test_revoking_is_recorded_in_the_recipient_s_history(thailand_tokens, personas):
    request, _ = thailand_tokens
    thailand = recipient(request, "THA")
    actions.revoke_links(thailand, personas.secretariat)
    change = thailand.history.get(note="links revoked")
    assert change.actor == personas.secretariat
    assert change.old == change.new == S.SENT


def test_a_new_link_goes_to_the_focal_points_by_email_and_works(
    thailand_tokens, mailoutbox, django_capture_on_commit_callbacks
):
    request, old_tokens = thailand_tokens
    count = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reissue_link(recipient(request, "THA"))
    assert len(mailoutbox) == count + 1
    message = mailoutbox[-1]
    assert message.to == ["thailand@example.org"]
    assert message.subject == "Your new link: Information on human security initiatives"
    token = token_in(message)
    assert token not in old_tokens
    assert link_works(token)
    assert links.find(token).recipient == recipient(request, "THA")


def test_after_a_new_link_the_old_links_keep_working_until_revoked(
    thailand_tokens, django_capture_on_commit_callbacks, mailoutbox
):
    """A link is re-issued when the focal point lost the email or a colleague needs it;
    the links already handed out keep working (see PersonalLink) until revoked."""
    request, old_tokens = thailand_tokens
    with django_capture_on_commit_callbacks(execute=True):
        actions.reissue_link(recipient(request, "THA"))
    assert all(link_works(token) for token in old_tokens)
    actions.revoke_links(recipient(request, "THA"))
    assert not any(link_works(token) for token in [*old_tokens, token_in(mailoutbox[-1])])


def test_revoking_then_reissuing_leaves_only_the_new_link_working(
    thailand_tokens, django_capture_on_commit_callbacks, mailoutbox
):
    request, old_tokens = thailand_tokens
    thailand = recipient(request, "THA")
    actions.revoke_links(thailand)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reissue_link(thailand)
    assert link_works(token_in(mailoutbox[-1]))
    assert not any(link_works(token) for token in old_tokens)


def test_no_new_link_before_the_letter_is_sent(personas, new_request, mailoutbox):
    request = new_request(recipients="Slovenia")
    with pytest.raises(actions.ActionError, match="not been sent"):
        actions.reissue_link(recipient(request, "SVN"))
    assert mailoutbox == []


def test_a_new_link_is_recorded_in_the_recipient_s_history(
    thailand_tokens, personas, django_capture_on_commit_callbacks
):
    request, _ = thailand_tokens
    thailand = recipient(request, "THA")
    with django_capture_on_commit_callbacks(execute=True):
        actions.reissue_link(thailand, personas.secretariat)
    change = thailand.history.get(note="new link issued")
    assert change.actor == personas.secretariat
    assert change.old == change.new == S.SENT
