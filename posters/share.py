"""Short share links, /c/<code>: ten letters taken from the service point's UUID.

The UUID rather than the integer key: it is the identifier that survives a re-import or a move to another
database (HSDS exports carry it), so a link sent by text message or printed keeps working; and codes are not a
sequence, so a link does not tell how many centres were listed before it (the pages themselves are public anyway,
in the sitemap). Ten base-32 letters are the UUID's first 50 bits: a look-up is a range on the UUID's unique index,
and two of 100,000 points share a code with a probability of about 1 in 200,000 (the older one then wins).
"""

import base64
import re
import uuid

from django.conf import settings

from directory.models import ServiceAtLocation

CODE_LENGTH = 10
_BITS = CODE_LENGTH * 5
_CODE = re.compile(rf"[a-z2-7]{{{CODE_LENGTH}}}")


def share_code(point_uuid: uuid.UUID) -> str:
    return base64.b32encode(point_uuid.bytes).decode("ascii").lower()[:CODE_LENGTH]


def share_url(code: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/c/{code}"


def point_for_code(code: str) -> ServiceAtLocation | None:
    """The service point a code names (any letter case), or None for a malformed or unknown code."""
    code = code.lower()
    if not _CODE.fullmatch(code):
        return None
    prefix = int.from_bytes(base64.b32decode(code.upper() + "A" * (16 - CODE_LENGTH)), "big") >> (80 - _BITS)
    low = prefix << (128 - _BITS)
    high = low | ((1 << (128 - _BITS)) - 1)
    return (
        ServiceAtLocation.objects.filter(uuid__gte=uuid.UUID(int=low), uuid__lte=uuid.UUID(int=high))
        .order_by("pk")
        .only("pk")
        .first()
    )
