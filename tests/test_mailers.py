"""EMAIL_URL becomes Django's MAILERS setting, each backend with only the options it takes."""

import environ
import pytest
from django.core import mail
from django.test import override_settings

from lib.mailers import FILE, SMTP, mailer_from_email_config

env = environ.Env()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("consolemail://", {"BACKEND": "django.core.mail.backends.console.EmailBackend", "OPTIONS": {}}),
        ("smtp://localhost:25", {"BACKEND": SMTP, "OPTIONS": {"host": "localhost", "port": 25}}),
        (
            "smtp+tls://user:secret@mail.example.org:587",
            {
                "BACKEND": SMTP,
                "OPTIONS": {
                    "host": "mail.example.org",
                    "port": 587,
                    "username": "user",
                    "password": "secret",
                    "use_tls": True,
                },
            },
        ),
        ("filemail:////tmp/ttx-mail", {"BACKEND": FILE, "OPTIONS": {"file_path": "/tmp/ttx-mail"}}),
    ],
)
def test_it_reads_an_email_url_into_a_mailer(url, expected):
    assert mailer_from_email_config(env.email_url_config(url)) == expected


def test_the_mailer_it_gives_can_be_built_and_used_by_django(tmp_path):
    mailer = mailer_from_email_config(env.email_url_config(f"filemail:///{tmp_path}"))
    with override_settings(MAILERS={"default": mailer}):
        assert mail.mailers["default"].__class__.__module__ == "django.core.mail.backends.filebased"
        message = mail.EmailMessage("Sujet", "Corps", "a@example.org", ["b@example.org"])
        assert mail.mailers["default"].send_messages([message]) == 1
    assert any(tmp_path.iterdir())
