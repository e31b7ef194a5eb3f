import datetime as dt, time
import pytest
pytestmark = pytest.mark.django_db

def test_probe(personas, django_capture_on_commit_callbacks, mailoutbox, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = personas.client("secretariat")
    r = c.get("/requests/new/")
    print(r.status_code)
    html = r.content.decode()
    i = html.find("<main"); print(html[i:])
