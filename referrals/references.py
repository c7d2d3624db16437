"""Human-friendly, unguessable request references such as "TTX-7K3M-Q9PD"."""

import re
import secrets

# No 0/O, 1/I/L, U: easy to read aloud over the phone and to type back.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
_PATTERN = re.compile(rf"^TTX-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def reference_generate() -> str:
    """About 39 bits of randomness: guessing a valid reference is hopeless under the rate limit."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"TTX-{chars[:4]}-{chars[4:]}"


def reference_normalise(raw: str) -> str:
    """Accept what a person types back: lower case, spaces, missing dashes. Returns "" when it cannot be one."""
    cleaned = re.sub(r"[^0-9A-Za-z]", "", raw or "").upper()
    if cleaned.startswith("TTX"):
        cleaned = cleaned[3:]
    if len(cleaned) != 8:
        return ""
    candidate = f"TTX-{cleaned[:4]}-{cleaned[4:]}"
    return candidate if _PATTERN.match(candidate) else ""
