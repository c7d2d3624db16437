# Unambiguous English dates: "Dec 6, 2026, 7:37 a.m." (no 12/06/2026, which a French reader takes for 12 June).
DATE_FORMAT = "F j, Y"
SHORT_DATE_FORMAT = "M j, Y"
TIME_FORMAT = "P"
DATETIME_FORMAT = "F j, Y, P"
SHORT_DATETIME_FORMAT = "M j, Y, P"
