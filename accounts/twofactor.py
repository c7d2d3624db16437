"""TOTP second factor (django-otp): enrolment with an inline SVG QR code, verification, fixed demo secrets."""

import time
from base64 import b32decode, b32encode
from binascii import hexlify

import segno
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (created once, so reloading the page keeps the same secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


def device_secret_base32(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode()


def device_qr_svg(device: TOTPDevice, *, title: str) -> str:
    """An SVG QR code of the otpauth:// URL, drawn on the server (no external service, no script)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title=title, border=2)


def device_set_secret(*, user: User, secret_base32: str) -> TOTPDevice:
    """Give a user one confirmed device with a known secret (demo accounts only)."""
    key = hexlify(b32decode(secret_base32)).decode()
    TOTPDevice.objects.filter(user=user).exclude(key=key).delete()
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name="demo", defaults={"key": key, "confirmed": True, "last_t": -1}
    )
    return device


def code_for_secret(secret_base32: str, *, at: float | None = None) -> str:
    """The 6-digit code of a base32 secret at a time (now by default): what an authenticator app would show."""
    generator = TOTP(b32decode(secret_base32), step=30, t0=0, digits=6)
    generator.time = time.time() if at is None else at
    return f"{generator.token():06d}"
