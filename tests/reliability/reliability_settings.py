"""Settings for the worker and app processes the reliability tests start: humsec's own,
with an email backend that writes each email to a file and can be told to be slow, or to
hang after a number of emails so that the test can kill the process in the middle of a
task."""

from humsec.settings import *  # noqa: F403

EMAIL_BACKEND = "reliability_mail.EmailBackend"
