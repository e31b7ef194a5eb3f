import datetime as dt, io, re
import pytest
from docx import Document
from docx.oxml.ns import qn
from humsec.outreach import actions, tasks
from humsec.roster.models import Participant, FocalPoint

@pytest.mark.django_db
def test_probe(personas, mailoutbox, django_capture_on_commit_callbacks):
    FocalPoint.objects.create(participant=Participant.objects.get(code="FRA"), name="Marie", email="marie@example.org", language="fr")
    P = lambda n: Participant.objects.get(code=n)
    r = actions.create_request(title="Human security initiatives", letter_date=dt.date(2007,5,21), deadline=dt.date(2007,7,31),
        signatories=[actions.SignatoryData(P("MEX"),"Claude Heller","Permanent Representative of Mexico to the United Nations"), actions.SignatoryData(P("JPN"),"Yukio Takasu","Ambassador of Japan in charge of human security")],
        recipients=actions.recipients_from("meeting:2", dt.date(2007,5,21)), grace_days=7000)
    with django_capture_on_commit_callbacks(execute=True) as cbs:
        actions.send_request(r)
    print(cbs)
    for m in mailoutbox:
        print(m.to, m.subject, [ (a[0], a[2]) for a in m.attachments])
        print(m.body)
        for a in m.attachments:
            if a[0].endswith(".docx"):
                body = Document(io.BytesIO(a[1])).element.body
                print("\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))))
