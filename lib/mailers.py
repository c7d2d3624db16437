"""Django's MAILERS setting from an EMAIL_URL (smtp://, smtp+tls://, consolemail://, filemail://…).

django-environ reads the URL into the EMAIL_* settings that Django 6.1 deprecates; this turns them into the
``MAILERS["default"]`` entry, giving each backend only the options it takes (Django refuses unknown ones).
"""

SMTP = "django.core.mail.backends.smtp.EmailBackend"
FILE = "django.core.mail.backends.filebased.EmailBackend"
_SMTP_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_TIMEOUT": "timeout",
}


def mailer_from_email_config(config: dict) -> dict:
    """One MAILERS entry from django-environ's ``email_url_config`` dict."""
    backend = config.get("EMAIL_BACKEND") or SMTP
    options: dict = {}
    if backend == SMTP:
        options = {name: config[key] for key, name in _SMTP_OPTIONS.items() if config.get(key) not in (None, "")}
        options.setdefault("host", "localhost")
    elif backend == FILE:
        options = {"file_path": config["EMAIL_FILE_PATH"]}
    return {"BACKEND": backend, "OPTIONS": options}
