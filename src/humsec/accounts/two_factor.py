"""Two-factor sign-in: what it asks of whom, and the pieces its pages and actions share.

The secretariat and the co-chairs must give a code from an authenticator app (TOTP,
django-otp) after their password; anyone else may choose to. A session counts as
verified once django-otp's `login` has recorded the device that gave the code
(OTPMiddleware then sets `request.user.otp_device`). One-time backup codes (django-otp's
static device) stand in for a lost phone; they are stored as SHA-256 hashes.

Wrong codes count per user, on the user's devices (django-otp's failure counters), and
lock code entry like wrong passwords lock sign-in: AXES_FAILURE_LIMIT in a row lock it
for AXES_COOLOFF_MINUTES.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass

import segno
from django.conf import settings
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from humsec.accounts.roles import Role, roles_of

# The roles whose accounts may not be used without a second factor.
REQUIRED_FOR = {Role.SECRETARIAT, Role.CO_CHAIR}
BACKUP_CODE_COUNT = 10
BACKUP_CODE_LENGTH = 10  # base32 letters and digits: 50 bits each
BACKUP_CODE_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


def required_for(user) -> bool:
    return bool(roles_of(user) & REQUIRED_FOR)


def has_device(user) -> bool:
    """True once the user has confirmed an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_step(user) -> str | None:
    """What a signed-in user must do before anything else: "verify" (give a code),
    "setup" (set up an authenticator app first), or None."""
    if not user.is_authenticated or user.is_verified():
        return None
    if has_device(user):
        return "verify"
    if required_for(user):
        return "setup"
    return None


# Setting up --------------------------------------------------------------------------------


def new_key() -> str:
    """A new secret for an authenticator app: 20 random bytes, hex-encoded as django-otp
    keeps them."""
    return random_hex(20)


def key_for_people(key: str) -> str:
    """The secret as an app asks for it when it is typed: base32, in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def config_url(user, key: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key).config_url


def qr_code(url: str) -> str:
    """The QR code as an SVG data: URI, which the content security policy allows as an
    image (no inline script or style)."""
    return segno.make(url, error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


@dataclass(frozen=True)
class Match:
    t: int
    drift: int


def match_key(key: str, code: str) -> Match | None:
    """Check a first code against a key that is not a device yet (during set-up)."""
    code = normalise(code)
    if not code.isdigit():
        return None
    totp = TOTP(unhexlify(key), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    if not totp.verify(int(code), tolerance=1):
        return None
    return Match(t=totp.t(), drift=totp.drift)


# Backup codes --------------------------------------------------------------------------------


def normalise(code: str) -> str:
    """What people type, as it is compared: spaces and hyphens dropped, lower case."""
    return "".join(code.split()).replace("-", "").lower()


def hash_backup_code(code: str) -> str:
    """What is stored for a backup code (django-otp's token field holds 16 characters)."""
    return hashlib.sha256(normalise(code).encode()).hexdigest()[:16]


def new_backup_codes() -> list[str]:
    return [
        "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
        for _ in range(BACKUP_CODE_COUNT)
    ]


def backup_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user).first()
    return device.token_set.count() if device else 0


# Wrong codes ----------------------------------------------------------------------------------


def devices_of(user) -> list:
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]


def failures(user) -> tuple[int, dt.datetime | None]:
    """Wrong codes in a row, and when the last was given."""
    devices = devices_of(user)
    count = max((d.throttling_failure_count for d in devices), default=0)
    last = max(
        (d.throttling_failure_timestamp for d in devices if d.throttling_failure_timestamp),
        default=None,
    )
    return count, last


def locked_until(user, now: dt.datetime | None = None) -> dt.datetime | None:
    """When code entry opens again for this user, or None if it is open."""
    count, last = failures(user)
    if count < settings.AXES_FAILURE_LIMIT or last is None:
        return None
    until = last + settings.AXES_COOLOFF_TIME
    return until if (now or timezone.now()) < until else None
