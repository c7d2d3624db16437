# Unambiguous French dates and times, as written in Québec: "6 déc. 2026 07 h 37" (no 06/12/2026, which an
# English reader takes for June 12). Non-breaking spaces keep "07 h 37" on one line. Input formats stay Django's.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j N Y"
TIME_FORMAT = "G\u00a0\\h\u00a0i"
DATETIME_FORMAT = "j F Y, H\u00a0\\h\u00a0i"
SHORT_DATETIME_FORMAT = "j N Y H\u00a0\\h\u00a0i"
