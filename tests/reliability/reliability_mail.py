"""Django's file email backend (one file per email, under EMAIL_FILE_PATH) with two knobs
read from the environment, for the processes the reliability tests start:

- HUMSEC_TEST_MAIL_DELAY: seconds to wait after each email, as a slow mail server would;
- HUMSEC_TEST_MAIL_HANG_AFTER: after this many emails, hang inside the sending, once the
  email is written (a file `hanging` says so): the moment a crash leaves the worst doubt
  (the email went, its record does not say so yet).
"""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend

SENT = 0


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        global SENT
        count = super().send_messages(email_messages)
        SENT += count
        hang_after = int(os.environ.get("HUMSEC_TEST_MAIL_HANG_AFTER") or 0)
        if hang_after and hang_after <= SENT:
            # The emails are complete on disk; say so, then hang until killed.
            (Path(self.file_path) / "hanging").write_text(str(os.getpid()))
            time.sleep(3600)
        time.sleep(float(os.environ.get("HUMSEC_TEST_MAIL_DELAY") or 0))
        return count
